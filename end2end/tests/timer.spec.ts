import { expect, test } from "@playwright/test";
import { open } from "./helpers";
import { sharedClimber } from "./seed";

// The timer keeps time in the browser. Playwright's fake clock drives it: the clock is paused
// and moved on by hand, so each phase can be checked without waiting for it in real time.
test("timer: an interval timer walks its phases, pauses, skips and logs to the journal", async ({ page }) => {
  await page.clock.install();
  // No new climber needed: the one with no conversations (see coach.spec.ts).
  await sharedClimber(page, "quiet");
  await open(page, "/timer?label=Test%20intervals&prepare=3&work=5&rest=2&reps=3&sets=1&set_rest=0");
  const timer = page.getByRole("region", { name: "Timer: Test intervals" });
  const digits = timer.getByRole("timer");
  await expect(timer.getByText("5 s on / 2 s off × 3 reps")).toBeVisible();
  await expect(digits).toHaveText("0:03");

  await page.clock.pauseAt(Date.now() + 60_000);
  await timer.getByRole("button", { name: "Start" }).click();
  await expect(timer.locator(".timer-phase")).toHaveText("Get ready");
  await page.clock.runFor(3_100);
  await expect(timer.locator(".timer-phase")).toHaveText("Work");
  await expect(timer.getByText("Rep 1 of 3")).toBeVisible();
  await expect(digits).toHaveText("0:05");
  await page.clock.runFor(5_000);
  await expect(timer.locator(".timer-phase")).toHaveText("Rest");
  await expect(digits).toHaveText("0:02");

  // Keyboard: N skips the rest, Space pauses (time stands still), Space resumes.
  await page.keyboard.press("n");
  await expect(timer.getByText("Rep 2 of 3")).toBeVisible();
  await expect(timer.locator(".timer-phase")).toHaveText("Work");
  await page.keyboard.press(" ");
  await expect(timer.locator(".timer-phase")).toHaveText("Work (paused)");
  const paused = await digits.textContent();
  await page.clock.runFor(30_000);
  await expect(digits).toHaveText(paused ?? "");
  await page.keyboard.press(" ");
  await expect(timer.locator(".timer-phase")).toHaveText("Work");

  await page.clock.runFor(60_000);
  await expect(timer.locator(".timer-phase")).toHaveText("Done");
  await page.clock.resume();

  // Finishing offers to log the session with its duration.
  await expect(timer.getByText("Log these 1 min to your journal?")).toBeVisible();
  await timer.getByLabel("How hard was it? RPE 1-10").fill("11");
  await timer.getByRole("button", { name: "Log to journal" }).click();
  await expect(timer.getByText("RPE must be a whole number from 1 to 10.")).toBeVisible();
  await timer.getByLabel("How hard was it? RPE 1-10").fill("7");
  await timer.getByRole("button", { name: "Log to journal" }).click();
  const saved = timer.getByRole("link", { name: "1 min" });
  await expect(timer.getByRole("status")).toContainText("Saved to your journal");
  const entry = (await saved.getAttribute("href"))!;
  // Reset takes the log part away; the next finish would bring a new form.
  await timer.getByRole("button", { name: "Reset" }).click();
  await expect(timer.getByText("Saved to your journal")).toHaveCount(0);
  await expect(timer.getByRole("button", { name: "Start" })).toBeEnabled();
  await open(page, entry);
  await expect(page).toHaveURL(/\/journal\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel("Notes", { exact: true })).toHaveValue(/Timer: Test intervals/);
});

