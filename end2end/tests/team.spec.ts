import { expect, test } from "@playwright/test";
import { open } from "./helpers";
import { addJournalEntries, newClimber, takeAssessment } from "./seed";

// Issue 21: a coach and an athlete in two browser contexts. The coach makes a team and an
// invite link; the athlete opens it signed in, sees who asks, shares the journal only; the
// coach sees the journal and not the assessment; the athlete unshares, and the coach's page
// says so on its next load. A used link then gets a clear message.
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
