#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the audit-trail store tests on 127.0.0.1:${PHIGUARD_PG_PORT:-55432} (Debian's
# postgresql package, installed when missing) and exports PHIGUARD_TEST_POSTGRES for the tests. Idempotent: a server
# already answering on the port is reused. Source it (". scripts/start-postgres.sh") so the export reaches the caller.
set -euo pipefail

port="${PHIGUARD_PG_PORT:-55432}"
data="${PHIGUARD_PG_DATA:-/tmp/phiguard-pg-$port}"
bin=""

find_bin() {
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
}

find_bin
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "start-postgres.sh: PostgreSQL is not installed; run as root or 'apt-get install -y postgresql'" >&2
    return 2 2>/dev/null || exit 2
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >/dev/null; }
  find_bin
fi

# PostgreSQL refuses to run as root: as root, the server runs as the package's 'postgres' user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  if [ ! -s "$data/PG_VERSION" ]; then
    rm -rf "$data"
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
    as_pg "$bin/initdb" -D "$data" -U phiguard --auth=trust -E UTF8 >/dev/null
  fi
  as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=on" start >/dev/null
fi

export PHIGUARD_TEST_POSTGRES="postgres://phiguard@127.0.0.1:$port/postgres"
echo "start-postgres.sh: PostgreSQL on 127.0.0.1:$port (PHIGUARD_TEST_POSTGRES=$PHIGUARD_TEST_POSTGRES)"
