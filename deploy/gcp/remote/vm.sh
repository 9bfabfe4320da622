#!/usr/bin/env bash
# Runs ON the VM (copied there inside the bundle by setup-vm.sh); the local step scripts call it
# over SSH. Subcommands:
#   start -- ARGS...   start `app/mm ARGS...` as a transient systemd unit, detached from SSH
#   status [LINES]     print one line "MM_STATUS=<running|succeeded|failed|absent> EXIT=<n>",
#                      then the tail of the console log and of reports/run_log.txt
#   upload GS_PREFIX   copy the artifacts to GS_PREFIX (gs://bucket/online-run-TS/)
# Environment: MM_INSTALL_DIR (default: the bundle this script is in), MM_UNIT (mm-experiment).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
install_dir="${MM_INSTALL_DIR:-$(cd "$here/../../.." && pwd)}"
unit="${MM_UNIT:-mm-experiment}"
console_log="reports/console.log"

# The layout of deploy/README.md#where-results-land, in upload order. console.log is extra: the tool's stdout/stderr, which is
# the only record when the tool dies before writing run_log.txt.
artifacts=(
  reports/market_making_BASELINE.json
  reports/market_making_BASELINE.md
  reports/market_making_BASELINE_fills.csv
  reports/market_making_MARKET_MAKING_TEST.json
  reports/market_making_MARKET_MAKING_TEST.md
  reports/market_making_MARKET_MAKING_TEST_fills.csv
  reports/mm_dashboard.html
  trades.db
  reports/run_log.txt
)

cd "$install_dir"

unit_prop() {
  systemctl show "$unit" --property="$1" --value 2>/dev/null || true
}

cmd_start() {
  [[ ${1:-} == -- ]] && shift
  (($# > 0)) || { echo "start: missing mm arguments" >&2; exit 2; }
  if [[ $(unit_prop ActiveState) == active || $(unit_prop ActiveState) == activating ]]; then
    echo "start: unit $unit is already $(unit_prop ActiveState); stop it first (sudo systemctl stop $unit)" >&2
    exit 2
  fi
  # A finished unit kept by --remain-after-exit (or a failed one) blocks a new one of the same name.
  sudo systemctl stop "$unit" >/dev/null 2>&1 || true
  sudo systemctl reset-failed "$unit" >/dev/null 2>&1 || true
  mkdir -p reports
  # A system unit running as this user: it is not tied to the SSH session (a dropped connection
  # does not kill it), keeps its exit status after it ends (--remain-after-exit) and logs to a file.
  sudo systemd-run --unit="$unit" --description="PolyMM experiment" \
    --uid="$(id -u)" --gid="$(id -g)" --working-directory="$install_dir" \
    --setenv=HOME="$HOME" --setenv=DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    --remain-after-exit \
    --property=StandardOutput="append:$install_dir/$console_log" \
    --property=StandardError="append:$install_dir/$console_log" \
    "$install_dir/app/mm" "$@"
  echo "started unit $unit: app/mm $*"
}

cmd_status() {
  local lines="${1:-40}" active sub code state
  active="$(unit_prop ActiveState)"
  sub="$(unit_prop SubState)"
  code="$(unit_prop ExecMainStatus)"
  code="${code:-0}"
  if [[ -z $active || ($active == inactive && $(unit_prop LoadState) == not-found) ]]; then
    state=absent
  elif [[ $active == failed ]]; then
    state=failed
  elif [[ $active == active && $sub == exited ]]; then
    if [[ $code == 0 ]]; then state=succeeded; else state=failed; fi
  elif [[ $active == active || $active == activating || $active == reloading ]]; then
    state=running
  else
    # inactive/deactivating after a stop: report the exit status it ended with.
    if [[ $code == 0 ]]; then state=succeeded; else state=failed; fi
  fi
  echo "MM_STATUS=$state EXIT=$code"
  if [[ -f $console_log ]]; then
    echo "--- $console_log (last $lines lines)"
    tail -n "$lines" "$console_log"
  fi
  if [[ -f reports/run_log.txt ]]; then
    echo "--- reports/run_log.txt (last $lines lines)"
    tail -n "$lines" reports/run_log.txt
  fi
}

cmd_upload() {
  local dest="${1:-}" f missing=0
  local present=()
  [[ $dest == gs://*/ ]] || { echo "upload: destination must be gs://BUCKET/PREFIX/" >&2; exit 2; }
  for f in "${artifacts[@]}" "$console_log"; do
    if [[ -f $f ]]; then
      present+=("$f")
    elif [[ $f != "$console_log" ]]; then
      echo "upload: missing $f" >&2
      missing=1
    fi
  done
  if ((${#present[@]} > 0)); then
    gcloud storage cp "${present[@]}" "$dest"
  fi
  echo "uploaded ${#present[@]} files to $dest"
  # Whatever exists is uploaded; a missing artifact still makes the step fail so it is noticed.
  return "$missing"
}

sub="${1:-}"
shift || true
case $sub in
  start) cmd_start "$@" ;;
  status) cmd_status "$@" ;;
  upload) cmd_upload "$@" ;;
  *) echo "usage: vm.sh start -- MM_ARGS... | status [LINES] | upload gs://BUCKET/PREFIX/" >&2; exit 2 ;;
esac
