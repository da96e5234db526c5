import { expect, Page, test } from "@playwright/test";
import { open } from "./helpers";
import { addJournalEntries, newClimber, SeededEntry, sharedPage } from "./seed";

// A climber with 45 journal entries (three pages of 20): paging forward and back, every
// filter, and an entry opened, edited and deleted. One climber for the whole file.
test.describe.configure({ mode: "serial" });

let page: Page;
let seeded: SeededEntry[];

test.beforeAll(async ({ browser }, info) => {
  page = await sharedPage(browser, info);
  await newClimber(page, "journal-pages");
  seeded = await addJournalEntries(page, 45);
});

test.afterAll(async () => {
  await page.context().close();
});

const list = () => page.getByRole("list", { name: "Journal entries" });
const pager = () => page.getByRole("navigation", { name: "Pages" });
// The dates shown, in order (retried until the list has settled).
const expectDates = (want: string[]) => expect(list().getByRole("link")).toHaveText(want);
const range = (from: number, to: number) => seeded.slice(from, to).map((e) => e.date);

async function filter(f: { from?: string; to?: string; kind?: string; text?: string }) {
  const form = page.getByRole("form", { name: "Filter the journal" });
  await form.getByLabel("From").fill(f.from ?? "");
  await form.getByLabel("To").fill(f.to ?? "");
  await form.getByLabel("Kind").selectOption(f.kind ?? "");
  await form.getByLabel("Search").fill(f.text ?? "");
  await form.getByRole("button", { name: "Filter" }).click();
}

test("45 entries: Older pages forward to entry 45, Newer pages back", async () => {
  await open(page, "/journal");
  await expect(page.getByText("45 entries")).toBeVisible();
  // With entries, the new-entry form starts folded away.
  await expect(page.getByRole("form", { name: "New journal entry" })).toBeHidden();
  await expect(pager()).toContainText("Page 1 of 3");
  await expect(pager().getByRole("button", { name: "Newer" })).toBeDisabled();
  await expectDates(range(0, 20));

  await pager().getByRole("button", { name: "Older" }).click();
  await expect(pager()).toContainText("Page 2 of 3");
  await expectDates(range(20, 40));

  await pager().getByRole("button", { name: "Older" }).click();
  await expect(pager()).toContainText("Page 3 of 3");
  await expectDates(range(40, 45));
  await expect(list()).toContainText("session 45 dyno");
  await expect(pager().getByRole("button", { name: "Older" })).toBeDisabled();

  await pager().getByRole("button", { name: "Newer" }).click();
  await expect(pager()).toContainText("Page 2 of 3");
  await expectDates(range(20, 40));
  await pager().getByRole("button", { name: "Newer" }).click();
  await expect(pager()).toContainText("Page 1 of 3");
  await expect(pager().getByRole("button", { name: "Newer" })).toBeDisabled();
});

test("filters: kind, text, date range (paged), combined, and cleared", async () => {
  await open(page, "/journal");
  // Kind: every 9th entry is sport climbing.
  await filter({ kind: "sport" });
  await expect(page.getByText("5 entries")).toBeVisible();
  await expectDates(seeded.filter((e) => e.kind === "sport").map((e) => e.date));
  await expect(list().getByRole("listitem").first()).toContainText("Sport climbing");

  // Text in the notes: "dyno" is in the oldest entry only, "crimpy" in every third.
  await filter({ text: "dyno" });
  await expect(page.getByText("1 entry", { exact: true })).toBeVisible();
  await expectDates([seeded[44].date]);
  await filter({ text: "CRIMPY" });
  await expect(page.getByText("15 entries")).toBeVisible();
  await expect(pager()).toContainText("Page 1 of 1");

  // A date range of 26 days is two pages; Older works inside the filter.
  await filter({ from: seeded[30].date, to: seeded[5].date });
  await expect(page.getByText("26 entries")).toBeVisible();
  await expectDates(range(5, 25));
  await pager().getByRole("button", { name: "Older" }).click();
  await expect(pager()).toContainText("Page 2 of 2");
  await expectDates(range(25, 31));

  // Kind and text together; then nothing matches; then the filters are cleared.
  await filter({ kind: "sport", text: "slab" });
  await expect(page.getByText("1 entry", { exact: true })).toBeVisible();
  await expectDates([seeded[10].date]);
  await filter({ kind: "board", text: "dyno" });
  await expect(page.getByText("0 entries")).toBeVisible();
  await expect(list()).toHaveCount(0);
  await filter({});
  await expect(page.getByText("45 entries")).toBeVisible();
});

test("an entry is opened, edited (the list shows the change) and deleted (gone from the list)", async () => {
  await open(page, "/journal");
  const target = seeded[3];
  await list().getByRole("link", { name: target.date }).click();
  await expect(page).toHaveURL(/\/journal\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${target.date} — Hangboard`);
  const form = page.getByRole("form", { name: "Edit journal entry" });
  await expect(form.getByLabel("Notes", { exact: true })).toHaveValue(target.notes);
  await form.getByLabel("Duration (minutes)").fill("100");
  await form.getByLabel("Notes", { exact: true }).fill("edited: long crimpy hangs");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await page.getByRole("link", { name: "← Back to the journal" }).click();
  await expect(page).toHaveURL(/\/journal$/);
  const edited = list().getByRole("listitem").filter({ hasText: target.date });
  await expect(edited).toContainText("Hangboard · 100 min");
  await expect(edited).toContainText("edited: long crimpy hangs");

  // Delete: Cancel keeps it, "Yes, delete it" removes it.
  const doomed = seeded[4];
  await list().getByRole("link", { name: doomed.date }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(doomed.date);
  await page.getByRole("button", { name: "Delete entry" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("can't be undone");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await page.getByRole("button", { name: "Delete entry" }).click();
  await page.getByRole("button", { name: "Yes, delete it" }).click();
  await expect(page).toHaveURL(/\/journal$/);
  await expect(page.getByText("44 entries")).toBeVisible();
  await expect(list().getByRole("link", { name: doomed.date })).toHaveCount(0);
  // Page 1 now reaches one entry further back.
  await expectDates([...range(0, 4), ...range(5, 21)]);
});
