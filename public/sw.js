// ClimbingPill's service worker: makes the app installable and lets the timer and the
// pages a climber last loaded open without a network.
//
// What it caches, and why only that:
// - Static files (the WASM bundle, its JS glue, the stylesheet, icons, the manifest):
//   network first, the cached copy when offline. Never cache-first: the bundle's file names
//   are not hashed, and an old bundle under new HTML would fail to hydrate.
// - Pages (GET navigations answered 200 by our own origin): network first, cached copy when
//   offline, so the timer and the last-loaded pages open in a gym without signal.
// - Never: server functions and API routes under /api/ (journal exports, chat streams...),
//   which carry personal data, nor anything that is not a GET. Those go to the network
//   untouched. Logging out (POST /api/logout) empties the page cache, so the next person on
//   a shared device can't read the previous climber's pages offline.
const VERSION = "v1";
const STATIC_CACHE = `climbingpill-static-${VERSION}`;
const PAGES_CACHE = `climbingpill-pages-${VERSION}`;
const PRECACHE = [
  "/pkg/climbingpill.js",
  "/pkg/climbingpill.wasm",
  "/pkg/climbingpill.css",
  "/manifest.webmanifest",
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
            .filter((k) => k.startsWith("climbingpill-") && k !== STATIC_CACHE && k !== PAGES_CACHE)
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

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

async function networkFirst(event, cacheName) {
  const request = event.request;
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const cached = await caches.match(request, { ignoreVary: true });
    if (cached) return cached;
    throw offline;
  }
  // Only complete, same-origin, non-redirected answers are worth keeping. Storing happens
  // beside the answer: a cache that refuses an entry must never fail the page.
  if (response.ok && response.type === "basic" && !response.redirected) {
    const copy = response.clone();
    event.waitUntil(
      caches
        .open(cacheName)
        .then((cache) => cache.put(request, copy))
        .catch((err) => console.warn("ClimbingPill: not cached", request.url, err)),
    );
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/api/logout") {
    event.waitUntil(caches.delete(PAGES_CACHE));
    return;
  }
  if (request.method !== "GET" || isPersonalApi(url)) return;
  if (isStatic(url)) {
    event.respondWith(networkFirst(event, STATIC_CACHE));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(event, PAGES_CACHE));
  }
});
