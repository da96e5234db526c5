import { Browser, BrowserContext, expect, Page, test } from "@playwright/test";
import * as fs from "fs";
import * as path from "path";
import { addConversations, addJournalEntries, apiJson, finishOnboarding, newClimber, takeAssessment } from "../tests/seed";

// Every page at 1280 and 360 px, light and dark, signed out, for a fresh climber and for one
// with weeks of data, into target/screenshots/ with an index.html (scripts/screenshots.sh).
// Not a test: it only fails when a page cannot be opened at all. Horizontal overflow at 360 px
// is measured and shown in the index (and printed) so it can be looked at and fixed.

const OUT = process.env.SHOTS_DIR ?? path.resolve(__dirname, "../../target/screenshots");
const VIEWPORTS = [
  { name: "1280", width: 1280, height: 800 },
  { name: "360", width: 360, height: 740 },
] as const;
const SCHEMES = ["light", "dark"] as const;

interface PageSpec {
  name: string;
  path: string;
  /** Something to do after the page is ready (open a menu, expand a section). */
  prepare?: (page: Page) => Promise<void>;
  /** Only at this width. */
  only?: number;
}

interface Shot {
  set: string;
  page: string;
  path: string;
  width: number;
  scheme: string;
  file: string;
  scrollWidth: number;
  overflowing: string[];
}

const shots: Shot[] = [];

function slug(s: string) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** Waits until the page is hydrated, its data has arrived and nothing says "Loading". */
async function ready(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => {});
  await page
    .waitForFunction(() => !/\bLoading\b/.test(document.body.innerText), null, { timeout: 5_000 })
    .catch(() => {});
  await page.waitForTimeout(250);
}

