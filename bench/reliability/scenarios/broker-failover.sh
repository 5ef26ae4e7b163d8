# Scenario 2: the live broker of the replicated Artemis pair killed (kill -9) under load, hub in
# EXTERNAL mode.
# Runs bench/reliability/scenario-2-broker-failover.sh (also runnable on its own; its header lists
# its settings and what it checks) in the run directory, in the mode and with the seed of
# bench/reliability.sh.

scenario_broker_failover() {
  local mode=--short
  [[ "$JH_MODE" == soak ]] && mode=--long
  "$JH_ROOT/bench/reliability/scenario-2-broker-failover.sh" "$mode" --seed "${JH_SEED:-1}" --dir "$1"
}
