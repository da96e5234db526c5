// node wire.mjs BASE PATH...  — per-response encoded bytes for cold loads (scratch tool)
import { chromium } from "@playwright/test";
const base = process.argv[2];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const setup = await browser.newContext({ baseURL: base });
const p0 = await setup.newPage();
const email = `w-${Date.now()}@example.com`;
let r = await p0.request.post("/api/signup", { form: { email, password: "overhang on a rainy tuesday" } });
const state = await setup.storageState();
for (const path of process.argv.slice(3)) {
  const ctx = await browser.newContext({ baseURL: base, serviceWorkers: "block", storageState: state });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const urls = new Map(), bytes = new Map(), enc = new Map();
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
  cdp.on("Network.responseReceived", (e) => enc.set(e.requestId, e.response.headers["content-encoding"] || e.response.headers["Content-Encoding"] || "-"));
  cdp.on("Network.loadingFinished", (e) => bytes.set(e.requestId, e.encodedDataLength));
  await page.goto(path);
  await page.waitForSelector("html[data-hydrated]");
  await page.waitForLoadState("networkidle");
  let total = 0; const rows = [];
  for (const [id, b] of bytes) { total += b; rows.push([b, new URL(urls.get(id)).pathname, enc.get(id)]); }
  rows.sort((a, b) => b[0] - a[0]);
  console.log(`${path}: ${total} bytes, ${rows.length} responses`);
  if (process.env.ROWS) for (const r of rows) console.log(`  ${r[0]}\t${r[2]}\t${r[1]}`);
  await ctx.close();
}
await browser.close();
