#!/usr/bin/env bash
# Installs code-server and playwright-core into a local folder (never global), offline-friendly.
# Idempotent: a stamp file records what was installed; a second run with the same versions is a no-op.
#
#   MESHPROBE_E2E_TOOLS   install folder (default: <repo>/build/vscode-e2e/tools)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tools="${MESHPROBE_E2E_TOOLS:-$repo/build/vscode-e2e/tools}"

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_CORE_VERSION=1.65.1
# The @vscode/ripgrep version that code-server 4.100.3 depends on, and the ripgrep release it downloads.
VSCODE_RIPGREP_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

stamp="$tools/.installed"
want="code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_CORE_VERSION node@$(node -v)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$tools/node_modules/.bin/code-server" ]]; then
  echo "vscode-e2e: tools already installed in $tools ($want)"
  exit 0
fi

# Native modules of code-server (argon2, kerberos, native-keymap, @vscode/spdlog...) build from source
# here, and @vscode/ripgrep wants its binary; Debian provides both the headers and rg.
debs=(ripgrep libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev chromium)
missing=()
for d in "${debs[@]}"; do
  dpkg -s "$d" >/dev/null 2>&1 || missing+=("$d")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "vscode-e2e: installing Debian packages: ${missing[*]}"
    apt-get install -y "${missing[@]}" || { apt-get update && apt-get install -y "${missing[@]}"; }
  else
    echo "vscode-e2e: missing Debian packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
fi

# @vscode/ripgrep's postinstall downloads a release tarball from GitHub unless it is already in its
# cache folder; give it Debian's rg under the expected name so nothing is downloaded.
rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$VSCODE_RIPGREP_VERSION"
mkdir -p "$rg_cache"
if [[ ! -s "$rg_cache/$RIPGREP_ASSET" ]]; then
  tar -czf "$rg_cache/$RIPGREP_ASSET" -C /usr/bin rg
fi

mkdir -p "$tools"
cat >"$tools/package.json" <<EOF
{
  "name": "meshprobe-vscode-e2e-tools",
  "private": true,
  "description": "code-server and playwright-core for the Meshprobe VS Code end-to-end test",
  "dependencies": {
    "code-server": "$CODE_SERVER_VERSION",
    "playwright-core": "$PLAYWRIGHT_CORE_VERSION"
  },
  "allowScripts": {
    "code-server": true,
    "@vscode/ripgrep": true,
    "argon2": true,
    "kerberos": true,
    "native-keymap": true,
    "native-watchdog": true,
    "node-pty": true,
    "@vscode/spdlog": true,
    "@vscode/sqlite3": true,
    "@vscode/windows-registry": true,
    "@parcel/watcher": true
  }
}
EOF

echo "vscode-e2e: installing $want into $tools"
start=$(date +%s)
(
  cd "$tools"
  # unsafe-perm: the postinstall of code-server runs nested npm installs that must keep root's
  # permissions; yes: they must not stop at a prompt.
  npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --foreground-scripts
)
"$tools/node_modules/.bin/code-server" --version >/dev/null
echo "$want" >"$stamp"
echo "vscode-e2e: installed in $(( $(date +%s) - start ))s"
