#!/usr/bin/env bash
# The load figure of issue 18: 50 climbers chatting (offline coach), logging and reading for
# 60 s against the app served on loopback from a release build, without Redis and then with
# it (REDIS_URL or LOAD_REDIS_URL; else a throwaway redis-server, as the tests use). Prints
# p50/p99 per operation and the error count (429s, the per-climber limits, counted apart).
# Not part of scripts/test.sh. Settings: LOAD_CLIMBERS, LOAD_SECS, LOAD_THINK_MS;
# LOAD_REDIS=off skips the run with Redis; LOAD_METRICS=on (default: Prometheus metrics
# recorded and served on METRICS_ADDR, default 127.0.0.1:9464, as the server does), off
# (METRICS_ADDR=, no recorder) or both (off, then on: the cost of the metrics, issue 19).
# OpenTelemetry traces are off in every run (no OTEL_EXPORTER_OTLP_ENDPOINT is read here).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/redis.sh
trap stop_test_redis EXIT
if [ "${LOAD_REDIS:-on}" = off ]; then
  unset LOAD_REDIS_URL REDIS_URL
elif [ -z "${LOAD_REDIS_URL:-}" ]; then
  start_test_redis
  export LOAD_REDIS_URL="$TEST_REDIS_URL"
fi
unset OTEL_EXPORTER_OTLP_ENDPOINT OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
bench() { cargo bench --features ssr --bench load ${LOAD_PROFILE:+--profile "$LOAD_PROFILE"}; }
case "${LOAD_METRICS:-on}" in
  on) METRICS_ADDR="${METRICS_ADDR-127.0.0.1:9464}" bench ;;
  off) METRICS_ADDR= bench ;;
  both)
    echo "=== metrics off (METRICS_ADDR=)"
    METRICS_ADDR= bench
    echo "=== metrics on (METRICS_ADDR=${METRICS_ADDR:-127.0.0.1:9464})"
    METRICS_ADDR="${METRICS_ADDR:-127.0.0.1:9464}" bench
    ;;
  *) echo "LOAD_METRICS must be on, off or both" >&2; exit 2 ;;
esac
