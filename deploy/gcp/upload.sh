#!/usr/bin/env bash
# Runbook step 10 (deploy/README.md#runbook-steps): upload the artifacts from the VM to gs://BUCKET/online-run-<UTC ts>/ in the
# artifact layout of deploy/README.md#where-results-land. MM_TIMESTAMP pins the folder (experiment.sh sets it once per experiment).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: deploy/gcp/upload.sh [options]
Copy both report JSONs, both Markdown reports, both fills CSVs, mm_dashboard.html, trades.db,
run_log.txt (and console.log) from the VM to gs://BUCKET/online-run-<MM_TIMESTAMP>/.
Uploads whatever exists and fails if any of the nine artifact files is missing.

$COMMON_HELP
USAGE
}

parse_flags "$@"

prefix="$(artifact_prefix)"
remote "bash $REMOTE_DIR/deploy/gcp/remote/vm.sh upload $prefix"
info "artifacts: $prefix"
