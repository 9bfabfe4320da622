#!/usr/bin/env bash
# Runbook steps 5-9 (deploy/README.md#runbook-steps) in one detached `mm experiment`: baseline (k=0, trade-through) -> analyze -> check
# -> real run -> analyze -> check -> dashboard. It runs as a transient systemd unit on the VM, so
# a dropped SSH session does not kill it (deploy/README.md#failure-modes-and-what-happens-now); follow it with status.sh.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: deploy/gcp/run-experiment.sh [options]
Start 'mm experiment' on the VM in the background and return. With --wait, poll status.sh until
it ends and exit with its result.

$COMMON_HELP
USAGE
}

parse_flags "$@"

experiment_args
remote "bash $REMOTE_DIR/deploy/gcp/remote/vm.sh start -- $(quote_cmd "${EXPERIMENT_ARGS[@]}")"
if [[ $WAIT == 1 ]]; then
  exec "$MM_GCP_DIR/status.sh" "$@" --wait
fi
