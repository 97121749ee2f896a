#!/usr/bin/env bash
# Runs one Jazzer fuzz target for a while (the normal test run only replays the committed inputs).
#   scripts/fuzz.sh LintFuzzTest [10m]      text -> parse -> model -> rules, hover and hints
#   scripts/fuzz.sh JsonRpcFuzzTest [10m]   arbitrary JSON-RPC into an in-process server
#   scripts/fuzz.sh FixFuzzTest [10m]       every fix applied to any manifest
#   scripts/fuzz.sh FramingFuzzTest [10m]   the JSON-RPC framing: header parser and message reader
# A finding is written to server/src/test/resources/dev/meshprobe/<package>/<Target>Inputs/<method>/
# (commit it once fixed, so that it replays); libFuzzer's working corpus goes to server/.cifuzz-corpus/
# (not committed). Prints the executions and writes a branch and line coverage report to
# server/target/fuzz-<Target>-coverage.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh LintFuzzTest|JsonRpcFuzzTest|FixFuzzTest|FramingFuzzTest [duration]}
duration=${2:-10m}
case "$target" in
  LintFuzzTest) instrument='dev.meshprobe.**,org.snakeyaml.**' ;;
  JsonRpcFuzzTest) instrument='dev.meshprobe.**,org.eclipse.lsp4j.**,com.google.gson.**' ;;
  FixFuzzTest) instrument='dev.meshprobe.**' ;;
  FramingFuzzTest) instrument='dev.meshprobe.lsp.**,org.eclipse.lsp4j.jsonrpc.**,com.google.gson.**' ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
mkdir -p server/target
JAZZER_FUZZ=1 mvn -B -o test -pl server -am -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.max_duration="$duration" -Djazzer.instrument="$instrument" \
  -Djazzer.coverage_report="$PWD/server/target/fuzz-$target-coverage.txt" -DargLine=-Xmx2g 2>&1 \
  | tee "server/target/fuzz-$target.log" | grep -a -E '^#[0-9]+ +(INITED|DONE)|^Done |Tests run:|FuzzTestFinding|BUILD'
