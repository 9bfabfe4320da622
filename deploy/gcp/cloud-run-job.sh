#!/usr/bin/env bash
# Build the image, deploy deploy/gcp/cloud-run-job.yaml as a Cloud Run Job and execute it.
# The alternative to the VM runbook (deploy/README.md#cloud-run-job-alternative): no VM to delete, the
# results land in the bucket through the job's Cloud Storage volume.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: deploy/gcp/cloud-run-job.sh [options] [build|deploy|execute|all]   (default: all)
  build    create the Artifact Registry repo --ar-repo if missing, then build and push the image
           (--build-mode cloud: gcloud builds submit; local: docker build + docker push)
  deploy   render cloud-run-job.yaml into artifacts/cloud-run-job.yaml and 'gcloud run jobs replace'
  execute  run the job (--tasks N tasks; each gets CLOUD_RUN_TASK_INDEX -> MM_SHARD_INDEX) with
           the experiment options as container args, MM_TIMESTAMP shared by all tasks, and wait
The results land in gs://BUCKET/online-run-<MM_TIMESTAMP>/ (shard-<i>/ per task when --tasks > 1).

$COMMON_HELP
USAGE
}

action=all
args=()
for a in "$@"; do
  case $a in
    build | deploy | execute | all) action=$a ;;
    *) args+=("$a") ;;
  esac
done
parse_flags "${args[@]}"
cd "$MM_REPO_ROOT"

image="$(image_uri)"
rendered="artifacts/cloud-run-job.yaml"

do_build() {
  if ! probe gcloud artifacts repositories describe "$AR_REPO" --project="$PROJECT" --location="$REGION"; then
    run gcloud artifacts repositories create "$AR_REPO" --project="$PROJECT" --location="$REGION" \
      --repository-format=docker --description="PolyMM images"
  fi
  if [[ $BUILD_MODE == cloud ]]; then
    run gcloud builds submit --project="$PROJECT" --region="$REGION" --tag="$image" .
  else
    run gcloud auth configure-docker "$REGION-docker.pkg.dev" --quiet
    run docker build -t "$image" .
    run docker push "$image"
  fi
}

# Timeout for one task: both runs plus the overhead, doubled for headroom, in seconds.
timeout_seconds() {
  printf '%d' $((2 * 60 * (BASELINE_MAX_RUNTIME_MIN + MAX_RUNTIME_MIN + OVERHEAD_MIN)))
}

do_deploy() {
  local timeout
  timeout="$(timeout_seconds)"
  if [[ $DRY_RUN == 1 ]]; then
    printf '# render deploy/gcp/cloud-run-job.yaml -> %s (job %s, image %s, bucket %s, tasks %s, timeout %ss)\n' \
      "$rendered" "$JOB_NAME" "$image" "$BUCKET" "$TASKS" "$timeout"
  else
    mkdir -p "$(dirname "$rendered")"
    sed -e "s|__JOB_NAME__|$JOB_NAME|g" -e "s|__REGION__|$REGION|g" -e "s|__IMAGE__|$image|g" \
      -e "s|__BUCKET__|$BUCKET|g" -e "s|__TASKS__|$TASKS|g" -e "s|__TIMEOUT_SECONDS__|$timeout|g" \
      deploy/gcp/cloud-run-job.yaml >"$rendered"
    if grep -q '__[A-Z_]*__' "$rendered"; then
      die "unreplaced token in $rendered"
    fi
  fi
  run gcloud run jobs replace "$rendered" --project="$PROJECT" --region="$REGION"
}

do_execute() {
  local joined=""
  experiment_args
  # Inside the image the bundled files live under /opt/polymm, not in the working directory.
  local i
  for ((i = 0; i < ${#EXPERIMENT_ARGS[@]}; i++)); do
    case ${EXPERIMENT_ARGS[i]} in
      config/* | fixtures/*) EXPERIMENT_ARGS[i]="/opt/polymm/${EXPERIMENT_ARGS[i]}" ;;
    esac
  done
  joined="$(IFS=,; printf '%s' "${EXPERIMENT_ARGS[*]}")"
  [[ $joined != *,,* ]] || die "empty experiment argument"
  run gcloud run jobs execute "$JOB_NAME" --project="$PROJECT" --region="$REGION" \
    --tasks="$TASKS" --update-env-vars="MM_TIMESTAMP=$(mm_timestamp)" --args="$joined" --wait
  info "results: $(artifact_prefix)"
}

case $action in
  build) do_build ;;
  deploy) do_deploy ;;
  execute) do_execute ;;
  all) do_build; do_deploy; do_execute ;;
esac
