#!/usr/bin/env bash
# The throughput benchmark of issue 12 and perf-reliability.md section 3: one run on one machine,
# every configuration side by side, so that the ratios between them mean something even where the
# absolute figures only describe this machine.
#
#   D0  disk sync probe: `artemis perf-journal` on the run's disk, and pg_test_fsync where installed
#   B0  raw Artemis: `artemis perf client --persistent`, 10 KB messages, a standalone broker with the
#       journal settings of the hub's embedded broker (bench/artemis/broker.xml), all-out then --rate steps
#   B1  the Camel passthrough (org.junction.bench.passthrough): HTTP -> durable queue -> transacted
#       consumer -> HTTP partner stub, on the hub's own stack
#   H1  the hub, every enforcement on (consent, minimisation, envelope encryption, audit ledger,
#       idempotency), a FHIR BaRS message in, council JSON out to the partner stub
#   H2  the same hub and message, from a partner whose messages are validated against base R4 at ingest
#
# B1, H1 and H2 get the same input (a BaRS message, about 13 KB) from one open-model load generator
# (org.junction.bench.run.LoadSteps): fixed arrival rates, latency from each request's intended
# start, stepped up until a step fails (p99 accept -> partner receipt >= 1 s, any error, or a
# backlog left at the end of the step); the highest passing rate is the maximum sustainable
# throughput (MST). Prints MST and p50/p99 for each, the ratios, and writes
# bench/target/run/results.json.
#
#   bench/run.sh            # the default run, about 15-20 minutes
#   bench/run.sh soak       # one hour at 0.7 x MST(H1) (from the last results.json, or BENCH_SOAK_RATE)
#   bench/run.sh repeat     # BENCH_REPEAT (3) whole runs in rep-1, rep-2, ... and the median of each
#                           # ratio over them (section 3 asks for three), about an hour
#
# Settings (environment): BENCH_STEP_SECONDS (20), BENCH_WARMUP_REFERRALS (10000: the steps' warm-up
# is a closed loop of at least that many referrals over at least BENCH_WARMUP_SECONDS; 0 for the older
# warm-up, BENCH_WARMUP_SECONDS at the first rate), BENCH_WARMUP_LIMIT_SECONDS (150, its time limit),
# BENCH_WARMUP_REFERRALS_H2 (3000: H2 runs on the JVM that H1 warmed), BENCH_WARMUP_SECONDS (60;
# the soak warms up as the steps do), BENCH_START_RATE (5),
# BENCH_START_RATE_H2 (1), BENCH_HUB_JVM_FLAGS (extra flags for the hub, e.g. a JFR recording),
# BENCH_RATE_FACTOR (2), BENCH_MAX_STEPS (10), BENCH_B1_CONSUMERS (4), BENCH_SOAK_SECONDS (3600), BENCH_REPEAT (3), BENCH_ONLY (e.g. "b0 h1"),
# BENCH_HEAP (1g, every JVM under test), BENCH_RUN_DIR (bench/target/run), BENCH_DB (postgres when a
# PostgreSQL answers on BENCH_PG_HOST:BENCH_PG_PORT as BENCH_PG_USER, 127.0.0.1:5432 postgres by default,
# else h2; the hub's database is then a fresh database junction_bench). Ports: 61731 (B0 broker), 8180 (passthrough), 8190 (stub),
# 8280/8281 (hub).
#
# Build first (from the repository root):
#   ./mvnw -B -q -Pbenchmarks -pl bench -am package -DskipTests && ./mvnw -B -q -pl hub -am package -DskipTests
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
MODE="${1:-run}"
ARTEMIS_VERSION=2.40.0
STEP_SECONDS="${BENCH_STEP_SECONDS:-20}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-60}"
WARMUP_REFERRALS="${BENCH_WARMUP_REFERRALS:-10000}"
WARMUP_LIMIT_SECONDS="${BENCH_WARMUP_LIMIT_SECONDS:-150}"
WARMUP_REFERRALS_H2="${BENCH_WARMUP_REFERRALS_H2:-3000}"
START_RATE="${BENCH_START_RATE:-5}"
# Validation at ingest costs far more per message: H2 starts lower, so that its steps bracket its MST.
START_RATE_H2="${BENCH_START_RATE_H2:-1}"
RATE_FACTOR="${BENCH_RATE_FACTOR:-2}"
MAX_STEPS="${BENCH_MAX_STEPS:-10}"
# B1's consumers of its queue: as many as each of the hub's stages has (hub.decide.consumers and
# hub.delivery.consumers, 4), so that R1 compares equal concurrency. With one, B1 is bound by one
# consumer's round trip (about 280/s with the machine three quarters idle), not by its CPU; runs
# before the twelfth step in bench/README.md used one.
B1_CONSUMERS="${BENCH_B1_CONSUMERS:-4}"
SOAK_SECONDS="${BENCH_SOAK_SECONDS:-3600}"
ONLY="${BENCH_ONLY:-d0 b0 b1 h1 h2}"
HEAP="${BENCH_HEAP:-1g}"
B0_PORT=61731
PASSTHROUGH_PORT=8180
STUB_PORT=8190
HUB_PORT=8280
HUB_MANAGEMENT_PORT=8281

