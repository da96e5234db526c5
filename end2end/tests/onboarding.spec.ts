import { expect, test } from "@playwright/test";
import { open, PASSWORD, uniqueEmail } from "./helpers";

// The first five minutes: from sign-up to a visible first program, through the guided steps.
test("onboarding: sign-up to a first program, resuming after a reload", async ({ page }) => {
  const started = Date.now();
  let steps = 0;
  const next = async (name = "Next") => {
    await page.getByRole("button", { name }).click();
    steps += 1;
  };

  await open(page, "/signup");
  await page.getByLabel("Email").fill(uniqueEmail("onboarding"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");

  await expect(page.getByText("Step 1 of 7: Your goal")).toBeVisible();
  await page.getByLabel("What's your climbing goal?").fill("7a+ boulder by June");
  await next();

  await expect(page.getByText("Step 2 of 7: Your level")).toBeVisible();
  await page.getByLabel("Hardest boulder").fill("V5");
  await page.getByLabel("Years climbing").fill("4 years");
  await next();

  // Leaving and coming back resumes at the same step, answers kept.
  await expect(page.getByText("Step 3 of 7: A quick physical check")).toBeVisible();
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByText("Step 3 of 7: A quick physical check")).toBeVisible();
  await page.getByLabel("Bodyweight").fill("68 kg");
  await page.getByLabel("Max pull-ups").fill("8");
  await next();

  await expect(page.getByText("Step 4 of 7: Your schedule")).toBeVisible();
  await page.getByLabel("How often can you train?").fill("every day");
  await page.getByLabel("How long is a session?").fill("2 hours");
  await next();
  // Refused next to the field, nothing lost, still on this step.
  await expect(page.getByText(/rest day/).first()).toBeVisible();
  await expect(page.getByLabel("How long is a session?")).toHaveValue("2 hours");
  await page.getByLabel("How often can you train?").fill("3 days");
  await next();

  await expect(page.getByText("Step 5 of 7: Your equipment")).toBeVisible();
  await page.getByLabel("Hangboard").check();
  await next();

  // About you (issue 22): optional; an impossible age is refused next to the field.
  await expect(page.getByText("Step 6 of 7: About you")).toBeVisible();
  const age = page.getByLabel("Age (optional)");
  await expect(age).toHaveAttribute("inputmode", "numeric");
  await age.fill("5");
  await next("Build my program");
  await expect(page.getByText(/from 8 to 100/).first()).toBeVisible();
  await age.fill("55");
  await page.getByRole("radio", { name: "No, never" }).check();
  await next("Build my program");

  await expect(page.getByText("Step 7 of 7: Your first program")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your first program is ready" })).toBeVisible();
  await page.getByRole("link", { name: "See my program" }).click();
  await expect(page).toHaveURL(/\/programs$/);
  await expect(page.getByRole("heading", { name: /week 1/i }).first()).toBeVisible();
  // The "Why this plan" note names the age; the older climber's note explains the warm-ups.
  await expect(page.getByText(/Why this plan: .*age 55/)).toBeVisible();
  await expect(page.getByText(/At 55, warm-ups are 5 min longer/)).toBeVisible();
  console.log(`onboarding: sign-up to first program in ${steps} form steps, ${Date.now() - started} ms`);

  // Ask once: the assessment starts from those answers; the climber changes one and submits.
  await open(page, "/assessment");
  await expect(page.getByText(/Filled in from what you've told us already/)).toBeVisible();
  await expect(page.getByLabel("Years climbing")).toHaveValue("4");
  await expect(page.getByLabel("Hardest boulder")).toHaveValue("V5");
  await expect(page.getByLabel("Training days per week")).toHaveValue("3");
  await expect(page.getByLabel("Session length (minutes)")).toHaveValue("120");
  await expect(page.getByLabel("Hangboard", { exact: true })).toBeChecked();
  await expect(page.getByLabel("Age (optional)")).toHaveValue("55");
  await expect(page.getByRole("radio", { name: "No, never" })).toBeChecked();
  await page.getByLabel("Training days per week").fill("4");
  await page.getByRole("button", { name: "Next: tests" }).click();
  await expect(page.getByLabel("Bodyweight (kg)")).toHaveValue("68");
  await page.getByRole("button", { name: "See my results" }).click();
  await expect(page).toHaveURL(/\/assessment\/result$/);

  // The next assessment starts from the changed one; the profile has the bodyweight.
  await open(page, "/assessment");
  await expect(page.getByLabel("Training days per week")).toHaveValue("4");
  await expect(page.getByLabel("Session length (minutes)")).toHaveValue("120");
  await open(page, "/profile");
  await expect(page.getByLabel("Bodyweight (kg)")).toHaveValue("68");
  // ...and the age and hangboard history, which the climber can change there.
  await expect(page.getByLabel("Age")).toHaveValue("55");
  await expect(page.getByRole("radio", { name: "No, never" })).toBeChecked();
  await page.getByLabel("Age").fill("56");
  await page.getByRole("radio", { name: "Yes" }).check();
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Age")).toHaveValue("56");
  await expect(page.getByRole("radio", { name: "Yes" })).toBeChecked();
});
