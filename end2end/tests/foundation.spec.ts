import { expect, test } from "@playwright/test";
import { open, PASSWORD, signUp, uniqueEmail } from "./helpers";
import { knownClimber, rememberClimber } from "./seed";

test("a climber signs up, edits their profile, and it is kept", async ({ page }) => {
  const email = uniqueEmail("signup");
  await open(page, "/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();

  // Lands in the app's guided first steps, signed in.
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.getByText("Step 1 of 7: Your goal")).toBeVisible();
  rememberClimber("foundation", { email, password: PASSWORD });
  await expect(page.locator(".account-email")).toHaveText(email);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profile" }).click();
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await page.getByLabel("Name").fill("Lynn Hill");
  await page.getByLabel("Bodyweight (kg)").fill("52,5");
  await page.getByLabel("Boulder grades").selectOption("font");
  await page.getByLabel("Route grades").selectOption("yds");
  await page.getByLabel("Goals").fill("Free the Nose");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toHaveText("Profile saved.");

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByLabel("Name")).toHaveValue("Lynn Hill");
  await expect(page.getByLabel("Bodyweight (kg)")).toHaveValue("52.5");
  await expect(page.getByLabel("Boulder grades")).toHaveValue("font");
  await expect(page.getByLabel("Route grades")).toHaveValue("yds");
  await expect(page.getByLabel("Goals")).toHaveValue("Free the Nose");

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("link", { name: "Sign up" })).toBeVisible();

  // A protected page now sends the visitor to the login page, and back after logging in.
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login\?next=\/profile$/);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByLabel("Name")).toHaveValue("Lynn Hill");
});

test("a wrong password shows one clear error", async ({ page }) => {
  // The account from the sign-up test when it ran (sign-ups are rate-limited), else a new one.
  let email = knownClimber("foundation")?.email;
  if (!email) {
    email = await signUp(page, "wrongpw");
    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/login$/);
  }
  await open(page, "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password at all");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/login/);
});

test("before the script has loaded, the login form still works and a wrong password comes back to it", async ({ browser }, info) => {
  // No WASM at all: the browser posts the form itself (a slow phone before hydration).
  const context = await browser.newContext({ baseURL: info.project.use.baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  let email = knownClimber("foundation")?.email;
  if (!email) {
    const setup = await browser.newPage({ baseURL: info.project.use.baseURL });
    email = await signUp(setup, "nojs");
    await setup.close();
  }
  await page.goto("/login?next=/journal");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password at all");
  await page.getByRole("button", { name: "Log in" }).click();
  // Back on the form (not a page of raw JSON), ready for another try.
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/journal$/);
  await expect(page.getByRole("heading", { name: "Training journal" })).toBeVisible();
  await context.close();
});

test("a bad sign-up keeps the visitor on the form with the reason", async ({ page }) => {
  await open(page, "/signup");
  await page.getByLabel("Email").fill(uniqueEmail("common"));
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("too common")).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
});

test("the app is usable on a 360 px wide phone", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, "/signup");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByLabel("Email").fill(uniqueEmail("phone"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Password").press("Enter");
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Journal" })).toBeVisible();
  const overflowApp = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflowApp).toBeLessThanOrEqual(0);
});
