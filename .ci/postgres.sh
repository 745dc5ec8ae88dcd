#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite's PostgreSQL pass, on 127.0.0.1 and a spare port.
#   source .ci/postgres.sh; pg_start; ...; pg_stop
# pg_start exports ALLYSHIP_TEST_POSTGRES (the server's connection string; each test fixture makes its own database).
PG_PORT="${PG_PORT:-55432}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
# The tests trade durability for speed; the load benchmark sets PG_SETTINGS to the durability it compares.
PG_SETTINGS="${PG_SETTINGS:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}"

pg_start() {
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)"; return 1; }
  PG_DIR="$(mktemp -d /tmp/allyship-pg-XXXXXX)"
  chown postgres:postgres "$PG_DIR"
  # C collation: text sorts byte-wise, as SQLite's does, so both passes expect the same order.
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" --locale=C --encoding=UTF8 --auth=trust -U postgres >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 $PG_SETTINGS" >/dev/null
  PG_PID="$(head -n 1 "$PG_DIR/data/postmaster.pid")"
  export PG_DIR PG_PID
  export ALLYSHIP_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Timeout=15;Command Timeout=60"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') started on 127.0.0.1:$PG_PORT (pid $PG_PID)"
}

pg_stop() {
  if [ -n "${PG_PID:-}" ] && kill -0 "$PG_PID" 2>/dev/null; then
    kill -INT "$PG_PID"   # fast shutdown of the postmaster, by its PID
    for _ in $(seq 1 60); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.5; done
    echo "PostgreSQL (pid $PG_PID) stopped"
  fi
  if [ -n "${PG_DIR:-}" ]; then rm -rf "$PG_DIR"; fi
  PG_PID=""
}
