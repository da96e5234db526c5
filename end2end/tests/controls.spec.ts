import { expect, Page, test } from "@playwright/test";
import { open } from "./helpers";
import { addJournalEntries, apiJson, generateProgram, newClimber, SeededEntry, sharedPage } from "./seed";

// The controls no other spec presses: public links, the skip link, the header navigation,
// the journal form's add/remove rows and export links, the import check, every chart's data
// table, the assessment's Back and result links, the timer's buttons and its describe form,
// and the chat page's next-session card. Pure UI: the libSQL run covers it.
test.skip(!!process.env.SUPABASE_DB_URL, "UI-only: covered in the libSQL run");

test("signed out: landing, log-in, sign-up and not-found links, and the skip link", async ({ page }) => {
  await open(page, "/");
  await page.getByRole("link", { name: "Create your free account" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/signup$/);

  const account = page.getByRole("navigation", { name: "Account" });
  await account.getByRole("link", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await account.getByRole("link", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await page.getByRole("link", { name: "ClimbingPill" }).first().click();
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole("link", { name: "I already have an account" }).click();
  await expect(page).toHaveURL(/\/login$/);

  // The skip link is the first thing Tab reaches, and moves focus to the main content.
  await open(page, "/login");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await skip.press("Enter");
  // The next Tab goes to the first control of the page itself, past the header.
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email")).toBeFocused();

  await open(page, "/no-such-page");
  await expect(page.getByText("There is no page here.")).toBeVisible();
  await page.getByRole("link", { name: "Back to the start" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test.describe("signed in, with data", () => {
  test.describe.configure({ mode: "serial" });
  let page: Page;
  let seeded: SeededEntry[];

  test.beforeAll(async ({ browser }, info) => {
    page = await sharedPage(browser, info);
    await newClimber(page, "controls");
  });

  test.afterAll(async () => {
    await page.context().close();
  });

  test("onboarding: Back keeps the answers, Skip the check moves on without tests", async () => {
    await open(page, "/onboarding");
    await expect(page.getByText("Step 1 of 7: Your goal")).toBeVisible();
    await page.getByLabel("What's your climbing goal?").fill("first 7a route this summer");
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(page.getByText("Step 2 of 7: Your level")).toBeVisible();
    await page.getByRole("button", { name: "Back" }).click();
    await expect(page.getByText("Step 1 of 7: Your goal")).toBeVisible();
    await expect(page.getByLabel("What's your climbing goal?")).toHaveValue("first 7a route this summer");
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await page.getByLabel("Hardest route").fill("6b+");
    await page.getByLabel("Years climbing").fill("2");
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(page.getByText("Step 3 of 7: A quick physical check")).toBeVisible();
    await page.getByLabel("Max pull-ups").fill("12");
    await page.getByRole("button", { name: "Skip the check" }).click();
    await expect(page.getByText("Step 4 of 7: Your schedule")).toBeVisible();
    await page.getByRole("button", { name: "Back" }).click();
    await expect(page.getByText("Step 3 of 7: A quick physical check")).toBeVisible();
    await expect(page.getByLabel("Max pull-ups")).toHaveValue("");
  });

  test("before any assessment: the result and program pages link to the assessment", async () => {
    await open(page, "/assessment/result");
    await page.getByRole("main").getByRole("link", { name: "Take the assessment", exact: true }).click();
    await expect(page).toHaveURL(/\/assessment$/);
    await open(page, "/programs");
    await page.getByRole("button", { name: "Build my program" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Take the assessment first" });
    await expect(alert).toBeVisible();
    await alert.getByRole("link", { name: "Take the assessment" }).click();
    await expect(page).toHaveURL(/\/assessment$/);

    // Then the data the other tests need: a journal, and an assessment with a 6-week program.
    seeded = await addJournalEntries(page, 12);
    await generateProgram(page, 6);
  });

  test("header: every main navigation link opens its page", async () => {
    await open(page, "/chat");
    const nav = page.getByRole("navigation", { name: "Main" });
    const pages: [string, RegExp, RegExp][] = [
      ["Journal", /\/journal$/, /Training journal/],
      ["Assessment", /\/assessment$/, /assessment/i],
      ["Programs", /\/programs$/, /Your program/],
      ["Timer", /\/timer$/, /Timer/],
      ["Progress", /\/progress$/, /Progress/],
      ["Profile", /\/profile$/, /Your profile/],
      ["Chat", /\/chat$/, /./],
    ];
    for (const [name, url, heading] of pages) {
      await nav.getByRole("link", { name, exact: true }).click();
      await expect(page).toHaveURL(url);
      await expect(page.getByRole("heading", { level: 1 }).first()).toHaveText(heading);
      await expect(nav.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
    }
  });

  test("chat: the next-session card links to the program", async () => {
    await open(page, "/chat");
    const card = page.getByLabel("Next session");
    await expect(card).toContainText("Next session:");
    await card.getByRole("link").click();
    await expect(page).toHaveURL(/\/programs$/);
  });

  test("journal form: kind, climbs added, pain notes added and removed, how it felt, tags", async () => {
    await open(page, "/journal");
    await page.getByText("Log a session", { exact: true }).click();
    const form = page.getByRole("form", { name: "New journal entry" });
    await form.getByLabel("Kind").selectOption("sport");
    await form.getByLabel("Duration (minutes)").fill("120");
    await form.getByLabel("Grade 1").fill("7a");
    await form.getByLabel("Style 1").selectOption("redpoint");
    await form.getByLabel("Attempts 1").fill("4");
    await form.getByLabel("Name 1 (optional)").fill("Biographie");
    await form.getByRole("button", { name: "Add a climb" }).click();
    await form.getByLabel("Grade 2").fill("5.11a");
    await form.getByLabel("Style 2").selectOption("onsight");
    await form.getByRole("button", { name: "Add a pain note" }).click();
    await form.getByLabel("Pain or injury: where 1").fill("left elbow");
    await form.getByLabel("Pain or injury: where 2").fill("right shoulder");
    await form.getByLabel("Pain notes 2").fill("twinge on the undercling");
    // Removing the first row renumbers the second.
    await form.getByRole("button", { name: "Remove pain note 1" }).click();
    await expect(form.getByLabel("Pain or injury: where 1")).toHaveValue("right shoulder");
    await expect(form.getByLabel("Pain or injury: where 2")).toHaveCount(0);
    await form.getByLabel("Energy").selectOption("2");
    await form.getByLabel("Sleep").selectOption("5");
    await form.getByLabel("Mood").selectOption("3");
    await form.getByLabel("Tags").fill("project, limit");
    await form.getByLabel("Notes", { exact: true }).fill("sent the crux on the fourth go");
    await form.getByRole("button", { name: "Save entry" }).click();
    const first = page.getByRole("list", { name: "Journal entries" }).getByRole("listitem").first();
    await expect(first).toContainText("Sport climbing · 120 min");
    await expect(first).toContainText("pain noted");

    await first.getByRole("link").click();
    const edit = page.getByRole("form", { name: "Edit journal entry" });
    await expect(edit.getByLabel("Name 1 (optional)")).toHaveValue("Biographie");
    await expect(edit.getByLabel("Pain notes 1")).toHaveValue("twinge on the undercling");
    await expect(edit.getByLabel("Sleep")).toHaveValue("5");
    await expect(edit.getByLabel("Tags")).toHaveValue("project, limit");
  });

  test("journal: export links download the entries; Check previews an import without saving", async () => {
    await open(page, "/journal");
    await page.getByRole("link", { name: "Export or import", exact: true }).click();
    await expect(page).toHaveURL(/\/journal\/import$/);
    const csvLink = page.getByRole("link", { name: "CSV", exact: true });
    const jsonLink = page.getByRole("link", { name: "JSON", exact: true });
    const csv = await (await page.request.get((await csvLink.getAttribute("href")) ?? "")).text();
    expect(csv.split(/\r?\n/)[0]).toBe("date,kind,location,duration_min,rpe,energy,sleep,mood,climbs,pain,notes,tags");
    expect(csv).toContain(seeded[0].notes);
    expect(csv).toContain("Biographie");
    const json = await (await page.request.get((await jsonLink.getAttribute("href")) ?? "")).json();
    expect(JSON.stringify(json)).toContain("sent the crux on the fourth go");
    // A download, not a page to navigate to.
    const download = page.waitForEvent("download");
    await csvLink.click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);

    // Check: the rows are read and nothing is saved; the exported file re-imports cleanly.
    const before = await apiJson(page, "journal/list", { query: { from: "", to: "", kind: "", text: "", page: 1 } });
    await page.getByLabel("CSV to import").fill(csv);
    await page.getByRole("button", { name: "Check" }).click();
    await expect(page.getByText(`All ${before.total} rows are valid.`)).toBeVisible();
    await expect(page.getByRole("table", { name: "Import check" }).locator("tbody tr")).toHaveCount(before.total);
    expect((await apiJson(page, "journal/list", { query: { from: "", to: "", kind: "", text: "", page: 1 } })).total).toBe(before.total);
    await page.getByRole("link", { name: "← Back to the journal" }).click();
    await expect(page.getByText(`${before.total} entries`)).toBeVisible();
  });

  test("progress: each chart's data table opens, with the seeded data", async () => {
    await open(page, "/progress");
    const figures = page.getByRole("figure");
    const names = [
      "Weekly load and ACWR",
      "Boulder pyramid (sends, last 12 months)",
      "Route pyramid (sends, last 12 months)",
      "Hardest boulder send by month",
      "Hardest route send by month",
      "Time by kind of session (last 12 weeks)",
    ];
    for (const name of names) {
      const figure = page.getByRole("figure", { name });
      await expect(figure).toBeVisible();
      await figure.getByText("Show the data as a table").click();
      await expect(figure.getByRole("table")).toBeVisible();
      expect(await figure.getByRole("table").locator("tbody tr").count(), name).toBeGreaterThan(0);
    }
    expect(await figures.count()).toBe(names.length);
    await expect(page.getByRole("figure", { name: "Time by kind of session (last 12 weeks)" })).toContainText("Hangboard");
  });

  test("assessment: Back keeps step 1, the protocols open, results and retake links", async () => {
    await open(page, "/assessment");
    const background = page.getByRole("form", { name: "Your climbing" });
    await background.getByLabel("Years climbing").fill("5");
    await background.getByLabel("Hardest boulder").fill("V6");
    await background.getByLabel("Boulder: how").selectOption({ index: 1 });
    await background.getByLabel("Goal", { exact: true }).selectOption("route");
    await background.getByLabel("Goal grade (optional)").fill("7b");
    await background.getByLabel("Training days per week").fill("4");
    await background.getByLabel("Campus board").check();
    await background.getByRole("button", { name: "Next: tests" }).click();
    await expect(page.getByText("Step 2 of 2: physical tests")).toBeVisible();
    const tests = page.getByRole("form", { name: "Physical tests" });
    await tests.getByText(/^How to do it: /).first().click();
    await expect(tests.locator("details.protocol").first()).toHaveAttribute("open", "");
    await tests.getByLabel("Bodyweight (kg)").fill("68");
    await tests.getByRole("button", { name: "Back" }).click();
    await expect(page.getByText("Step 1 of 2: your climbing")).toBeVisible();
    await expect(background.getByLabel("Hardest boulder")).toHaveValue("V6");
    await expect(background.getByLabel("Campus board")).toBeChecked();
    await background.getByRole("button", { name: "Next: tests" }).click();
    await expect(tests.getByLabel("Bodyweight (kg)")).toHaveValue("68");
    await tests.getByLabel("Pulling test").selectOption("max_reps");
    await tests.getByLabel("Pulling result").fill("14");
    await tests.getByRole("button", { name: "See my results" }).click();
    await expect(page).toHaveURL(/\/assessment\/result$/);
    // The second assessment compares with the first, and the history lists both.
    await expect(page.getByRole("region", { name: /^Since / })).toBeVisible();
    await expect(page.getByRole("region", { name: "History" }).locator("tbody tr")).toHaveCount(2);
    await page.getByRole("link", { name: "Retake the assessment" }).click();
    await expect(page).toHaveURL(/\/assessment$/);
    await page.getByRole("link", { name: "See your latest results" }).click();
    await expect(page).toHaveURL(/\/assessment\/result$/);
  });

  test("timer: a protocol link, Start / Pause / Resume / Skip / Reset buttons, and the describe form", async () => {
    await open(page, "/timer");
    const presets = page.getByRole("region", { name: "Protocols" });
    const firstPreset = presets.getByRole("link").first();
    const presetName = (await firstPreset.textContent()) ?? "";
    await firstPreset.click();
    await expect(page).toHaveURL(/\/timer\?/);
    const timer = page.getByRole("region", { name: `Timer: ${presetName}` });
    const start = timer.getByRole("button", { name: "Start" });
    await expect(timer.getByRole("button", { name: "Skip" })).toBeDisabled();
    await start.click();
    await expect(timer.getByRole("button", { name: "Pause" })).toBeVisible();
    await timer.getByRole("button", { name: "Pause" }).click();
    await expect(timer.locator(".timer-phase")).toHaveText(/\(paused\)$/);
    await timer.getByRole("button", { name: "Resume" }).click();
    const phase = (await timer.locator(".timer-phase").textContent()) ?? "";
    await timer.getByRole("button", { name: "Skip" }).click();
    await expect(timer.locator(".timer-phase")).not.toHaveText(phase);
    await timer.getByRole("button", { name: "Reset" }).click();
    await expect(timer.getByRole("button", { name: "Start" })).toBeVisible();
    await expect(timer.getByRole("button", { name: "Skip" })).toBeDisabled();

    // The describe form: a request it can't read is refused next to the field.
    const describe = page.getByLabel("Or describe your timer");
    await describe.fill("banana");
    await page.getByRole("button", { name: "Set timer" }).click();
    await expect(page.locator("#timer-request-error")).not.toBeEmpty();
    await expect(describe).toHaveValue("banana");
    await describe.fill("2 min");
    await page.getByRole("button", { name: "Set timer" }).click();
    await expect(page).toHaveURL(/\/timer\?/);
    await expect(page.getByRole("region", { name: /^Timer: / }).getByRole("timer")).toHaveText("2:00");
  });

  test("log out from the header ends the session", async () => {
    await open(page, "/profile");
    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await open(page, "/journal");
    await expect(page).toHaveURL(/\/login\?next=\/journal$/);
  });
});
