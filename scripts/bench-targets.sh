#!/usr/bin/env bash
# Every target of DESIGN §8 measured in one run, set against the targets (build/bench/targets.md):
#
#  1. bash scripts/bench-lsp.sh --quick --runs RUNS: the generated 13,000-line, 400-document file, with
#     the server as the clients start it, as a bare `java -jar`, and bare with its re-execution turned
#     off, and yaml-language-server 1.25 (installed from npm): start, both kinds of edit, hovers, code
#     actions; then a file opened while the 10,000-file workspace is indexed under -Xmx512m, as VS Code
#     starts the server for such a workspace and bare.
#  2. bash scripts/bench-scale.sh --skip-workspace --runs CLI_RUNS: `java -jar meshprobe.jar check`
#     over the shared corpus.
#  3. save → diagnostics for a Helm chart and a Kustomize overlay next to the tool's own render
#     (bench_context_save, the language-server half of scripts/bench-contexts.sh), CONTEXT_ROUNDS rounds.
#
#   bash scripts/bench-targets.sh [--runs 3] [--cli-runs 5] [--context-rounds 20]
#
# The machine is shared: read docs/performance.md on noise before trusting one run.
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"

RUNS=3
CLI_RUNS=5
CONTEXT_ROUNDS=20
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --cli-runs) CLI_RUNS="$2"; shift 2 ;;
    --context-rounds) CONTEXT_ROUNDS="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

bench_build
export RESULTS="$BENCH_DIR/results.tsv"
: > "$RESULTS"
OUT="$BENCH_DIR/targets.md"
{
  echo "# DESIGN §8 targets, one run"
  echo
  bench_machine | sed 's/^/    /'
  echo
} > "$OUT.head"
BENCH_SKIP_BUILD=1 bash "$ROOT/scripts/bench-lsp.sh" --quick --runs "$RUNS" > "$BENCH_DIR/targets-lsp.md"
BENCH_SKIP_BUILD=1 bash "$ROOT/scripts/bench-scale.sh" --skip-workspace --runs "$CLI_RUNS" > "$BENCH_DIR/targets-cli.txt"
bench_context_save "$CONTEXT_ROUNDS" > "$BENCH_DIR/targets-contexts.md"
{
  cat "$OUT.head"
  echo "    at the end: load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  java -cp "$BENCH_JAR" dev.meshprobe.bench.Targets "$RESULTS"
  echo
  echo "## The runs behind it"
  echo
  cat "$BENCH_DIR/targets-lsp.md"
  echo
  echo '```'
  cat "$BENCH_DIR/targets-cli.txt"
  echo '```'
  echo
  cat "$BENCH_DIR/targets-contexts.md"
} > "$OUT"
rm -f "$OUT.head"
cat "$OUT"
