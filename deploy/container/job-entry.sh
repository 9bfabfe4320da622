#!/usr/bin/env bash
# Cloud Run Job entry point (deploy/gcp/cloud-run-job.yaml): run `mm ARGS...` (normally
# `experiment ...`) on local disk, then copy the artifacts into the mounted bucket in the layout of
# deploy/README.md#where-results-land. SQLite stays off the GCS FUSE mount (no file locking there); only finished files are
# copied to it.
#
# Environment:
#   MM_RESULTS_DIR   bucket mount point                     (default /mnt/results)
#   MM_TIMESTAMP     yyyyMMddTHHmmssZ for the folder name   (default: now, UTC; cloud-run-job.sh
#                    sets one per execution so all tasks share a folder)
#   MM_WORK_DIR      local working directory                (default /data/run)
#   CLOUD_RUN_TASK_INDEX / CLOUD_RUN_TASK_COUNT  set by Cloud Run; exported to mm as
#                    MM_SHARD_INDEX / MM_SHARD_COUNT for sharded sweeps. With more than one task
#                    each task writes to online-run-<ts>/shard-<index>/.
set -euo pipefail

export MM_SHARD_INDEX="${MM_SHARD_INDEX:-${CLOUD_RUN_TASK_INDEX:-0}}"
export MM_SHARD_COUNT="${MM_SHARD_COUNT:-${CLOUD_RUN_TASK_COUNT:-1}}"
ts="${MM_TIMESTAMP:-$(date -u +%Y%m%dT%H%M%SZ)}"
if [[ ! $ts =~ ^[0-9]{8}T[0-9]{6}Z$ ]]; then
  echo "job-entry: MM_TIMESTAMP must look like 20260206T025253Z, got '$ts'" >&2
  exit 2
fi
dest="${MM_RESULTS_DIR:-/mnt/results}/online-run-$ts"
if ((MM_SHARD_COUNT > 1)); then
  dest="$dest/shard-$MM_SHARD_INDEX"
fi
work="${MM_WORK_DIR:-/data/run}"

mkdir -p "$work/reports"
cd "$work"
echo "job-entry: shard $MM_SHARD_INDEX/$MM_SHARD_COUNT, results -> $dest"

rc=0
mm "$@" 2>&1 | tee -a reports/console.log || rc=${PIPESTATUS[0]}
echo "job-entry: mm exited $rc"

mkdir -p "$dest"
copied=0
for f in reports/market_making_BASELINE.json reports/market_making_BASELINE.md \
  reports/market_making_BASELINE_fills.csv reports/market_making_MARKET_MAKING_TEST.json \
  reports/market_making_MARKET_MAKING_TEST.md reports/market_making_MARKET_MAKING_TEST_fills.csv \
  reports/mm_dashboard.html trades.db reports/run_log.txt reports/console.log; do
  if [[ -f $f ]]; then
    cp "$f" "$dest/"
    copied=$((copied + 1))
  else
    echo "job-entry: missing $f" >&2
  fi
done
echo "job-entry: copied $copied files to $dest"
exit "$rc"