RUN="${BENCH_RUN_DIR:-$HERE/target/run}"
PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"; PG_PORT="${BENCH_PG_PORT:-5432}"; PG_USER="${BENCH_PG_USER:-postgres}"
PG_BENCH_DB=junction_bench
PG_ADMIN_URL="postgresql://$PG_USER@$PG_HOST:$PG_PORT/postgres"
if [[ -n "${BENCH_DB:-}" ]]; then
  DB="$BENCH_DB"
elif command -v psql >/dev/null && psql "$PG_ADMIN_URL" -qAtc 'SELECT 1' >/dev/null 2>&1; then
  DB=postgres
else
  DB=h2
fi
BENCH_JAR="$HERE/target/benchmarks.jar"
PASSTHROUGH_JAR="$(ls "$HERE"/target/junction-bench-*-passthrough.jar 2>/dev/null | head -1 || true)"
HUB_JAR="$REPO/hub/target/junction-hub.jar"
BARS_INPUT="$REPO/mappings/src/test/resources/fixtures/fhir-bars-r4-v1/inbound/plain-uk-core-hospital-referral/input.json"
JVM_FLAGS=(-Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC)

for jar in "$BENCH_JAR" "$PASSTHROUGH_JAR" "$HUB_JAR"; do
  if [[ -z "$jar" || ! -f "$jar" ]]; then
    echo "missing ${jar:-the passthrough jar}: build with" >&2
    echo "  ./mvnw -B -q -Pbenchmarks -pl bench -am package -DskipTests && ./mvnw -B -q -pl hub -am package -DskipTests" >&2
    exit 1
  fi
done

load() { cut -d ' ' -f 1-3 /proc/loadavg; }
note() { printf '[%s load %s] %s\n' "$(date -u +%H:%M:%S)" "$(load)" "$*"; }
wants() { [[ " $ONLY " == *" $1 "* ]]; }

# Every process this script starts is remembered by pid and stopped by pid, on any exit.
PIDS=()
stop_all() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}
# The PostgreSQL setting pg_autovacuum_on changed, put back on any exit (empty: nothing changed).
AUTOVACUUM_RESTORE=""
on_exit() {
  stop_all
  if [[ -n "$AUTOVACUUM_RESTORE" ]]; then
    psql "$PG_ADMIN_URL" -qAtc "$AUTOVACUUM_RESTORE" -c "SELECT pg_reload_conf()" > /dev/null || true
  fi
}
trap on_exit EXIT
stop() { # pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local kept=()
  for pid in "${PIDS[@]}"; do [[ "$pid" == "$1" ]] || kept+=("$pid"); done
  PIDS=("${kept[@]}")
}
wait_for() { # url seconds: until it answers at all (the passthrough has no health endpoint: 405 will do)
  local deadline=$((SECONDS + $2))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" != 000 ]]; do
    if ((SECONDS > deadline)); then echo "no answer from $1 after $2 s" >&2; return 1; fi
    sleep 2
  done
}
sha256() { printf '%s' "$1" | sha256sum | cut -d ' ' -f 1; }
secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=\n'; }
runner() { java -Xms256m -Xmx1g -cp "$BENCH_JAR" "$@"; }

mkdir -p "$RUN"
if [[ "$MODE" == "run" || "$MODE" == "repeat" ]]; then
  rm -rf "$RUN" && mkdir -p "$RUN"
