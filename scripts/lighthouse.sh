#!/usr/bin/env bash
# Lighthouse (npm, 12.x) accessibility and best-practices scores of the public pages, in
# Debian's Chromium, against a running ClimbingPill (default http://127.0.0.1:3000). Not part
# of the test command: the scores go in release notes. Installability is checked in the
# Playwright suite with Chromium's own check (Lighthouse 12 dropped its PWA category).
set -euo pipefail
base=${1:-http://127.0.0.1:3000}
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
(cd "$tools" && npm init -y >/dev/null && npm install --no-audit --no-fund lighthouse@12 >/dev/null)
for path in / /login /signup; do
  "$tools/node_modules/.bin/lighthouse" "$base$path" --quiet --output=json --output-path="$tools/report.json" \
    --only-categories=accessibility,best-practices --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox" >/dev/null
  node -e '
    const r = require(process.argv[1]);
    const c = r.categories;
    console.log(`${process.argv[2]}: accessibility ${Math.round(c.accessibility.score * 100)}, best practices ${Math.round(c["best-practices"].score * 100)}`);
  ' "$tools/report.json" "$path"
done
