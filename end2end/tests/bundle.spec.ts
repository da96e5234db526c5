import { expect, test } from "@playwright/test";
import { open } from "./helpers";
import { sharedClimber } from "./seed";

// The WASM bundle is split by route (`cargo leptos build --split`, lazy routes in
// src/ui/app.rs): each page, opened cold (empty HTTP cache, no service worker), hydrates with
// the first file plus its own route's files, and never another page's. The bytes each first
// load moved over the wire (CDP `encodedDataLength`: headers and bodies, until the network is
// idle after `<html data-hydrated>`) are printed for issue 16's closing note and held to a
// budget; the code's own budget is checked on the built files by scripts/bundle-report.sh
// --check, which does not depend on how the server compresses.

// The signed-out pages are in the first file; every other page is a lazy route whose code is
// in its group's file (`lazy_page!` in src/ui/app.rs: a few pages share one).
const PAGES: [string, string | null][] = [
  ["/", null],
  ["/login", null],
  ["/signup", null],
  ["/chat", "chat_pages"],
  ["/journal", "journal_pages"],
  ["/journal/import", "journal_pages"],
  ["/progress", "progress_pages"],
  ["/timer", "training_pages"],
  ["/programs", "training_pages"],
  ["/assessment", "assessment_pages"],
  ["/onboarding", "assessment_pages"],
  ["/profile", "progress_pages"],
  ["/team", "team_pages"],
];

test.use({ serviceWorkers: "block" });
test.skip(!!process.env.SUPABASE_DB_URL, "UI-only: covered in the libSQL run");

