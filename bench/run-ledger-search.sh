#!/usr/bin/env bash
# Times the audit API's subject search against a million-event ledger: on embedded H2, then on
# PostgreSQL when one answers (JUNCTION_BENCH_POSTGRES_URL, default
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres; a fresh schema, dropped at the end).
# Loading takes a few minutes per database on 2 cores. Arguments go to the benchmark:
#   bench/run-ledger-search.sh [h2|postgres] [events] [subjects] [searches]
# Build the jar first (the benchmarks never run during ./mvnw verify):
#   ./mvnw -B -q -Pbenchmarks -pl bench -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")"

JAR=target/benchmarks.jar
if [[ ! -f "$JAR" ]]; then
  echo "no $PWD/$JAR: build it with ./mvnw -B -q -Pbenchmarks -pl bench -am package -DskipTests (from the repository root)" >&2
  exit 1
fi
MAIN=org.junction.bench.audit.SubjectSearchBench
echo "Load before the run: $(cut -d ' ' -f 1-3 /proc/loadavg) (numbers are only comparable on an otherwise idle machine)"
echo "| Database | Caller | Searches | Events found (mean) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |"
echo "|---|---|---|---|---|---|---|---|"
if [[ $# -gt 0 ]]; then
  java -Xmx2g -cp "$JAR" "$MAIN" "$@"
else
  java -Xmx2g -cp "$JAR" "$MAIN" h2
  java -Xmx2g -cp "$JAR" "$MAIN" postgres
fi
echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -n 1); load after the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
