#!/usr/bin/env bash
# Workspace scale and the command line.
#
#  1. Generates the 10,000-file, ~200 MB workspace into build/bench/workspace-10k (once; the generator
#     skips a folder that already holds the same parameters).
#  2. Initial index through the language server with -Xmx512m: time from process start to the
#     server's `meshprobe/status` "ready", heap after a full GC (jcmd GC.heap_info), and the GC log's
#     peak occupancy.
#  3. `meshprobe check` over the same workspace with -Xmx512m: wall time, exit status, GC peak.
#  4. `meshprobe check` over the shared corpus, RUNS times each (interleaved) with default flags,
#     C1 only (-XX:TieredStopAtLevel=1), a static AppCDS archive, both, and a dynamic AppCDS archive
#     (-XX:ArchiveClassesAtExit): median wall and CPU time.
#
#   bash scripts/bench-scale.sh [--runs N] [--skip-workspace] [--index-only] [--heaps "512m 4g"]
#
# --index-only runs step 2 alone (no CLI runs): a few minutes, for iterating on the index.
# --heaps sets the -Xmx values of steps 2 and 3 (default "512m 4g").
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"

RUNS=7
SKIP_WS=0
INDEX_ONLY=0
HEAPS="512m 4g"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --skip-workspace) SKIP_WS=1; shift ;;
    --index-only) INDEX_ONLY=1; shift ;;
    --heaps) HEAPS="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

bench_build
OUT="$BENCH_DIR/scale.txt"
: > "$OUT"
say() { echo "$*" | tee -a "$OUT"; }
say "# Workspace scale and CLI ($(date -u '+%Y-%m-%d %H:%M UTC'))"
bench_machine | tee -a "$OUT"

