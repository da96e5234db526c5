import { expect, Locator, Page, test } from "@playwright/test";
import { open } from "./helpers";
import { addDays, generateProgram, newClimber, programStart, serverToday, sharedPage } from "./seed";

// A 12-week program: every week through "Next week" and back through "Previous week", the
// calendar, each session action (done, skip, move, and a refused move), and rebuilding.
test.describe.configure({ mode: "serial" });

let page: Page;
let start: string;
const WEEKS = 12;

test.beforeAll(async ({ browser }, info) => {
  page = await sharedPage(browser, info);
  await newClimber(page, "program-weeks");
  await generateProgram(page, WEEKS);
  start = programStart(await serverToday(page));
});

test.afterAll(async () => {
  await page.context().close();
});

const weekNav = () => page.getByRole("navigation", { name: "Program weeks" });
const cards = () => page.locator(".sessions article");
const cardDate = async (i: number) => ((await cards().nth(i).getAttribute("aria-label")) ?? "").match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? "";

/** Opens a session card's details unless already open (the next session starts open). */
async function unfold(card: Locator) {
  if ((await card.locator("details").getAttribute("open")) === null) await card.locator("summary").click();
  await expect(card.locator("details")).toHaveAttribute("open", "");
}

async function expectWeek(n: number) {
  await expect(weekNav().getByRole("heading")).toHaveText(new RegExp(`^Week ${n} of ${WEEKS} · `));
  // The sessions shown are that week's: dates from its Monday to its Sunday.
  const from = addDays(start, 7 * (n - 1));
  const to = addDays(from, 6);
  const count = await cards().count();
  expect(count, `sessions in week ${n}`).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const d = await cardDate(i);
    expect(d >= from && d <= to, `${d} in week ${n} (${from}..${to})`).toBe(true);
  }
}

test("weeks 1 to 12 with Next week, back to 1 with Previous week", async () => {
  await open(page, "/programs");
  await expectWeek(1);
  const prev = weekNav().getByRole("button", { name: "← Previous week" });
  const next = weekNav().getByRole("button", { name: "Next week →" });
  await expect(prev).toBeDisabled();
  for (let n = 2; n <= WEEKS; n++) {
    await next.click();
    await expectWeek(n);
  }
  await expect(next).toBeDisabled();
  for (let n = WEEKS - 1; n >= 1; n--) {
    await prev.click();
    await expectWeek(n);
  }
  await expect(prev).toBeDisabled();
  await expect(next).toBeEnabled();
});

test("the calendar shows all 12 weeks from the program's Monday", async () => {
  await open(page, "/programs");
  await page.getByText("Calendar", { exact: true }).click();
  const calendar = page.getByRole("table", { name: "Program calendar" });
  await expect(calendar).toBeVisible();
  await expect(calendar.locator("tbody tr")).toHaveCount(WEEKS);
  await expect(calendar.locator("tbody tr").first().getByRole("rowheader")).toHaveText(/^1 · /);
  await expect(calendar.locator("tbody tr").last().getByRole("rowheader")).toHaveText(/^12 · /);
  // Week 1's Monday cell is the program's first day.
  await expect(calendar.locator("tbody tr").first().locator("td").first()).toHaveAttribute("title", start);
});

test("a session is marked done, one skipped, one moved (a move out of its week is refused)", async () => {
  await open(page, "/programs");
  await expectWeek(1);
  expect(await cards().count(), "three sessions a week").toBeGreaterThanOrEqual(3);
  const label = async (i: number) => (await cards().nth(i).getAttribute("aria-label")) ?? "";
  const title = (l: string) => l.split(" · ").slice(1).join(" · ");

  // The calendar and a second card unfolded first: both stay loaded while the program is
  // fetched again after each action (the rebuilt page keeps their unfolded elements).
  await page.getByText("Calendar", { exact: true }).click();
  const calendar = page.getByRole("table", { name: "Program calendar" });
  await expect(calendar).toBeVisible();
  await unfold(cards().nth(1));
  await expect(cards().nth(1).getByRole("button", { name: "Skip" })).toBeVisible();

  // Done: the next session, with how hard it was.
  const first = cards().nth(0);
  const firstTitle = title(await label(0));
  await expect(first.getByText("Next", { exact: true })).toBeVisible();
  await first.getByLabel("How hard (RPE 1-10)").selectOption("6");
  await first.getByLabel("Minutes").fill("75");
  await first.getByRole("button", { name: "Mark done" }).click();
  await expect(cards().nth(0)).toContainText("Done · RPE 6");
  await expect(calendar.locator("tbody tr").first()).toContainText(`✓ ${firstTitle}`);

  // Skip the second one (still unfolded, its actions still there).
  const second = cards().nth(1);
  const secondTitle = title(await label(1));
  await expect(second.locator("details")).toHaveAttribute("open", "");
  await second.getByRole("button", { name: "Skip" }).click();
  await expect(cards().nth(1)).toContainText("Skipped");

  // Move the last one: a day in the next week is refused with the reason, Sunday is fine.
  const lastIndex = (await cards().count()) - 1;
  const last = cards().nth(lastIndex);
  const lastTitle = title(await label(lastIndex));
  await unfold(last);
  await last.getByLabel("Move to").fill(addDays(start, 7));
  await last.getByRole("button", { name: "Move", exact: true }).click();
  await expect(last).toContainText("Pick a day of the same week");
  const sunday = addDays(start, 6);
  await last.getByLabel("Move to").fill(sunday);
  await last.getByRole("button", { name: "Move", exact: true }).click();
  await expect(cards().last()).toHaveAttribute("aria-label", new RegExp(`^Sun ${sunday} · `));
  await expect(cards().last()).toHaveAttribute("aria-label", new RegExp(lastTitle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));

  // The overview counts the done session, and the calendar (open all along) shows all three
  // changes.
  await expect(page.locator(".program-summary")).toContainText("1 of");
  const week1 = calendar.locator("tbody tr").first();
  await expect(week1).toContainText(`✓ ${firstTitle}`);
  await expect(week1).toContainText(`✗ ${secondTitle}`);
  await expect(week1.locator("td").last()).toHaveText(lastTitle);
});

test("building a new program asks first; Cancel keeps it, Yes moves the old one to Earlier programs", async () => {
  await open(page, "/programs");
  await page.getByRole("button", { name: "Build a new program" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Replace your current program?");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.locator(".program-summary")).toContainText("1 of");

  await page.getByRole("button", { name: "Build a new program" }).click();
  await page.getByRole("button", { name: "Yes, build a new one" }).click();
  await expect(page.locator(".program-summary")).toContainText("0 of");
  const earlier = page.getByRole("region", { name: "Earlier programs" });
  await expect(earlier.getByRole("listitem")).toHaveCount(1);
  await expect(earlier).toContainText(`${WEEKS} weeks`);
});
