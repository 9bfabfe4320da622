#!/usr/bin/env bash
# Runbook step 2 (deploy/README.md#runbook-steps): create the e2-small Debian 12 VM. storage-rw lets the VM upload the artifacts.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: deploy/gcp/create-vm.sh [options]
Create the experiment VM (billing starts here; delete it with delete-vm.sh).

$COMMON_HELP
USAGE
}

parse_flags "$@"

run gcloud compute instances create "$VM" --project="$PROJECT" --zone="$ZONE" \
  --machine-type="$MACHINE_TYPE" --image-family="$IMAGE_FAMILY" --image-project="$IMAGE_PROJECT" \
  --boot-disk-size="$DISK_SIZE" --scopes=storage-rw,compute-ro --labels=app=polymm