fi
{
  echo "{"
  echo "  \"date\": \"$(date -u +%FT%TZ)\", \"cores\": $(nproc), \"memoryKiB\": $(awk '/MemTotal/ {print $2}' /proc/meminfo),"
  echo "  \"java\": \"$(java -version 2>&1 | head -1 | tr -d '"')\", \"kernel\": \"$(uname -r)\","
  echo "  \"stepSeconds\": $STEP_SECONDS, \"warmupSeconds\": $WARMUP_SECONDS, \"warmupReferrals\": $WARMUP_REFERRALS,"
  echo "  \"warmupLimitSeconds\": $WARMUP_LIMIT_SECONDS, \"heap\": \"$HEAP\""
  echo "}"
} > "$RUN/machine.json"

# ---------------------------------------------------------------------------------------------
# The Artemis distribution, unpacked from the local Maven repository as deploy/artemis/start-pair.sh does.
artemis_home() {
  local zip="$HOME/.m2/repository/org/apache/activemq/apache-artemis/$ARTEMIS_VERSION/apache-artemis-$ARTEMIS_VERSION-bin.zip"
  if [[ ! -f "$zip" ]]; then
    (cd "$REPO" && ./mvnw -B -q -N dependency:copy \
        -Dartifact="org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:zip:bin" -DoutputDirectory="$HERE/target/dist")
    [[ -f "$zip" ]] || zip="$HERE/target/dist/apache-artemis-$ARTEMIS_VERSION-bin.zip"
  fi
  local home="$HERE/target/apache-artemis-$ARTEMIS_VERSION"
  [[ -x "$home/bin/artemis" ]] || unzip -q -o "$zip" -d "$HERE/target"
  echo "$home"
}

# A standalone instance under $RUN/b0 with bench/artemis/broker.xml in place of the generated one.
b0_instance() {
  local home; home="$(artemis_home)"
  if [[ ! -f "$RUN/b0/etc/broker.xml" ]]; then
    "$home/bin/artemis" create --silent --force --no-web --no-amqp-acceptor --no-mqtt-acceptor \
        --no-stomp-acceptor --no-hornetq-acceptor --user bench --password "$(secret)" --allow-anonymous \
        --host 127.0.0.1 --default-port "$B0_PORT" --no-autotune --java-memory "$HEAP" "$RUN/b0" > "$RUN/b0-create.log"
    sed "s/@PORT@/$B0_PORT/" "$HERE/artemis/broker.xml" > "$RUN/b0/etc/broker.xml"
    sed -i "s/-Xms[0-9]*[KkMmGg]/-Xms$HEAP/" "$RUN/b0/etc/artemis.profile"
  fi
  echo "$home"
}

# ---------------------------------------------------------------------------------------------
d0() {
  note "D0 disk sync probe"
  b0_instance > /dev/null
  # The journal type the embedded brokers actually use here (libaio does not load from a Spring
  # Boot jar, so they fall back to NIO): probed with the same type, syncing every write.
  "$RUN/b0/bin/artemis" perf-journal --journal-type NIO --sync --sync-writes --writes 500 --tries 3 \
      > "$RUN/d0-perf-journal.log" 2>&1 || true
  "$RUN/b0/bin/artemis" perf-journal --journal-type NIO --sync --writes 500 --tries 3 \
      > "$RUN/d0-perf-journal-batched.log" 2>&1 || true
  local fsync; fsync="$(ls /usr/lib/postgresql/*/bin/pg_test_fsync 2>/dev/null | head -1 || true)"
  if [[ -n "$fsync" ]]; then
    (cd "$RUN" && "$fsync" -s 2 -f "$RUN/d0-pg_test_fsync.tmp" > "$RUN/d0-pg_test_fsync.log" 2>&1 || true)
    rm -f "$RUN/d0-pg_test_fsync.tmp"
  fi
  echo "load $(load)" > "$RUN/d0-load.txt"
}

# ---------------------------------------------------------------------------------------------
b0_perf() { # name rate|all seconds
  local args=(--url "tcp://127.0.0.1:$B0_PORT" --persistent --message-size 10240 --max-pending 100
              --duration "$3" --warmup 5 --hdr "$RUN/b0-$1.hdr" --json "$RUN/b0-$1.json" --silent)
  [[ "$2" == all ]] || args+=(--rate "$2")
  "$ARTEMIS/bin/artemis" perf client "${args[@]}" queue://bench.b0 > "$RUN/b0-$1.log" 2>&1 || true
  echo "$(load)" > "$RUN/b0-$1.load"
}

