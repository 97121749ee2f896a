#!/usr/bin/env bash
# End-to-end LSP latency, Meshprobe side by side with yaml-language-server, in one run.
#
# Installs yaml-language-server (the version pinned in benchmarks/yls/package-lock.json) into
# build/yls, builds the server jar and benchmarks.jar, creates the server's class-data archive for this
# JVM (meshprobe cds-archive), then drives each server over stdio as an editor would on the generated
# 13,000-line / 400-document file and on the largest corpus files, and prints the table (also saved to
# build/bench/lsp-table.md). Idempotent: installs, builds and generates only what is missing or stale.
#
#   bash scripts/bench-lsp.sh [--runs N] [--edits N] [--hovers N] [--actions N] [--quick] [--no-index]
#
# --quick: the generated file only; meshprobe as the clients start it, bare, and yaml-language-server.
# Then, unless --no-index: a file opened while the 10,000-file workspace is indexed (generated into
# build/bench/workspace-10k once), with the server as VS Code starts it for such a workspace and bare.
# See docs/performance.md for what is measured.
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"

QUICK=0
INDEX=1
EXTRA=()
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    --no-index) INDEX=0 ;;
    *) EXTRA+=("$a") ;;
  esac
done

# ---- yaml-language-server, pinned
YLS_DIR="$ROOT/build/yls"
YLS_BIN="$YLS_DIR/node_modules/yaml-language-server/bin/yaml-language-server"
if ! command -v node >/dev/null; then
  echo "node is needed for yaml-language-server (Debian: apt-get install nodejs npm)" >&2
  exit 2
fi
mkdir -p "$YLS_DIR"
if ! cmp -s benchmarks/yls/package-lock.json "$YLS_DIR/package-lock.json" || [[ ! -f "$YLS_BIN" ]]; then
  echo "== installing yaml-language-server into build/yls (npm ci)" >&2
  cp benchmarks/yls/package.json benchmarks/yls/package-lock.json "$YLS_DIR/"
  (cd "$YLS_DIR" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
YLS_VERSION="$(node -p "require('$YLS_DIR/node_modules/yaml-language-server/package.json').version")"

bench_build

# ---- The server as the shipped clients start it (vscode-client/src/launch.ts, intellij-plugin/template/
# template.json): JVM logging on stderr, the class-data archive for this JVM (made by the server's own
# `cds-archive` command from the class list in the jar, as a server does for its user after its first
# start), the start-up flags, and the VS Code default of meshprobe.server.vmargs.
JSA="$BENCH_DIR/meshprobe.jsa"
if stale "$JSA" || [[ ! -f "$JSA.id" ]]; then
  echo "== creating the class-data archive ($JSA)" >&2
  java -jar "$SERVER_JAR" cds-archive "$JSA" 2>"$LOGS/cds-archive.log"
fi
JVM_LOG="-Xlog:disable -Xlog:all=warning:stderr"
CDS="-XX:SharedArchiveFile=$JSA -Xshare:auto -Dmeshprobe.cds.archive=$JSA"
CLIENT_FLAGS="$JVM_LOG $CDS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx1G"

# ---- A bare `java -jar meshprobe.jar` starts itself again with those options and the user's archive
# (dev.meshprobe.Relaunch), kept in MESHPROBE_CACHE_DIR; `cds-archive` without a file makes the one it
# maps, as a user's first start does in the background.
export MESHPROBE_CACHE_DIR="$BENCH_DIR/user-cache"
if stale_archive_of_bare_start; then
  echo "== creating the class-data archive of a bare start (in $MESHPROBE_CACHE_DIR)" >&2
  java -jar "$SERVER_JAR" cds-archive 2>"$LOGS/cds-archive-bare.log"
fi

# yaml-language-server runs without a network namespace of its own when unshare is missing; its
# schema downloads are switched off in the settings either way.
NET=""
if unshare -n true 2>/dev/null; then NET="unshare -n "; fi

SERVERS=(--server "meshprobe (as the clients start it)=java $CLIENT_FLAGS -jar $SERVER_JAR --stdio")
SERVERS+=(--server "meshprobe (bare java -jar)=java -jar $SERVER_JAR --stdio")
# The same bare start with the re-execution turned off: the JVM's defaults, what the re-execution saves.
SERVERS+=(--server "meshprobe (bare, relaunch off)=java -Dmeshprobe.relaunch=false -jar $SERVER_JAR --stdio")
if [[ $QUICK == 0 ]]; then
  # The clients' flags with the C2 compiler kept, as VS Code starts it for a workspace of 2,000+ manifests.
  SERVERS+=(--server "meshprobe (client flags, C2)=java $JVM_LOG $CDS -XX:+UseSerialGC -Xmx1G -jar $SERVER_JAR --stdio")
fi
SERVERS+=(--server "yaml-language-server=${NET}node $YLS_BIN --stdio")

FILES=(--generated "$BENCH_DIR/generated/generated.yaml")
if [[ $QUICK == 0 ]]; then
  for f in "argoproj__argo-rollouts/manifests/install.yaml" "argoproj__argo-cd/manifests/install.yaml" \
           "open-telemetry__opentelemetry-demo@a8a3ea26/kubernetes/opentelemetry-demo.yaml"; do
    if [[ -f "$CORPUS/$f" ]]; then
      FILES+=(--file "$CORPUS/$f@$CORPUS/${f%%/*}")
    else
      echo "(skipping $f: no corpus at $CORPUS)" >&2
    fi
  done
fi

OUT="$BENCH_DIR/lsp-table.md"
{
  echo "# LSP latency ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  bench_machine | sed 's/^/    /'
  echo "    yaml-language-server $YLS_VERSION on node $(node --version)"
  echo
} > "$OUT.head"
# shellcheck disable=SC2046
java -cp "$BENCH_JAR" dev.meshprobe.bench.lsp.LspLatency --logs "$LOGS" --reference yaml-language-server \
  "${SERVERS[@]}" "${FILES[@]}" --markdown "$OUT.body" $(results_args) "${EXTRA[@]}" >/dev/null
cat "$OUT.head" "$OUT.body" > "$OUT"
rm -f "$OUT.head" "$OUT.body"
if [[ $INDEX == 1 ]]; then
  echo "== a file opened while the 10,000-file workspace is indexed" >&2
  bench_workspace >&2
  bench_index_open 512m >&2
  {
    echo
    echo "#### A file opened while the 10,000-file workspace is indexed ($(basename "$(dirname "$OPEN_DURING_INDEX")")/$(basename "$OPEN_DURING_INDEX"))"
    echo
    cat "$BENCH_DIR/index-open-512m.md"
  } >> "$OUT"
fi
cat "$OUT"