# time_cmd LOG CMD...: runs CMD with stdout to /dev/null, stderr to LOG; prints "wall user+sys exit".
time_cmd() {
  local log="$1"; shift
  local t0 t1 rc=0 times
  local tf
  tf="$(mktemp)"
  t0=$(date +%s%N)
  { TIMEFORMAT='%U %S'; time "$@" >/dev/null 2>>"$log" || rc=$?; } 2>"$tf"
  t1=$(date +%s%N)
  times="$(tail -1 "$tf")"
  rm -f "$tf"
  awk -v w="$(( (t1 - t0) / 1000000 ))" -v t="$times" -v rc="$rc" 'BEGIN { split(t, a, " "); printf "%.2f %.2f %d\n", w / 1000, a[1] + a[2], rc }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

if [[ $SKIP_WS == 0 ]]; then
  WS="$BENCH_DIR/workspace-10k"
  say ""
  say "## 10,000-file workspace"
  java -cp "$BENCH_JAR" dev.meshprobe.bench.Generate workspace "$WS" | tee -a "$OUT"
  say "files: $(find "$WS" -name '*.yaml' | wc -l); size: $(du -sm "$WS" | cut -f1) MB on disk; largest: $(find "$WS" -name '*.yaml' -size +1M | wc -l) files over 1 MB"

  # The target heap first, then a large one to see what the index needs when 512 MB is not enough. The
  # server runs as the VS Code client starts it for a workspace this large (vscode-client/src/launch.ts:
  # Serial GC, the optimising compiler kept); the class-data archive only shortens the start.
  for XMX in $HEAPS; do
    say ""
    say "### initial index through the language server (-Xmx$XMX)"
    rm -f "$LOGS/index-gc-$XMX.log"
    java -cp "$BENCH_JAR" dev.meshprobe.bench.lsp.LspLatency --logs "$LOGS" --index "$WS" --index-timeout 600 --histogram \
      --server "meshprobe-Xmx$XMX=java -Xlog:disable -Xlog:all=warning:stderr -XX:+UseSerialGC -Xmx$XMX -Xlog:gc:file=$LOGS/index-gc-$XMX.log -jar $SERVER_JAR --stdio" | tee -a "$OUT"
    say "GC: $(gc_summary "$LOGS/index-gc-$XMX.log")"
    if [[ $INDEX_ONLY == 1 ]]; then continue; fi

    say ""
    say "### meshprobe check over the workspace (-Xmx$XMX; exit 1 = findings)"
    rm -f "$LOGS/check-ws-gc-$XMX.log" "$LOGS/check-ws-$XMX.log"
    read -r wall cpu rc < <(time_cmd "$LOGS/check-ws-$XMX.log" java -Xmx$XMX "-Xlog:gc:file=$LOGS/check-ws-gc-$XMX.log" -jar "$SERVER_JAR" check --format json "$WS")
    if grep -q OutOfMemoryError "$LOGS/check-ws-$XMX.log"; then
      say "FAILED: OutOfMemoryError after ${wall} s wall (cpu ${cpu} s), exit ${rc}"
    else
      say "wall ${wall} s, cpu ${cpu} s, exit ${rc}"
    fi
    say "GC: $(gc_summary "$LOGS/check-ws-gc-$XMX.log")"
  done
fi

# ---- the CLI over the shared corpus
if [[ $INDEX_ONLY == 1 ]]; then
  echo "(saved to $OUT)" >&2
  exit 0
fi
if [[ -d "$CORPUS" ]]; then
  say ""
  say "## meshprobe check over the shared corpus ($(find "$CORPUS" \( -name '*.yaml' -o -name '*.yml' \) | wc -l) YAML files, $(du -sm "$CORPUS" | cut -f1) MB), $RUNS runs each, medians"
  JSA="$BENCH_DIR/meshprobe-cli.jsa"
  if stale "$JSA"; then
    rm -f "$JSA" "$BENCH_DIR/meshprobe-cli.classlist"
    java -XX:DumpLoadedClassList="$BENCH_DIR/meshprobe-cli.classlist" -jar "$SERVER_JAR" check "$CORPUS" >/dev/null 2>"$LOGS/cds-train-cli.log" || true
    static_cds "$JSA" "$BENCH_DIR/meshprobe-cli.classlist"
  fi
  # The dynamic archive (-XX:ArchiveClassesAtExit) for comparison: on JDK 17 it slows this run down.
  DJSA="$BENCH_DIR/meshprobe-cli-dynamic.jsa"
  if stale "$DJSA"; then
    rm -f "$DJSA"
    java -XX:ArchiveClassesAtExit="$DJSA" -jar "$SERVER_JAR" check "$CORPUS" >/dev/null 2>"$LOGS/cds-train-cli-dynamic.log" || true
  fi
  declare -A FLAGS=(
    [default]=""
    [C1]="-XX:TieredStopAtLevel=1"
    [AppCDS]="-XX:SharedArchiveFile=$JSA"
    [AppCDS+C1]="-XX:SharedArchiveFile=$JSA -XX:TieredStopAtLevel=1"
    [dynamic-AppCDS]="-XX:SharedArchiveFile=$DJSA"
  )
  ORDER=(default C1 AppCDS AppCDS+C1 dynamic-AppCDS)
  declare -A WALLS CPUS
  for ((i = 0; i < RUNS; i++)); do
    for v in "${ORDER[@]}"; do
      # shellcheck disable=SC2086
      read -r wall cpu rc < <(time_cmd "$LOGS/check-corpus.log" java ${FLAGS[$v]} -jar "$SERVER_JAR" check "$CORPUS")
      WALLS[$v]+="$wall "
      CPUS[$v]+="$cpu "
      if [[ $rc -gt 1 ]]; then say "  $v run $i: exit $rc (see $LOGS/check-corpus.log)"; fi
    done
  done
  say "| flags | wall median (s) | CPU median (s) | runs (wall) |"
  say "|---|---:|---:|---|"
  for v in "${ORDER[@]}"; do
    w=$(tr ' ' '\n' <<<"${WALLS[$v]}" | grep . | median)
    c=$(tr ' ' '\n' <<<"${CPUS[$v]}" | grep . | median)
    say "| $v ${FLAGS[$v]:+(\`${FLAGS[$v]//$BENCH_DIR/build/bench}\`)} | $w | $c | ${WALLS[$v]}|"
  done
else
  say "(no corpus at $CORPUS)"
fi
echo "(saved to $OUT)" >&2
