import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

test("conversations: new, send, rename, switch, reload, delete with confirmation", async ({ page }) => {
  await signUp(page, "chat");
  const sidebar = page.getByRole("complementary", { name: "Conversations" });
  await expect(sidebar.getByText("No conversations yet.")).toBeVisible();

  await sidebar.getByRole("button", { name: "New conversation" }).click();
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const firstUrl = page.url();
  await page.getByRole("textbox", { name: "Message" }).fill("How do I train crimps?");
  await page.getByRole("button", { name: "Send" }).click();
  const messages = page.getByRole("list", { name: "Messages" });
  await expect(messages.getByText("How do I train crimps?")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Message" })).toHaveValue("");
  await expect(sidebar.getByRole("link", { name: "How do I train crimps?" })).toBeVisible();

  await expect(messages.locator('.from-coach[aria-busy="false"]')).toHaveCount(1);
  await page.getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("Conversation title").fill("Crimp plan");
  await page.getByRole("button", { name: "Save title" }).click();
  await expect(page.getByRole("heading", { name: "Crimp plan" })).toBeVisible();
  await expect(sidebar.getByRole("link", { name: "Crimp plan" })).toBeVisible();
  // The refetch after a rename must not show this visit's messages twice.
  await expect(messages.locator(".from-climber")).toHaveCount(1);
  await expect(messages.locator(".from-coach")).toHaveCount(1);

  await sidebar.getByRole("button", { name: "New conversation" }).click();
  await expect(page).not.toHaveURL(firstUrl);
  await page.getByRole("textbox", { name: "Message" }).fill("Second one about slopers");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(sidebar.getByRole("link")).toHaveCount(2);

  await sidebar.getByRole("link", { name: "Crimp plan" }).click();
  await expect(page).toHaveURL(firstUrl);
  await expect(messages.getByText("How do I train crimps?")).toBeVisible();

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("heading", { name: "Crimp plan" })).toBeVisible();
  await expect(messages.getByText("How do I train crimps?")).toBeVisible();

  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("can't be undone");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Delete conversation" }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(sidebar.getByRole("link")).toHaveCount(1);
  await expect(sidebar.getByRole("link", { name: "Crimp plan" })).toHaveCount(0);
});