test("timer: the coach sets one up in the chat, and the timer page opens offline", async ({ page }) => {
  await sharedClimber(page, "quiet");
  await open(page, "/chat");
  await page.getByRole("textbox", { name: "Message" }).fill("Start a timer: 7 on 3 off, 6 reps, 3 sets");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const card = page.locator(".timer-card").first();
  await expect(card.getByText("7 s on / 3 s off × 6 reps, 3 sets, 3 min between sets")).toBeVisible();
  await expect(page.locator(".from-coach").last()).toContainText("Your timer is ready");
  await expect(card.getByRole("button", { name: "Start" })).toBeVisible();

  // A countdown in words: "2 min" is two minutes.
  await page.getByRole("textbox", { name: "Message" }).fill("timer 2 min");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.locator(".timer-card").nth(1).getByRole("timer")).toHaveText("2:00");

  // Opened again, the conversation is rendered on the server and hydrated: the cards' code
  // (in the timer page's WASM file, which a conversation without a timer never fetches) comes
  // with the page, and the timer runs.
  await open(page, page.url());
  const reloaded = page.locator(".timer-card").first();
  await expect(reloaded.getByText("7 s on / 3 s off × 6 reps, 3 sets, 3 min between sets")).toBeVisible();
  await reloaded.getByRole("button", { name: "Start" }).click();
  await expect(reloaded.getByRole("button", { name: "Pause" })).toBeVisible();
  await reloaded.getByRole("button", { name: "Pause" }).click();
  await expect(reloaded.getByRole("button", { name: "Resume" })).toBeVisible();

  // Installable: the manifest and the service worker are served with the right types.
  const manifest = await page.request.get("/manifest.webmanifest");
  expect(manifest.headers()["content-type"]).toContain("application/manifest+json");
  const icons = (await manifest.json()).icons as { src: string }[];
  for (const icon of icons) {
    const r = await page.request.get(icon.src);
    expect(r.status(), icon.src).toBe(200);
    expect(r.headers()["content-type"]).toBe("image/png");
  }
  const sw = await page.request.get("/sw.js");
  expect(sw.headers()["content-type"]).toContain("javascript");
  // Chromium's own installability check: no errors, a manifest that parses cleanly.
  const cdp = await page.context().newCDPSession(page);
  const manifestInfo = await cdp.send("Page.getAppManifest");
  expect(manifestInfo.errors).toEqual([]);
  const installability = await cdp.send("Page.getInstallabilityErrors");
  // Playwright's throwaway browser profile counts as incognito, where nothing installs.
  const errors = installability.installabilityErrors.filter((e) => e.errorId !== "in-incognito");
  expect(errors).toEqual([]);

  // Offline: once the service worker controls the page, the timer opens without a network.
  await card.getByRole("link", { name: "Open in the timer page" }).click();
  await expect(page).toHaveURL(/\/timer\?/);
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active !== null;
  });
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const timer = page.getByRole("region", { name: /^Timer: / });
  await expect(timer.getByRole("timer")).toBeVisible();
  await timer.getByRole("button", { name: "Start" }).click();
  await expect(timer.locator(".timer-phase")).toHaveText("Get ready");
  await page.context().setOffline(false);
});

// A part fetched after the page is live whose code doesn't arrive (offline, or a deploy removed
// the old files) leaves the page working: the card keeps its plan and its link, says what to
// do, and the chat still answers (ui::components::deferred; before, the module panicked).
test("timer: when the card's code can't be fetched, the card says so and the chat keeps working", async ({ browser }, info) => {
  const context = await browser.newContext({ baseURL: info.project.use.baseURL, serviceWorkers: "block" });
  const page = await context.newPage();
  await sharedClimber(page, "quiet");
  await page.route(/split_training_pages[^/]*\.wasm$/, (route) => route.abort());
  await open(page, "/chat");
  await page.getByRole("textbox", { name: "Message" }).fill("Start a timer: 7 on 3 off, 6 reps, 3 sets");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const card = page.locator(".timer-card").first();
  await expect(card.getByText("7 s on / 3 s off × 6 reps, 3 sets, 3 min between sets")).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "This part of the page didn't load" })).toBeVisible();
  await expect(card.getByRole("link", { name: "Open in the timer page" })).toBeVisible();
  await expect(card.getByRole("button", { name: "Start" })).toHaveCount(0);
  const answers = await page.locator(".from-coach").count();
  await page.getByRole("textbox", { name: "Message" }).fill("thanks!");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.locator(".from-coach")).toHaveCount(answers + 1);
  await context.close();
});
