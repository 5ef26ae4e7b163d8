#!/usr/bin/env bash
# Shell library of the reliability harness (bench/reliability.sh) and the benchmark runner:
# build the jars, prepare a run directory, start and stop the hub and the partner stubs, run the
# open-model load generator, drain and reconcile. Source it: `. bench/reliability/lib.sh`.
#
# A run directory holds everything of one run and nothing else:
#   run.env            ports and keys of this run (sourced by every function below)
#   config/            the hub's configuration directory: police sender, partners at the stub's
#                      ports, one agreement permitting the flows (consent given in each referral)
#   hub-bench.yaml     the hub's settings for the run (operators' keys, fast retries)
#   data/              the hub's data directory (H2, Artemis journal, keys)
#   sent.jsonl         the load generator's ledger; deliveries.jsonl: the partner stub's ledger
#   logs/              hub, stub and load logs
#
# Functions (all take the run directory first unless said otherwise):
#   jh_build                          build hub/target/junction-hub.jar and bench/target/benchmarks.jar if absent
#   jh_prepare_run DIR [PARTNER...]   new run directory; partners default: bench-council bench-mash
#   jh_hub_start DIR [ARGS...]        start the hub (java -jar, embedded broker and H2); extra --hub.* args
#   jh_hub_wait_ready DIR [SECONDS]   wait for readiness on the management port
#   jh_hub_kill9 DIR                  kill -9 the hub process
#   jh_hub_stop DIR                   stop the hub gracefully (SIGTERM), wait for it
#   jh_hub_running DIR                true while the hub process lives
#   jh_approve DIR                    each party's IG lead approves the bench agreement (once per data dir)
#   jh_stub_start DIR / jh_stub_stop DIR
#   jh_stub_mode DIR PARTNER MODE [DELAY_MS] [FAIL_RATE]   ok | down | slow | flaky
#   jh_stub_stats DIR
#   jh_load DIR RATE WARMUP DURATION [ARGS...]   run the load generator in the foreground
#   jh_reconcile DIR [ARGS...]        wait for the drain, then reconcile; non-zero exit on loss or corruption
#   jh_db_check DIR                   after jh_hub_stop (H2), or any time with JH_DB_URL (PostgreSQL): one
#                                     intake row per accepted idempotency key and an empty outbox, counted in the database
#   jh_audit_verify_offline DIR       after jh_hub_stop: `java -jar junction-hub.jar audit verify`
#   jh_cleanup DIR                    stop everything this run started
#   jh_scenario_setup DIR [PARTNER...]   prepare, start the stub and the hub, approve: ready for load
#   jh_scenario_finish DIR LABEL [RECONCILE ARGS...]   reconcile, stop the hub, count in its database,
#                                     verify its ledger offline, stop the stub; non-zero if any failed
#   jh_windows DIR LABEL              per-partner delivery rate and latency in the windows of DIR/windows.txt
#   jh_window_mark DIR NAME START     append a window (NAME from START until now) to DIR/windows.txt
#   jh_now                            the time now, ISO-8601 UTC with milliseconds
#   jh_free_port                      a free TCP port on 127.0.0.1
# Environment: JH_JAVA (java), JH_HUB_HEAP (default 1g), JH_HUB_JAVA_OPTS (extra JVM options of
# the hub), JH_HUB_ARGS (extra --hub.* / --spring.* arguments of every hub start), JH_SEED (default 1).

JH_ROOT="${JH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
JH_HUB_JAR="${JH_HUB_JAR:-$JH_ROOT/hub/target/junction-hub.jar}"
JH_BENCH_JAR="${JH_BENCH_JAR:-$JH_ROOT/bench/target/benchmarks.jar}"
JH_JAVA="${JH_JAVA:-java}"
JH_HUB_HEAP="${JH_HUB_HEAP:-1g}"

jh_log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

