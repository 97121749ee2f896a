#!/usr/bin/env bash
# Workspace scale and the command line.
#
#  1. Generates the 10,000-file, ~200 MB workspace into build/bench/workspace-10k (once; the generator
#     skips a folder that already holds the same parameters).
#  2. Initial index through the language server, per heap (-Xmx512m, the target, and -Xmx4g): time
#     from process start to the server's `meshprobe/status` "ready", heap after a full GC (jcmd
#     GC.heap_info), the GC log's peak occupancy, and a file opened right after `initialized`: its
#     first (provisional) and final diagnostics. As VS Code starts the server for a workspace this
#     large, and as a bare `java -jar`.
#  3. `meshprobe check` over the same workspace, per heap: wall time, exit status, GC peak.
#  4. `meshprobe check` over the shared corpus, RUNS times each (interleaved): as documented (a bare
#     `java -jar`, which runs again with C1, the serial collector and the class-data archive), with
#     the re-execution turned off (the JVM's defaults), and as bin/meshprobe starts it: median wall and
#     CPU time.
#
#   bash scripts/bench-scale.sh [--runs N] [--skip-workspace] [--index-only] [--no-workspace-check] [--heaps "512m 4g"]
#
# --index-only runs step 2 alone (no CLI runs): a few minutes, for iterating on the index.
# --no-workspace-check skips step 3. --heaps sets the -Xmx values of steps 2 and 3 (default "512m 4g").
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"

RUNS=7
SKIP_WS=0
INDEX_ONLY=0
WS_CHECK=1
HEAPS="512m 4g"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --skip-workspace) SKIP_WS=1; shift ;;
    --index-only) INDEX_ONLY=1; shift ;;
    --no-workspace-check) WS_CHECK=0; shift ;;
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
  say ""
  say "## 10,000-file workspace"
  bench_workspace | tee -a "$OUT"
  say "files: $(find "$WS" -name '*.yaml' | wc -l); size: $(du -sm "$WS" | cut -f1) MB on disk; largest: $(find "$WS" -name '*.yaml' -size +1M | wc -l) files over 1 MB"
  JSA="$BENCH_DIR/meshprobe.jsa"
  if stale "$JSA" || [[ ! -f "$JSA.id" ]]; then
    java -jar "$SERVER_JAR" cds-archive "$JSA" 2>"$LOGS/cds-archive.log"
  fi
  export MESHPROBE_CACHE_DIR="$BENCH_DIR/user-cache"
  if stale_archive_of_bare_start; then
    java -jar "$SERVER_JAR" cds-archive 2>"$LOGS/cds-archive-bare.log"
  fi

  # The target heap first, then a large one to see what the index needs when 512 MB is not enough.
  for XMX in $HEAPS; do
    say ""
    say "### initial index through the language server (-Xmx$XMX), $(basename "$(dirname "$OPEN_DURING_INDEX")")/$(basename "$OPEN_DURING_INDEX") opened meanwhile"
    rm -f "$LOGS/index-gc-$XMX.log"
    bench_index_open "$XMX" --histogram | tee -a "$OUT"
    cat "$BENCH_DIR/index-open-$XMX.md" | tee -a "$OUT"
    say "GC (as VS Code starts it): $(gc_summary "$LOGS/index-gc-$XMX.log")"
    if [[ $INDEX_ONLY == 1 || $WS_CHECK == 0 ]]; then continue; fi

    say ""
    say "### meshprobe check over the workspace (-Xmx$XMX; exit 1 = findings)"
    rm -f "$LOGS/check-ws-gc-$XMX.log" "$LOGS/check-ws-$XMX.log"
    # The GC log makes this JVM run as started (no second JVM), with the distribution's options.
    read -r wall cpu rc < <(time_cmd "$LOGS/check-ws-$XMX.log" java -Xmx$XMX -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss4m \
      "-Xlog:gc:file=$LOGS/check-ws-gc-$XMX.log" -jar "$SERVER_JAR" check --format json "$WS")
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
  export MESHPROBE_CACHE_DIR="$BENCH_DIR/user-cache"
  if stale_archive_of_bare_start; then
    java -jar "$SERVER_JAR" cds-archive 2>"$LOGS/cds-archive-bare.log"
  fi
  BARE_JSA="$(bare_start_archive)"
  declare -A FLAGS=(
    [bare]=""
    [relaunch-off]="-Dmeshprobe.relaunch=false"
    [bin-meshprobe]="-Xlog:disable -Xlog:all=warning:stderr -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss4m -Xshare:auto -XX:SharedArchiveFile=$BARE_JSA -Dmeshprobe.shortRun=true"
  )
  ORDER=(bare relaunch-off bin-meshprobe)
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
    if [[ $v == bare && -n "${RESULTS:-}" ]]; then
      printf 'cli\tjava -jar meshprobe.jar check\twall_median_s\t%s\n' "$w" >> "$RESULTS"
    fi
  done
else
  say "(no corpus at $CORPUS)"
fi
echo "(saved to $OUT)" >&2