b0_start() {
  ARTEMIS="$(b0_instance)"
  (cd "$RUN/b0" && exec bin/artemis run > "$RUN/b0-broker.log" 2>&1) &
  B0_PID=$!; PIDS+=("$B0_PID")
  local deadline=$((SECONDS + 60))
  until grep -q "AMQ221007" "$RUN/b0-broker.log" 2>/dev/null; do
    ((SECONDS < deadline)) || { echo "B0 broker did not start" >&2; return 1; }
    sleep 1
  done
}

b0() {
  note "B0 raw Artemis: all-out"
  b0_start
  b0_perf all all "$STEP_SECONDS"
  local ceiling
  ceiling="$(runner org.junction.bench.run.ArtemisPerf rate "$RUN/b0-all.json")"
  note "B0 all-out: $ceiling msg/s; rate steps"
  local i=0
  for fraction in 0.5 0.7 0.85 1.0; do
    local rate; rate="$(awk -v c="$ceiling" -v f="$fraction" 'BEGIN { r = int(c * f); print (r < 1 ? 1 : r) }')"
    b0_perf "step$i-$rate" "$rate" "$STEP_SECONDS"
    i=$((i + 1))
  done
  stop "$B0_PID"
}

# B0 again at a given rate, for the ack comparison (L2) with the hub at the same offered load.
b0_at() { # rate
  b0_start
  b0_perf "at-$1" "$1" "$STEP_SECONDS"
  stop "$B0_PID"
}

# ---------------------------------------------------------------------------------------------
# The warm-up's LoadSteps arguments, for the steps and the soak alike.
warmup_args() {
  if ((WARMUP_REFERRALS > 0)); then
    echo --warmup "$WARMUP_LIMIT_SECONDS" --warmup-referrals "$WARMUP_REFERRALS" --warmup-minimum "$WARMUP_SECONDS"
  else
    echo --warmup "$WARMUP_SECONDS"
  fi
}

steps() { # name pid url key... (LoadSteps arguments after the target)
  local name="$1" pid="$2"; shift 2
  local warmup
  read -ra warmup <<< "$(warmup_args)"
  runner org.junction.bench.run.LoadSteps --name "$name" --pid "$pid" --stub-port "$STUB_PORT" --input "$BARS_INPUT" \
      "${warmup[@]}" --step "$STEP_SECONDS" --start-rate "$START_RATE" --factor "$RATE_FACTOR" \
      --max-steps "$MAX_STEPS" --out "$RUN/$name.json" "$@" 2>&1 | tee "$RUN/$name.log"
}

b1() {
  note "B1 Camel passthrough: starting"
  mkdir -p "$RUN/b1"
  java "${JVM_FLAGS[@]}" -jar "$PASSTHROUGH_JAR" --server.port="$PASSTHROUGH_PORT" \
      --passthrough.data-dir="$RUN/b1" --passthrough.partner-url="http://127.0.0.1:$STUB_PORT/partner/referrals" \
      --passthrough.consumers="$B1_CONSUMERS" > "$RUN/b1-app.log" 2>&1 &
  local pid=$!; PIDS+=("$pid")
  wait_for "http://127.0.0.1:$PASSTHROUGH_PORT/referrals" 180 || true
  note "B1 load steps"
  steps b1 "$pid" --url "http://127.0.0.1:$PASSTHROUGH_PORT/fhir/\$process-message"
  stop "$pid"
}

# ---------------------------------------------------------------------------------------------
HOSPITAL_KEY="$(secret)"; VALIDATED_KEY="$(secret)"
IG_HOSPITAL="$(secret)"; IG_VALIDATED="$(secret)"; IG_COUNCIL="$(secret)"