jh_build() {
  local mvn=("$JH_ROOT/mvnw" -B -q)
  if [[ ! -f "$JH_HUB_JAR" ]]; then
    jh_log "building $JH_HUB_JAR"
    (cd "$JH_ROOT" && { "${mvn[@]}" -o package -pl hub -am -DskipTests || "${mvn[@]}" package -pl hub -am -DskipTests; }) || return 1
  fi
  if [[ ! -f "$JH_BENCH_JAR" ]]; then
    jh_log "building $JH_BENCH_JAR"
    (cd "$JH_ROOT" && { "${mvn[@]}" -o -Pbenchmarks package -pl bench -am -DskipTests \
      || "${mvn[@]}" -Pbenchmarks package -pl bench -am -DskipTests; }) || return 1
  fi
}

jh_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_jh_key() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
_jh_sha256() { printf '%s' "$1" | sha256sum | cut -d ' ' -f 1; }
_jh_env() { # shellcheck disable=SC1091
  . "$1/run.env"; }

jh_prepare_run() {
  local dir="$1"; shift
  local partners=("$@")
  [[ ${#partners[@]} -gt 0 ]] || partners=(bench-council bench-mash)
  rm -rf "$dir"
  mkdir -p "$dir/config/partners" "$dir/config/agreements" "$dir/data" "$dir/logs"
  dir="$(cd "$dir" && pwd)"
  local police_key admin_key hub_port mgmt_port control_port
  police_key="$(_jh_key)"; admin_key="$(_jh_key)"
  hub_port="$(jh_free_port)"; mgmt_port="$(jh_free_port)"; control_port="$(jh_free_port)"
  {
    echo "JH_DIR='$dir'"
    echo "JH_HUB_PORT=$hub_port"
    echo "JH_MGMT_PORT=$mgmt_port"
    echo "JH_HUB_URL='http://127.0.0.1:$hub_port'"
    echo "JH_POLICE_KEY='$police_key'"
    echo "JH_ADMIN_KEY='$admin_key'"
    echo "JH_STUB_CONTROL=$control_port"
    echo "JH_PARTNERS='${partners[*]}'"
  } > "$dir/run.env"
  cat > "$dir/config/partners/bench-police.yaml" <<YAML
# The load generator plays this force: JSON referrals over the partner API with an API key.
id: bench-police
name: Bench Constabulary (load generator)
kind: POLICE
api-key-sha256: $(_jh_sha256 "$police_key")
sources:
  - type: rest-json
    mapper: police-referral-json-v1
YAML
  local p port kind mapper ig_keys="" operators=""
  local parties="  - {organisation: bench-police, name: Bench Constabulary, role: CONTROLLER, regime: PART3}"$'\n'
  local flows=""
  for p in "${partners[@]}"; do
    port="$(jh_free_port)"
    echo "JH_STUB_PORT_${p//-/_}=$port" >> "$dir/run.env"
    case "$p" in
      *mash*) kind=MASH; mapper=mash-referral-json-v1 ;;
      *) kind=COUNCIL; mapper=council-referral-json-v1 ;;
    esac
    # No sink options sign / recipient-certificate: the stub reads plain JSON.
    cat > "$dir/config/partners/$p.yaml" <<YAML
id: $p
name: Bench partner $p (partner stub)
kind: $kind
sink:
  type: rest-json
  endpoint: http://127.0.0.1:$port/referrals
  mapper: $mapper
YAML
    parties+="  - {organisation: $p, name: Bench partner $p, role: CONTROLLER, regime: UKGDPR}"$'\n'
    flows+="$(_jh_flow "$p")"$'\n'
  done
  local today; today="$(date -u +%F)"
  cat > "$dir/config/agreements/bench-sharing.yaml" <<YAML
# Every police referral goes to every bench partner, with the person's consent (given in each referral).
id: bench-sharing
version: 1
status: ACTIVE
title: Bench referrals from the load generator to the partner stubs
owner: {organisation: bench-police, role: Data Protection Officer}
parties:
${parties}effective-from: $(date -u -d "$today - 30 days" +%F)
review-date: $(date -u -d "$today + 180 days" +%F)
expires: $(date -u -d "$today + 2 years" +%F)
flows:
${flows}
YAML
  # Operators: one hub-wide admin (drain, dead letters, audit verify) and each party's IG lead (approvals).
  operators+="    - {id: bench-admin, organisation: bench-hub, roles: [HUB_ADMIN, OPERATOR, IG_LEAD], hub-wide: true, api-key-sha256: $(_jh_sha256 "$admin_key")}"$'\n'
  local org key
  for org in bench-police "${partners[@]}"; do
    key="$(_jh_key)"
    echo "JH_IG_KEY_${org//-/_}='$key'" >> "$dir/run.env"
    operators+="    - {id: ig-$org, organisation: $org, roles: [IG_LEAD], api-key-sha256: $(_jh_sha256 "$key")}"$'\n'
  done
  cat > "$dir/hub-bench.yaml" <<YAML
# Settings of a reliability run: retries fast enough that a short run drains, the partner API
# unthrottled (the load generator sets the rate), operators' keys for the harness.
hub:
  operators:
${operators}  intake:
    rate-limit:
      enabled: false
  delivery:
    maximum-redeliveries: 60
    initial-delay: 500ms
    multiplier: 2.0
    maximum-delay: 4s
    connect-timeout: 1s
    socket-timeout: 4s
    circuit-open-duration: 3s
YAML
  jh_log "prepared run directory $dir (hub :$hub_port, management :$mgmt_port, partners ${partners[*]})"
}

_jh_flow() {
  cat <<YAML
  - id: police-to-$1
    from: bench-police
    to: $1
    purposes: [PATSFTY]
    referral-types: [ADULT_AT_RISK, PPN_DOMESTIC_ABUSE, MENTAL_HEALTH]
    data-items: [referral.envelope, referral.source-references, subject.nhs-number, subject.other-identifiers,
                 subject.name, subject.birth-date, subject.gender, subject.address, subject.contacts,
                 subject.communication, referral.concerns, referral.narrative, referral.occurred-at,
                 referral.requested-action, referral.risk, referral.requester, referral.consent-summary]
    data-categories: [REFERRAL, IDENTITY, CONTACT, PROFESSIONAL, SOCIAL_CARE, MENTAL_HEALTH, DOMESTIC_ABUSE]
    lawful-basis: {art6: 6(1)(e), art9: 9(2)(h), art10: DPA2018-Sch1-para10, part3: DPA2018-s35, common-law: CONSENT}
    consent-rule: ALWAYS
    maximum-decision-wait: PT4H
    classification: {marking: OFFICIAL-SENSITIVE, descriptors: [PERSONAL]}
    retention: {recipient: P2Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
YAML
}

jh_hub_start() {
  local dir="$1"; shift
  _jh_env "$dir"
  local n; n=$(ls "$dir/logs" | grep -c '^hub-' || true)
  local log="$dir/logs/hub-$((n + 1)).log"
  # The embedded default: Artemis and H2 under the data directory, API keys allowed.
  # shellcheck disable=SC2086
  nohup "$JH_JAVA" -Xmx"$JH_HUB_HEAP" ${JH_HUB_JAVA_OPTS:-} -jar "$JH_HUB_JAR" \
    --server.port="$JH_HUB_PORT" --management.server.port="$JH_MGMT_PORT" \
    --hub.data-dir="$dir/data" --hub.config-dir="$dir/config" \
    --spring.config.additional-location="file:$dir/hub-bench.yaml" ${JH_HUB_ARGS:-} "$@" > "$log" 2>&1 &
  echo $! > "$dir/hub.pid"
  # Out of the job table: a kill -9 is the point here, not news for the terminal.
  disown $!
  jh_log "hub started (pid $(cat "$dir/hub.pid"), log $log)"
}

jh_hub_running() {
  [[ -f "$1/hub.pid" ]] && kill -0 "$(cat "$1/hub.pid")" 2>/dev/null
}

jh_hub_wait_ready() {
  local dir="$1" timeout="${2:-120}"
  _jh_env "$dir"
  local start=$SECONDS
  while (( SECONDS - start < timeout )); do
    if ! jh_hub_running "$dir"; then
      jh_log "hub exited while starting: $(ls -t "$dir"/logs/hub-*.log | head -1)"
      return 1
    fi
    if curl -fsS -o /dev/null "http://127.0.0.1:$JH_MGMT_PORT/actuator/health/readiness" 2>/dev/null; then
      jh_log "hub ready after $((SECONDS - start)) s"
      return 0
    fi
    sleep 0.5
  done
  jh_log "hub not ready after $timeout s"
  return 1
}

jh_hub_kill9() {
  local dir="$1"
  if jh_hub_running "$dir"; then
    local pid; pid="$(cat "$dir/hub.pid")"
    kill -9 "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    jh_log "hub killed -9 (pid $pid)"
  fi
}

jh_hub_stop() {
  local dir="$1"
  if jh_hub_running "$dir"; then
    local pid; pid="$(cat "$dir/hub.pid")"
    kill -TERM "$pid"
    local i
    for i in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      jh_log "hub did not stop in 60 s: kill -9"
      kill -9 "$pid"
    fi
    jh_log "hub stopped (pid $pid)"
  fi
  rm -f "$dir/hub.pid"
}

jh_approve() {
  local dir="$1"
  _jh_env "$dir"
  local org var key code
  for org in bench-police $JH_PARTNERS; do
    var="JH_IG_KEY_${org//-/_}"
    key="${!var}"
    code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H "X-API-Key: $key" \
      "$JH_HUB_URL/api/v1/admin/agreements/bench-sharing/1/approvals")
    if [[ "$code" != 200 && "$code" != 201 ]]; then
      jh_log "approval of bench-sharing by $org answered $code"
      return 1
    fi
  done
  jh_log "bench-sharing v1 approved by every party"
}

jh_stub_start() {
  local dir="$1"
  _jh_env "$dir"
  local args=() p var
  for p in $JH_PARTNERS; do
    var="JH_STUB_PORT_${p//-/_}"
    args+=(--partner "$p=${!var}")
  done
  nohup "$JH_JAVA" -Xmx256m -cp "$JH_BENCH_JAR" org.junction.bench.load.PartnerStub "${args[@]}" \
    --control "$JH_STUB_CONTROL" --ledger "$dir/deliveries.jsonl" --seed "${JH_SEED:-1}" \
    >> "$dir/logs/stub.log" 2>&1 &
  echo $! > "$dir/stub.pid"
  local i
  for i in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$JH_STUB_CONTROL/stats" 2>/dev/null && break
    sleep 0.2
  done
  jh_log "partner stub started (pid $(cat "$dir/stub.pid"))"
}

jh_stub_mode() {
  local dir="$1" partner="$2" mode="$3" delay="${4:-0}" rate="${5:-0.3}"
  _jh_env "$dir"
  curl -fsS -X POST "http://127.0.0.1:$JH_STUB_CONTROL/mode?partner=$partner&mode=$mode&delayMs=$delay&failRate=$rate" \
    > /dev/null && jh_log "stub $partner: $mode${delay:+ delay ${delay}ms}"
}

jh_stub_stats() {
  _jh_env "$1"
  curl -fsS "http://127.0.0.1:$JH_STUB_CONTROL/stats"
}

jh_stub_stop() {
  local dir="$1"
  if [[ -f "$dir/stub.pid" ]]; then
    local pid; pid="$(cat "$dir/stub.pid")"
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$dir/stub.pid"
  fi
}

jh_load() {
  local dir="$1" rate="$2" warmup="$3" duration="$4"; shift 4
  _jh_env "$dir"
  "$JH_JAVA" -Xmx512m -cp "$JH_BENCH_JAR" org.junction.bench.load.LoadGenerator \
    --url "$JH_HUB_URL" --api-key "$JH_POLICE_KEY" --rate "$rate" --warmup "$warmup" --duration "$duration" \
    --seed "${JH_SEED:-1}" --run-id "r${JH_SEED:-1}" --ledger "$dir/sent.jsonl" "$@"
}

jh_reconcile() {
  local dir="$1"; shift
  _jh_env "$dir"
  "$JH_JAVA" -Xmx512m -cp "$JH_BENCH_JAR" org.junction.bench.reconcile.Reconcile \
    --hub "$JH_HUB_URL" --management "http://127.0.0.1:$JH_MGMT_PORT" --admin-key "$JH_ADMIN_KEY" \
    --police-key "$JH_POLICE_KEY" --sent "$dir/sent.jsonl" --deliveries "$dir/deliveries.jsonl" \
    --recipients "${JH_PARTNERS// /,}" --seed "${JH_SEED:-1}" --run-id "r${JH_SEED:-1}" "$@"
}

jh_db_check() {
  local dir="$1"; shift
  _jh_env "$dir"
  # The hub's own database: H2 under the data directory (the hub stopped), or JH_DB_URL (and
  # JH_DB_USER, JH_DB_PASSWORD) when the run put the hub on PostgreSQL.
  "$JH_JAVA" -Xmx256m -cp "$JH_BENCH_JAR" org.junction.bench.reconcile.IntakeRecordCount \
    --jdbc-url "${JH_DB_URL:-jdbc:h2:file:$dir/data/db/junction;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;MAX_COMPACT_TIME=0}" \
    --user "${JH_DB_USER:-junction}" --password "${JH_DB_PASSWORD:-}" \
    --sent "$dir/sent.jsonl" --sender bench-police "$@"
}

jh_audit_verify_offline() {
  local dir="$1"
  "$JH_JAVA" -Xmx512m -jar "$JH_HUB_JAR" audit verify --hub.data-dir="$dir/data" --hub.config-dir="$dir/config" \
    > "$dir/logs/audit-verify.log" 2>&1
  local rc=$?
  tail -3 "$dir/logs/audit-verify.log" >&2
  return $rc
}

jh_cleanup() {
  local dir="$1"
  # A load a scenario left in the background (an interrupted run) must not outlive its run,
  # posting to a port that is gone for the rest of its hour; its ledger path names the run.
  pkill -f -- "--ledger $dir/sent.jsonl" 2>/dev/null || true
  jh_stub_stop "$dir"
  jh_hub_stop "$dir"
}

jh_now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }

