#!/usr/bin/env bash
# Runbook step 11 (deploy/README.md#runbook-steps): delete the VM (and its boot disk, which is auto-delete by default).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: deploy/gcp/delete-vm.sh [options]
Delete the experiment VM without prompting.

$COMMON_HELP
USAGE
}

parse_flags "$@"

run gcloud compute instances delete "$VM" --project="$PROJECT" --zone="$ZONE" --quiet
