#!/usr/bin/env bash
# Ledger sealing throughput and verification speed (LedgerBench): writes N events (default 1,000,000)
# into a fresh H2 file database with the hub's migrations, seals them in batches with the hub's
# sealer, then verifies the whole chain with the hub's verifier; and the same on PostgreSQL when
# JUNCTION_BENCH_POSTGRES_URL is set (a fresh schema, dropped afterwards).
#
#   bench/run-ledger.sh [events] [batch]
#   JUNCTION_BENCH_POSTGRES_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' bench/run-ledger.sh 200000
# Build the jar first (the benchmarks never run during ./mvnw verify):
#   ./mvnw -B -q -Pbenchmarks -pl bench -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")"

JAR=target/benchmarks.jar
if [[ ! -f "$JAR" ]]; then
  echo "no $PWD/$JAR: build it with ./mvnw -B -q -Pbenchmarks -pl bench -am package -DskipTests (from the repository root)" >&2
  exit 1
fi
echo "Load before the run: $(cut -d ' ' -f 1-3 /proc/loadavg) (numbers are only comparable on an otherwise idle machine)"
java -Xmx2g -Djunction.migrations=../hub/src/main/resources/db/migration -cp "$JAR" \
  org.junction.bench.ledger.LedgerBench "$@"
echo "Load after the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
