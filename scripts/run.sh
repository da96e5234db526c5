#!/usr/bin/env bash
# Installs what is missing, builds a release, and serves ClimbingPill on
# http://127.0.0.1:3000 with its data in ./data/climbingpill.db (see README for settings).
set -euo pipefail
cd "$(dirname "$0")/.."
SKIP_CHROMIUM=1 scripts/setup.sh
source scripts/env.sh
# --precompress: a brotli and a gzip copy of every static file, sent as browsers accept them.
# --split: each page behind the front door has WASM files of its own (README, "The browser bundle").
exec cargo leptos serve --release --split --precompress
