import { expect, Page, test } from "@playwright/test";
import { open, signUp } from "./helpers";
import { apiForm, newClimber } from "./seed";

const CONVERSATION = /\/chat\/[0-9a-f-]{36}$/;

function parts(page: Page) {
  const sidebar = page.getByRole("complementary", { name: "Conversations" });
  return {
    sidebar,
    threads: sidebar.getByRole("listitem").getByRole("link"),
    messages: page.getByRole("list", { name: "Messages" }),
    box: page.getByRole("textbox", { name: "Message" }),
  };
}

test("a new climber is greeted on /chat, and the first message opens the conversation with the answer", async ({ page }) => {
  await signUp(page, "chat");
  const { sidebar, threads, messages, box } = parts(page);

  // The coach greets a climber who hasn't done onboarding, and offers it here or on its page.
  const greeting = messages.locator(".from-coach");
  await expect(greeting).toHaveCount(1);
  await expect(greeting).toContainText("Hi, I'm your ClimbingPill coach!");
  await expect(greeting).toContainText("answer them right here");
  await expect(greeting).toContainText("What's your climbing goal?");
  await expect(greeting.getByRole("link", { name: "onboarding page" })).toHaveAttribute("href", "/onboarding");
  await expect(sidebar.getByText("No conversations yet.")).toBeVisible();

  // The message box is there straight away; the first message starts the conversation.
  await box.fill("How do I train crimps?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(CONVERSATION);
  const firstUrl = page.url();
  await expect(messages.locator(".from-climber")).toContainText("How do I train crimps?");
  await expect(messages.locator('.from-coach[aria-busy="false"]')).toHaveCount(2);
  await expect(messages.locator(".from-coach").first()).toContainText("Hi, I'm your ClimbingPill coach!");
  await expect(box).toHaveValue("");
  await expect(threads).toHaveText(["How do I train crimps?"]);

  // A reload shows the same conversation and asks nothing again.
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(messages.locator(".from-climber")).toHaveCount(1);
  await expect(messages.locator(".from-coach")).toHaveCount(2);
  await expect(page.getByRole("button", { name: "Ask the coach" })).toHaveCount(0);

  // Rename.
  await page.getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("Conversation title").fill("Crimp plan");
  await page.getByRole("button", { name: "Save title" }).click();
  await expect(page.getByRole("heading", { name: "Crimp plan" })).toBeVisible();
  await expect(threads).toHaveText(["Crimp plan"]);
  await expect(messages.locator(".from-climber")).toHaveCount(1);

  // New conversation: back to the box, now greeted as a returning climber.
  await sidebar.getByRole("link", { name: "New conversation" }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(messages.locator(".from-coach")).toContainText("Welcome back!");
  await expect(box).toHaveValue("");
  await box.fill("Second one about slopers");
  await box.press("Enter");
  await expect(page).not.toHaveURL(firstUrl);
  await expect(page).toHaveURL(CONVERSATION);
  await expect(messages.getByText("Second one about slopers")).toBeVisible();
  await expect(threads).toHaveCount(2);

  // Back to the start page and forward again: the message is not sent twice.
  await page.goBack();
  await expect(page).toHaveURL(/\/chat$/);
  await page.goForward();
  await expect(messages.locator('.from-coach[aria-busy="false"]')).toHaveCount(2);
  await expect(messages.locator(".from-climber")).toHaveCount(1);

  // Switch, then delete with confirmation.
  await threads.filter({ hasText: "Crimp plan" }).click();
  await expect(page).toHaveURL(firstUrl);
  await expect(messages.getByText("How do I train crimps?")).toBeVisible();
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("can't be undone");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Delete conversation" }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(threads).toHaveText(["Second one about slopers"]);
});

test("a refused first message stays in the box with the reason, and nothing is created", async ({ page }) => {
  await newClimber(page, "chat-refused");
  await open(page, "/chat");
  const { sidebar, box } = parts(page);
  await box.fill("x".repeat(33 * 1024));
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("That message is too long (over 32 KB).")).toBeVisible();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(box).toHaveValue(/^x+$/);
  await expect(sidebar.getByText("No conversations yet.")).toBeVisible();

  // The connection drops: the reason, the text kept, still on the start page.
  await page.route("**/api/chat/start", (route) => route.abort());
  await box.fill("Can I train on a hangboard twice a week?");
  await box.press("Enter");
  await expect(page.getByText("We couldn't reach ClimbingPill. Check your connection and try again.")).toBeVisible();
  await expect(box).toHaveValue("Can I train on a hangboard twice a week?");
  await expect(page).toHaveURL(/\/chat$/);
  await page.unroute("**/api/chat/start");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(CONVERSATION);
  await expect(page.getByRole("list", { name: "Messages" }).locator(".from-climber")).toContainText("Can I train on a hangboard twice a week?");
});

test("a long list of conversations scrolls and pages, switching works, and on a phone it folds away", async ({ page }) => {
  await newClimber(page, "chat-many");
  // 32 conversations, each with a first message the coach hasn't answered yet.
  for (let i = 1; i <= 32; i++) {
    await apiForm(page, "chat/start", { text: `Thread ${i}` });
  }
  await open(page, "/chat");
  const { sidebar, threads, messages, box } = parts(page);
  await expect(threads).toHaveCount(30);
  const list = sidebar.getByRole("list");
  const scrolls = await list.evaluate((ul) => ul.scrollHeight > ul.clientHeight + 10);
  expect(scrolls, "the list scrolls on its own").toBe(true);

  await sidebar.getByRole("button", { name: "Show older conversations" }).click();
  await expect(threads).toHaveCount(32);
  await expect(sidebar.getByRole("button", { name: "Show older conversations" })).toHaveCount(0);

  // The last one: scrolled to, opened, and answered on request; when the answer's stream
  // breaks off, Retry asks again.
  const oldest = threads.last();
  const title = (await oldest.textContent()) ?? "";
  await oldest.click();
  await expect(page).toHaveURL(CONVERSATION);
  await expect(page.locator(".thread-header h1")).toHaveText(title);
  await expect(messages.locator(".from-climber")).toContainText(title);
  await page.route("**/api/chat/turn", (route) => route.fulfill({ status: 200, contentType: "text/plain", body: "" }));
  await page.getByRole("button", { name: "Ask the coach" }).click();
  await expect(messages.getByRole("alert")).toContainText("The connection to the coach dropped");
  await page.unroute("**/api/chat/turn");
  await messages.getByRole("button", { name: "Retry" }).click();
  await expect(messages.locator('.from-coach[aria-busy="false"]')).toHaveCount(2);
  await expect(messages.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Ask the coach" })).toHaveCount(0);
  await expect(sidebar.locator("li.current")).toHaveText(title);
  // The answered conversation moves to the top of the list (newest first) once the list
  // reloads; a click before that lands on the row that slides under the pointer.
  await expect(threads.first()).toHaveText(title);

  // Switching to another conversation shows its own messages.
  await threads.filter({ hasText: /^Thread 7$/ }).click();
  await expect(page.locator(".thread-header h1")).toHaveText("Thread 7");
  await expect(messages.locator(".from-climber")).toContainText("Thread 7");
  await expect(messages.locator(".from-coach")).toHaveCount(1);

  // A phone: the list folds behind a button, so the message box stays on the first screen.
  await page.setViewportSize({ width: 360, height: 740 });
  const toggle = sidebar.getByRole("button", { name: "Conversations" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(threads.first()).toBeHidden();
  await expect(box).toBeInViewport();
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await threads.filter({ hasText: /^Thread 12$/ }).click();
  await expect(page.locator(".thread-header h1")).toHaveText("Thread 12");
  await expect(threads.first()).toBeHidden();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, "nothing scrolls sideways").toBeLessThanOrEqual(360);
});
