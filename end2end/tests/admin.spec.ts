import { expect, Page, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { open } from "./helpers";
import { newClimber } from "./seed";

// The operators' dashboard (issue 19): a climber made admin with the real
// `climbingpill admin grant EMAIL`, run against the same database as the server under test
// (this process inherits the server's CLIMBINGPILL_DATA_DIR and SUPABASE_DB_URL from
// `cargo leptos end-to-end`), sees it; another climber, and nobody signed in, get the 404 page.
// Two sign-ups.

/** The binary to run: CLIMBINGPILL_BIN, else the newest of the release and debug builds. */
function binary(): string {
  if (process.env.CLIMBINGPILL_BIN) return process.env.CLIMBINGPILL_BIN;
  const builds = ["release", "debug"]
    .map((p) => resolve(__dirname, "../../target", p, "climbingpill"))
    .filter((f) => existsSync(f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (builds.length === 0) throw new Error("no climbingpill binary in target/: build first or set CLIMBINGPILL_BIN");
  return builds[0];
}

function grantAdmin(email: string) {
  const out = execFileSync(binary(), ["admin", "grant", email], { env: process.env, encoding: "utf8", stdio: "pipe" });
  return out;
}

async function expectNotFound(page: Page) {
  const res = await page.goto("/admin");
  expect(res?.status()).toBe(404);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("heading", { name: "Off route" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Slow queries" })).toHaveCount(0);
}

test("an admin sees the dashboard; a climber and a stranger get the 404 page", async ({ browser }, info) => {
  const baseURL = info.project.use.baseURL;

  const stranger = await browser.newPage({ baseURL });
  await expectNotFound(stranger);
  const r = await stranger.request.post("/api/admin/dashboard");
  expect(r.status()).toBe(404);
  await stranger.close();

  const climber = await browser.newPage({ baseURL });
  await newClimber(climber, "admin-climber");
  await expectNotFound(climber);
  await open(climber, "/journal");
  await expect(climber.getByRole("link", { name: "Journal" }).first()).toBeVisible();
  await expect(climber.getByRole("link", { name: "Admin" })).toHaveCount(0);
  expect((await climber.request.post("/api/admin/dashboard")).status()).toBe(404);
  await climber.close();

  const admin = await browser.newPage({ baseURL, viewport: { width: 1280, height: 900 } });
  const { email } = await newClimber(admin, "admin-boss");
  grantAdmin(email);
  await open(admin, "/journal");
  // The header's link, then the page drawn in the browser (client-side navigation).
  await admin.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Admin" }).click();
  await expect(admin).toHaveURL(/\/admin$/);
  await expect(admin.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  for (const section of ["Memory", "Activity", "Data growth", "Slow queries", "Onboarding funnel", "Agent", "Admins"]) {
    await expect(admin.getByRole("heading", { name: section, level: 2 })).toBeVisible();
  }
  await expect(admin.locator("#slow-queries li").first()).toBeVisible();
  await expect(admin.getByRole("img", { name: "Climbers who reached each step" }).first()).toBeAttached();
  await expect(admin.getByRole("img", { name: "Coach turns per day" }).first()).toBeAttached();
  await expect(admin.locator(".admin-list")).toContainText(email);

  // Loaded directly too (server-rendered, 200), and tidy on a phone: nothing scrolls sideways.
  const res = await admin.goto("/admin");
  expect(res?.status()).toBe(200);
  await admin.setViewportSize({ width: 360, height: 740 });
  await open(admin, "/admin");
  await expect(admin.getByRole("heading", { name: "Slow queries" })).toBeVisible();
  expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  if (process.env.ADMIN_SCREENSHOTS) {
    await admin.screenshot({ path: `${process.env.ADMIN_SCREENSHOTS}/admin-360.png`, fullPage: true });
    await admin.setViewportSize({ width: 1280, height: 900 });
    await open(admin, "/admin");
    await admin.screenshot({ path: `${process.env.ADMIN_SCREENSHOTS}/admin-1280.png`, fullPage: true });
  }
  await admin.close();
});
