// Time to hydrated on a throttled phone-like connection (issue 16), in Debian's Chromium:
// Lighthouse's mobile preset applied through CDP (150 ms round trip, 1.6 Mbps down, 750 kbps
// up, CPU 4x slower, a phone's screen), cold cache, no service worker. For each page it prints
// when `<html data-hydrated>` was set (the app's `hydrated` performance mark, set at the same
// moment), the first contentful paint and the bytes that crossed the wire until then.
// Not part of the test command: a figure for release notes.
//
//   cd end2end && node hydration-timing.mjs [BASE_URL] [RUNS] [PAGES]
// PAGES: comma-separated paths (default the five of issue 16's time target); every path but
// /, /login and /signup is opened signed in. "all" = every page of the app.
// The signed-in pages use a climber signed up here through the app's endpoint.
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const runs = Number(process.argv[3] ?? 3);
const ALL = ["/", "/login", "/signup", "/chat", "/journal", "/progress", "/timer", "/programs", "/assessment", "/onboarding", "/profile", "/team"];
const PAGES = process.argv[4] === "all" ? ALL : (process.argv[4]?.split(",") ?? ["/", "/login", "/chat", "/journal", "/progress"]);
const SIGNED_OUT = new Set(["/", "/login", "/signup"]);
// Lighthouse 12's mobile throttling (constants.throttling.mobileSlow4G), and its phone screen.
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;
const PHONE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// One climber for the signed-in pages (sign-ups per address are limited).
const setup = await browser.newContext({ baseURL: base });
const email = `timing-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
const signup = await setup.request.post("/api/signup", { form: { email, password: "overhang on a rainy tuesday" } });
if (!signup.ok()) throw new Error(`sign-up failed: ${signup.status()} ${await signup.text()}`);
const signedIn = await setup.storageState();
await setup.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const path of PAGES) {
  const hydrated = [];
  const fcp = [];
  const bytes = [];
  const responses = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({
      baseURL: base,
      serviceWorkers: "block",
      storageState: SIGNED_OUT.has(path) ? undefined : signedIn,
      ...PHONE,
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", NETWORK);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    let wire = 0;
    let count = 0;
    let counting = true;
    cdp.on("Network.loadingFinished", (e) => {
      if (counting) {
        wire += e.encodedDataLength;
        count += 1;
      }
    });
    await page.goto(path, { timeout: 120_000 });
    await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 120_000 });
    counting = false;
    const t = await page.evaluate(() => ({
      hydrated: performance.getEntriesByName("hydrated")[0]?.startTime ?? NaN,
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
    }));
    if (new URL(page.url()).pathname !== path) throw new Error(`${path} ended on ${page.url()}`);
    hydrated.push(t.hydrated);
    fcp.push(t.fcp);
    bytes.push(wire);
    responses.push(count);
    await context.close();
  }
  rows.push({ path, hydrated: median(hydrated), all: hydrated, fcp: median(fcp), bytes: median(bytes), responses: median(responses) });
}
await browser.close();

console.log(`Time to hydrated, ${runs} cold loads each (median), ${NETWORK.latency} ms RTT, 1.6 Mbps down, CPU ${CPU_SLOWDOWN}x:`);
console.log(`${"page".padEnd(12)} ${"hydrated".padStart(10)} ${"FCP".padStart(8)} ${"wire KB".padStart(9)} ${"resp".padStart(5)}  runs (ms)`);
for (const r of rows) {
  console.log(
    `${r.path.padEnd(12)} ${(r.hydrated / 1000).toFixed(2).padStart(9)}s ${(r.fcp / 1000).toFixed(2).padStart(7)}s ${(r.bytes / 1000).toFixed(1).padStart(9)} ${String(r.responses).padStart(5)}  ${r.all.map((x) => Math.round(x)).join(", ")}`,
  );
}
