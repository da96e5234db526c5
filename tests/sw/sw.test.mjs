// The service worker's page cache (public/sw.js) run in Node with an in-memory Cache
// Storage and a scripted network: a page cached for one climber is never served to another.
// Run by tests/abuse.rs (`node --test tests/sw/sw.test.mjs`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const ORIGIN = "https://cp.example";

// The browser's Cache Storage, in memory; `fetchVia` is the network `cache.add` uses.
function cacheStorage(fetchVia) {
  const caches = new Map();
  const open = async (name) => {
    if (!caches.has(name)) caches.set(name, new Map());
    const entries = caches.get(name);
    return {
      match: async (req) => {
        const hit = entries.get(typeof req === "string" ? req : req.url);
        return hit ? hit.clone() : undefined;
      },
      put: async (req, res) => {
        entries.set(typeof req === "string" ? req : req.url, res);
      },
      // As the browser's: fetch (through the worker's scope's `fetch`), then put.
      add: async (url) => {
        const res = await fetchVia(url);
        if (!res.ok) throw new TypeError(`${url}: ${res.status}`);
        entries.set(new URL(url, ORIGIN).href, res);
      },
    };
  };
  const match = async (req) => {
    for (const name of caches.keys()) {
      const hit = await (await open(name)).match(req);
      if (hit) return hit;
    }
  };
  return {
    open,
    match,
    delete: async (name) => caches.delete(name),
    keys: async () => [...caches.keys()],
  };
}

// The worker as the server sends it: `build` and `entry` written in (see
// service_worker_source in src/server/http/assets.rs). Workers of two builds may share
// one Cache Storage (`caches`), as an update does in the browser.
function worker({ build, entry, caches } = {}) {
  const listeners = {};
  let network = null; // a function (request) -> Response, or null when offline
  const requests = []; // URLs that reached the network
  const fetchVia = async (req) => {
    const url = typeof req === "string" ? new URL(req, ORIGIN).href : req.url;
    if (!network) throw new TypeError("Failed to fetch");
    requests.push(url);
    return network(typeof req === "string" ? { url, method: "GET", mode: "cors" } : req);
  };
  const storage = caches ?? cacheStorage(fetchVia);
  if (caches) caches.fetchVia = fetchVia;
  const ctx = {
    self: {
      location: { origin: ORIGIN },
      addEventListener: (type, fn) => (listeners[type] = fn),
      skipWaiting: async () => undefined,
      clients: { claim: async () => undefined },
    },
    caches: storage,
    fetch: fetchVia,
    Response,
    URL,
    console,
    module: { exports: {} },
  };
  let source = readFileSync(new URL("../../public/sw.js", import.meta.url), "utf8");
  if (build) source = source.replace(/^const BUILD = .*$/m, `const BUILD = ${JSON.stringify(build)};`);
  if (entry) source = source.replace(/^const ENTRY_FILES = .*$/m, `const ENTRY_FILES = ${JSON.stringify(entry)};`);
  vm.createContext(ctx);
  vm.runInContext(source, ctx);
  // Dispatches one fetch event and waits for everything it started.
  async function dispatch(method, path, mode = "navigate") {
    const waits = [];
    let answer;
    const event = {
      request: { url: `${ORIGIN}${path}`, method, mode },
      respondWith: (p) => (answer = p),
      waitUntil: (p) => waits.push(p),
    };
    listeners.fetch(event);
    const res = answer ? await answer.catch((e) => e) : undefined;
    await Promise.all(waits);
    return res;
  }
  async function lifecycle(type) {
    const waits = [];
    listeners[type]({ waitUntil: (p) => waits.push(p) });
    await Promise.all(waits);
  }
  return {
    online: (fn) => (network = fn),
    offline: () => (network = null),
    visit: (path) => dispatch("GET", path),
    load: (path) => dispatch("GET", path, "cors"),
    post: (path) => dispatch("POST", path, "cors"),
    install: () => lifecycle("install"),
    activate: () => lifecycle("activate"),
    requests,
    caches: storage,
    exports: ctx.module.exports,
  };
}

// A shared Cache Storage for workers of successive builds.
function sharedCaches() {
  let current = null;
  const storage = cacheStorage((req) => current(req));
  Object.defineProperty(storage, "fetchVia", { set: (fn) => (current = fn) });
  return storage;
}

// A static file answer from our origin.
function file(body) {
  const res = new Response(body, { status: 200 });
  Object.defineProperty(res, "type", { value: "basic" });
  return res;
}

function pageFor(account, body, status = 200) {
  return () => {
    const res = new Response(body, {
      status,
      headers: { "x-climbingpill-account": account, "content-type": "text/html" },
    });
    Object.defineProperty(res, "type", { value: "basic" });
    return res;
  };
}

const text = async (res) => (res instanceof Response ? res.text() : `error: ${res}`);

test("offline, a climber's own pages open from the cache", async () => {
  const sw = worker();
  sw.online(pageFor("acct-a", "A's journal"));
  await sw.visit("/journal");
  sw.offline();
  assert.equal(await text(await sw.visit("/journal")), "A's journal");
});

test("climber B logging in on A's browser never sees A's cached pages", async () => {
  const sw = worker();
  sw.online(pageFor("acct-a", "A's journal"));
  await sw.visit("/journal");
  sw.online(pageFor("none", "ok"));
  await sw.post("/api/login");
  sw.offline();
  assert.match(await text(await sw.visit("/journal")), /^error/);
});

