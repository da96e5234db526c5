import { defineConfig } from "@playwright/test";
import { chromiumProject } from "../chromium";

// Screenshots of every page (scripts/screenshots.sh). Not part of the test suite: the main
// config's testDir is ../tests, and this one only runs capture.spec.ts.
const baseURL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  testDir: ".",
  testMatch: "capture.spec.ts",
  timeout: 15 * 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "off",
  },
  projects: [chromiumProject],
});
