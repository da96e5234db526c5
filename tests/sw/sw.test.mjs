// The service worker's page cache (public/sw.js) run in Node with an in-memory Cache
// Storage and a scripted network: a page cached for one climber is never served to another.
// Run by tests/abuse.rs (`node --test tests/sw/sw.test.mjs`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

function cacheStorage() {
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

function worker() {
  const listeners = {};
  let network = null; // a function (request) -> Response, or null when offline
  const ctx = {
    self: {
      location: { origin: "https://cp.example" },
      addEventListener: (type, fn) => (listeners[type] = fn),
    },
    caches: cacheStorage(),
    fetch: async (req) => {
      if (!network) throw new TypeError("Failed to fetch");
      return network(req);
    },
    Response,
    URL,
    console,
    module: { exports: {} },
  };
  vm.createContext(ctx);
  vm.runInContext(readFileSync(new URL("../../public/sw.js", import.meta.url), "utf8"), ctx);
  // Dispatches one fetch event and waits for everything it started.
  async function dispatch(method, path, mode = "navigate") {
    const waits = [];
    let answer;
    const event = {
      request: { url: `https://cp.example${path}`, method, mode },
      respondWith: (p) => (answer = p),
      waitUntil: (p) => waits.push(p),
    };
    listeners.fetch(event);
    const res = answer ? await answer.catch((e) => e) : undefined;
    await Promise.all(waits);
    return res;
  }
  return {
    online: (fn) => (network = fn),
    offline: () => (network = null),
    visit: (path) => dispatch("GET", path),
    post: (path) => dispatch("POST", path, "cors"),
  };
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
