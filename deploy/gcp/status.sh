#!/usr/bin/env bash
# Status and logs of the detached experiment (runbook steps 5-9, deploy/README.md#runbook-steps).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: deploy/gcp/status.sh [options]
Print the unit state (MM_STATUS=running|succeeded|failed|absent EXIT=n) and the last --lines of
the console log and reports/run_log.txt. With --wait, poll every --poll-seconds until the run
ends: exit 0 if it succeeded, 1 if it failed, 3 if it did not end within the expected time
(baseline + real + overhead minutes, doubled).

$COMMON_HELP
USAGE
}

parse_flags "$@"

status_cmd="bash $REMOTE_DIR/deploy/gcp/remote/vm.sh status $LOG_LINES"

if [[ $WAIT == 0 ]]; then
  remote "$status_cmd"
  exit $?
fi

if [[ $DRY_RUN == 1 ]]; then
  # The loop below would repeat this one command every --poll-seconds until the run ends.
  remote "$status_cmd"
  exit 0
fi

deadline=$((SECONDS + 2 * 60 * (BASELINE_MAX_RUNTIME_MIN + MAX_RUNTIME_MIN + OVERHEAD_MIN)))
ssh_failures=0
while :; do
  out=""
  if out="$(remote "$status_cmd" 2>&1)"; then
    ssh_failures=0
    state="$(sed -n 's/^MM_STATUS=\([a-z]*\).*/\1/p' <<<"$out" | head -n 1)"
    case $state in
      succeeded) printf '%s\n' "$out"; exit 0 ;;
      failed) printf '%s\n' "$out"; exit 1 ;;
      absent) printf '%s\n' "$out"; die "no experiment unit on $VM (was run-experiment.sh run?)" ;;
      running) info "still running ($(grep -c . <<<"$out") log lines); next check in ${POLL_SECONDS}s" ;;
      *) printf '%s\n' "$out" >&2; info "unexpected status output" ;;
    esac
  else
    # SSH hiccups must not end the wait: the unit keeps running on the VM regardless.
    ssh_failures=$((ssh_failures + 1))
    info "status check failed ($ssh_failures in a row): $(tail -n 1 <<<"$out")"
    if ((ssh_failures >= 10)); then
      die "10 status checks in a row failed; the VM may be gone"
    fi
  fi
  if ((SECONDS >= deadline)); then
    info "the experiment did not finish in time"
    exit 3
  fi
  sleep "$POLL_SECONDS"
done
