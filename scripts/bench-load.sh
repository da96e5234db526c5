#!/usr/bin/env bash
# The load figure of issue 18: 50 climbers chatting (offline coach), logging and reading for
# 60 s against the app served on loopback from a release build, without Redis and then with
# it (REDIS_URL or LOAD_REDIS_URL; else a throwaway redis-server, as the tests use). Prints
# p50/p99 per operation and the error count (429s, the per-climber limits, counted apart).
# Not part of scripts/test.sh. Settings: LOAD_CLIMBERS, LOAD_SECS, LOAD_THINK_MS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/redis.sh
trap stop_test_redis EXIT
if [ -z "${LOAD_REDIS_URL:-}" ]; then
  start_test_redis
  export LOAD_REDIS_URL="$TEST_REDIS_URL"
fi
cargo bench --features ssr --bench load ${LOAD_PROFILE:+--profile "$LOAD_PROFILE"}