jh_window_mark() {
  echo "$2 $3 $(jh_now)" >> "$1/windows.txt"
}

jh_windows() {
  local dir="$1" label="$2"
  "$JH_JAVA" -Xmx256m -cp "$JH_BENCH_JAR" org.junction.bench.reconcile.Windows --windows "$dir/windows.txt" \
    --sent "$dir/sent.jsonl" --deliveries "$dir/deliveries.jsonl" --label "$label"
}

jh_scenario_setup() {
  local dir="$1"; shift
  jh_prepare_run "$dir" "$@" || return 1
  jh_stub_start "$dir" || return 1
  jh_hub_start "$dir" || return 1
  jh_hub_wait_ready "$dir" "${JH_START_TIMEOUT:-300}" || return 1
  jh_approve "$dir"
}

jh_scenario_finish() {
  local dir="$1" label="$2"; shift 2
  local rc=0
  jh_reconcile "$dir" --label "$label" "$@" | tee "$dir/reconcile.txt"
  [[ ${PIPESTATUS[0]} -eq 0 ]] || rc=1
  jh_hub_stop "$dir"
  jh_db_check "$dir" --label "$label" | tee -a "$dir/reconcile.txt"
  [[ ${PIPESTATUS[0]} -eq 0 ]] || rc=1
  if jh_audit_verify_offline "$dir"; then
    echo "$label: offline ledger verification (junction audit verify): PASS" | tee -a "$dir/reconcile.txt"
  else
    echo "$label: offline ledger verification (junction audit verify): FAIL" | tee -a "$dir/reconcile.txt"
    rc=1
  fi
  jh_stub_stop "$dir"
  return $rc
}
