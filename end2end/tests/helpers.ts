import { expect, Page } from "@playwright/test";

/** Opens a page and waits until the WASM app has hydrated (an Effect sets this attribute). */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

export function uniqueEmail(tag: string) {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export const PASSWORD = "overhang on a rainy tuesday";

/** Signs up a new climber through the form and waits to land in the app. Returns the email. */
export async function signUp(page: Page, tag: string) {
  const email = uniqueEmail(tag);
  await open(page, "/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  // New climbers land in the guided onboarding; most tests go on from the chat page.
  await expect(page).toHaveURL(/\/onboarding$/);
  await open(page, "/chat");
  return email;
}
