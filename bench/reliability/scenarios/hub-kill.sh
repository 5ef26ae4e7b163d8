# Scenario 1: the hub process killed with SIGKILL at random moments under load, restarted each
# time. Lost must be 0, and the hub must hold exactly one accepted record per idempotency key
# (the load generator retries every unanswered request with the same key across the outage).
# Settings (short / soak): JH_KILLS (10 / 40), JH_KILL_RATE (5 / 15 per s),
# JH_KILL_UP_MIN_MS and JH_KILL_UP_MAX_MS (how long the hub runs under load before each kill:
# 2000-8000 / 10000-90000), JH_DRAIN_TIMEOUT (900 s: the backlog of every outage drains at the end).

scenario_hub_kill() {
  local dir="$1"
  local kills rate up_min up_max
  if [[ "$JH_MODE" == soak ]]; then
    kills="${JH_KILLS:-40}"; rate="${JH_KILL_RATE:-15}"; up_min="${JH_KILL_UP_MIN_MS:-10000}"; up_max="${JH_KILL_UP_MAX_MS:-90000}"
  else
    kills="${JH_KILLS:-10}"; rate="${JH_KILL_RATE:-5}"; up_min="${JH_KILL_UP_MIN_MS:-2000}"; up_max="${JH_KILL_UP_MAX_MS:-8000}"
  fi
  jh_scenario_setup "$dir" || return 1
  # Open-ended load (stopped by the stop file once the kills are done), retrying unanswered
  # requests with the same key for as long as an outage may last.
  jh_load "$dir" "$rate" 0s 3600s --max-in-flight 5000 --give-up-after 600s --request-timeout 10s \
    --stop-file "$dir/stop" --summary-out "$dir/load.json" > "$dir/logs/load.log" 2>&1 &
  local load_pid=$! i up restart_start restarts=()
  for i in $(seq 1 "$kills"); do
    up=$(( up_min + (RANDOM * 32768 + RANDOM) % (up_max - up_min + 1) ))
    sleep "$(printf '%d.%03d' $((up / 1000)) $((up % 1000)))"
    jh_hub_kill9 "$dir"
    restart_start=$SECONDS
    jh_hub_start "$dir"
    if ! jh_hub_wait_ready "$dir" "${JH_START_TIMEOUT:-300}"; then
      jh_log "hub-kill: the hub did not come back after kill $i"
      touch "$dir/stop"; wait "$load_pid"
      jh_scenario_finish "$dir" hub-kill --drain-timeout "${JH_DRAIN_TIMEOUT:-900s}"
      return 1
    fi
    restarts+=($((SECONDS - restart_start)))
    jh_log "hub-kill: kill $i/$kills after ${up} ms up; back in ${restarts[-1]} s"
  done
  # Some load on the last incarnation too, then end the load and let it finish its retries.
  sleep 3
  touch "$dir/stop"
  wait "$load_pid"
  cat "$dir/logs/load.log"
  local sum=0 max=0 r
  for r in "${restarts[@]}"; do sum=$((sum + r)); (( r > max )) && max=$r; done
  echo "hub-kill: $kills kills; restart to ready: mean $((sum / kills)) s, max $max s" | tee "$dir/kills.txt"
  jh_scenario_finish "$dir" hub-kill --drain-timeout "${JH_DRAIN_TIMEOUT:-900s}"
}
