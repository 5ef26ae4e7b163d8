#!/usr/bin/env bash
# Helpers shared by the fault scenarios (scenario-*.sh) on top of lib.sh. Source after lib.sh.
#
#   jf_args "$@"                      parse --short (default) | --long, --seed N, --dir DIR; sets JF_MODE,
#                                     JF_RATE, JF_DURATION, JF_SEED (exported as JH_SEED), JF_DIR
#   jf_probe_start DIR NAME           probe intake every 0.5 s in the background (body `{}`: a 400 or 422
#                                     when the hub can store, a 503 when it cannot; never stores anything), lines
#                                     "epoch-ms status retry-after content-type" into DIR/probe-NAME.txt
#   jf_probe_stop DIR NAME
#   jf_probe_summary DIR NAME         "probes=N refused-4xx=N 503=N 503-with-retry-after-and-problem=N other=N"
#   jf_probe_count DIR NAME WHAT      one of those numbers (WHAT: total, 4xx, 503, 503ok, other)
#   jf_http_counts DIR                the hub's own count of answers on POST /api/v1/referrals by status,
#                                     from its Prometheus endpoint: "2xx=N 503=N 5xx-other=N"
#   jf_wait_seconds SECONDS           sleep, in the foreground, with a log line
#   jf_verdict NAME OK...             print NAME: PASS/FAIL from a list of 0/1 checks, return 0/1
#
# A probe is sent as the load generator's partner (bench-police) with a fresh X-Request-ID; its body
# breaks the police mapper's rules, so it is refused before anything is stored. The hub checks the
# request id and the outbox bound before mapping, which is why the same probe shows 503 during a fault.

jf_args() {
  JF_MODE=short JF_SEED=1 JF_DIR=
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --short) JF_MODE=short; shift ;;
      --long) JF_MODE=long; shift ;;
      --seed) JF_SEED="$2"; shift 2 ;;
      --dir) JF_DIR="$2"; shift 2 ;;
      *) echo "unknown argument: $1 (use --short | --long, --seed N, --dir DIR)" >&2; return 2 ;;
    esac
  done
  if [[ "$JF_MODE" == long ]]; then
    JF_RATE=${JF_RATE:-20} JF_DURATION=${JF_DURATION:-180}
  else
    JF_RATE=${JF_RATE:-10} JF_DURATION=${JF_DURATION:-45}
  fi
  export JH_SEED="$JF_SEED"
}

jf_probe_start() {
  local dir="$1" name="$2"
  _jh_env "$dir"
  local out="$dir/probe-$name.txt"
  : > "$out"
  (
    while :; do
      local id now line
      id="probe-$(date +%s%N)"
      now=$(date +%s%3N)
      # No answer at all (hub down, timeout) is recorded as status 000.
      line=$({ curl -sS -m 15 -o /dev/null -D - -X POST "$JH_HUB_URL/api/v1/referrals" \
          -H 'Content-Type: application/json' -H "X-API-Key: $JH_POLICE_KEY" -H "X-Request-ID: $id" \
          --data '{}' 2>/dev/null || true; } | tr -d '\r' | awk '
            NR == 1 { status = $2 }
            tolower($1) == "retry-after:" { retry = $2 }
            tolower($1) == "content-type:" { type = $2 }
            END { printf "%s %s %s", (status == "" ? "000" : status), (retry == "" ? "-" : retry), (type == "" ? "-" : type) }')
      echo "$now $line" >> "$out"
      sleep 0.5
    done
  ) &
  echo $! > "$dir/probe-$name.pid"
}

jf_probe_stop() {
  local dir="$1" name="$2"
  if [[ -f "$dir/probe-$name.pid" ]]; then
    kill "$(cat "$dir/probe-$name.pid")" 2>/dev/null || true
    wait "$(cat "$dir/probe-$name.pid")" 2>/dev/null || true
    rm -f "$dir/probe-$name.pid"
  fi
}

jf_probe_count() {
  local file="$1/probe-$2.txt" what="$3"
  [[ -f "$file" ]] || { echo 0; return; }
  awk -v what="$what" '
    { total++ }
    $2 == "400" || $2 == "422" { refused++ }
    $2 == "503" { s503++; if ($3 ~ /^[0-9]+$/ && $4 ~ /^application\/problem\+json/) s503ok++ }
    $2 != "400" && $2 != "422" && $2 != "503" { other++ }
    END {
      if (what == "total") print total + 0
      else if (what == "4xx") print refused + 0
      else if (what == "503") print s503 + 0
      else if (what == "503ok") print s503ok + 0
      else print other + 0
    }' "$file"
}

jf_probe_summary() {
  local dir="$1" name="$2"
  echo "probes=$(jf_probe_count "$dir" "$name" total) refused-4xx=$(jf_probe_count "$dir" "$name" 4xx)" \
       "503=$(jf_probe_count "$dir" "$name" 503) 503-with-retry-after-and-problem=$(jf_probe_count "$dir" "$name" 503ok)" \
       "other=$(jf_probe_count "$dir" "$name" other)"
}

jf_http_counts() {
  local dir="$1"
  _jh_env "$dir"
  { curl -fsS "http://127.0.0.1:$JH_MGMT_PORT/actuator/prometheus" 2>/dev/null || true; } | awk '
    /^http_server_requests_seconds_count\{/ && /method="POST"/ && /uri="\/api\/v1\/referrals"/ {
      match($0, /status="[0-9]+"/); status = substr($0, RSTART + 8, 3); n = $NF
      if (status ~ /^2/) ok += n; else if (status == "503") busy += n; else if (status ~ /^5/) other += n
    }
    END { printf "2xx=%d 503=%d 5xx-other=%d\n", ok, busy, other }'
}

jf_wait_seconds() {
  jh_log "waiting $1 s${2:+ ($2)}"
  sleep "$1"
}

jf_verdict() {
  local name="$1"; shift
  local failed=0 check
  for check in "$@"; do
    [[ "$check" == 0 ]] || failed=1
  done
  if [[ $failed == 0 ]]; then echo "$name: PASS"; else echo "$name: FAIL"; fi
  return $failed
}

# 0 when the condition holds, 1 when not: for jf_verdict's list.
jf_check() { if "$@"; then echo 0; else echo 1; fi; }
