#!/usr/bin/env bash
# Stops the pair started by start-pair.sh (same JUNCTION_ARTEMIS_WORK): a clean shutdown first, the
# backup before the live broker so it does not take over; a broker still up after 30 s is killed.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="${JUNCTION_ARTEMIS_WORK:-$HERE/../../target/artemis-pair}"

stop() { # name
  local pidfile="$WORK/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$1 broker (pid $pid) did not stop in 30 s; killing it" >&2
      kill -9 "$pid"
    fi
    echo "stopped $1 broker (pid $pid)"
  fi
  rm -f "$pidfile"
}
stop backup
stop live
