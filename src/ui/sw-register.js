// Registers ClimbingPill's service worker (see /sw.js for what it caches and why). Written
// inline into every page by the shell (src/ui/app.rs), under the page's CSP nonce.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((err) => {
      console.warn("ClimbingPill: offline support unavailable", err);
    });
  });
}
