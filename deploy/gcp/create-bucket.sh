#!/usr/bin/env bash
# Runbook step 1, one-time (deploy/README.md#runbook-steps): create the results bucket unless it already exists.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: deploy/gcp/create-bucket.sh [options]
Create gs://BUCKET in REGION with uniform bucket-level access; a no-op when it already exists.
(With --dry-run the existence probe is printed but not run, so the create is printed too.)

$COMMON_HELP
USAGE
}

parse_flags "$@"

if probe gcloud storage buckets describe "gs://$BUCKET" --project="$PROJECT"; then
  info "bucket gs://$BUCKET already exists"
  exit 0
fi
run gcloud storage buckets create "gs://$BUCKET" --project="$PROJECT" --location="$REGION" \
  --uniform-bucket-level-access
