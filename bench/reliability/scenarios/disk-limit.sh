# Scenario 4: the embedded broker's disk limit (hub.broker.min-disk-free) crossed under load:
# accepted referrals wait in the outbox, 503 with Retry-After past its bound, all delivered once
# space returns.
# Runs bench/reliability/scenario-4-disk-limit.sh (also runnable on its own; its header lists its
# settings and what it checks) in the run directory, in the mode and with the seed of
# bench/reliability.sh.

scenario_disk_limit() {
  local mode=--short
  [[ "$JH_MODE" == soak ]] && mode=--long
  "$JH_ROOT/bench/reliability/scenario-4-disk-limit.sh" "$mode" --seed "${JH_SEED:-1}" --dir "$1"
}
