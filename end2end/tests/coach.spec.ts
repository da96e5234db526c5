import { expect, test } from "@playwright/test";
import { open, signUp } from "./helpers";
import { sharedClimber } from "./seed";

test("the offline coach answers, uses its tools, and the conversation survives a reload", async ({ page }) => {
  await signUp(page, "coach");
  const box = page.getByRole("textbox", { name: "Message" });
  const messages = page.getByRole("list", { name: "Messages" });

  // Enter sends (the first message, from /chat, opens the conversation); the reply streams
  // into a coach bubble.
  await box.fill("hello coach");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Answering: offline coach")).toBeVisible();
  await expect(messages.getByText("hello coach")).toBeVisible();
  // A new climber is greeted with the first onboarding question.
  await expect(messages.locator(".from-coach").last()).toContainText("What's your climbing goal?");
  await expect(box).toHaveValue("");

  // Shift+Enter adds a line instead of sending.
  await box.fill("I have a hangboard at home");
  await box.press("Shift+Enter");
  await expect(box).toHaveValue("I have a hangboard at home\n");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(messages.locator(".tool-card")).toContainText("Remembered (Equipment): I have a hangboard at home");
  await expect(messages.locator(".from-coach").last()).toContainText("Got it");

  // A logged session with pain: the injury is noted and the advice is safety-first.
  await box.fill("90 min bouldering at the gym, sent two V5 and a V6 flash, RPE 8, left ring finger a bit sore");
  await box.press("Enter");
  await expect(messages.locator(".tool-card").last()).toContainText("Remembered (Injuries): left ring finger a bit sore");
  const reply = messages.locator(".from-coach").last();
  await expect(reply).toContainText("90 min of bouldering");
  await expect(reply).toContainText("physio or doctor");

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(messages.getByText("hello coach")).toBeVisible();
  await expect(messages.locator(".tool-card").first()).toContainText("Remembered (Equipment): I have a hangboard at home");
  await expect(messages.locator(".from-coach").last()).toContainText("physio or doctor");
});

test("a refused message stays in the box with the reason", async ({ page }) => {
  // A climber with no conversations yet (shared with the timer tests, which run later).
  await sharedClimber(page, "quiet");
  await open(page, "/chat");
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill("   ");
  await box.press("Enter");
  await expect(page.getByText("Write a message first.")).toBeVisible();
  // Still the start page: nothing was created, only the coach's greeting shows.
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByRole("list", { name: "Messages" }).locator("li")).toHaveCount(1);
  await expect(page.getByRole("complementary", { name: "Conversations" })).toContainText("No conversations yet.");
});
