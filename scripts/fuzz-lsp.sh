#!/usr/bin/env bash
# The differential fuzzer of the language server (server/src/test/java/dev/meshprobe/reliability/
# DifferentialFuzzer.java) for longer than the normal test run's two minutes, or one session again.
#   scripts/fuzz-lsp.sh [DURATION] [--seed N]   sessions drawn from seed N (default: a new one, printed)
#                                               for DURATION (default 30m; 90s, 2h also work)
#   scripts/fuzz-lsp.sh --replay SESSION_SEED   the one session a failure report names, as it ran
# Each session: real manifests of ../shared/corpus and generated ones in a temporary workspace, an
# in-process server driven with edits, file events, code actions, requests and protocol abuse; after
# every burst the diagnostics of each open file must equal `meshprobe check --format json` on the same
# text. A failure prints the session seed, the step, the last actions and the diff of diagnostics, and
# keeps the workspace and every action under server/target/lsp-fuzz/session-SEED/. Counts of what the
# run did are printed at the end (also in server/target/fuzz-lsp.log).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=30m
seed=""
replay=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --replay) replay=${2:?--replay needs a session seed}; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) duration=$1; shift ;;
  esac
done
if [ -z "$seed" ]; then
  seed=$(date +%s)
fi
mkdir -p server/target
mvn -B -o test -pl server -am -Dtest=DifferentialFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmeshprobe.fuzz.duration="$duration" -Dmeshprobe.fuzz.seed="$seed" -Dmeshprobe.fuzz.replay="$replay" 2>&1 \
  | tee server/target/fuzz-lsp.log \
  | awk '/^differential fuzz failure/ && !shown { report = 1; shown = 1 }
         report && /^$/ { report = 0 }
         report || /^differential fuzz[:,]/ || /Tests run:|BUILD/ { print }'
