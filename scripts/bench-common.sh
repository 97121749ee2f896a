# Shared by the bench-*.sh scripts: paths, the build, and the corpus location. Sourced, not run.
# Environment: MVN_FLAGS (e.g. -o for an offline build), MESHPROBE_CORPUS (default ../shared/corpus),
# BENCH_SKIP_BUILD=1 to reuse the jars already built.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BENCH_DIR="$ROOT/build/bench"
LOGS="$BENCH_DIR/logs"
SERVER_JAR="$ROOT/server/target/meshprobe.jar"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
CORPUS="${MESHPROBE_CORPUS:-$ROOT/../shared/corpus}"
if [[ -d "$CORPUS" ]]; then CORPUS="$(cd "$CORPUS" && pwd)"; fi
mkdir -p "$LOGS"

bench_build() {
  if [[ "${BENCH_SKIP_BUILD:-}" == 1 && -f "$SERVER_JAR" && -f "$BENCH_JAR" ]]; then
    return
  fi
  echo "== building the server and the benchmarks (mvn package, tests skipped)" >&2
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} package -Dmaven.test.skip=true >&2
}

# Machine facts printed with every result: the numbers mean little without them.
bench_machine() {
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); cores: $(nproc); load average (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1); node: $(node --version 2>/dev/null || echo none)"
}

# Peak heap occupancy and largest live set (after GC) from a -Xlog:gc log, in MB.
gc_summary() {
  local log="$1"
  if [[ ! -s "$log" ]]; then
    echo "no GC log"
    return
  fi
  grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$log" | awk -F'[M>()-]+' '
    { if ($1 > before) before = $1; if ($2 > after) after = $2; if ($3 > committed) committed = $3; n++ }
    END { if (n == 0) print "no collections"; else printf "%d collections; heap peak %d MB before GC, largest after GC %d MB, committed up to %d MB\n", n, before, after, committed }'
}

# static_cds ARCHIVE CLASSLIST: a static AppCDS archive of the server jar from a class list written by
# a training run (-XX:DumpLoadedClassList=CLASSLIST). Static, not -XX:ArchiveClassesAtExit: on this
# JDK (17) the dynamic archive made the long CLI run over the corpus about twice as slow (see
# docs/performance.md), the static one does not.
static_cds() {
  local jsa="$1" lst="$2"
  java -Xshare:dump -XX:SharedClassListFile="$lst" -XX:SharedArchiveFile="$jsa" -cp "$SERVER_JAR" >"$LOGS/cds-dump-$(basename "$jsa").log" 2>&1
}

# stale FILE: true when FILE is missing or older than the server jar.
stale() {
  [[ ! -f "$1" || "$SERVER_JAR" -nt "$1" ]]
}
