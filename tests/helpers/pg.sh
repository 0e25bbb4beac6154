#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL cluster on loopback for the server tests.
#
#   eval "$(tests/helpers/pg.sh start)"   # exports DD_TEST_PG_URL and DD_TEST_PG_DIR
#   .venv/bin/python -m pytest tests/integration -k server
#   tests/helpers/pg.sh stop "$DD_TEST_PG_DIR"
#
# The cluster lives under /tmp, listens on 127.0.0.1 only, trusts local connections and
# runs as the "postgres" user when started by root (PostgreSQL refuses to run as root).
# Each test server creates (and drops) its own database in it.
set -euo pipefail

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    echo "pg.sh: PostgreSQL server binaries not found (set PGBIN)" >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        # From /, so the postgres user is never left in a directory it cannot enter.
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    local dir port
    dir=$(mktemp -d /tmp/dd-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    port=$(free_port)
    as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log"
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" \
        start >/dev/null
    echo "export DD_TEST_PG_URL=postgresql://postgres@127.0.0.1:$port/postgres"
    echo "export DD_TEST_PG_DIR=$dir"
}

stop() {
    local dir=${1:-${DD_TEST_PG_DIR:-}}
    if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
        echo "pg.sh: no cluster directory given" >&2
        exit 1
    fi
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
