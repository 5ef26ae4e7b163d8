#!/usr/bin/env bash
# Reliability scenario 6: the restore drill of deploy/README.md, with referrals still in flight.
#
#   bench/reliability/scenario-6-restore-drill.sh [--short | --long] [--seed N] [--dir RUN_DIR]
#
# Load runs while one recipient (bench-council) is down, so when the hub is stopped some accepted
# referrals are delivered (to bench-mash) and others still wait in the broker journal. The data
# directory is backed up with deploy/restore-drill.sh, set aside, and restored into a fresh directory;
# a new hub process starts on the restored copy, the recipient comes back, and `restore-drill.sh verify`
# checks the ledger over the hub's API.
#
# Passes when: backup, restore and verify succeed, and the reconciliation passes (every referral
# accepted before the backup is delivered to both recipients from the restored copy: lost 0,
# corrupted 0, unexpected 0, one accepted record per key, the audit chain verifies).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib.sh"
. "$HERE/faults.sh"
jf_args "$@"

DIR="${JF_DIR:-$JH_ROOT/bench/target/reliability/s6-restore-drill}"
DRILL="$JH_ROOT/deploy/restore-drill.sh"
jh_build
jh_prepare_run "$DIR"
_jh_env "$DIR"
trap 'jh_cleanup "$DIR" 2>/dev/null || true' EXIT

jh_stub_start "$DIR"
jh_stub_mode "$DIR" bench-council down
jh_hub_start "$DIR"
jh_hub_wait_ready "$DIR" "${JH_START_TIMEOUT:-300}"
jh_approve "$DIR"

duration=$(( JF_DURATION / 2 ))
jh_load "$DIR" "$JF_RATE" 5s "${duration}s" > "$DIR/logs/load.log" 2>&1
cat "$DIR/logs/load.log"
jh_log "deliveries so far: $(jh_stub_stats "$DIR")"
jh_hub_stop "$DIR"

t0=$SECONDS
"$DRILL" backup --data-dir "$DIR/data" --out "$DIR/backup.tgz"
mv "$DIR/data" "$DIR/data.before-restore"
"$DRILL" restore --archive "$DIR/backup.tgz" --data-dir "$DIR/data"
restored_in=$(( SECONDS - t0 ))
size_kb=$(du -k "$DIR/backup.tgz" | cut -f1)

jh_stub_mode "$DIR" bench-council ok
jh_hub_start "$DIR"
jh_hub_wait_ready "$DIR" "${JH_START_TIMEOUT:-300}"
set +e
JUNCTION_AUTH_HEADER="X-API-Key: $JH_ADMIN_KEY" "$DRILL" verify --url "$JH_HUB_URL" | tee "$DIR/logs/verify.log"
verified=${PIPESTATUS[0]}
echo "s6: backup $size_kb KB; backup + restore took $restored_in s; verify exit $verified"
jh_reconcile "$DIR" --label s6-restore-drill | tee "$DIR/logs/reconcile.log"
reconciled=${PIPESTATUS[0]}
set -e
jf_verdict s6-restore-drill "$verified" "$reconciled"
