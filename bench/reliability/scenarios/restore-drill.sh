# Scenario 6: the restore drill of deploy/README.md (deploy/restore-drill.sh backup, restore,
# verify) with referrals still queued.
# Runs bench/reliability/scenario-6-restore-drill.sh (also runnable on its own; its header lists its
# settings and what it checks) in the run directory, in the mode and with the seed of
# bench/reliability.sh.

scenario_restore_drill() {
  local mode=--short
  [[ "$JH_MODE" == soak ]] && mode=--long
  "$JH_ROOT/bench/reliability/scenario-6-restore-drill.sh" "$mode" --seed "${JH_SEED:-1}" --dir "$1"
}
