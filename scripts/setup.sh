#!/usr/bin/env bash
# Installs what ClimbingPill needs to build, run and test, skipping whatever is already
# present at the right version. Safe to run again. Needs: rustup, node/npm, apt (Debian).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# A C toolchain: libSQL's SQLite and a few crypto crates compile C code.
if ! command -v cc >/dev/null 2>&1 || ! command -v make >/dev/null 2>&1; then
  say "installing build-essential and pkg-config from apt"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y build-essential pkg-config
fi

# Formatter and linter the test command runs.
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding Rust component $component"
    rustup component add "$component"
  fi
done

# Rust target for the browser bundle.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The two cargo tools below are the slowest part of a fresh machine's setup. They are build
# tools, not shipped code, so they are compiled with light optimisation and no LTO, and the
# two builds run side by side (each one's serial link and build-script phases leave a core
# idle). Together that took a fresh 2-core machine's setup from about 30 to 20 minutes.
tool_install() {
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install "$@"
}
pids=()

# cargo-leptos: 0.3.10 exactly (0.3.11 needs a newer rustc than this toolchain).
if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "0.3.10" ]; then
  say "installing cargo-leptos 0.3.10 (a cold build takes several minutes)"
  tool_install cargo-leptos --version 0.3.10 --locked &
  pids+=($!)
fi

# wasm-bindgen CLI: must equal the wasm-bindgen crate in Cargo.lock. (`--locked` fails for it.)
WBG=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG" ]; then
  say "installing wasm-bindgen-cli $WBG"
  tool_install wasm-bindgen-cli --version "$WBG" &
  pids+=($!)
fi

# npm packages of the browser tests, including binaryen's wasm-opt for release builds
# (Debian's binaryen is too old: its output never hydrates).
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -x end2end/node_modules/.bin/playwright ] \
   || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing end2end npm packages"
  (cd end2end && npm ci --no-audit --no-fund)
fi

# Mastra's own packages (pinned in bench/mastra/package-lock.json): tests/mastra.rs reads an
# exported file back with them; the memory bench compares against them.
if [ ! -d bench/mastra/node_modules/@mastra/memory ] \
   || [ bench/mastra/package-lock.json -nt bench/mastra/node_modules/.package-lock.json ]; then
  say "installing bench/mastra npm packages"
  (cd bench/mastra && npm ci --no-audit --no-fund)
fi

# Debian's Chromium for Playwright (Playwright's own browser download is not used).
if [ "${SKIP_CHROMIUM:-}" != 1 ] && [ ! -x /usr/bin/chromium ]; then
  say "installing chromium from apt"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

# `wait PID` returns that job's exit status, so a failed install fails the setup.
for pid in "${pids[@]}"; do wait "$pid"; done
