import { defineConfig } from "@playwright/test";
import { chromiumProject } from "./chromium";

// The app under test is started by `cargo leptos end-to-end` (see scripts/test.sh).
const baseURL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "off",
  },
  projects: [chromiumProject],
});
