#!/usr/bin/env bash
# The whole runbook (steps 1-11, deploy/README.md#runbook-steps) end to end:
#   cost estimate -> package -> bucket -> VM -> setup -> connectivity -> mm experiment (detached)
#   -> wait -> upload -> delete VM.
# Once VM creation has been attempted, the EXIT trap ALWAYS deletes the VM: on success, on any
# failing step (set -e; the ERR trap records which), on Ctrl-C/SIGTERM. If the experiment had
# started, the trap first tries to upload whatever artifacts exist.
set -Eeuo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: deploy/gcp/experiment.sh [options]
Run the complete GCP experiment and delete the VM afterwards, whatever happens.
Exit code: 0 when 'mm experiment' passed both checks and the artifacts were uploaded; non-zero
otherwise (the VM is deleted in every case once it was created).
Every option is forwarded to the step scripts (package, create-bucket, create-vm, setup-vm,
connectivity, run-experiment, status --wait, upload, delete-vm).
--skip-package reuses an existing --tarball; --skip-bucket skips the bucket check.

$COMMON_HELP
USAGE
}

parse_flags "$@"
step_args=("$@")

# One timestamp for the whole experiment, so every step (and a later manual upload.sh with the
# same MM_TIMESTAMP) agrees on the artifact folder.
MM_TIMESTAMP="$(mm_timestamp)"
export MM_TIMESTAMP

vm_created=0
experiment_started=0
uploaded=0
failed_command=""

current_step=""
child=""

# Each step runs as a child that this shell waits for, so a SIGTERM/SIGINT reaches the trap at
# once (bash defers traps while a foreground child runs, e.g. during the long status --wait).
step() {
  local name=$1 rc=0
  shift
  current_step=$name
  info "step: $name"
  "$MM_GCP_DIR/$name.sh" "${step_args[@]}" "$@" &
  child=$!
  wait "$child" || rc=$?
  child=""
  return "$rc"
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM ERR
  set +e
  if [[ -n $child ]]; then
    kill "$child" 2>/dev/null
    wait "$child" 2>/dev/null
    child=""
  fi
  if [[ $rc != 0 ]]; then
    info "failed (exit $rc) in step '${current_step:-before any step}'${failed_command:+ at: $failed_command}"
  fi
  if [[ $vm_created == 1 ]]; then
    if [[ $experiment_started == 1 && $uploaded == 0 ]]; then
      info "uploading whatever artifacts exist before deleting the VM"
      step upload || info "upload failed; artifacts on the VM are lost with it"
    fi
    info "deleting VM $VM"
    if ! retry 3 "${MM_RETRY_DELAY:-10}" step delete-vm; then
      if probe gcloud compute instances describe "$VM" --project="$PROJECT" --zone="$ZONE"; then
        info "COULD NOT DELETE VM $VM - it is still billing. Delete it by hand:"
        info "  gcloud compute instances delete $VM --project=$PROJECT --zone=$ZONE --quiet"
      else
        info "VM $VM does not exist (its creation failed?); nothing to delete"
      fi
      [[ $rc == 0 ]] && rc=1
    fi
  fi
  if [[ $rc == 0 ]]; then
    info "done: $(artifact_prefix)"
  fi
  exit "$rc"
}

# set -e turns any failing command into an exit, which runs the EXIT trap; the ERR trap only
# remembers the command for the message.
trap 'failed_command=$BASH_COMMAND' ERR
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

print_cost_estimate
info "artifacts will go to $(artifact_prefix)"

if [[ $SKIP_PACKAGE == 0 ]]; then
  step package
fi
if [[ $SKIP_BUCKET == 0 ]]; then
  step create-bucket
fi

# From here on the trap deletes the VM, even if create itself fails half-way.
vm_created=1
step create-vm
step setup-vm
step connectivity
experiment_started=1
step run-experiment

experiment_rc=0
step status --wait || experiment_rc=$?
if [[ $experiment_rc != 0 ]]; then
  info "mm experiment did not succeed (status exit $experiment_rc); uploading its artifacts anyway"
fi
uploaded=1
step upload
exit "$experiment_rc"