# The hub's database as deploy/README.md asks for it, with autovacuum on. A server running without
# it (a CI machine's, say) never analyses the hub's tables: the plans PostgreSQL caches for the
# hub's prepared statements while the tables are still empty then stay sequential scans as the
# tables grow, and the outbox keeps every dead row, so the hub slows minute by minute (bench/README.md,
# "A sixth step"). Switched on for the run and put back as it was at the end.
pg_autovacuum_on() {
  local setting sourcefile
  IFS='|' read -r setting sourcefile < <(psql "$PG_ADMIN_URL" -qAtc \
      "SELECT setting, coalesce(sourcefile, '') FROM pg_settings WHERE name = 'autovacuum'")
  echo "$setting" > "$RUN/postgres-autovacuum.txt"
  [[ "$setting" == off && -z "$AUTOVACUUM_RESTORE" ]] || return 0
  note "PostgreSQL runs with autovacuum = off (${sourcefile:-its default}): on for this run, put back at the end"
  if [[ "$sourcefile" == */postgresql.auto.conf ]]; then
    AUTOVACUUM_RESTORE="ALTER SYSTEM SET autovacuum = off"
  else
    AUTOVACUUM_RESTORE="ALTER SYSTEM RESET autovacuum"
  fi
  if ! psql "$PG_ADMIN_URL" -qAtc "ALTER SYSTEM SET autovacuum = on" -c "SELECT pg_reload_conf()" > /dev/null; then
    AUTOVACUUM_RESTORE=""
    note "could not switch autovacuum on (ALTER SYSTEM needs a superuser): expect the hub's figures to sink as its tables grow"
  fi
}

hub_start() {
  local dir="$RUN/hub"
  mkdir -p "$dir/config/partners" "$dir/config/agreements" "$dir/data"
  for file in partners/bench-hospital.yaml partners/bench-hospital-validated.yaml partners/bench-council.yaml \
              agreements/bench-sharing.yaml; do
    sed -e "s|@HOSPITAL_KEY_SHA256@|$(sha256 "$HOSPITAL_KEY")|" \
        -e "s|@VALIDATED_KEY_SHA256@|$(sha256 "$VALIDATED_KEY")|" \
        -e "s|@STUB_URL@|http://127.0.0.1:$STUB_PORT/partner/referrals|" \
        -e "s|@EFFECTIVE_FROM@|$(date -u -d '-30 days' +%F)|" \
        -e "s|@REVIEW_DATE@|$(date -u -d '+6 months' +%F)|" \
        -e "s|@EXPIRES@|$(date -u -d '+2 years' +%F)|" \
        "$HERE/hub-config/$file" > "$dir/config/$file"
  done
  # One IG lead per party, to approve the agreement as its organisation; by API key, as the
  # embedded default allows. The rate limit is a per-partner fairness guard, not capacity: off.
  local operators=() i=0
  for pair in "bench-hospital:$IG_HOSPITAL" "bench-hospital-validated:$IG_VALIDATED" "bench-council:$IG_COUNCIL"; do
    local org="${pair%%:*}" key="${pair#*:}"
    operators+=("--hub.operators[$i].id=ig-$org" "--hub.operators[$i].organisation=$org"
                "--hub.operators[$i].roles[0]=IG_LEAD" "--hub.operators[$i].api-key-sha256=$(sha256 "$key")")
    i=$((i + 1))
  done
  # The database production runs on (perf-reliability.md section 3: the audit chain in PostgreSQL),
  # a fresh one per start; BENCH_DB=h2 measures the embedded default instead.
  local database=()
  if [[ "$DB" == postgres ]]; then
    pg_autovacuum_on
    psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $PG_BENCH_DB" -c "CREATE DATABASE $PG_BENCH_DB" >/dev/null
    database=(--spring.datasource.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_BENCH_DB"
              --spring.datasource.username="$PG_USER")
  fi
  (cd "$dir" && exec java "${JVM_FLAGS[@]}" ${BENCH_HUB_JVM_FLAGS:-} -jar "$HUB_JAR" \
      --server.port="$HUB_PORT" --management.server.port="$HUB_MANAGEMENT_PORT" \
      --hub.data-dir="$dir/data" --hub.config-dir="$dir/config" --hub.config-watch=false \
      --hub.intake.rate-limit.enabled=false "${database[@]}" "${operators[@]}" > "$RUN/hub-app.log" 2>&1) &
  HUB_PID=$!; PIDS+=("$HUB_PID")
  until curl -fs -o /dev/null "http://127.0.0.1:$HUB_MANAGEMENT_PORT/actuator/health/readiness"; do
    kill -0 "$HUB_PID" 2>/dev/null || { echo "the hub stopped: see $RUN/hub-app.log" >&2; return 1; }
    sleep 2
  done
  for key in "$IG_HOSPITAL" "$IG_VALIDATED" "$IG_COUNCIL"; do
    curl -fs -o /dev/null -X POST -H "X-API-Key: $key" \
        "http://127.0.0.1:$HUB_PORT/api/v1/admin/agreements/bench-sharing/1/approvals"
  done
}

