# Scenario 5: a dedicated PostgreSQL cluster (never the machine's main one) stopped and started
# under load: 503 with Retry-After while down, nothing accepted lost, the ledger continues.
# Runs bench/reliability/scenario-5-postgres-restart.sh (also runnable on its own; its header lists
# its settings and what it checks) in the run directory, in the mode and with the seed of
# bench/reliability.sh.

scenario_postgres_restart() {
  local mode=--short
  [[ "$JH_MODE" == soak ]] && mode=--long
  "$JH_ROOT/bench/reliability/scenario-5-postgres-restart.sh" "$mode" --seed "${JH_SEED:-1}" --dir "$1"
}
