import { expect, test } from "@playwright/test";
import { open } from "./helpers";
import { addJournalEntries, newClimber, takeAssessment } from "./seed";

// Issue 21: a coach and an athlete in two browser contexts. The coach makes a team and an
// invite link; the athlete opens it signed in, sees who asks, shares the journal only; the
// coach sees the journal and not the assessment, and comments on an entry: the athlete sees
// the unread count in the header, opens the journal, sees the comment, and the count goes.
// The athlete unshares, and the coach's page says so on its next load. A used link then
// gets a clear message.
test("coach invites, athlete shares the journal only, then stops sharing", async ({ browser }, info) => {
  const baseURL = info.project.use.baseURL;
  const coachCtx = await browser.newContext({ baseURL });
  const athleteCtx = await browser.newContext({ baseURL });
  const coach = await coachCtx.newPage();
  const athlete = await athleteCtx.newPage();

  await newClimber(coach, "coach");
  await open(coach, "/profile");
  await coach.getByRole("link", { name: "Create or join a team" }).click();
  await expect(coach).toHaveURL(/\/team$/);
  await expect(coach.locator("html")).toHaveAttribute("data-hydrated", "true");
  await coach.getByLabel("Team name").fill("Crimp Crew");
  await coach.getByRole("button", { name: "Create team" }).click();
  await expect(coach.getByRole("heading", { name: "Crimp Crew — your athletes" })).toBeVisible();
  await expect(coach.getByText("No athletes yet.")).toBeVisible();
  await open(coach, "/team");
  await coach.getByRole("button", { name: "Create invite link" }).click();
  const linkBox = coach.getByLabel(/Send this link to one athlete/);
  await expect(linkBox).toHaveValue(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  const link = await linkBox.inputValue();
  const invitePath = new URL(link).pathname;

  // The athlete has a journal and an assessment.
  await newClimber(athlete, "athlete");
  await addJournalEntries(athlete, 3);
  await takeAssessment(athlete);
  await open(athlete, invitePath);
  await expect(athlete.getByText("invites you to join")).toBeVisible();
  await expect(athlete.getByText("Crimp Crew", { exact: true })).toBeVisible();
  // Everything is ticked by default; share the journal only.
  for (const area of ["Assessment results", "Training program", "Progress (load, grades, pain flags)"]) {
    const box = athlete.getByLabel(area);
    await expect(box).toBeChecked();
    await box.uncheck();
  }
  await expect(athlete.getByLabel("Journal")).toBeChecked();
  await athlete.getByLabel("Your name, as the team sees it").fill("Bea");
  await athlete.getByRole("button", { name: "Join the team" }).click();
  await expect(athlete).toHaveURL(/\/team$/);
  await expect(athlete.getByRole("heading", { name: "Crimp Crew" })).toBeVisible();

  // The coach sees Bea, her journal, and not her assessment.
  await open(coach, "/team");
  const row = coach.getByRole("row", { name: /Bea/ });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell").nth(4)).toHaveText("not shared"); // sessions done / due
  await row.getByRole("link", { name: "Bea" }).click();
  await expect(coach.getByRole("heading", { name: "Bea" })).toBeVisible();
  await expect(coach.locator(".athlete-journal li")).toHaveCount(3);
  await expect(coach.getByText("Assessment results: not shared with you.")).toBeVisible();
  await expect(coach.getByText("Training program: not shared with you.")).toBeVisible();
  // A coach has the Team link in the header (and no unread count: comments are for athletes).
  const coachNav = coach.locator(".app-nav");
  await expect(coachNav.getByRole("link", { name: /^Team/ })).toBeVisible();
  await expect(coachNav.locator(".nav-count")).toHaveCount(0);

  // The coach comments on the newest entry; an empty comment is refused first.
  const entry = coach.locator(".athlete-journal > li").first();
  await entry.getByRole("button", { name: "Comment" }).click();
  await expect(entry.getByRole("alert")).toContainText("Write a comment first.");
  await entry.getByLabel(/Comment on the entry of/).fill("  Good volume. Keep the rest day after this one.  ");
  await entry.getByRole("button", { name: "Comment" }).click();
  await expect(entry.locator(".comments")).toContainText("Good volume. Keep the rest day after this one.");
  await expect(entry.getByLabel(/Comment on the entry of/)).toHaveValue("");
  await expect(coach.locator(".athlete-journal .comments li")).toHaveCount(1);
  // A comment sent by mistake: the coach deletes it (their own comments have Delete), and
  // the athlete never sees it.
  await entry.getByLabel(/Comment on the entry of/).fill("wrong athlete, ignore");
  await entry.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(coach.locator(".athlete-journal .comments li")).toHaveCount(2);
  await entry.locator(".comments li", { hasText: "wrong athlete, ignore" })
    .getByRole("button", { name: /Delete your comment/ }).click();
  await expect(coach.locator(".athlete-journal .comments li")).toHaveCount(1);
  await expect(entry.locator(".comments")).not.toContainText("wrong athlete");
  await expect(entry.locator(".comments")).toContainText("Good volume.");

  // The athlete: an unread count beside the Team link, on any page.
  await open(athlete, "/progress");
  const athleteNav = athlete.locator(".app-nav");
  await expect(athleteNav.locator(".nav-count")).toHaveText("1");
  // Opening the journal (in the app, no reload) shows the comment under its entry, new,
  // and the count goes away.
  await athleteNav.getByRole("link", { name: "Journal" }).click();
  await expect(athlete).toHaveURL(/\/journal$/);
  const comment = athlete.locator(".entries .comments li");
  await expect(comment).toHaveCount(1);
  await expect(comment).toContainText("Good volume. Keep the rest day after this one.");
  await expect(comment).toContainText("Your coach");
  await expect(comment.locator(".new")).toHaveText("New");
  await expect(comment.getByRole("button", { name: /Delete/ })).toHaveCount(0);
  await expect(athleteNav.locator(".nav-count")).toHaveCount(0);
  // Read for good: after a reload it is still there, no longer new, and no count.
  await open(athlete, "/journal");
  await expect(athlete.locator(".entries .comments li")).toContainText("Good volume.");
  await expect(athlete.locator(".entries .comments .new")).toHaveCount(0);
  await expect(athlete.locator(".app-nav .nav-count")).toHaveCount(0);
  await expect(athlete.locator(".app-nav").getByRole("link", { name: /^Team/ })).toBeVisible();
  // The entry's own page shows its comments too: a second one, new, read there.
  const entryHref = await athlete.locator(".entries > li", { has: athlete.locator(".comments") })
    .getByRole("link").first().getAttribute("href");
  expect(entryHref).toMatch(/^\/journal\/[\w-]+$/);
  await entry.getByLabel(/Comment on the entry of/).fill("Next week: two rest days.");
  await entry.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(coach.locator(".athlete-journal .comments li")).toHaveCount(2);
  await open(athlete, entryHref!);
  const onEntry = athlete.locator(".page .comments li");
  await expect(onEntry).toHaveCount(2);
  await expect(onEntry.first()).toContainText("Good volume. Keep the rest day after this one.");
  await expect(onEntry.first().locator(".new")).toHaveCount(0);
  await expect(onEntry.nth(1)).toContainText("Next week: two rest days.");
  await expect(onEntry.nth(1).locator(".new")).toHaveText("New");
  await expect(athlete.getByRole("button", { name: "Save changes" })).toBeVisible();
  // Shown, so read: the header's count goes, and stays gone after a reload.
  await expect(athlete.locator(".app-nav .nav-count")).toHaveCount(0);
  await open(athlete, entryHref!);
  await expect(athlete.locator(".page .comments .new")).toHaveCount(0);
  await expect(athlete.locator(".app-nav .nav-count")).toHaveCount(0);

  // The athlete stops sharing the journal.
  await open(athlete, "/team");
  await athlete.getByLabel("Journal").uncheck();
  await athlete.getByRole("button", { name: "Save sharing" }).click();
  await expect(athlete.getByRole("status")).toContainText("The coaches now see: nothing.");

  // The coach's next request: nothing shared.
  await coach.reload();
  await expect(coach.getByText("Journal: not shared with you.")).toBeVisible();
  await expect(coach.locator(".athlete-journal li")).toHaveCount(0);
  await open(coach, "/team");
  await expect(coach.getByRole("row", { name: /Bea/ })).toContainText("stopped sharing");

  // The link was used: anyone opening it again is told so.
  await open(athlete, invitePath);
  await expect(athlete.getByRole("alert")).toContainText("already been used");
  await open(athlete, "/invite/not-a-real-token");
  await expect(athlete.getByRole("alert")).toContainText("isn't valid");

  await coachCtx.close();
  await athleteCtx.close();
});
