#!/usr/bin/env bash
# The Meshprobe VS Code end-to-end test: installs code-server and playwright-core (cached), builds the
# .vsix with the server jar, and drives VS Code in headless Chromium through the user's steps.
# Exits non-zero when any step fails.
#
#   scripts/vscode-e2e/run.sh                    full test against the real server jar
#   scripts/vscode-e2e/run.sh --activation-only  stop after "extension activated, server process started"
#   scripts/vscode-e2e/run.sh --stub             full test against the stub server (checks the harness
#                                                and the client before the real server lints)
#   scripts/vscode-e2e/run.sh --java-error       meshprobe.java.home points nowhere: the error and its
#                                                "Open Settings" button
#
# Environment: MESHPROBE_JAR (server jar; default <repo>/server/target/meshprobe.jar, built with
# `mvn -B package` when missing), MESHPROBE_EXAMPLES (default <repo>/examples),
# MESHPROBE_SCREENSHOTS (default build/vscode-e2e-screenshots), and the MESHPROBE_E2E_* variables
# described in e2e.mjs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="$repo/build/vscode-e2e"
client="$repo/vscode-client"
stub=0
export MESHPROBE_E2E_LEVEL="${MESHPROBE_E2E_LEVEL:-full}"
for arg in "$@"; do
  case "$arg" in
    --activation-only) MESHPROBE_E2E_LEVEL=activation ;;
    --stub) stub=1 ;;
    --java-error) MESHPROBE_E2E_LEVEL=java-error ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

t0=$(date +%s)
export MESHPROBE_E2E_TOOLS="${MESHPROBE_E2E_TOOLS:-$build/tools}"
"$here/install.sh"
t1=$(date +%s)

jar="${MESHPROBE_JAR:-$repo/server/target/meshprobe.jar}"
if [[ ! -f "$jar" ]]; then
  echo "vscode-e2e: no server jar at $jar; building it with mvn -B package"
  (cd "$repo" && mvn -B -q -Dmaven.test.skip=true package)
fi

(
  cd "$client"
  if [[ ! -x node_modules/.bin/esbuild || package.json -nt node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund
  fi
  npm test --silent
)

if ((stub)); then
  "$here/build-stub.sh" "$jar" "$build/stub/meshprobe-stub.jar"
  jar="$build/stub/meshprobe-stub.jar"
  export MESHPROBE_VSIX="$build/meshprobe-stub.vsix" MESHPROBE_E2E_STUB=1
  export MESHPROBE_SCREENSHOTS="${MESHPROBE_SCREENSHOTS:-$repo/build/vscode-e2e-screenshots-stub}"
else
  export MESHPROBE_VSIX="$build/meshprobe-0.1.0.vsix"
fi
(cd "$client" && MESHPROBE_JAR="$jar" MESHPROBE_VSIX_OUT="$MESHPROBE_VSIX" npm run --silent package)
t2=$(date +%s)

status=0
node "$here/e2e.mjs" || status=$?
t3=$(date +%s)
echo "vscode-e2e: install $((t1 - t0))s, build $((t2 - t1))s, e2e $((t3 - t2))s; exit $status"
exit $status
