#!/usr/bin/env bash
# Runs the mapping benchmarks with a short, bounded configuration and prints the results table:
# one fork, 5 x 2 s warm-up and 5 x 1 s measurement per benchmark and parameter, about 7 minutes
# on 2 cores. HAPI FHIR's serialiser needs the longer warm-up: after 3 x 1 s the JIT is still
# compiling it and the numbers come out several times too high.
#
# Arguments, when given, replace the default benchmark selection and go to JMH as they are, e.g.
#   bench/run-mappings.sh 'InboundBenchmark' -p format=police-referral-json-v1
# Build the jar first (the benchmarks never run during ./mvnw verify):
#   ./mvnw -B -q -Pbenchmarks -pl bench -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")"

JAR=target/benchmarks.jar
if [[ ! -f "$JAR" ]]; then
  echo "no $PWD/$JAR: build it with ./mvnw -B -q -Pbenchmarks -pl bench -am package -DskipTests (from the repository root)" >&2
  exit 1
fi
if [[ $# -eq 0 ]]; then
  set -- 'org\.junction\.bench\.(Inbound|Outbound|HighDemandCsv)Benchmark'
fi

RESULTS=target/mappings-results.json
echo "Load before the run: $(cut -d ' ' -f 1-3 /proc/loadavg) (numbers are only comparable on an otherwise idle machine)"
java -jar "$JAR" -f 1 -wi 5 -w 2s -i 5 -r 1s -tu us -bm avgt -rf json -rff "$RESULTS" "$@"
echo
echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -n 1); load after the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "Results also written to bench/$RESULTS"
