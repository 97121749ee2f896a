#!/usr/bin/env bash
# Builds the stub language server (stub-server/) into a runnable jar, using the LSP4J and Gson classes
# inside the real server jar, so that the harness can be checked before the real server lints.
#   build-stub.sh <server-jar> <output-jar>
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
server_jar="$1"
out_jar="$2"
classes="$(dirname "$out_jar")/stub-classes"
rm -rf "$classes"
mkdir -p "$classes"
javac --release 17 -nowarn -cp "$server_jar" -d "$classes" "$here/stub-server/StubMeshprobeServer.java"
cp "$server_jar" "$out_jar"
jar --update --file "$out_jar" --main-class StubMeshprobeServer -C "$classes" .
echo "vscode-e2e: stub server jar $out_jar"
