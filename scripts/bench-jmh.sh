#!/usr/bin/env bash
# JMH benchmarks of the engine stages (parse, model, rules, fixes, the server's edit path) with short
# settings: one fork, 3 × 1 s warm-up, 5 × 1 s measurement. Results: build/bench/jmh.json and .txt.
#
#   bash scripts/bench-jmh.sh [JMH ARGS...]     e.g.  bash scripts/bench-jmh.sh 'ParseBenchmark' -prof gc
#
# Arguments go to JMH after the short settings, so they can override them (-f, -wi, -i, ...).
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"
bench_build
bench_machine | tee "$BENCH_DIR/jmh.txt"
java -jar "$BENCH_JAR" -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff "$BENCH_DIR/jmh.json" "$@" | tee -a "$BENCH_DIR/jmh.txt"
echo | tee -a "$BENCH_DIR/jmh.txt"
echo "Median and minimum of the measurement iterations:" | tee -a "$BENCH_DIR/jmh.txt"
java -cp "$BENCH_JAR" dev.meshprobe.bench.JmhSummary "$BENCH_DIR/jmh.json" | tee "$BENCH_DIR/jmh-summary.md" | tee -a "$BENCH_DIR/jmh.txt"
