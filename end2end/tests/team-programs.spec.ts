import { expect, test } from "@playwright/test";
import { open } from "./helpers";
import { apiForm, apiJson, newClimber, takeAssessment } from "./seed";

// Issue 21: coach-proposed program changes, with the coach and the athlete in two browser
// contexts. The team and the invite are seeded through the endpoints (team.spec.ts covers
// those pages). The coach proposes skipping a session with a note; the athlete sees the card
// and accepts, and the week view shows the session skipped. The coach then proposes a new
// program from the latest assessment; the athlete declines, and the program stays.
test("coach proposes, athlete accepts one change and declines another", async ({ browser }, info) => {
  const baseURL = info.project.use.baseURL;
  const coachCtx = await browser.newContext({ baseURL });
  const athleteCtx = await browser.newContext({ baseURL });
  const coach = await coachCtx.newPage();
  const athlete = await athleteCtx.newPage();

  await newClimber(coach, "pcoach");
  await apiForm(coach, "profile/save", {
    display_name: "Cam",
    bodyweight_kg: "",
    boulder_grades: "v",
    route_grades: "french",
    goals: "",
  });
  const teamId = await apiJson<string>(coach, "team/create", { name: "Crimp Crew" });
  const link = await apiJson<{ path: string }>(coach, "team/invite", { team_id: teamId });

  await newClimber(athlete, "pathlete");
  await takeAssessment(athlete);
  const mine = await apiJson(athlete, "programs/generate", { replace: false });
  const sharing = { journal: true, assessments: true, programs: true, progress: true };
  await apiJson(athlete, "team/invite/accept", {
    token: link.path.replace("/invite/", ""),
    name: "Bea",
    sharing,
  });
  const overview = await apiJson(coach, "team/overview");
  const athleteId: string = overview.coached[0].athletes[0].user_id;

  // The coach's editor, on the athlete's page.
  await open(coach, `/team/athlete/${athleteId}`);
  await expect(coach.getByRole("heading", { name: "Bea" })).toBeVisible();
  await expect(coach.locator("html")).toHaveAttribute("data-hydrated", "true");
  const editor = coach.locator(".coach-proposals");
  await expect(editor.getByRole("heading", { name: "Propose a change" })).toBeVisible();
  await coach.getByLabel("Note for your athlete (optional)").fill("Rest before the comp on Saturday");
  const sessionSelect = coach.getByLabel("Session", { exact: true });
  const options = sessionSelect.locator("option");
  expect(await options.count()).toBeGreaterThan(1);
  const firstLabel = (await options.nth(0).textContent())!.trim();
  const secondValue = (await options.nth(1).getAttribute("value"))!;
  // A move needs a day: said in words, nothing added.
  await editor.getByRole("button", { name: "Add change" }).click();
  await expect(editor.getByRole("alert")).toContainText("Pick the day to move it to.");
  // Skip the first session; add the second too, then remove it.
  await coach.getByLabel("Skip").check();
  await editor.getByRole("button", { name: "Add change" }).click();
  await sessionSelect.selectOption(secondValue);
  await coach.getByLabel("Skip").check();
  await editor.getByRole("button", { name: "Add change" }).click();
  await expect(editor.locator(".session-editor .proposal-changes li")).toHaveCount(2);
  await editor.getByRole("button", { name: "Remove" }).nth(1).click();
  await expect(editor.locator(".session-editor .proposal-changes li")).toHaveCount(1);
  await expect(editor.locator(".session-editor .proposal-changes li")).toContainText(`${firstLabel}: skip`);
  await editor.getByRole("button", { name: "Propose these changes" }).click();
  await expect(editor.getByRole("status")).toContainText("Proposed. Bea sees it on their programs page");
  await expect(editor.locator(".sent-proposals > li")).toContainText("Waiting for the athlete");

  // The athlete's programs page: the card; nothing changed yet.
  await open(athlete, "/programs");
  await expect(athlete.locator("html")).toHaveAttribute("data-hydrated", "true");
  const card = athlete.locator(".proposal-card");
  await expect(card.getByRole("heading", { name: "Your coach proposes changes to your program" })).toBeVisible();
  await expect(card).toContainText("From Cam");
  await expect(card).toContainText("Rest before the comp on Saturday");
  await expect(card).toContainText(": skipped");
  await expect(athlete.locator("article.session-card.skipped")).toHaveCount(0);
  const current = await apiJson(athlete, "programs/current");
  expect(current.sessions).toEqual(mine.sessions);
  await card.getByRole("button", { name: "Accept" }).click();
  await expect(athlete.getByRole("status").filter({ hasText: "Accepted" })).toBeVisible();
  await expect(card).toHaveCount(0);
  // The week view shows the session skipped.
  await expect(athlete.locator("article.session-card.skipped")).toHaveCount(1);
  await expect(athlete.locator("article.session-card.skipped")).toContainText("Skipped");

  // The coach sees it accepted, then proposes a new program from the latest assessment.
  await coach.reload();
  await expect(coach.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(editor.locator(".sent-proposals > li").first()).toContainText("Accepted");
  await coach.getByLabel("Note for your athlete (optional)").fill("A new block for the spring");
  await editor.getByRole("button", { name: "Propose a new program from their latest assessment" }).click();
  await expect(editor.getByRole("status")).toContainText("Proposed.");
  await expect(editor.locator(".sent-proposals > li").first()).toContainText("A new program");

  // The athlete declines it: the program stays.
  await athlete.reload();
  await expect(athlete.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(card.getByRole("heading", { name: "Your coach proposes a new program" })).toBeVisible();
  await expect(card).toContainText("A new block for the spring");
  await expect(card).toContainText("A new program from the latest assessment");
  await card.getByRole("button", { name: "Decline" }).click();
  await expect(athlete.getByRole("status").filter({ hasText: "Declined" })).toBeVisible();
  await expect(card).toHaveCount(0);
  const after = await apiJson(athlete, "programs/current");
  expect(after.program.id).toBe(mine.program.id);
  await expect(athlete.locator("article.session-card.skipped")).toHaveCount(1);

  // A coach's comment on a session shows under "Comments from your coach" on the athlete's
  // programs page (its code comes after the page is live, only when there is one).
  const session = after.sessions[0];
  await apiJson(coach, "team/comment", {
    athlete_id: athleteId,
    target: "session",
    target_id: session.id,
    body: "Keep the hangs sub-maximal this week.",
  });
  await open(athlete, "/programs");
  const comments = athlete.getByRole("region", { name: "Comments from your coach" });
  await expect(comments).toContainText("Keep the hangs sub-maximal this week.");
  await expect(comments).toContainText(session.planned.title);

  await coachCtx.close();
  await athleteCtx.close();
});
