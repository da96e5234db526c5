#!/usr/bin/env bash
# The progress and program benches on both backends, in one command. Each bench prints one
# table: p50 / p95 / p99 (ms) per operation on libSQL and on PostgreSQL side by side, and the
# ratio PostgreSQL p50 / libSQL p50.
#
# PostgreSQL runs in a throwaway cluster (see postgres.sh), stopped and deleted at the end, unless
# TEST_DATABASE_URL names a server to use; each bench creates its own database there and drops it.
# Timings are wall-clock on a shared machine: other work running at the same time makes them
# noisy, p99 most of all.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f scripts/env.sh ] && source scripts/env.sh
source scripts/postgres.sh
trap stop_test_postgres EXIT
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "PostgreSQL for the benches"
start_test_postgres

step "cargo bench --features ssr --bench progress"
cargo bench --features ssr --bench progress

step "cargo bench --features ssr --bench program"
cargo bench --features ssr --bench program
