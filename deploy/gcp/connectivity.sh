#!/usr/bin/env bash
# Runbook step 4 (deploy/README.md#runbook-steps): clock and connectivity check on the VM. `mm connectivity` prints
# "DNS OK: N addresses", "Markets: N", "CONNECTIVITY_OK" and exits 2 on the failing step.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: deploy/gcp/connectivity.sh [options]
Print the VM's UTC time and NTP sync state (clock skew is a known failure mode, see deploy/README.md), then run
'mm connectivity'. Exits with mm's code (2 = DNS or Gamma API failure).

$COMMON_HELP
USAGE
}

parse_flags "$@"

remote "cd $REMOTE_DIR && date -u && timedatectl show --property=NTPSynchronized && ./app/mm connectivity"
