import { expect, test } from "@playwright/test";
import { open, signUp } from "./helpers";

test("assessment → radar and weaknesses → program → session done → journal", async ({ page }) => {
  await signUp(page, "programs");
  await open(page, "/assessment");
  await expect(page.getByText("Step 1 of 2: your climbing")).toBeVisible();
  const background = page.getByRole("form", { name: "Your climbing" });
  await background.getByLabel("Years climbing").fill("4");
  await background.getByLabel("Hardest boulder").fill("V4");
  await background.getByLabel("Training days per week").fill("7");
  await background.getByLabel("Hangboard").check();
  await background.getByRole("button", { name: "Next: tests" }).click();
  // Seven days is refused next to its field; everything typed stays.
  await expect(background.locator("#days_per_week-error")).toContainText("rest day");
  await expect(background.getByLabel("Hardest boulder")).toHaveValue("V4");
  await background.getByLabel("Training days per week").fill("3");
  await background.getByRole("button", { name: "Next: tests" }).click();

  await expect(page.getByText("Step 2 of 2: physical tests")).toBeVisible();
  const tests = page.getByRole("form", { name: "Physical tests" });
  await tests.getByLabel("Bodyweight (kg)").fill("70");
  await tests.getByLabel("Max hang: added kg").fill("-5");
  await tests.getByLabel("Pulling result").fill("6");
  await tests.getByRole("button", { name: "See my results" }).click();

  await expect(page).toHaveURL(/\/assessment\/result$/);
  await expect(page.getByRole("figure", { name: "Your areas against your current grade" })).toBeVisible();
  const weaknesses = page.locator("ol.weaknesses");
  await expect(weaknesses).toContainText("Pulling strength");
  await expect(weaknesses).toContainText("Finger strength");
  const areas = page.getByRole("list", { name: "Your areas" });
  await expect(areas.locator("li", { hasText: "Flexibility" })).toContainText("Not tested");

  await page.getByRole("link", { name: "Build my program" }).click();
  await expect(page).toHaveURL(/\/programs$/);
  await page.getByRole("button", { name: "Build my program" }).click();
  await expect(page.getByRole("heading", { name: /^Week 1 of \d+/ })).toBeVisible();
  const next = page.locator(".session-card.next");
  await expect(next.getByText("Next", { exact: true })).toBeVisible();
  await next.getByLabel("How hard (RPE 1-10)").selectOption("7");
  await next.getByRole("button", { name: "Mark done" }).click();
  const done = page.locator(".session-card.done").first();
  await expect(done).toContainText("Done · RPE 7");

  await done.locator("summary").click();
  await done.getByRole("link", { name: "See it in your journal" }).click();
  await expect(page).toHaveURL(/\/journal\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel("RPE (1-10)")).toHaveValue("7");
  await expect(page.getByLabel("Notes", { exact: true })).toHaveValue(/Program session/);
});
