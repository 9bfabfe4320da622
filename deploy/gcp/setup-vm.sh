#!/usr/bin/env bash
# Runbook step 3 (deploy/README.md#runbook-steps): copy the bundle from package.sh to the VM and unpack it into ~/REMOTE_DIR.
# The bundle is self-contained (.NET runtime included), so nothing is installed with apt and no
# SDK or git checkout is needed on the VM (the "missing deps on VM" failure of deploy/README.md#failure-modes-and-what-happens-now cannot happen).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: deploy/gcp/setup-vm.sh [options]
Wait for SSH, copy --tarball to the VM, unpack it into ~/REMOTE_DIR and print 'mm --version'.

$COMMON_HELP
USAGE
}

parse_flags "$@"
cd "$MM_REPO_ROOT"

if [[ $DRY_RUN == 0 && ! -f $TARBALL ]]; then
  die "bundle $TARBALL not found; build it with deploy/gcp/package.sh"
fi
bundle="$(basename "$TARBALL")"

# A fresh VM takes a little while before sshd answers.
retry 10 15 remote 'true'
run gcloud compute scp "$TARBALL" "$VM:$bundle" --project="$PROJECT" --zone="$ZONE" --quiet
# Replace the tool, config, fixtures and scripts; keep trades.db and reports/ of earlier runs.
remote "cd $REMOTE_DIR 2>/dev/null && rm -rf app config fixtures deploy; cd && mkdir -p $REMOTE_DIR && tar -xzf $bundle -C $REMOTE_DIR && rm -f $bundle && $REMOTE_DIR/app/mm --version"
