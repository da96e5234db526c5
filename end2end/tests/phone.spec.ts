import { expect, Page, test } from "@playwright/test";
import { open } from "./helpers";
import { generateProgram, newClimber, sharedPage } from "./seed";

// A climber on a 360 px phone: nothing scrolls sideways, the five main pages are one tap away
// in the bottom tab bar, the rest under "More", and program exercises read as cards.
// One climber (with a program) for the whole file.
test.describe.configure({ mode: "serial" });

const PHONE = { width: 360, height: 740 };
const PAGES = ["/chat", "/journal", "/journal/import", "/assessment", "/assessment/result", "/programs", "/progress", "/timer", "/profile", "/onboarding"];

let page: Page;

test.beforeAll(async ({ browser }, info) => {
  page = await sharedPage(browser, info);
  await page.setViewportSize(PHONE);
  await newClimber(page, "phone");
  await generateProgram(page, 4);
});

test.afterAll(async () => {
  await page.close();
});

async function scrollWidth(p: Page) {
  return p.evaluate(() => document.documentElement.scrollWidth);
}

test("no page scrolls sideways at 360 px, signed in or out", async ({ browser }, info) => {
  for (const path of PAGES) {
    await open(page, path);
    expect(await scrollWidth(page), `${path} scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
  }
  const out = await browser.newPage({ baseURL: info.project.use.baseURL, viewport: PHONE });
  for (const path of ["/", "/login", "/signup", "/no-such-page"]) {
    await open(out, path);
    expect(await scrollWidth(out), `${path} scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
  }
  await out.close();
});

test("the tab bar reaches the main pages and More the rest, with 44 px targets", async () => {
  await open(page, "/chat");
  const nav = page.getByRole("navigation", { name: "Main" });
  // Only the phone's tab bar is shown: the desktop nav and its Profile link are hidden.
  await expect(nav).toHaveCount(1);
  for (const label of ["Chat", "Journal", "Programs", "Timer", "Progress"]) {
    const link = nav.getByRole("link", { name: label });
    await expect(link).toBeVisible();
    const box = await link.boundingBox();
    expect(box!.height, `${label} tab height`).toBeGreaterThanOrEqual(44);
    expect(box!.y + box!.height, `${label} tab sits at the bottom`).toBeGreaterThan(PHONE.height - 2);
  }
  await expect(nav.getByRole("link", { name: "Profile" })).toBeHidden();

  await nav.getByRole("link", { name: "Journal" }).click();
  await expect(page).toHaveURL(/\/journal$/);
  await expect(nav.getByRole("link", { name: "Journal" })).toHaveAttribute("aria-current", "page");

  // More opens a menu with the other pages and logging out; picking one closes it.
  await nav.getByText("More").click();
  const profile = nav.getByRole("link", { name: "Profile" });
  await expect(profile).toBeVisible();
  await expect(nav.getByRole("link", { name: "Assessment" })).toBeVisible();
  await expect(nav.getByRole("button", { name: "Log out" })).toBeVisible();
  expect((await profile.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await profile.click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await expect(profile).toBeHidden();
});

test("program exercises are labelled cards, not a six-column table", async () => {
  await open(page, "/programs");
  const next = page.locator(".session-card.next");
  const table = next.locator("table.exercises");
  await expect(table).toBeVisible();
  // The column headings are for screen readers only; each value carries its own label.
  await expect(table.locator("thead")).toHaveCSS("position", "absolute");
  const sets = table.locator("td[data-label='Sets']").first();
  await expect(sets).toBeVisible();
  const label = await sets.evaluate((td) => getComputedStyle(td, "::before").content);
  expect(label).toBe('"Sets"');
  const card = table.locator("tbody tr").first();
  expect((await card.boundingBox())!.width).toBeLessThanOrEqual(PHONE.width);
});

test("equipment checkboxes sit beside their labels, rows 44 px tall", async () => {
  await open(page, "/assessment");
  const hangboard = page.getByLabel("Hangboard", { exact: true });
  const row = page.locator("label.check", { has: hangboard });
  const [box, rowBox] = [await hangboard.boundingBox(), await row.boundingBox()];
  expect(rowBox!.height).toBeGreaterThanOrEqual(44);
  // The text starts right after the box, not across the card.
  const textStart = await row.evaluate((label) => {
    const range = document.createRange();
    const text = Array.from(label.childNodes).find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())!;
    range.selectNodeContents(text);
    return range.getBoundingClientRect().left;
  });
  expect(textStart - (box!.x + box!.width)).toBeLessThan(16);
});

test("dark theme follows the system setting", async () => {
  await page.emulateMedia({ colorScheme: "dark" });
  await open(page, "/journal");
  const colors = await page.evaluate(() => {
    const s = getComputedStyle(document.documentElement);
    return { bg: s.backgroundColor, fg: s.color };
  });
  expect(colors.bg).toBe("rgb(18, 21, 25)");
  expect(colors.fg).toBe("rgb(230, 233, 236)");
  await page.emulateMedia({ colorScheme: "light" });
  const light = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(light).toBe("rgb(243, 245, 247)");
});

test("the coach's timer card stays in view on a phone once its widget has come", async () => {
  await open(page, "/chat");
  await page.getByRole("textbox", { name: "Message" }).fill("set up a 7 on 3 off hangboard timer, 6 reps");
  await page.getByRole("button", { name: "Send" }).click();
  const card = page.locator(".timer-card").last();
  // The widget's code comes after the answer (a deferred part), and the card grows: the
  // conversation scrolls again so the card's end, its link to the timer page, is on screen.
  await expect(card.getByRole("button", { name: "Start" })).toBeVisible();
  await expect(card.getByRole("link", { name: "Open in the timer page" })).toBeInViewport();
});
