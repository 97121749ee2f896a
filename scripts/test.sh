#!/usr/bin/env bash
# The test command of the README: installs what the tests need on a fresh Debian machine, then runs
# every test: unit, fixture, corpus and language-server tests and the integration tests against the
# built jar (mvn verify), then the VS Code extension's unit tests and its end-to-end test in real VS
# Code (code-server driven by headless Chromium; screenshots in build/vscode-e2e-screenshots/).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f scripts/install-test-deps.sh ]; then
  bash scripts/install-test-deps.sh
fi
mvn -B verify
bash scripts/vscode-e2e/run.sh
