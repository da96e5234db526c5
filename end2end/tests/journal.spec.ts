import { expect, test } from "@playwright/test";
import { open, PASSWORD, signUp } from "./helpers";
import { apiJson, rememberClimber, sharedClimber } from "./seed";

test("a climber logs a session in the journal form and finds it in the list", async ({ page }) => {
  // This climber ends with an empty journal again; the import and grade-system tests reuse it.
  rememberClimber("journal-form", { email: await signUp(page, "journal"), password: PASSWORD });
  await open(page, "/journal");
  const form = page.getByRole("form", { name: "New journal entry" });
  await form.getByLabel("Duration (minutes)").fill("75");
  await form.getByLabel("RPE (1-10)").fill("11");
  await form.getByLabel("Grade 1").fill("V4");
  await form.getByRole("button", { name: "Save entry" }).click();
  // A bad field keeps everything typed and says what to fix.
  await expect(form.getByText("RPE must be a whole number from 1 to 10.")).toBeVisible();
  await expect(form.getByLabel("Grade 1")).toHaveValue("V4");

  await form.getByLabel("RPE (1-10)").fill("7");
  await form.getByRole("button", { name: "Add a climb" }).click();
  await form.getByLabel("Grade 2").fill("6C+");
  await form.getByLabel("Style 2").selectOption("flash");
  await form.getByRole("button", { name: "Save entry" }).click();
  const entries = page.getByRole("list", { name: "Journal entries" });
  await expect(entries).toContainText("Bouldering · 75 min · RPE 7 · load 525 · sent V4, V5");

  // Open it, then delete it.
  await entries.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bouldering");
  await page.getByRole("button", { name: "Delete entry" }).click();
  await page.getByRole("button", { name: "Yes, delete it" }).click();
  await expect(page).toHaveURL(/\/journal$/);
  await expect(page.getByText("0 entries")).toBeVisible();
});

test("a session told to the coach lands in the journal", async ({ page }) => {
  await signUp(page, "chatjournal");
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill("60 min sport climbing, redpointed 7a, RPE 6");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const card = page.getByRole("list", { name: "Messages" }).getByRole("link", { name: /Saved to journal: 60 min sport climbing, 1 send/ });
  await expect(card).toBeVisible();
  await card.click();
  await expect(page).toHaveURL(/\/journal\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel("Grade 1")).toHaveValue("7a");
});

test("the progress charts change when a session is logged", async ({ page }) => {
  await signUp(page, "progress");
  await open(page, "/progress");
  await expect(page.getByText("No boulder sends logged yet.")).toBeVisible();

  await open(page, "/journal");
  const form = page.getByRole("form", { name: "New journal entry" });
  await form.getByLabel("Duration (minutes)").fill("60");
  await form.getByLabel("RPE (1-10)").fill("6");
  await form.getByLabel("Grade 1").fill("V3");
  await form.getByLabel("Pain or injury: where").fill("left elbow");
  await form.getByRole("button", { name: "Save entry" }).click();
  await expect(page.getByRole("list", { name: "Journal entries" })).toContainText("load 360");

  await open(page, "/progress");
  const pyramid = page.getByRole("figure", { name: "Boulder pyramid (sends, last 12 months)" });
  await expect(pyramid.getByRole("img")).toBeVisible();
  await pyramid.getByText("Show the data as a table").click();
  await expect(pyramid.getByRole("row", { name: "V3 1" })).toBeVisible();
  const load = page.getByRole("figure", { name: "Weekly load and ACWR" });
  await load.getByText("Show the data as a table").click();
  await expect(load.getByRole("cell", { name: "360", exact: true })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("You logged pain in the last 7 days (left elbow)");
});

test("an open progress page follows the journal live, without a reload", async ({ page }) => {
  await signUp(page, "live");
  await open(page, "/progress");
  await expect(page.getByText("No boulder sends logged yet.")).toBeVisible();
  let reloads = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) reloads += 1;
  });

  // The same climber logs a session in another tab.
  const other = await page.context().newPage();
  await open(other, "/journal");
  const form = other.getByRole("form", { name: "New journal entry" });
  await form.getByLabel("Duration (minutes)").fill("45");
  await form.getByLabel("RPE (1-10)").fill("5");
  await form.getByLabel("Grade 1").fill("V2");
  await form.getByRole("button", { name: "Save entry" }).click();
  await expect(other.getByRole("list", { name: "Journal entries" })).toContainText("load 225");

  // The first tab's pyramid now has the send, and it never navigated.
  const pyramid = page.getByRole("figure", { name: "Boulder pyramid (sends, last 12 months)" });
  await expect(pyramid.getByRole("img")).toBeVisible();
  await pyramid.getByText("Show the data as a table").click();
  await expect(pyramid.getByRole("row", { name: "V2 1" })).toBeVisible();
  expect(reloads).toBe(0);
  await other.close();
});

test("a CSV import is checked row by row before anything is saved", async ({ page }) => {
  await sharedClimber(page, "journal-form");
  await open(page, "/journal");
  // Export and import have a page of their own, linked from the journal.
  await page.getByRole("link", { name: "Export or import" }).click();
  await expect(page).toHaveURL(/\/journal\/import$/);
  await expect(page.getByRole("heading", { name: "Export or import your journal", level: 1 })).toBeVisible();
  const header = "date,kind,location,duration_min,rpe,energy,sleep,mood,climbs,pain,notes,tags";
  const good = "2026-01-10,bouldering,The Arch,90,7,,,,V5 redpoint x2; V6 flash,,good day,power";
  const bad = "2026-01-11,bouldering,,60,11,,,,,,,";
  await page.getByLabel("CSV to import").fill([header, good, bad].join("\n"));
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const check = page.getByRole("table", { name: "Import check" });
  await expect(check).toContainText("RPE: RPE must be a whole number from 1 to 10.");
  await expect(page.getByText("1 of 2 rows need fixing. Nothing was saved.")).toBeVisible();
  const query = { from: "", to: "", kind: "", text: "", page: 1 };
  expect((await apiJson(page, "journal/list", { query })).total).toBe(0);

  await page.getByRole("button", { name: "Import only the 1 valid row" }).click();
  await expect(page.getByText("Imported 1 entry.")).toBeVisible();
  await page.getByRole("link", { name: "Open your journal" }).click();
  await expect(page).toHaveURL(/\/journal$/);
  await expect(page.getByText("1 entry", { exact: true })).toBeVisible();
  await expect(page.getByRole("list", { name: "Journal entries" })).toContainText("sent V5, V6");
});

test("the journal shows grades in the climber's own systems and keeps how it felt", async ({ page }) => {
  await sharedClimber(page, "journal-form");
  await open(page, "/profile");
  await page.getByLabel("Boulder grades").selectOption("font");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();

  await open(page, "/journal");
  // With entries already (the import test's), "Log a session" starts folded.
  const fold = page.locator("details.new-entry");
  if ((await fold.getAttribute("open")) === null) await fold.locator("summary").click();
  const form = page.getByRole("form", { name: "New journal entry" });
  await form.getByLabel("Duration (minutes)").fill("45");
  await form.getByLabel("Grade 1").fill("V5");
  await form.getByLabel("Mood").selectOption("4");
  await form.getByRole("button", { name: "Save entry" }).click();
  const entries = page.getByRole("list", { name: "Journal entries" });
  await expect(entries).toContainText("sent 6C");

  await entries.getByRole("link").first().click();
  await expect(page.getByLabel("Grade 1")).toHaveValue("V5");
  await expect(page.getByLabel("Mood")).toHaveValue("4");
});
