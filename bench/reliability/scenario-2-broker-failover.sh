#!/usr/bin/env bash
# Reliability scenario 2: the live broker of the replicated Artemis pair killed under load.
#
#   bench/reliability/scenario-2-broker-failover.sh [--short | --long] [--seed N] [--dir RUN_DIR]
#
# Starts the pair of deploy/artemis (start-pair.sh, on free loopback ports, its instances under the run
# directory) and the hub in EXTERNAL mode on it (as BrokerPairIT does), with H2 as its database. A third
# of the way into the load the live broker's JVM is killed with SIGKILL; the backup takes over and the
# hub's clients fail over to it.
#
# Passes when the reconciliation passes: lost 0, corrupted 0, unexpected 0, no reasonless dead letter,
# one accepted record per key, the audit chain verifies. Duplicates to partners are reported, not
# failed (at least once to partners). Prints the failover time (kill to the backup's AMQ221007).
# Needs the Artemis distribution (start-pair.sh fetches it with the Maven wrapper when missing).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
. "$HERE/faults.sh"
jf_args "$@"

DIR="${JF_DIR:-$JH_ROOT/bench/target/reliability/s2-broker-failover}"
jh_build
jh_prepare_run "$DIR"
_jh_env "$DIR"

export JUNCTION_ARTEMIS_WORK="$DIR/artemis"
export JUNCTION_ARTEMIS_LIVE_PORT="$(jh_free_port)"
export JUNCTION_ARTEMIS_BACKUP_PORT="$(jh_free_port)"
export JUNCTION_ARTEMIS_HEAP="${JF_ARTEMIS_HEAP:-384M}"
finish() {
  jh_cleanup "$DIR" 2>/dev/null || true
  "$JH_ROOT/deploy/artemis/stop-pair.sh" > /dev/null 2>&1 || true
}
trap finish EXIT

"$JH_ROOT/deploy/artemis/start-pair.sh" > "$DIR/logs/pair.log" 2>&1 || { cat "$DIR/logs/pair.log" >&2; exit 2; }
jh_log "Artemis pair running: live :$JUNCTION_ARTEMIS_LIVE_PORT, backup :$JUNCTION_ARTEMIS_BACKUP_PORT"
URL="$(sed -n "s/^  HUB_BROKER_URL='\(.*\)'$/\1/p" "$DIR/logs/pair.log")"
[[ -n "$URL" ]] || { echo "s2: start-pair.sh printed no HUB_BROKER_URL" >&2; exit 2; }

jh_stub_start "$DIR"
HUB_BROKER_MODE=EXTERNAL HUB_BROKER_URL="$URL" HUB_BROKER_USER=hub \
  HUB_BROKER_PASSWORD="file:$JUNCTION_ARTEMIS_WORK/hub.password" jh_hub_start "$DIR"
jh_hub_wait_ready "$DIR" "${JH_START_TIMEOUT:-300}"
jh_approve "$DIR"

jh_load "$DIR" "$JF_RATE" 5s "${JF_DURATION}s" > "$DIR/logs/load.log" 2>&1 &
LOAD=$!
jf_wait_seconds $((5 + JF_DURATION / 3)) "load before the fault"
live_pid="$(cat "$JUNCTION_ARTEMIS_WORK/live.pid")"
killed_at=$(date +%s%3N)
kill -9 "$live_pid"
while kill -0 "$live_pid" 2>/dev/null; do sleep 0.1; done
jh_log "live broker killed -9 (pid $live_pid)"
active_at=
for _ in $(seq 1 600); do
  line="$(grep -m1 "AMQ221007" "$JUNCTION_ARTEMIS_WORK/backup/log/console.log" 2>/dev/null || true)"
  if [[ -n "$line" ]]; then
    # "2026-01-01 10:00:00,123 INFO ..." in the machine's time zone.
    active_at=$(date -d "$(cut -c1-19 <<< "$line")" +%s)$(cut -c21-23 <<< "$line")
    break
  fi
  sleep 0.1
done
failover_ms=$([[ -n "$active_at" ]] && echo $(( active_at - killed_at )) || echo "none")
jh_log "backup active: failover ${failover_ms} ms"
wait "$LOAD" || true
cat "$DIR/logs/load.log"
http=$(jf_http_counts "$DIR")
echo "s2: failover ${failover_ms} ms (kill -9 of the live broker to the backup's AMQ221007); hub's answers to POST /api/v1/referrals: $http"
other5xx=$(sed -n 's/.*5xx-other=\([0-9]*\).*/\1/p' <<< "$http")

set +e
jh_reconcile "$DIR" --label s2-broker-failover | tee "$DIR/logs/reconcile.log"
reconciled=${PIPESTATUS[0]}
set -e
jf_verdict s2-broker-failover "$reconciled" "$(jf_check test -n "$active_at")" "$(jf_check test "${other5xx:-1}" -eq 0)"
