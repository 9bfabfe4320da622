# shellcheck shell=bash
# Variables set here are read by the scripts that source this file.
# shellcheck disable=SC2034
# Shared helpers for the deploy/gcp step scripts. Source it, do not execute it.
#
# Every step script: sources this file, defines usage(), calls parse_flags "$@", then runs its
# commands through `run` (or `remote`). With --dry-run, `run` prints each command as
# "+ cmd args..." on stdout and executes nothing, so the printed lines are exactly what a real
# run would execute (tests compare them with reviewed golden files).

MM_GCP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MM_REPO_ROOT="$(cd "$MM_GCP_DIR/../.." && pwd)"
export MM_GCP_DIR MM_REPO_ROOT

# --- defaults: the original runbook's values (deploy/README.md#prerequisites); each one can be overridden by env or by flag ---------
PROJECT="${MM_GCP_PROJECT:-tombot-485015}"
REGION="${MM_GCP_REGION:-us-central1}"
ZONE="${MM_GCP_ZONE:-us-central1-a}"
BUCKET="${MM_GCP_BUCKET:-tombot-485015-mm-experiments}"
VM="${MM_GCP_VM:-mm-experiment-vm}"
MACHINE_TYPE="${MM_GCP_MACHINE_TYPE:-e2-small}"
IMAGE_FAMILY="${MM_GCP_IMAGE_FAMILY:-debian-12}"
IMAGE_PROJECT="${MM_GCP_IMAGE_PROJECT:-debian-cloud}"
DISK_SIZE="${MM_GCP_DISK_SIZE:-20GB}"
# On-demand e2-small in us-central1 (deploy/README.md#prerequisites). Change it together with --machine-type.
PRICE_PER_HOUR="${MM_GCP_PRICE_PER_HOUR:-0.0168}"
# Minutes on top of the two runs: VM boot, setup, connectivity, analysis, upload, delete.
OVERHEAD_MIN="${MM_GCP_OVERHEAD_MIN:-20}"
# Self-contained linux-x64 bundle built by package.sh (repo-relative unless absolute).
TARBALL="${MM_TARBALL:-artifacts/polymm-linux-x64.tar.gz}"
# Install directory on the VM, relative to the SSH user's home.
REMOTE_DIR="${MM_REMOTE_DIR:-polymm}"
POLL_SECONDS="${MM_POLL_SECONDS:-60}"
LOG_LINES="${MM_LOG_LINES:-40}"

# --- mm experiment parameters (runbook steps 5-9, deploy/README.md#the-one-command) -------------------
DATA_MODE="${MM_DATA_MODE:-online}"
MARKETS="${MM_MARKETS:-10}"
K_TICKS="${MM_K_TICKS:-2}"
FILL_MODEL="${MM_FILL_MODEL:-probabilistic}"
SEED="${MM_SEED:-42}"
MAX_RUNTIME_MIN="${MM_MAX_RUNTIME_MIN:-30}"
BASELINE_MAX_RUNTIME_MIN="${MM_BASELINE_MAX_RUNTIME_MIN:-10}"
BANKROLL="${MM_BANKROLL:-10000}"
QUOTE_SIZE_USD="${MM_QUOTE_SIZE_USD:-10}"
MAX_EXPOSURE_USD="${MM_MAX_EXPOSURE_USD:-5000}"
MAX_PER_MARKET_EXPOSURE_USD="${MM_MAX_PER_MARKET_EXPOSURE_USD:-500}"
# Empty string = do not pass --whitelist (let the tool select Tier-A markets itself).
WHITELIST="${MM_WHITELIST-config/market_making_whitelist.json}"
# Only passed when --data-mode offline.
FIXTURE_DIR="${MM_FIXTURE_DIR:-fixtures/market_making/sample}"

# --- Cloud Run job ------------------------------------------------------------------------------
AR_REPO="${MM_AR_REPO:-polymm}"
IMAGE_TAG="${MM_IMAGE_TAG:-latest}"
JOB_NAME="${MM_JOB_NAME:-mm-experiment}"
TASKS="${MM_TASKS:-1}"
BUILD_MODE="${MM_BUILD_MODE:-cloud}"

DRY_RUN="${MM_DRY_RUN:-0}"
SKIP_PACKAGE=0
SKIP_BUCKET=0
WAIT=0

die() {
  printf 'error: %s\n' "$*" >&2
  exit 2
}

info() {
  printf '== %s\n' "$*" >&2
}

