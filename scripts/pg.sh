#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests: loopback only, non-default port.
#   scripts/pg.sh start DIR PORT   |   scripts/pg.sh stop DIR PORT
#   PG_DURABLE=1 scripts/pg.sh start DIR PORT   (fsync and synchronous commit on)
set -euo pipefail
action=$1 dir=$2 port=$3
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$action" in
  start)
    if [ -f "$dir/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      exit 0
    fi
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Tests: durability off (fast). PG_DURABLE=1 (benchmarks/charge.py): PostgreSQL's defaults,
    # as in production.
    options="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${PG_DURABLE:-0}" = 1 ] && options=""
    as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
      -o "-h 127.0.0.1 -p $port -k $dir $options" start >/dev/null
    "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE solidarites" >/dev/null
    echo "PostgreSQL prêt sur 127.0.0.1:$port"
    ;;
  stop)
    if [ -d "$dir" ]; then
      as_pg "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$dir"
      echo "PostgreSQL arrêté"
    fi
    ;;
esac
