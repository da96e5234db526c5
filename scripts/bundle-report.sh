#!/usr/bin/env bash
# The browser bundle's weight (issue 16): every file of target/site/pkg in raw, gzip and
# brotli bytes, each page's first load of code, and the top 20 contributors to the WASM
# code (by crate, and by function). See scripts/bundle_report.py.
#   scripts/bundle-report.sh            report on the site as last built
#   scripts/bundle-report.sh --build    build the release site first (cargo leptos build --release --split)
#   scripts/bundle-report.sh --check    also fail when a file or page is over its byte budget, or
#                                       when a server-only module (the free-text readers) reached
#                                       the browser; scripts/test.sh runs this after its release build
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# brotli -q 11, the level a build-time precompression uses, from Debian's `brotli`.
if ! command -v brotli >/dev/null 2>&1; then
  echo "==> installing brotli from apt"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y brotli >/dev/null 2>&1 || {
    as_root apt-get update >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y brotli >/dev/null
  }
fi

args=()
for a in "$@"; do
  case "$a" in
    --build)
      source scripts/env.sh
      cargo leptos build --release --split
      ;;
    *) args+=("$a") ;;
  esac
done
exec python3 scripts/bundle_report.py "${args[@]}"
