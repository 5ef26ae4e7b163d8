#!/usr/bin/env bash
# Reliability scenario 4: the embedded broker reaches its disk limit under load.
#
#   bench/reliability/scenario-4-disk-limit.sh [--short | --long] [--seed N] [--dir RUN_DIR]
#
# The limit is hub.broker.min-disk-free, set JF_HEADROOM_MB (default 1024) below the free space of the
# data directory's filesystem when the hub starts. A third of the way into the load a filler file
# crosses it: just enough to pass the limit by 64 MB, refused when that would take more than
# JF_MAX_FILLER_MB (default 1536), deleted when the scenario ends in any case. The headroom is wide
# because everything else on the filesystem, the hub's own journal and database included, eats into
# it: with 256 MB, the hub's growth plus a browser test's use of /dev/shm crossed the limit again
# after the filler was gone. The machine's disk is
# never filled. Where /dev/shm is a roomy memory filesystem the data directory lives there, since other
# processes (builds) move the main disk's free space by hundreds of megabytes a minute.
# The filler stays JF_FULL seconds (default 20); the outbox bound is small (JF_BOUND, default 100),
# so it is reached while the broker is blocked.
#
# Passes when: the reconciliation passes (lost 0, corrupted 0, unexpected 0, one accepted record per
# key, the audit chain verifies), the outbox grew while the broker was blocked, the probe saw 503s with
# Retry-After and a problem detail once the outbox was at its bound, the hub served no 5xx other than
# 503, and the broker took messages again once the filler was gone.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
. "$HERE/faults.sh"
jf_args "$@"

HEADROOM_MB="${JF_HEADROOM_MB:-1024}"
MAX_FILLER_MB="${JF_MAX_FILLER_MB:-1536}"
FULL="${JF_FULL:-20}"
BOUND="${JF_BOUND:-100}"
DIR="${JF_DIR:-$JH_ROOT/bench/target/reliability/s4-disk-limit}"

jh_build
jh_prepare_run "$DIR"
_jh_env "$DIR"
QUIET=
if [[ -d /dev/shm && -w /dev/shm && "$(stat -f -c %T /dev/shm)" == tmpfs ]] \
   && (( $(df -Pk /dev/shm | awk 'NR == 2 { print $4 }') > 2 * 1024 * 1024 )); then
  QUIET="$(mktemp -d /dev/shm/junction-bench-s4.XXXXXX)"
  rmdir "$DIR/data"
  ln -s "$QUIET" "$DIR/data"
fi
FILLER="$DIR/data/filler.bin"
finish() {
  jf_probe_stop "$DIR" disk 2>/dev/null || true
  rm -f "$FILLER"
  jh_cleanup "$DIR" 2>/dev/null || true
  [[ -z "$QUIET" ]] || rm -rf "$QUIET"
}
trap finish EXIT

free_kb() { df -Pk "$DIR/data/" | awk 'NR == 2 { print $4 }'; }
LIMIT_KB=$(( $(free_kb) - HEADROOM_MB * 1024 ))
jh_log "data directory on $(df -P "$DIR/data/" | awk 'NR == 2 { print $6 }'); hub.broker.min-disk-free=${LIMIT_KB}KB"

metric() { # name: its value on the hub's scrape, or empty (the whole scrape is read: no broken pipe)
  { curl -fsS "http://127.0.0.1:$JH_MGMT_PORT/actuator/prometheus" 2>/dev/null || true; } \
    | awk -v m="$1" '($1 == m || index($1, m "{") == 1) && !found { print $NF; found = 1 }'
}

jh_stub_start "$DIR"
jh_hub_start "$DIR" --hub.broker.min-disk-free="${LIMIT_KB}KB" --hub.broker.disk-scan-period=500ms \
  --hub.relay.send-timeout=5s --hub.intake.max-outbox-backlog="$BOUND" --hub.intake.retry-after=2s
jh_hub_wait_ready "$DIR" "${JH_START_TIMEOUT:-300}"
jh_approve "$DIR"
if grep -q "AMQ224128" "$(ls -t "$DIR"/logs/hub-*.log | head -1)"; then
  echo "s4: another process used more than $HEADROOM_MB MB while the hub started: the limit is already crossed" >&2
  exit 3
fi

jf_probe_start "$DIR" disk
jh_load "$DIR" "$JF_RATE" 5s "${JF_DURATION}s" > "$DIR/logs/load.log" 2>&1 &
LOAD=$!
jf_wait_seconds $((5 + JF_DURATION / 3)) "load before the fault"

need_mb=$(( ($(free_kb) - LIMIT_KB) / 1024 + 64 ))
if (( need_mb > MAX_FILLER_MB )); then
  echo "s4: crossing the limit would take a $need_mb MB filler (free space grew meanwhile); refusing" >&2
  exit 3
fi
(( need_mb >= 64 )) || need_mb=64
mark_full=$(date +%s%3N)
dd if=/dev/zero of="$FILLER" bs=1M count="$need_mb" conv=fsync status=none
jh_log "filler of $need_mb MB written: free space now $(( $(free_kb) / 1024 )) MB, limit $(( LIMIT_KB / 1024 )) MB"
peak=0 blocked_seen=0
end=$(( SECONDS + FULL ))
while (( SECONDS < end )); do
  depth=$(metric junction_outbox_backlog); depth=${depth%.*}
  if [[ "$depth" =~ ^[0-9]+$ ]] && (( depth > peak )); then peak=$depth; fi
  sleep 1
done
hublog="$(ls -t "$DIR"/logs/hub-*.log | head -1)"
grep -q "AMQ222212\|AMQ224128" "$hublog" && blocked_seen=1
rm -f "$FILLER"
mark_free=$(date +%s%3N)
jh_log "filler deleted after $(( (mark_free - mark_full) / 1000 )) s; outbox peak $peak (bound $BOUND)"
wait "$LOAD" || true
cat "$DIR/logs/load.log"
sleep 2
jf_probe_stop "$DIR" disk
unblocked_seen=0
grep -q "AMQ224129\|AMQ221046" "$hublog" && unblocked_seen=1

full_503=$(awk -v a="$mark_full" -v b="$mark_free" '$1 >= a && $1 <= b && $2 == "503" && $3 ~ /^[0-9]+$/ && $4 ~ /problem\+json/' "$DIR/probe-disk.txt" | wc -l)
probe_other=$(jf_probe_count "$DIR" disk other)
echo "s4: broker blocked=$blocked_seen unblocked=$unblocked_seen; outbox peak $peak (bound $BOUND); probe: $(jf_probe_summary "$DIR" disk); 503 with Retry-After and problem detail while full=$full_503"
http=$(jf_http_counts "$DIR")
echo "s4: hub's own count of answers to POST /api/v1/referrals: $http"
other5xx=$(sed -n 's/.*5xx-other=\([0-9]*\).*/\1/p' <<< "$http")

set +e
jh_reconcile "$DIR" --label s4-disk-limit | tee "$DIR/logs/reconcile.log"
reconciled=${PIPESTATUS[0]}
set -e
jf_verdict s4-disk-limit "$reconciled" "$(jf_check test "$blocked_seen" -eq 1)" "$(jf_check test "$unblocked_seen" -eq 1)" \
  "$(jf_check test "$peak" -ge $(( BOUND / 2 )))" "$(jf_check test "$full_503" -gt 0)" \
  "$(jf_check test "$probe_other" -eq 0)" "$(jf_check test "${other5xx:-1}" -eq 0)"
