# Sourced by test.sh: a throwaway PostgreSQL cluster for the Postgres tests, unless
# TEST_DATABASE_URL names a server to use. The cluster lives in a temp folder, listens on
# 127.0.0.1 at a free port, and is stopped and deleted when the test run ends.
#
# Exports TEST_DATABASE_URL (a superuser URL with a random password; each test creates its own
# database) and, for a cluster we own, TEST_PG_CTL: a script taking `stop` or `start`, for the
# restart fault test.

pg_as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Empty (not a failure) when no PostgreSQL is installed: the caller installs it then.
pg_bindir() { { ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true; } | sort -V | tail -1; }

start_test_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    echo "Postgres tests use TEST_DATABASE_URL"
    return
  fi
  local bindir
  bindir=$(pg_bindir)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "installing postgresql from apt (for a throwaway test cluster)"
    pg_as_root apt-get update
    pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    bindir=$(pg_bindir)
  fi
  PG_TMP=$(mktemp -d /tmp/climbingpill-pg.XXXXXX)
  # initdb refuses to run as root: the cluster belongs to the `postgres` user then.
  local runas=""
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$PG_TMP"
    runas="runuser -u postgres --"
  fi
  local port
  for port in $(seq 55432 55632); do
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  # A random password (not trust): other local users must not get a superuser on this port.
  local password
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$PG_TMP/pwfile"
  [ -n "$runas" ] && chown postgres:postgres "$PG_TMP/pwfile"
  $runas "$bindir/initdb" -D "$PG_TMP/data" -U postgres --auth=scram-sha-256 \
    --pwfile="$PG_TMP/pwfile" -E UTF8 --no-sync >"$PG_TMP/initdb.log"
  rm -f "$PG_TMP/pwfile"
  cat >"$PG_TMP/pg_ctl" <<CTL
#!/usr/bin/env bash
exec $runas "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 30 \
  -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" "\$@"
CTL
  chmod +x "$PG_TMP/pg_ctl"
  "$PG_TMP/pg_ctl" start >/dev/null
  export TEST_DATABASE_URL="postgres://postgres:$password@127.0.0.1:$port/postgres"
  export TEST_PG_CTL="$PG_TMP/pg_ctl"
  echo "throwaway PostgreSQL $("$bindir/postgres" --version | grep -Eo '[0-9]+(\.[0-9]+)?' | head -1) on port $port"
}

stop_test_postgres() {
  if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP" ]; then
    "$PG_TMP/pg_ctl" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}
