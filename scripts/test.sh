#!/usr/bin/env bash
# The test command of the README: installs what the tests need on a fresh Debian machine, then runs
# every test: unit, fixture, corpus and language-server tests, and the integration tests against the
# built jar (stdio client, Neovim).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f scripts/install-test-deps.sh ]; then
  bash scripts/install-test-deps.sh
fi
mvn -B verify
