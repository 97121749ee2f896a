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

# Figures go to $RESULTS too when it is set (tab-separated lines; scripts/bench-targets.sh reads them).
results_args() {
  if [[ -n "${RESULTS:-}" ]]; then echo "--results $RESULTS"; fi
}

# The 10,000-file workspace (generated once: the generator skips a folder that holds the same
# parameters) and the file the benchmarks open while it is indexed: one of team-42's manifests, whose
# verdicts rest on the cluster's Namespaces and policies in another folder.
WS="$BENCH_DIR/workspace-10k"
OPEN_DURING_INDEX="$WS/team-42/app-00042.yaml"
bench_workspace() {
  java -cp "$BENCH_JAR" dev.meshprobe.bench.Generate workspace "$WS"
}

# bench_index_open HEAP [EXTRA_ARGS...]: the first index of the workspace through the language server,
# with a file opened right after `initialized`: time to "ready", heap after a full GC, and the opened
# file's first (provisional) and final diagnostics; as VS Code starts the server for a workspace this
# large (Serial GC, the optimising compiler kept, the class-data archive; vscode-client/src/launch.ts)
# and as a bare `java -jar` (which runs again with the fast options, C1 only), both with -XmxHEAP.
bench_index_open() {
  local heap="$1"; shift
  local jsa="$BENCH_DIR/meshprobe.jsa"
  # shellcheck disable=SC2046
  java -cp "$BENCH_JAR" dev.meshprobe.bench.lsp.LspLatency --logs "$LOGS" --index "$WS" --open "$OPEN_DURING_INDEX" \
    --index-timeout 600 --markdown "$BENCH_DIR/index-open-$heap.md" $(results_args) "$@" \
    --server "meshprobe (as VS Code starts it for 2,000+ manifests, -Xmx$heap)=java -Xlog:disable -Xlog:all=warning:stderr -XX:SharedArchiveFile=$jsa -Xshare:auto -Dmeshprobe.cds.archive=$jsa -XX:+UseSerialGC -Xmx$heap -Xlog:gc:file=$LOGS/index-gc-$heap.log -jar $SERVER_JAR --stdio" \
    --server "meshprobe (bare java -Xmx$heap -jar)=java -Xmx$heap -jar $SERVER_JAR --stdio"
}

# bench_context_save ROUNDS: save → diagnostics in the language server for a chart and an overlay (the
# Online Boutique's helm-chart and kubernetes-manifests, copied so that the benchmark may edit and save
# them, under STRICT mTLS and Istio 1.5 so that every probe is reported), next to the tool's own render
# of each (ContextSaveLatency); needs the corpus and the tools of build/tools/bin.
bench_context_save() {
  local rounds="$1" tools="$ROOT/build/tools/bin" ws="$BENCH_DIR/context-save"
  [[ -x "$tools/helm" && -x "$tools/kubectl" ]] || bash "$ROOT/scripts/install-test-deps.sh" >&2
  rm -rf "$ws"
  mkdir -p "$ws/chart" "$ws/overlay"
  cp -r "$CORPUS/GoogleCloudPlatform__microservices-demo/helm-chart" "$ws/chart/"
  cp -r "$CORPUS/GoogleCloudPlatform__microservices-demo/kubernetes-manifests" "$ws/overlay/"
  for d in chart overlay; do printf 'istio: {version: "1.5"}\nmesh: {mtls: STRICT}\n' > "$ws/$d/.meshprobe.yaml"; done
  # shellcheck disable=SC2046
  java -cp "$BENCH_JAR" dev.meshprobe.bench.lsp.ContextSaveLatency $(results_args) "$SERVER_JAR" "$tools" "$rounds" "$LOGS" \
    "microservices-demo helm-chart" "$ws/chart" helm-chart/templates/adservice.yaml 9555 helm template release helm-chart -- \
    "microservices-demo kubernetes-manifests" "$ws/overlay" kubernetes-manifests/adservice.yaml 9555 kubectl kustomize kubernetes-manifests
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

# stale_archive_of_bare_start: true when the class-data archive that a bare `java -jar meshprobe.jar`
# maps (dev.meshprobe.Relaunch: MESHPROBE_CACHE_DIR/meshprobe-KEY.jsa, KEY the cksum of the jar's and
# the Java's paths, as bin/meshprobe names it) is missing or older than the jar.
stale_archive_of_bare_start() {
  local jsa
  jsa="$(bare_start_archive)"
  stale "$jsa" || [[ ! -f "$jsa.id" ]]
}

bare_start_archive() {
  local home key
  home="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')"
  key="$(printf '%s\n%s\n' "$(realpath "$SERVER_JAR")" "$home/bin/java" | cksum | cut -d' ' -f1)"
  echo "$MESHPROBE_CACHE_DIR/meshprobe-$key.jsa"
}

# stale FILE: true when FILE is missing or older than the server jar.
stale() {
  [[ ! -f "$1" || "$SERVER_JAR" -nt "$1" ]]
}
