# Sourced by test.sh: a throwaway redis-server for the REDIS_URL tests (tests/abuse.rs), unless
# TEST_REDIS_URL names one to use. It listens on 127.0.0.1 at a free port, keeps nothing on
# disk, and is stopped and its folder deleted when the test run ends.
#
# Exports TEST_REDIS_URL.

redis_as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

start_test_redis() {
  if [ -n "${TEST_REDIS_URL:-}" ]; then
    echo "Redis tests use TEST_REDIS_URL"
    return
  fi
  if [ -n "${REDIS_URL:-}" ]; then
    export TEST_REDIS_URL="$REDIS_URL"
    echo "Redis tests use REDIS_URL"
    return
  fi
  if ! command -v redis-server >/dev/null; then
    echo "installing redis-server from apt (for a throwaway test server)"
    redis_as_root apt-get update
    redis_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server
  fi
  REDIS_TMP=$(mktemp -d /tmp/climbingpill-redis.XXXXXX)
  local port
  for port in $(seq 56379 56579); do
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
    --dir "$REDIS_TMP" --pidfile "$REDIS_TMP/redis.pid" --logfile "$REDIS_TMP/redis.log" \
    --daemonize yes
  local i
  for i in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  export TEST_REDIS_URL="redis://127.0.0.1:$port/"
  echo "throwaway $(redis-server --version | grep -Eo 'v=[0-9.]+') on port $port"
}

stop_test_redis() {
  if [ -n "${REDIS_TMP:-}" ] && [ -d "$REDIS_TMP" ]; then
    if [ -f "$REDIS_TMP/redis.pid" ]; then
      kill "$(cat "$REDIS_TMP/redis.pid")" 2>/dev/null || true
    fi
    rm -rf "$REDIS_TMP"
  fi
}
