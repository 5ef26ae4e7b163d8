#!/usr/bin/env bash
# Fault tests of the hub under load, each ending in a reconciliation of what was sent against
# what the partner stubs received (bench/README.md, "Reliability"). Exits non-zero if any
# scenario fails: something lost, corrupted or unexpected, a dead letter without a reason, a key
# accepted twice, an audit chain that does not verify.
#
#   bench/reliability.sh [--seed N] [--mode short|soak] [--scenario NAME]... [--out DIR]
#
#   --seed      seeds the load (message contents and keys), the stub's flaky answers and the fault
#               timing (default 1, or JH_SEED)
#   --mode      short (default; fits in CI) or soak (longer and more faults; or JH_MODE=soak)
#   --scenario  run only these (repeatable); default: every scenario in bench/reliability/scenarios
#   --out       where run directories go (default bench/target/reliability)
#
# Scenarios are files in bench/reliability/scenarios/NAME.sh defining scenario_NAME (hyphens as
# underscores), called with a fresh run directory; they use bench/reliability/lib.sh.
# Everything runs on 127.0.0.1: the hub (java -jar hub/target/junction-hub.jar, embedded broker
# and H2), the partner stub and the load generator (bench/target/benchmarks.jar). Both jars are
# built first if absent.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=reliability/lib.sh
. "$HERE/reliability/lib.sh"

JH_SEED="${JH_SEED:-1}"
JH_MODE="${JH_MODE:-short}"
OUT="$HERE/target/reliability"
SCENARIOS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) JH_SEED="$2"; shift 2 ;;
    --mode) JH_MODE="$2"; shift 2 ;;
    --scenario) SCENARIOS+=("$2"); shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "$JH_MODE" == short || "$JH_MODE" == soak ]] || { echo "--mode is short or soak" >&2; exit 2; }
export JH_SEED JH_MODE
# Fault timing follows the seed too.
RANDOM=$JH_SEED

for f in "$HERE"/reliability/scenarios/*.sh; do
  # shellcheck disable=SC1090
  . "$f"
done
if [[ ${#SCENARIOS[@]} -eq 0 ]]; then
  for f in "$HERE"/reliability/scenarios/*.sh; do SCENARIOS+=("$(basename "$f" .sh)"); done
fi

jh_build || { echo "build failed" >&2; exit 1; }
mkdir -p "$OUT"

CURRENT=""
cleanup() { [[ -n "$CURRENT" ]] && jh_cleanup "$CURRENT"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "reliability: mode $JH_MODE, seed $JH_SEED, scenarios ${SCENARIOS[*]}"
echo "reliability: load before: $(cut -d ' ' -f 1-3 /proc/loadavg)"
declare -A RESULT
START=$SECONDS
for s in "${SCENARIOS[@]}"; do
  fn="scenario_${s//-/_}"
  if ! declare -F "$fn" > /dev/null; then
    echo "no scenario $s" >&2; RESULT[$s]="MISSING"; continue
  fi
  CURRENT="$OUT/$s"
  t=$SECONDS
  echo "=== $s"
  if "$fn" "$CURRENT"; then RESULT[$s]="PASS"; else RESULT[$s]="FAIL"; fi
  jh_cleanup "$CURRENT"
  CURRENT=""
  echo "=== $s: ${RESULT[$s]} in $((SECONDS - t)) s (load average $(cut -d ' ' -f 1-3 /proc/loadavg))"
done

echo "reliability: mode $JH_MODE, seed $JH_SEED, $((SECONDS - START)) s"
passed=0; failed=0
for s in "${SCENARIOS[@]}"; do
  echo "  $s: ${RESULT[$s]}"
  if [[ "${RESULT[$s]}" == PASS ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "reliability: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
