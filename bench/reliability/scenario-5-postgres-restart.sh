#!/usr/bin/env bash
# Reliability scenario 5: PostgreSQL stopped and started again under load.
#
#   bench/reliability/scenario-5-postgres-restart.sh [--short | --long] [--seed N] [--dir RUN_DIR]
#
# The hub runs on a PostgreSQL cluster of its own, created for the run in a temporary directory with
# initdb and run with pg_ctl as the postgres user on port JF_PG_PORT (default 5499), so no other
# process on the machine loses its database; the machine's main cluster (5432) is never touched.
# Under steady load the cluster is stopped (fast shutdown: every connection cut), left down for
# JF_PG_DOWN seconds (default 12), and started again. A probe asks intake every 0.5 s throughout.
#
# Passes when: the reconciliation passes (lost 0, corrupted 0, unexpected 0, one accepted record per
# key, the audit chain verifies online), the probe saw 503s with Retry-After and a problem detail while
# the database was down and no 5xx other than 503 at any time, the hub itself served no 5xx other than
# 503, and after the hub stops the database holds one intake record per accepted key and an empty outbox.
# Needs: root or the postgres user (for runuser), PostgreSQL server binaries (/usr/lib/postgresql/*/bin).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
. "$HERE/faults.sh"
jf_args "$@"

PG_PORT="${JF_PG_PORT:-5499}"
PG_DOWN="${JF_PG_DOWN:-12}"
PG_BIN="${JF_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
[[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] || { echo "scenario 5: no PostgreSQL server binaries (set JF_PG_BIN)" >&2; exit 2; }
[[ "$PG_PORT" != 5432 ]] || { echo "scenario 5: port 5432 is the machine's main cluster; choose another JF_PG_PORT" >&2; exit 2; }
if (echo > "/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then
  echo "scenario 5: something already listens on $PG_PORT; choose another JF_PG_PORT" >&2; exit 2
fi
as_postgres() { if [[ "$(id -un)" == postgres ]]; then "$@"; else runuser -u postgres -- "$@"; fi; }

DIR="${JF_DIR:-$JH_ROOT/bench/target/reliability/s5-postgres-restart}"
PGDATA_DIR="$(mktemp -d /tmp/junction-bench-pg.XXXXXX)"
chown postgres "$PGDATA_DIR" 2>/dev/null || true
pg_stop() { as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop > /dev/null 2>&1 || true; }
finish() {
  jf_probe_stop "$DIR" pg 2>/dev/null || true
  jh_cleanup "$DIR" 2>/dev/null || true
  pg_stop
  rm -rf "$PGDATA_DIR"
}
trap finish EXIT

jh_build
jh_prepare_run "$DIR"
_jh_env "$DIR"

# 1. The dedicated cluster: trust on loopback only, fsync and synchronous commit on (the defaults).
as_postgres "$PG_BIN/initdb" -D "$PGDATA_DIR/data" -U postgres --auth=trust -E UTF8 > "$DIR/logs/initdb.log" 2>&1
pg_start() {
  as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PGDATA_DIR" start > /dev/null
}
pg_start
jh_log "dedicated PostgreSQL cluster on 127.0.0.1:$PG_PORT ($PGDATA_DIR)"
JDBC="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"

jh_stub_start "$DIR"
jh_hub_start "$DIR" --spring.datasource.url="$JDBC" --spring.datasource.username=postgres --spring.datasource.password=
jh_hub_wait_ready "$DIR" "${JH_START_TIMEOUT:-300}"
jh_approve "$DIR"

# 2. Steady load; the cluster goes down a third of the way in and comes back PG_DOWN seconds later.
jf_probe_start "$DIR" pg
jh_load "$DIR" "$JF_RATE" 5s "${JF_DURATION}s" > "$DIR/logs/load.log" 2>&1 &
LOAD=$!
jf_wait_seconds $((5 + JF_DURATION / 3)) "load before the fault"
mark_down=$(date +%s%3N)
pg_stop
jh_log "PostgreSQL stopped (fast): every connection cut"
jf_wait_seconds "$PG_DOWN" "database down"
pg_start
mark_up=$(date +%s%3N)
jh_log "PostgreSQL started again after $(( (mark_up - mark_down) / 1000 )) s"
wait "$LOAD" || true
cat "$DIR/logs/load.log"
sleep 2
jf_probe_stop "$DIR" pg

# 3. What the probe saw while the database was down, and at any time.
down_503=$(awk -v a="$mark_down" -v b="$mark_up" '$1 >= a && $1 <= b && $2 == "503" && $3 ~ /^[0-9]+$/ && $4 ~ /problem\+json/' "$DIR/probe-pg.txt" | wc -l)
probe_other=$(jf_probe_count "$DIR" pg other)
echo "s5: database down $(( (mark_up - mark_down) / 1000 )) s; probe: $(jf_probe_summary "$DIR" pg); 503 with Retry-After and problem detail while down=$down_503"
http=$(jf_http_counts "$DIR")
echo "s5: hub's own count of answers to POST /api/v1/referrals: $http"
other5xx=$(sed -n 's/.*5xx-other=\([0-9]*\).*/\1/p' <<< "$http")

# 4. Drain and reconcile (online: dead letters, statuses, resend of every key, audit chain).
set +e
jh_reconcile "$DIR" --label s5-postgres-restart | tee "$DIR/logs/reconcile.log"
reconciled=${PIPESTATUS[0]}
jh_hub_stop "$DIR"
jh_db_check "$DIR" --jdbc-url "$JDBC" --user postgres --label s5-database | tee "$DIR/logs/db-check.log"
db_checked=${PIPESTATUS[0]}
set -e

jf_verdict s5-postgres-restart "$reconciled" "$db_checked" \
  "$(jf_check test "$down_503" -gt 0)" \
  "$(jf_check test "$probe_other" -eq 0)" "$(jf_check test "${other5xx:-1}" -eq 0)"
