#!/usr/bin/env bash
# What reading a Helm or Kustomize render costs next to the render itself (DESIGN §8: save →
# diagnostics within 1.3× the tool's own render time). Renders every chart and kustomization of the
# corpus folders with the real tools of build/tools/bin (scripts/install-test-deps.sh installs them) and
# prints, per context, the medians over ROUNDS rounds of: the tool's process, reading its output, and
# locating the probe keys (then every node) in the edited text; and their ratios to the tool's time.
# Then save → diagnostics in the language server for a chart and an overlay (the Online Boutique's
# helm-chart and kubernetes-manifests, under STRICT mTLS and Istio 1.5 so that every probe is reported),
# next to the tool's own render of each (ContextSaveLatency). Results: build/bench/contexts.md.
#
#   bash scripts/bench-contexts.sh [ROUNDS]      (default 20)
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"
bench_build
rounds="${1:-20}"
tools="$ROOT/build/tools/bin"
[[ -x "$tools/helm" && -x "$tools/kubectl" ]] || bash "$ROOT/scripts/install-test-deps.sh"
{
  bench_machine
  echo
  java -cp "$BENCH_JAR" dev.meshprobe.bench.ContextRenderCost "$tools" "$rounds" \
    "$CORPUS/GoogleCloudPlatform__microservices-demo" "$CORPUS/cert-manager__cert-manager" "$CORPUS/prometheus-operator__kube-prometheus"
  echo
  bench_context_save "$rounds"
} | tee "$BENCH_DIR/contexts.md"
