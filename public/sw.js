// ClimbingPill's service worker: makes the app installable and lets the timer and the
// pages a climber last loaded open without a network.
//
// Filled in by the server each time it sends this file (src/server/http/assets.rs): the
// build's id and the files every page loads, by their content-hashed names. A deploy
// changes them, so the browser installs this worker anew, and its activation deletes the
// previous build's caches.
const BUILD = "dev";
const ENTRY_FILES = ["/pkg/climbingpill.js", "/pkg/climbingpill.wasm", "/pkg/climbingpill.css"];
//
// What it caches, and why only that:
// - Build files whose name carries a hash of their content (/pkg/climbingpill.<hash>.wasm,
//   the JS glue, the stylesheet, code chunks): cache first. Such a name never changes
//   meaning, so the cached copy is always the right one, and a page only ever asks for the
//   files of its own build: an old bundle can't meet new HTML.
// - Other static files (icons, the manifest, a build without hashed names): network first,
//   the cached copy when offline.
// - Pages (GET navigations answered 200 by our own origin): network first, cached copy when
//   offline, so the timer and the last-loaded pages open in a gym without signal. They are
//   kept per build, with that build's files: a new build starts with no cached pages.
// - Never: server functions and API routes under /api/ (journal exports, chat streams...),
//   which carry personal data, nor anything that is not a GET. Those go to the network
//   untouched.
//
// Pages belong to one account. Every answer names the account it was made for (the
// x-climbingpill-account header, an opaque tag; "none" without a session). The page cache
// holds one account's pages at a time and is emptied when:
// - a login, sign-up or logout is sent (POST /api/login, /api/signup, /api/logout);
// - a page answers for another account than the cached pages', or for nobody (a 401, or a
//   session that expired and was sent to the login page).
// Offline, a cached page is served only when it was cached for the account the network
// last answered for, never "none". So climber B on A's browser never sees A's pages.
const STATIC_CACHE = `climbingpill-static-${BUILD}`;
const PAGES_CACHE = `climbingpill-pages-${BUILD}`;
// Remembers which account the network last answered for (the worker itself may be stopped
// and restarted at any time, so this can't live in a variable). Kept across builds.
const META_CACHE = "climbingpill-meta-v2";
const ACCOUNT_HEADER = "x-climbingpill-account";
const ACCOUNT_KEY = "/__climbingpill/account";
const NOBODY = "none";
const SESSION_CHANGES = ["/api/login", "/api/signup", "/api/logout"];
const PRECACHE = [
  ...ENTRY_FILES,
  "/manifest.webmanifest",
  "/icons/icon.svg",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      // One missing file must not stop the worker from installing: add them one by one.
      .then((cache) => Promise.all(PRECACHE.map((url) => cache.add(url).catch(() => undefined))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter(
              (k) =>
                k.startsWith("climbingpill-") &&
                k !== STATIC_CACHE &&
                k !== PAGES_CACHE &&
                k !== META_CACHE,
            )
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// cargo-leptos' hashed names: 22 characters of URL-safe base64 before the extension (not
// the 22 underscores of the split loader's unhashed name).
function isHashed(url) {
  return (
    url.pathname.startsWith("/pkg/") &&
    /\.(?=[A-Za-z0-9_-]*[A-Za-z0-9])[A-Za-z0-9_-]{22}\.[A-Za-z0-9]+$/.test(url.pathname)
  );
}

function isStatic(url) {
  return (
    url.pathname.startsWith("/pkg/") ||
    url.pathname.startsWith("/icons/") ||
    url.pathname === "/manifest.webmanifest"
  );
}

function isPersonalApi(url) {
  return url.pathname.startsWith("/api/");
}

async function lastAccount() {
  const meta = await caches.open(META_CACHE);
  const saved = await meta.match(ACCOUNT_KEY);
  return saved ? saved.text() : NOBODY;
}

// Empties the page cache and remembers who the network now answers for.
async function switchAccount(account) {
  await caches.delete(PAGES_CACHE);
  const meta = await caches.open(META_CACHE);
  await meta.put(ACCOUNT_KEY, new Response(account));
}

function accountOf(response) {
  return response.headers.get(ACCOUNT_HEADER) || NOBODY;
}

// Hashed build files: the cached copy, else the network (and keep it).
async function hashedFile(event) {
  const cache = await caches.open(STATIC_CACHE);
  const cached = await cache.match(event.request, { ignoreVary: true });
  if (cached) return cached;
  return staticFile(event);
}

// Static files: network first, the cached copy when offline.
async function staticFile(event) {
  const request = event.request;
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const cache = await caches.open(STATIC_CACHE);
    const cached = await cache.match(request, { ignoreVary: true });
    if (cached) return cached;
    throw offline;
  }
  // Storing happens beside the answer: a cache that refuses an entry must never fail it.
  if (response.ok && response.type === "basic" && !response.redirected) {
    const copy = response.clone();
    event.waitUntil(
      caches
        .open(STATIC_CACHE)
        .then((cache) => cache.put(request, copy))
        .catch((err) => console.warn("ClimbingPill: not cached", request.url, err)),
    );
  }
  return response;
}

// Pages: network first; offline, the cached copy only if it was cached for the account the
// network last answered for.
async function page(event) {
  const request = event.request;
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const account = await lastAccount();
    const cache = await caches.open(PAGES_CACHE);
    const cached = await cache.match(request, { ignoreVary: true });
    if (cached && account !== NOBODY && accountOf(cached) === account) return cached;
    throw offline;
  }
  const account = response.status === 401 ? NOBODY : accountOf(response);
  const keep = response.ok && response.type === "basic" && !response.redirected;
  const copy = keep && account !== NOBODY ? response.clone() : null;
  event.waitUntil(
    (async () => {
      if (account !== (await lastAccount())) await switchAccount(account);
      if (copy) await (await caches.open(PAGES_CACHE)).put(request, copy);
    })().catch((err) => console.warn("ClimbingPill: not cached", request.url, err)),
  );
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && SESSION_CHANGES.includes(url.pathname)) {
    // Whoever logs in, signs up or out next, the pages cached so far aren't theirs.
    event.waitUntil(switchAccount(NOBODY));
    return;
  }
  if (request.method !== "GET" || isPersonalApi(url)) {
    return;
  }
  if (isHashed(url)) {
    event.respondWith(hashedFile(event));
  } else if (isStatic(url)) {
    event.respondWith(staticFile(event));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  }
});

// For tests in Node (tests/sw/sw.test.mjs): the page logic with its collaborators passed in.
if (typeof module !== "undefined") {
  module.exports = { page, lastAccount, switchAccount, isHashed, ACCOUNT_HEADER, NOBODY };
}