test("each page hydrates cold with the first WASM file and only its own route's code", async ({ browser }, info) => {
  test.setTimeout(180_000);
  const lines: string[] = [];
  // One login (logins per address are limited), its cookie reused by each cold context.
  const baseURL = info.project.use.baseURL;
  const setup = await browser.newContext({ baseURL });
  await sharedClimber(await setup.newPage(), "quiet");
  const signedIn = await setup.storageState();
  await setup.close();
  for (const [path, route] of PAGES) {
    const context = await browser.newContext({
      baseURL,
      serviceWorkers: "block",
      storageState: route ? signedIn : undefined,
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const urls = new Map<string, string>();
    const bytes = new Map<string, number>();
    const encodings = new Map<string, string>();
    cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
    cdp.on("Network.loadingFinished", (e) => bytes.set(e.requestId, e.encodedDataLength));
    cdp.on("Network.responseReceived", (e) => {
      const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      encodings.set(new URL(e.response.url).pathname.split("/").pop()!, h["content-encoding"] ?? "none");
    });

    await open(page, path);
    // Requests started before hydration may still be finishing: give them a moment.
    await page.waitForLoadState("networkidle");
    const wasm = [...urls.values()]
      .map((u) => new URL(u).pathname)
      .filter((p) => p.endsWith(".wasm"))
      .map((p) => p.split("/").pop()!);
    const total = [...bytes.values()].reduce((a, b) => a + b, 0);
    const routeFiles = wasm.filter((f) => f.startsWith("split_")).join(", ") || "none";
    lines.push(`${path}: ${(total / 1024).toFixed(1)} KiB in ${bytes.size} responses (${wasm.length} .wasm; route: ${routeFiles})`);

    // Issue 16's target, 350 KB on the wire, holds for every page (7 December 2026, KB = 1,000
    // bytes): the front door 218.8 KB in 6 responses, /chat 336.0 in 36, /journal 336.3 in 39,
    // /journal/import 334.7, /progress 333.5 and /profile 333.7 in 36, /assessment 339.0 and
    // /onboarding 337.7 in 37-38, /timer 348.4 and /programs 348.7 in 38-39 (under by 1.3 KB:
    // a feature there must take something off first), /team 331.0 in 37.
    // What got /timer, /programs and /team under (they were 383.6, 383.6 and 363.7 KB): parts a
    // page shows later fetch their code when shown (ui::components::deferred: a session's
    // actions, the folded calendar, coaches' comments, the timer's log form, the coach's load
    // chart of an athlete), the server draws the operators' dashboard, and the deferred parts
    // share one erased body. Earlier steps: postcard answers and hydration data, one erased
    // Resource and Transition for every page, 6 split groups, erase_components, route files
    // against the first file as a dictionary (with the timer in a seventh group /chat fetched
    // 57 responses and hydrated in 3.46 s; with a group per route /chat was 640 KB in 196).
    const budget = !route ? 230_000 : 350_000;
    expect(total, `${path}: ${total} bytes on the wire, budget ${budget}`).toBeLessThanOrEqual(budget);
    expect(wasm.filter((f) => /^climbingpill(\.[\w-]+)?\.wasm$/.test(f)), `${path}: ${wasm}`).toHaveLength(1);
    const splits = wasm.filter((f) => f.startsWith("split_"));
    // Chromium keeps the first file as a dictionary (Use-As-Dictionary) and the server sends
    // every route file compressed against it (src/server/http/dictionary.rs); the first file
    // itself travels as its brotli copy.
    const first = wasm.find((f) => f.startsWith("climbingpill"))!;
    expect(encodings.get(first), `${path}: ${first}`).toBe("br");
    const routeWasm = wasm.filter((f) => f !== first);
    expect(
      routeWasm.filter((f) => encodings.get(f) !== "dcb"),
      `${path}: route files not sent against the dictionary`,
    ).toEqual([]);
    if (route) {
      expect(splits.some((f) => f.startsWith(`split_${route}.`)), `${path} loads its group: ${wasm}`).toBe(true);
      const others = PAGES.filter(([, r]) => r && r !== route).map(([, r]) => `split_${r}.`);
      expect(splits.filter((f) => others.some((o) => f.startsWith(o))), `${path} loads no other page's code`).toEqual([]);
    } else {
      expect(splits, `${path} needs no route file`).toEqual([]);
    }
    await context.close();
  }
  console.log(`First load per page (cold, no service worker):\n  ${lines.join("\n  ")}`);
});

test("lazy pages opened by links (client-side) load their code and work, the timer's reader included", async ({ page }) => {
  await sharedClimber(page, "quiet");
  await open(page, "/journal");
  await page.locator(".app-nav").getByRole("link", { name: "Timer" }).click();
  await expect(page).toHaveURL(/\/timer$/);
  await expect(page.getByRole("heading", { name: "Timer", level: 1 })).toBeVisible();
  // The timer reads a described plan in the browser (it must work offline).
  await page.getByLabel("Or describe your timer").fill("7 on 3 off, 6 reps, 3 sets");
  await page.getByRole("button", { name: "Set timer" }).click();
  await expect(page).toHaveURL(/\/timer\?/);
  await expect(page.getByRole("region", { name: /^Timer: / }).getByRole("timer")).toBeVisible();
  await page.locator(".app-nav").getByRole("link", { name: "Progress" }).click();
  await expect(page.getByRole("heading", { name: "Progress", level: 1 })).toBeVisible();
});

// A repeat visit (issue 16): the page and its data come from the network, every static file
// (the hashed bundle, its route files, the stylesheet, scripts, icons) from the browser's
// cache with no request at all: hashed names are `immutable` for a year. Checked on the
// HTTP cache alone (no service worker), a signed-out page and a lazy signed-in one.
test("a repeat visit requests only the page and its data, no static file", async ({ browser }, info) => {
  const baseURL = info.project.use.baseURL;
  const context = await browser.newContext({ baseURL, serviceWorkers: "block" });
  await sharedClimber(await context.newPage(), "quiet");
  for (const path of ["/login", "/chat", "/journal"]) {
    const first = await context.newPage();
    await open(first, path);
    await first.waitForLoadState("networkidle");
    await first.close();

    const again = await context.newPage();
    const cdp = await context.newCDPSession(again);
    await cdp.send("Network.enable");
    const urls = new Map<string, string>();
    const cached = new Set<string>();
    cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
    cdp.on("Network.requestServedFromCache", (e) => cached.add(e.requestId));
    cdp.on("Network.responseReceived", (e) => {
      if (e.response.fromDiskCache || e.response.fromPrefetchCache) cached.add(e.requestId);
    });
    await open(again, path);
    await again.waitForLoadState("networkidle");
    const fetched = [...urls].filter(([id]) => !cached.has(id)).map(([, u]) => new URL(u).pathname);
    const staticFiles = [...urls.values()].map((u) => new URL(u).pathname).filter((p) => !p.startsWith("/api/") && p !== path);
    // The check can fail: the visit did load the bundle (from the cache).
    expect(staticFiles.filter((p) => p.endsWith(".wasm")).length, `${path}: ${staticFiles}`).toBeGreaterThan(0);
    expect(
      fetched.filter((p) => !p.startsWith("/api/") && p !== path),
      `${path}: requests that reached the server besides the page and its data`,
    ).toEqual([]);
    await again.close();
  }
  await context.close();
});