# Print one argument so that a POSIX shell reads it back unchanged: bare when it only holds
# safe characters, otherwise single-quoted.
quote_arg() {
  local a=$1
  if [[ -n $a && $a =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
    printf '%s' "$a"
  else
    printf "'%s'" "${a//\'/\'\\\'\'}"
  fi
}

quote_cmd() {
  local out="" a
  for a in "$@"; do
    out+="${out:+ }$(quote_arg "$a")"
  done
  printf '%s' "$out"
}

# run CMD ARGS...: print the command ("+ ..."), then execute it unless --dry-run.
# Dry-run lines go to stdout (they are the script's output); live ones to stderr as a trace.
run() {
  if [[ $DRY_RUN == 1 ]]; then
    printf '+ %s\n' "$(quote_cmd "$@")"
    return 0
  fi
  printf '+ %s\n' "$(quote_cmd "$@")" >&2
  "$@"
}

# probe CMD...: a read-only existence check, run quietly; returns its status. In dry-run it is
# printed and counts as "not found" (returns 1), so the commands that depend on it print too.
probe() {
  if [[ $DRY_RUN == 1 ]]; then
    printf '+ %s\n' "$(quote_cmd "$@")"
    return 1
  fi
  printf '+ %s\n' "$(quote_cmd "$@")" >&2
  "$@" >/dev/null 2>&1
}

# retry ATTEMPTS DELAY_SECONDS CMD...: call CMD (usually `run ...` or `remote ...`) until it
# succeeds. In dry-run CMD only prints and succeeds, so it is printed once.
retry() {
  local attempts=$1 delay=$2 i rc
  shift 2
  for ((i = 1; ; i++)); do
    rc=0
    "$@" || rc=$?
    if [[ $rc == 0 ]]; then return 0; fi
    if ((i >= attempts)); then return "$rc"; fi
    info "attempt $i/$attempts failed (exit $rc); retrying in ${delay}s"
    sleep "$delay"
  done
}

# remote 'SHELL COMMAND': run a command on the VM over SSH (its exit code comes back).
remote() {
  run gcloud compute ssh "$VM" --project="$PROJECT" --zone="$ZONE" --quiet --command "$1"
}

# UTC timestamp used in artifact paths; MM_TIMESTAMP pins it (dry runs, resumed uploads).
mm_timestamp() {
  local ts="${MM_TIMESTAMP:-}"
  if [[ -z $ts ]]; then
    ts="$(date -u +%Y%m%dT%H%M%SZ)"
  fi
  [[ $ts =~ ^[0-9]{8}T[0-9]{6}Z$ ]] || die "MM_TIMESTAMP must look like 20260206T025253Z, got '$ts'"
  printf '%s' "$ts"
}

# The GCS prefix of one run, layout of deploy/README.md#where-results-land.
artifact_prefix() {
  printf 'gs://%s/online-run-%s/' "$BUCKET" "$(mm_timestamp)"
}

image_uri() {
  printf '%s-docker.pkg.dev/%s/%s/mm:%s' "$REGION" "$PROJECT" "$AR_REPO" "$IMAGE_TAG"
}

# Expected wall-clock hours of one experiment (two runs + overhead), 2 decimals.
expected_hours() {
  awk -v b="$BASELINE_MAX_RUNTIME_MIN" -v r="$MAX_RUNTIME_MIN" -v o="$OVERHEAD_MIN" \
    'BEGIN { printf "%.2f", (b + r + o) / 60 }'
}

print_cost_estimate() {
  local hours
  hours="$(expected_hours)"
  awk -v h="$hours" -v p="$PRICE_PER_HOUR" -v m="$MACHINE_TYPE" -v b="$BASELINE_MAX_RUNTIME_MIN" \
    -v r="$MAX_RUNTIME_MIN" -v o="$OVERHEAD_MIN" -v d="$DISK_SIZE" 'BEGIN {
      printf "Cost estimate: %s $%.4f/hr x %.2f h (baseline %s min + real %s min + overhead %s min) = $%.4f\n", m, p, h, b, r, o, p * h
      printf "  plus the %s boot disk for the same hours (under $0.01) and GCS storage of a few MB.\n", d
    }'
}

# The arguments of `mm experiment`, from the experiment flags. Paths are relative to the
# working directory the tool runs in (the unpacked bundle on the VM).
experiment_args() {
  EXPERIMENT_ARGS=(
    experiment
    --data-mode "$DATA_MODE"
    --db trades.db
    --reports-dir reports
    --markets "$MARKETS"
    --k-ticks "$K_TICKS"
    --fill-model "$FILL_MODEL"
    --seed "$SEED"
    --max-runtime-min "$MAX_RUNTIME_MIN"
    --baseline-max-runtime-min "$BASELINE_MAX_RUNTIME_MIN"
    --bankroll "$BANKROLL"
    --quote-size-usd "$QUOTE_SIZE_USD"
    --max-exposure-usd "$MAX_EXPOSURE_USD"
    --max-per-market-exposure-usd "$MAX_PER_MARKET_EXPOSURE_USD"
  )
  if [[ $DATA_MODE == offline ]]; then
    EXPERIMENT_ARGS+=(--fixture-dir "$FIXTURE_DIR")
  fi
  if [[ -n $WHITELIST ]]; then
    EXPERIMENT_ARGS+=(--whitelist "$WHITELIST")
  fi
}

COMMON_HELP="GCP options (env var in brackets, default after '='):
  --project ID             [MM_GCP_PROJECT]       = $PROJECT
  --region REGION          [MM_GCP_REGION]        = $REGION
  --zone ZONE              [MM_GCP_ZONE]          = $ZONE
  --bucket NAME            [MM_GCP_BUCKET]        = $BUCKET
  --vm NAME                [MM_GCP_VM]            = $VM
  --machine-type TYPE      [MM_GCP_MACHINE_TYPE]  = $MACHINE_TYPE
  --image-family FAMILY    [MM_GCP_IMAGE_FAMILY]  = $IMAGE_FAMILY
  --image-project PROJECT  [MM_GCP_IMAGE_PROJECT] = $IMAGE_PROJECT
  --disk-size SIZE         [MM_GCP_DISK_SIZE]     = $DISK_SIZE
  --price-per-hour USD     [MM_GCP_PRICE_PER_HOUR]= $PRICE_PER_HOUR
  --tarball PATH           [MM_TARBALL]           = $TARBALL
  --remote-dir DIR         [MM_REMOTE_DIR]        = $REMOTE_DIR (under the VM user's home)
  --poll-seconds N         [MM_POLL_SECONDS]      = $POLL_SECONDS
  --lines N                [MM_LOG_LINES]         = $LOG_LINES
Experiment options (passed to 'mm experiment'):
  --data-mode online|offline [MM_DATA_MODE]       = $DATA_MODE
  --markets N                [MM_MARKETS]         = $MARKETS
  --k-ticks K                [MM_K_TICKS]         = $K_TICKS
  --fill-model trade-through|touch|strict|probabilistic [MM_FILL_MODEL] = $FILL_MODEL
  --seed S                   [MM_SEED]            = $SEED
  --max-runtime-min M        [MM_MAX_RUNTIME_MIN] = $MAX_RUNTIME_MIN
  --baseline-max-runtime-min M [MM_BASELINE_MAX_RUNTIME_MIN] = $BASELINE_MAX_RUNTIME_MIN
  --bankroll USD             [MM_BANKROLL]        = $BANKROLL
  --quote-size-usd USD       [MM_QUOTE_SIZE_USD]  = $QUOTE_SIZE_USD
  --max-exposure-usd USD     [MM_MAX_EXPOSURE_USD] = $MAX_EXPOSURE_USD
  --max-per-market-exposure-usd USD [MM_MAX_PER_MARKET_EXPOSURE_USD] = $MAX_PER_MARKET_EXPOSURE_USD
  --whitelist PATH|''        [MM_WHITELIST]       = $WHITELIST
  --fixture-dir DIR          [MM_FIXTURE_DIR]     = $FIXTURE_DIR (offline only)
Cloud Run options:
  --ar-repo NAME  [MM_AR_REPO] = $AR_REPO     --image-tag TAG [MM_IMAGE_TAG] = $IMAGE_TAG
  --job NAME      [MM_JOB_NAME] = $JOB_NAME   --tasks N [MM_TASKS] = $TASKS
  --build-mode cloud|local [MM_BUILD_MODE] = $BUILD_MODE
Other:
  --skip-package  --skip-bucket  --wait
  --dry-run        print the commands ('+ cmd') without running any [MM_DRY_RUN=1]
  --help           this text
  MM_TIMESTAMP=yyyyMMddTHHmmssZ pins the artifact folder name (default: now, UTC)."

# parse_flags "$@": every step script accepts the same flags, so experiment.sh can forward its
# own arguments to each step unchanged. Flags take "--flag value" or "--flag=value".
parse_flags() {
  local flag value
  while (($# > 0)); do
    flag=$1
    value=""
    if [[ $flag == --*=* ]]; then
      value=${flag#*=}
      flag=${flag%%=*}
      set -- "$flag" "$value" "${@:2}"
    fi
    case $flag in
      --help | -h) usage; exit 0 ;;
      --dry-run) DRY_RUN=1; shift; continue ;;
      --skip-package) SKIP_PACKAGE=1; shift; continue ;;
      --skip-bucket) SKIP_BUCKET=1; shift; continue ;;
      --wait) WAIT=1; shift; continue ;;
    esac
    case $flag in
      --project | --region | --zone | --bucket | --vm | --machine-type | --image-family | \
        --image-project | --disk-size | --price-per-hour | --tarball | --remote-dir | \
        --poll-seconds | --lines | --data-mode | --markets | --k-ticks | --fill-model | --seed | \
        --max-runtime-min | --baseline-max-runtime-min | --bankroll | --quote-size-usd | \
        --max-exposure-usd | --max-per-market-exposure-usd | --whitelist | --fixture-dir | \
        --ar-repo | --image-tag | --job | --tasks | --build-mode) ;;
      *) die "unknown option '$flag' (see --help)" ;;
    esac
    (($# >= 2)) || die "$flag needs a value (see --help)"
    value=$2
    case $flag in
      --project) PROJECT=$value ;;
      --region) REGION=$value ;;
      --zone) ZONE=$value ;;
      --bucket) BUCKET=$value ;;
      --vm) VM=$value ;;
      --machine-type) MACHINE_TYPE=$value ;;
      --image-family) IMAGE_FAMILY=$value ;;
      --image-project) IMAGE_PROJECT=$value ;;
      --disk-size) DISK_SIZE=$value ;;
      --price-per-hour) PRICE_PER_HOUR=$value ;;
      --tarball) TARBALL=$value ;;
      --remote-dir) REMOTE_DIR=$value ;;
      --poll-seconds) POLL_SECONDS=$value ;;
      --lines) LOG_LINES=$value ;;
      --data-mode) DATA_MODE=$value ;;
      --markets) MARKETS=$value ;;
      --k-ticks) K_TICKS=$value ;;
      --fill-model) FILL_MODEL=$value ;;
      --seed) SEED=$value ;;
      --max-runtime-min) MAX_RUNTIME_MIN=$value ;;
      --baseline-max-runtime-min) BASELINE_MAX_RUNTIME_MIN=$value ;;
      --bankroll) BANKROLL=$value ;;
      --quote-size-usd) QUOTE_SIZE_USD=$value ;;
      --max-exposure-usd) MAX_EXPOSURE_USD=$value ;;
      --max-per-market-exposure-usd) MAX_PER_MARKET_EXPOSURE_USD=$value ;;
      --whitelist) WHITELIST=$value ;;
      --fixture-dir) FIXTURE_DIR=$value ;;
      --ar-repo) AR_REPO=$value ;;
      --image-tag) IMAGE_TAG=$value ;;
      --job) JOB_NAME=$value ;;
      --tasks) TASKS=$value ;;
      --build-mode) BUILD_MODE=$value ;;
    esac
    shift 2
  done
  validate_flags
}