/** Elements that stick out past the right edge of the viewport (the first few). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > w + 1) {
        // Skip children of an element already reported, and anything inside a scroll box.
        let p = el.parentElement;
        let inside = false;
        while (p) {
          const s = getComputedStyle(p);
          if (s.overflowX === "auto" || s.overflowX === "scroll" || s.overflowX === "hidden") inside = true;
          p = p.parentElement;
        }
        if (inside) continue;
        const cls = typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "";
        out.push(`${el.tagName.toLowerCase()}${cls} (right ${Math.round(r.right)})`);
        if (out.length >= 5) break;
      }
    }
    return out;
  });
}

async function captureSet(browser: Browser, set: string, pages: PageSpec[], storageState?: string) {
  for (const vp of VIEWPORTS) {
    for (const scheme of SCHEMES) {
      const context: BrowserContext = await browser.newContext({
        baseURL: test.info().project.use.baseURL,
        viewport: { width: vp.width, height: vp.height },
        colorScheme: scheme,
        deviceScaleFactor: 1,
        storageState,
      });
      const page = await context.newPage();
      for (const p of pages) {
        if (p.only && p.only !== vp.width) continue;
        await page.goto(p.path);
        await ready(page);
        if (p.prepare) await p.prepare(page);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        const over = scrollWidth > vp.width ? await overflowing(page) : [];
        const file = `${slug(set)}-${slug(p.name)}-${vp.name}-${scheme}.png`;
        // A full-page picture keeps a fixed element where the first screen had it: pin the
        // phone's tab bar to the end of the page instead, where a climber sees it after scrolling.
        // (Through the CSSOM: the app's Content-Security-Policy refuses an inline <style>.)
        await page.evaluate(() => {
          document.body.style.position = "relative";
          document.querySelector<HTMLElement>(".tab-bar")?.style.setProperty("position", "absolute", "important");
        });
        await page.screenshot({ path: path.join(OUT, file), fullPage: true });
        shots.push({ set, page: p.name, path: p.path, width: vp.width, scheme, file, scrollWidth, overflowing: over });
        const flag = scrollWidth > vp.width ? `  OVERFLOW scrollWidth=${scrollWidth} ${over.join(", ")}` : "";
        console.log(`${file}${flag}`);
      }
      await context.close();
    }
  }
}

function escapeHtml(s: string) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function writeIndex() {
  fs.writeFileSync(path.join(OUT, "shots.json"), JSON.stringify(shots, null, 2));
  const sets = [...new Set(shots.map((s) => s.set))];
  let body = "";
  for (const set of sets) {
    body += `<h2>${escapeHtml(set)}</h2>\n`;
    const names = [...new Set(shots.filter((s) => s.set === set).map((s) => s.page))];
    for (const name of names) {
      const row = shots.filter((s) => s.set === set && s.page === name);
      body += `<section><h3>${escapeHtml(name)} <code>${escapeHtml(row[0].path)}</code></h3><div class="row">\n`;
      for (const s of row) {
        const over = s.scrollWidth > s.width;
        const caption = `${s.width} px · ${s.scheme}${over ? ` · <strong>scrolls sideways (${s.scrollWidth} px): ${escapeHtml(s.overflowing.join(", "))}</strong>` : ""}`;
        body += `<figure class="w${s.width}${over ? " over" : ""}"><a href="${s.file}"><img loading="lazy" src="${s.file}" alt="${escapeHtml(`${name}, ${s.width} px, ${s.scheme}`)}"></a><figcaption>${caption}</figcaption></figure>\n`;
      }
      body += `</div></section>\n`;
    }
  }
  const overflowCount = shots.filter((s) => s.scrollWidth > s.width).length;
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ClimbingPill screenshots</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem; background: #f3f5f7; color: #1b1f24; }
h2 { border-bottom: 2px solid #0b5d4b; }
section { margin-bottom: 2rem; }
.row { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
figure { margin: 0; background: #fff; border: 1px solid #d0d6dc; padding: 0.5rem; }
figure.w1280 img { width: 480px; }
figure.w360 img { width: 180px; }
figure img { display: block; border: 1px solid #d0d6dc; }
figure.over { border: 3px solid #a4161a; }
figcaption { font-size: 0.85rem; max-width: 480px; }
</style></head><body>
<h1>ClimbingPill screenshots</h1>
<p>${shots.length} screenshots taken ${new Date().toISOString()} from ${escapeHtml(String(test.info().project.use.baseURL))}.
Pages that scroll sideways: ${overflowCount}. Click a picture for full size.</p>
${body}</body></html>
`;
  fs.writeFileSync(path.join(OUT, "index.html"), html);
}

const openMore = async (page: Page) => {
  await page.getByRole("navigation", { name: "Main" }).getByText("More").click();
  await expect(page.locator(".more-menu")).toBeVisible();
};

test("screenshots of every page", async ({ browser }) => {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (f.endsWith(".png")) fs.unlinkSync(path.join(OUT, f));
  const base = test.info().project.use.baseURL;

  await captureSet(browser, "Signed out", [
    { name: "Landing", path: "/" },
    { name: "Log in", path: "/login" },
    { name: "Sign up", path: "/signup" },
    { name: "Not found", path: "/no-such-page" },
  ]);

  // A climber who has just signed up: nothing told, nothing logged.
  const fresh = await browser.newPage({ baseURL: base });
  await newClimber(fresh, "shots-empty");
  const freshState = path.join(OUT, ".fresh-state.json");
  await fresh.context().storageState({ path: freshState });
  await fresh.close();
  const appPages: PageSpec[] = [
    { name: "Onboarding", path: "/onboarding" },
    { name: "Chat", path: "/chat" },
    { name: "Journal", path: "/journal" },
    { name: "Assessment", path: "/assessment" },
    { name: "Assessment result", path: "/assessment/result" },
    { name: "Programs", path: "/programs" },
    { name: "Progress", path: "/progress" },
    { name: "Timer", path: "/timer" },
    { name: "Profile", path: "/profile" },
  ];
  await captureSet(browser, "Fresh climber", appPages, freshState);

  // A climber with weeks of data: onboarding (a first assessment and a 12-week program), a
  // second assessment, 45 journal entries, and several long conversations.
  const full = await browser.newPage({ baseURL: base });
  await newClimber(full, "shots-full");
  await finishOnboarding(full, { weeks: 12 });
  await takeAssessment(full, { weeks: 12 });
  await addJournalEntries(full, 45);
  // 16 coach turns: under the server's limit of 20 a minute per climber.
  const threads = await addConversations(full, 4, 4);
  const list = await apiJson(full, "journal/list", { query: { from: "", to: "", kind: "", text: "", page: 1 } });
  const entryId = list.entries?.[0]?.id ?? list.page?.entries?.[0]?.id;
  const fullState = path.join(OUT, ".full-state.json");
  await full.context().storageState({ path: fullState });
  await full.close();
  const populated: PageSpec[] = [
    ...appPages.filter((p) => p.path !== "/onboarding"),
    { name: "Conversation", path: `/chat/${threads[threads.length - 1].id}` },
    ...(entryId ? [{ name: "Journal entry", path: `/journal/${entryId}` }] : []),
    { name: "Journal, More menu open", path: "/journal", only: 360, prepare: openMore },
    {
      name: "Timer, max hangs picked",
      path: "/timer",
      prepare: async (page) => {
        await page.locator(".preset-list a").first().click();
        await expect(page.locator(".timer")).toBeVisible();
      },
    },
  ];
  await captureSet(browser, "Climber with data", populated, fullState);

  fs.unlinkSync(freshState);
  fs.unlinkSync(fullState);
  writeIndex();
  const over = shots.filter((s) => s.scrollWidth > s.width);
  console.log(`${shots.length} screenshots in ${OUT}; ${over.length} scroll sideways`);
  for (const s of over) console.log(`  ${s.file}: ${s.scrollWidth} px: ${s.overflowing.join(", ")}`);
});