test("a page answered for another account empties the cache (login without the worker seeing it)", async () => {
  const sw = worker();
  sw.online(pageFor("acct-a", "A's journal"));
  await sw.visit("/journal");
  sw.online(pageFor("acct-b", "B's chat"));
  await sw.visit("/chat");
  sw.offline();
  assert.match(await text(await sw.visit("/journal")), /^error/);
  assert.equal(await text(await sw.visit("/chat")), "B's chat");
});

test("an expired session (a page for nobody, or a 401) empties the cache", async () => {
  for (const answer of [pageFor("none", "Log in"), pageFor("acct-a", "no", 401)]) {
    const sw = worker();
    sw.online(pageFor("acct-a", "A's journal"));
    await sw.visit("/journal");
    sw.online(answer);
    await sw.visit("/profile");
    sw.offline();
    assert.match(await text(await sw.visit("/journal")), /^error/);
  }
});

test("sign-up and logout empty the cache too", async () => {
  for (const path of ["/api/signup", "/api/logout"]) {
    const sw = worker();
    sw.online(pageFor("acct-a", "A's journal"));
    await sw.visit("/journal");
    await sw.post(path);
    sw.offline();
    assert.match(await text(await sw.visit("/journal")), /^error/);
  }
});

const hashA = "AAAAAAAAAAAAAAAAAAAAAA";
const hashB = "BBBBBBBBBBBBBBBBBBBBBB";
const entryOf = (h) => [`/pkg/climbingpill.${h}.js`, `/pkg/climbingpill.${h}.wasm`, `/pkg/climbingpill.${h}.css`];
// The server of one build: its files say which build they are.
const serverOf = (name) => (req) => {
  const path = new URL(req.url).pathname;
  return req.mode === "navigate" ? pageFor("acct-a", `${name} page`)() : file(`${name} ${path}`);
};

test("a build's hashed files are installed with the worker and then come from the cache", async () => {
  const sw = worker({ build: "build-a", entry: entryOf(hashA) });
  sw.online(serverOf("A"));
  await sw.install();
  await sw.activate();
  const fetched = sw.requests.length;
  assert.ok(sw.requests.includes(`${ORIGIN}/pkg/climbingpill.${hashA}.wasm`), sw.requests.join());
  // A repeat visit: no request for a file whose name can't change meaning.
  assert.equal(await text(await sw.load(`/pkg/climbingpill.${hashA}.wasm`)), `A /pkg/climbingpill.${hashA}.wasm`);
  assert.equal(sw.requests.length, fetched);
  // A code chunk first loaded later is kept too, and then served offline.
  const chunk = `/pkg/timer.${hashA}.wasm`;
  assert.equal(await text(await sw.load(chunk)), `A ${chunk}`);
  sw.offline();
  assert.equal(await text(await sw.load(chunk)), `A ${chunk}`);
  assert.equal(await text(await sw.load(`/pkg/climbingpill.${hashA}.js`)), `A /pkg/climbingpill.${hashA}.js`);
});

test("a new build's worker deletes the old build's files and pages, never mixing the two", async () => {
  const caches = sharedCaches();
  const a = worker({ build: "build-a", entry: entryOf(hashA), caches });
  a.online(serverOf("A"));
  await a.install();
  await a.activate();
  await a.visit("/timer");
  a.offline();
  assert.equal(await text(await a.visit("/timer")), "A page");

  // A deploy: build B's worker installs (B's files) and takes over.
  const b = worker({ build: "build-b", entry: entryOf(hashB), caches });
  b.online(serverOf("B"));
  await b.install();
  await b.activate();
  const names = await caches.keys();
  assert.deepEqual(
    names.filter((n) => n.includes("build-a")),
    [],
    `old build's caches are gone: ${names.join()}`,
  );
  assert.ok(names.includes("climbingpill-static-build-b"), names.join());
  // B's page, online, and B's bundle; offline, B's files are there, A's are not.
  assert.equal(await text(await b.visit("/timer")), "B page");
  b.offline();
  assert.equal(await text(await b.visit("/timer")), "B page");
  assert.equal(await text(await b.load(`/pkg/climbingpill.${hashB}.wasm`)), `B /pkg/climbingpill.${hashB}.wasm`);
  assert.match(await text(await b.load(`/pkg/climbingpill.${hashA}.wasm`)), /^error/);
});

test("files without a hash in their name are asked for each time (network first)", async () => {
  const sw = worker();
  sw.online(serverOf("old"));
  assert.equal(await text(await sw.load("/pkg/climbingpill.wasm")), "old /pkg/climbingpill.wasm");
  sw.online(serverOf("new"));
  assert.equal(await text(await sw.load("/pkg/climbingpill.wasm")), "new /pkg/climbingpill.wasm");
  sw.offline();
  assert.equal(await text(await sw.load("/pkg/climbingpill.wasm")), "new /pkg/climbingpill.wasm");
  const { isHashed } = sw.exports;
  assert.equal(isHashed(new URL(`${ORIGIN}/pkg/climbingpill.${hashA}.wasm`)), true);
  assert.equal(isHashed(new URL(`${ORIGIN}/pkg/climbingpill.wasm`)), false);
  assert.equal(isHashed(new URL(`${ORIGIN}/icons/icon.${hashA}.png`)), false);
  assert.equal(isHashed(new URL(`${ORIGIN}/pkg/__wasm_split.${"_".repeat(22)}.js`)), false);
  assert.equal(isHashed(new URL(`${ORIGIN}/pkg/split___timer_view_x.Ab3_-9xYz0123456789abc.wasm`)), true);
});
