import { expect, test } from "@playwright/test";
import { open } from "./helpers";
import { newClimber } from "./seed";

// Issue 21: a team may have several coaches. The coach presses "Invite a coach"; a second
// climber opens the link, is told it is for coaching, and joins as a coach; an athlete's
// invite then names both coaches, and once the athlete joins, the second coach sees them.
test("a coach invites a co-coach, who then sees the team's athletes", async ({ browser }, info) => {
  const baseURL = info.project.use.baseURL;
  const pages = [];
  for (let i = 0; i < 3; i++) pages.push(await (await browser.newContext({ baseURL })).newPage());
  const [coach, cocoach, athlete] = pages;

  await newClimber(coach, "coach");
  await open(coach, "/team");
  await coach.getByLabel("Team name").fill("Slab Club");
  await coach.getByRole("button", { name: "Create team" }).click();
  await expect(coach.getByRole("heading", { name: "Slab Club — your athletes" })).toBeVisible();

  await coach.getByRole("button", { name: "Invite a coach" }).click();
  const coachLink = coach.getByLabel(/Send this link to one coach/);
  await expect(coachLink).toHaveValue(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  const coachInvite = new URL(await coachLink.inputValue()).pathname;

  await newClimber(cocoach, "cocoach");
  await open(cocoach, coachInvite);
  await expect(cocoach.getByText("invites you to coach")).toBeVisible();
  await expect(cocoach.getByText("Slab Club", { exact: true })).toBeVisible();
  await cocoach.getByLabel("Your name, as the team sees it").fill("Cleo");
  await cocoach.getByRole("button", { name: "Coach the team" }).click();
  await expect(cocoach).toHaveURL(/\/team$/);
  await expect(cocoach.getByRole("heading", { name: "Slab Club — your athletes" })).toBeVisible();
  await expect(cocoach.getByText("No athletes yet.")).toBeVisible();

  // The same link can't make a third coach.
  await newClimber(athlete, "athlete");
  await open(athlete, coachInvite);
  await expect(athlete.getByRole("alert")).toContainText("already been used");

  // The athlete's invite (made by the co-coach) names both coaches.
  await open(cocoach, "/team");
  await cocoach.getByRole("button", { name: "Create invite link" }).click();
  const athleteLink = cocoach.getByLabel(/Send this link to one athlete/);
  await expect(athleteLink).toHaveValue(/\/invite\//);
  await open(athlete, new URL(await athleteLink.inputValue()).pathname);
  const coaches = athlete.locator(".team-coaches");
  await expect(coaches).toContainText("Cleo");
  await expect(coaches).toContainText(",");
  await athlete.getByLabel("Your name, as the team sees it").fill("Bea");
  await athlete.getByRole("button", { name: "Join the team" }).click();
  await expect(athlete).toHaveURL(/\/team$/);

  // Both coaches see Bea.
  for (const c of [coach, cocoach]) {
    await open(c, "/team");
    await expect(c.getByRole("row", { name: /Bea/ })).toBeVisible();
  }

  // The co-coach stops coaching the team: it leaves their page (and the header's Team link,
  // their only team), and Bea's card names the maker alone. The maker has no such button.
  await expect(coach.getByRole("button", { name: "Stop coaching this team" })).toHaveCount(0);
  await cocoach.getByRole("button", { name: "Stop coaching this team" }).click();
  await expect(cocoach.getByRole("heading", { name: "Slab Club — your athletes" })).toHaveCount(0);
  await expect(cocoach.getByRole("heading", { name: "Create a team" })).toBeVisible();
  await expect(cocoach.locator(".app-nav").getByRole("link", { name: /^Team/ })).toHaveCount(0);
  await open(athlete, "/team");
  await expect(athlete.locator(".team-coaches")).not.toContainText("Cleo");
  await open(coach, "/team");
  await expect(coach.getByRole("row", { name: /Bea/ })).toBeVisible();
});
