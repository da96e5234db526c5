#!/usr/bin/env bash
# Screenshots of every page at 1280 and 360 px, light and dark, signed out, for a fresh climber
# and for one with weeks of data, into target/screenshots/ with an index.html. Not a test: look
# at the pictures (and at the pages the index marks as scrolling sideways) before calling UI
# work done.
#
#   scripts/screenshots.sh                  # builds a release, serves it on a free port, shoots
#   scripts/screenshots.sh --base URL       # shoots a server that is already running
#   scripts/screenshots.sh --debug          # builds and serves a debug build (much quicker)
#
# BASE=URL works like --base. Without either, a server that already answers on
# http://127.0.0.1:3000 is used. A server this script starts gets its own empty data directory
# and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

base="${BASE:-}"
profile=release
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --base=*) base="${1#--base=}"; shift ;;
    --debug) profile=debug; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

healthy() { curl -fs -o /dev/null --max-time 2 "$1/healthz" 2>/dev/null; }

out="$PWD/target/screenshots"
mkdir -p "$out"
server_pid=""
data_dir=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$data_dir" ]; then rm -rf "$data_dir"; fi
}
trap cleanup EXIT

if [ -z "$base" ] && healthy "http://127.0.0.1:3000"; then
  base="http://127.0.0.1:3000"
fi
if [ -n "$base" ]; then
  healthy "$base" || { echo "no ClimbingPill server answers at $base" >&2; exit 1; }
else
  if [ "$profile" = release ]; then
    echo "Building a release (cargo leptos build --release --split; a first build takes about 15 minutes)..."
    cargo leptos build --release --split
  else
    echo "Building (cargo leptos build --split)..."
    cargo leptos build --split
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  data_dir=$(mktemp -d)
  # Serve a copy of the site, so another build rewriting target/site mid-run can't break it.
  cp -r target/site "$data_dir/site"
  base="http://127.0.0.1:$port"
  echo "Starting the $profile server on $base (data in $data_dir)..."
  # The offline coach and a local database: quick, free, and the same pictures every run.
  env -u LLM_MODEL -u EMBEDDINGS_MODEL -u SUPABASE_DB_URL -u MEMORY_DB_URL \
  LEPTOS_OUTPUT_NAME=climbingpill LEPTOS_SITE_ROOT="$data_dir/site" LEPTOS_SITE_PKG_DIR=pkg \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" CLIMBINGPILL_DATA_DIR="$data_dir" \
    "target/$profile/climbingpill" >"$out/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    healthy "$base" && break
    kill -0 "$server_pid" 2>/dev/null || { echo "the server stopped; see $out/server.log" >&2; exit 1; }
    sleep 0.5
  done
  healthy "$base" || { echo "the server did not start; see $out/server.log" >&2; exit 1; }
fi

cd end2end
E2E_BASE_URL="$base" SHOTS_DIR="$out" npx playwright test -c screenshots/playwright.config.ts
echo "Open $out/index.html"
