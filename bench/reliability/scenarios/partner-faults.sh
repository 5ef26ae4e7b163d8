# Scenario 3: one partner down (connection refused), then slow (answers after more than the hub's
# delivery timeout), then flaky (a seeded 30 % of 503), while another partner stays healthy.
# Lost must be 0 once the faulty partner heals, and the healthy partner must keep draining: its
# delivery rate and end-to-end latency are printed for each window.
# Settings (short / soak): JH_FAULT_RATE (10 / 15 per s), JH_FAULT_SECONDS per fault window
# (20 / 300), JH_FAULT_WARMUP (20 s of load before the first window), JH_SLOW_MS (6000: over the
# bench's 4 s delivery timeout), JH_DRAIN_TIMEOUT (600 s).

scenario_partner_faults() {
  local dir="$1"
  local rate seconds slow_ms
  if [[ "$JH_MODE" == soak ]]; then
    rate="${JH_FAULT_RATE:-15}"; seconds="${JH_FAULT_SECONDS:-300}"
  else
    rate="${JH_FAULT_RATE:-10}"; seconds="${JH_FAULT_SECONDS:-20}"
  fi
  slow_ms="${JH_SLOW_MS:-6000}"
  local faulty=bench-council healthy=bench-mash
  jh_scenario_setup "$dir" "$faulty" "$healthy" || return 1
  jh_load "$dir" "$rate" 0s 3600s --max-in-flight 2000 --give-up-after 300s \
    --stop-file "$dir/stop" --summary-out "$dir/load.json" > "$dir/logs/load.log" 2>&1 &
  local load_pid=$! t
  # A freshly started hub is still compiling its hot paths: the windows start once it is warm.
  t=$(jh_now); sleep "${JH_FAULT_WARMUP:-20}"; jh_window_mark "$dir" warm-up "$t"
  t=$(jh_now); sleep "$seconds"; jh_window_mark "$dir" baseline "$t"
  jh_stub_mode "$dir" "$faulty" down
  t=$(jh_now); sleep "$seconds"; jh_window_mark "$dir" down "$t"
  jh_stub_mode "$dir" "$faulty" slow "$slow_ms"
  t=$(jh_now); sleep "$seconds"; jh_window_mark "$dir" slow "$t"
  jh_stub_mode "$dir" "$faulty" flaky 0 0.3
  t=$(jh_now); sleep "$seconds"; jh_window_mark "$dir" flaky-30pc "$t"
  jh_stub_mode "$dir" "$faulty" ok
  t=$(jh_now)
  touch "$dir/stop"
  wait "$load_pid"
  cat "$dir/logs/load.log"
  local rc=0
  jh_scenario_finish "$dir" partner-faults --drain-timeout "${JH_DRAIN_TIMEOUT:-600s}" || rc=1
  jh_window_mark "$dir" healed-drain "$t"
  jh_windows "$dir" partner-faults | tee "$dir/windows-figures.txt"
  return $rc
}
