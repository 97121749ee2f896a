#!/usr/bin/env bash
# Installs what the integration tests need on a fresh Debian machine, when it is missing, and does
# nothing when everything is there: Neovim (Debian's `neovim` package) for NeovimIT; pre-commit and
# git for PreCommitHookIT, unzip for the distribution's tests (they unpack the zip as a user does).
# These tests must run under CI. Java 17 and Maven are the build's own prerequisites (README, Set-up).
set -euo pipefail

missing=()
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v pre-commit >/dev/null 2>&1 || missing+=(pre-commit)
command -v git >/dev/null 2>&1 || missing+=(git)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: missing ${missing[*]}, and this is not a Debian-like machine (no apt-get); install them by hand" >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-test-deps: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq >/dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for tool in nvim pre-commit git unzip; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-test-deps: $tool still missing after apt-get install ${missing[*]}" >&2; exit 1; }
done