hub() {
  note "H1/H2 hub: starting (database: $DB)"
  hub_start
  local common=(--url "http://127.0.0.1:$HUB_PORT/fhir/\$process-message" --performer bench-council
                --metrics "http://127.0.0.1:$HUB_MANAGEMENT_PORT/actuator/prometheus")
  if [[ "$DB" == postgres ]]; then
    # Each step records the database's upkeep beside it: checkpoints, autovacuum and autoanalyze runs.
    common+=(--database-url "jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_BENCH_DB?user=$PG_USER")
  fi
  if wants h1; then
    note "H1 hub, validation off: load steps"
    steps h1 "$HUB_PID" "${common[@]}" --api-key "$HOSPITAL_KEY"
  fi
  if wants h2; then
    note "H2 hub, base R4 validation at ingest: load steps"
    # The hub's JVM is H1's, already compiled but for validation: a shorter warm-up, which keeps the
    # default run inside 20 minutes (10,000 validated referrals took H2's whole 150 s).
    local h2_warmup=()
    if ((WARMUP_REFERRALS > 0)); then h2_warmup=(--warmup-referrals "$WARMUP_REFERRALS_H2"); fi
    steps h2 "$HUB_PID" "${common[@]}" --api-key "$VALIDATED_KEY" --start-rate "$START_RATE_H2" "${h2_warmup[@]}"
  fi
  du -sb "$RUN/hub/data/broker" "$RUN/hub/data/db" > "$RUN/hub-disk.txt" 2>/dev/null || true
  stop "$HUB_PID"
}

soak() {
  local rate="${BENCH_SOAK_RATE:-}"
  if [[ -z "$rate" ]]; then
    rate="$(runner org.junction.bench.run.Summary soak-rate "$RUN")"
  fi
  note "Soak: $SOAK_SECONDS s at $rate/s against the hub (H1)"
  rm -rf "$RUN/hub"
  hub_start
  local warmup
  read -ra warmup <<< "$(warmup_args)"
  runner org.junction.bench.run.LoadSteps --name soak --stub-port "$STUB_PORT" --input "$BARS_INPUT" \
      "${warmup[@]}" --soak "$SOAK_SECONDS" --rate "$rate" --out "$RUN/soak.json" \
      --url "http://127.0.0.1:$HUB_PORT/fhir/\$process-message" --performer bench-council --api-key "$HOSPITAL_KEY" \
      --metrics "http://127.0.0.1:$HUB_MANAGEMENT_PORT/actuator/prometheus" --pid "$HUB_PID" \
      --watch-dir "$RUN/hub/data/broker" --watch-dir "$RUN/hub/data/db" 2>&1 | tee "$RUN/soak.log"
  stop "$HUB_PID"
}

case "$MODE" in
  run)
    note "Benchmark run: $(nproc) cores, step $STEP_SECONDS s, warm-up $WARMUP_REFERRALS referrals and $WARMUP_SECONDS s at least, within $WARMUP_LIMIT_SECONDS s, heap $HEAP"
    if wants d0; then d0; fi
    if wants b0; then b0; fi
    if wants b1; then b1; fi
    if wants h1 || wants h2; then hub; fi
    # L2: raw Artemis at the rate the hub sustained, so that the two ack tails are at equal load.
    if wants b0 && [[ -f "$RUN/h1.json" ]]; then
      rate="$(runner org.junction.bench.run.Summary mst "$RUN/h1.json")"
      if [[ "$rate" != "0" ]]; then
        note "B0 at H1's MST ($rate/s), for the ack comparison"
        b0_at "$rate"
      fi
    fi
    runner org.junction.bench.run.Summary report "$RUN"
    ;;
  repeat)
    # Each repetition is a whole run of its own (every configuration, then its ratios), so that
    # each ratio compares configurations measured minutes apart; the median is taken of the ratios.
    runs=()
    for ((i = 1; i <= ${BENCH_REPEAT:-3}; i++)); do
      note "Repetition $i of ${BENCH_REPEAT:-3}"
      BENCH_RUN_DIR="$RUN/rep-$i" "$0" run
      runs+=("$RUN/rep-$i")
    done
    runner org.junction.bench.run.Summary median "$RUN" "${runs[@]}"
    ;;
  soak)
    soak
    runner org.junction.bench.run.Summary soak "$RUN"
    ;;
  *)
    echo "usage: bench/run.sh [run|repeat|soak]" >&2
    exit 2
    ;;
esac