validate_flags() {
  local n
  # Checked here, in the main shell: a die inside $(mm_timestamp) would only end the subshell.
  if [[ -n ${MM_TIMESTAMP:-} ]]; then
    mm_timestamp >/dev/null
  fi
  [[ $DRY_RUN == 0 || $DRY_RUN == 1 ]] || die "MM_DRY_RUN must be 0 or 1"
  [[ $DATA_MODE == online || $DATA_MODE == offline ]] || die "--data-mode must be online or offline"
  case $FILL_MODEL in trade-through | touch | strict | probabilistic) ;; *) die "--fill-model must be trade-through, touch (alias strict) or probabilistic" ;; esac
  [[ $BUILD_MODE == cloud || $BUILD_MODE == local ]] || die "--build-mode must be cloud or local"
  for n in "$MARKETS" "$K_TICKS" "$SEED" "$MAX_RUNTIME_MIN" "$BASELINE_MAX_RUNTIME_MIN" \
    "$POLL_SECONDS" "$LOG_LINES" "$TASKS" "$OVERHEAD_MIN"; do
    [[ $n =~ ^[0-9]+$ ]] || die "expected a whole number, got '$n'"
  done
  for n in "$BANKROLL" "$QUOTE_SIZE_USD" "$MAX_EXPOSURE_USD" "$MAX_PER_MARKET_EXPOSURE_USD" "$PRICE_PER_HOUR"; do
    [[ $n =~ ^[0-9]+([.][0-9]+)?$ ]] || die "expected a number, got '$n'"
  done
  [[ $REMOTE_DIR =~ ^[A-Za-z0-9_.-]+$ ]] || die "--remote-dir must be a plain directory name"
  [[ $BUCKET =~ ^[a-z0-9][a-z0-9._-]+$ ]] || die "--bucket must be a bucket name without gs://"
}
