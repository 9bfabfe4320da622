#!/usr/bin/env bash
# Step 0 (local): build the self-contained linux-x64 bundle that setup-vm.sh copies to the VM,
# so the VM needs neither the .NET SDK nor a runtime: app/ (published mm + runtime), config/,
# fixtures/, deploy/ (the same three folders the Dockerfile copies).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: deploy/gcp/package.sh [options]
Publish src/PolyMM.Cli self-contained for linux-x64 and pack it with config/, fixtures/ and
deploy/ into the --tarball (paths relative to the repo root).

$COMMON_HELP
USAGE
}

parse_flags "$@"
cd "$MM_REPO_ROOT"

stage="artifacts/polymm-linux-x64"
run rm -rf "$stage"
run dotnet publish src/PolyMM.Cli -c Release -r linux-x64 --self-contained true -o "$stage/app"
run cp -R config fixtures deploy "$stage/"
run mkdir -p "$(dirname "$TARBALL")"
run tar -C "$stage" -czf "$TARBALL" .
info "bundle: $TARBALL"
