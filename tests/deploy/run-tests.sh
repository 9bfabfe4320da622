#!/usr/bin/env bash
# Offline tests for deploy/: dry-run golden files, shellcheck, the experiment.sh VM-deletion trap
# (with a fake gcloud), the VM/container helper scripts, and static Dockerfile checks.
# No network, no docker engine and no real gcloud are used: fakes shadow them on PATH.
#   tests/deploy/run-tests.sh                 run everything
#   UPDATE_GOLDEN=1 tests/deploy/run-tests.sh rewrite tests/deploy/expected/*.txt (review the diff!)
# Prints one final line "N passed, M failed"; exits 1 if anything failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
expected="$here/expected"
gcp="$root/deploy/gcp"
ts=20260206T020000Z

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
fail() {
  failed=$((failed + 1))
  printf 'FAIL %s\n' "$1"
  if (($# > 1)); then printf '%s\n' "$2" | sed 's/^/     /' | head -n 40; fi
}

# --- fakes ---------------------------------------------------------------------------------------
# tripwire/: tools a dry run must never call. Any call is logged and fails.
mkdir -p "$tmp/tripwire"
for tool in gcloud gsutil docker dotnet ssh scp systemd-run; do
  cat >"$tmp/tripwire/$tool" <<FAKE
#!/usr/bin/env bash
echo "$tool \$*" >>"$tmp/tripwire.log"
exit 97
FAKE
  chmod +x "$tmp/tripwire/$tool"
done

# fakebin/gcloud: records each call; fails (exit 1) when its arguments contain FAKE_FAIL_ON; answers
# the status poll with MM_STATUS=$FAKE_STATUS.
mkdir -p "$tmp/fakebin"
cat >"$tmp/fakebin/gcloud" <<'FAKE'
#!/usr/bin/env bash
echo "gcloud $*" >>"$FAKE_LOG"
if [[ -n ${FAKE_FAIL_ON:-} && "$*" == *"$FAKE_FAIL_ON"* ]]; then
  echo "fake gcloud: failing on purpose" >&2
  exit 1
fi
if [[ "$*" == *"vm.sh status"* ]]; then
  case ${FAKE_STATUS:-succeeded} in
    failed) echo "MM_STATUS=failed EXIT=1" ;;
    *) echo "MM_STATUS=${FAKE_STATUS:-succeeded} EXIT=0" ;;
  esac
fi
exit 0
FAKE
chmod +x "$tmp/fakebin/gcloud"

# A clean environment: no MM_* settings from the caller leak into the expected output.
clean_env() {
  env -i PATH="$1:/usr/local/bin:/usr/bin:/bin" HOME="$tmp/home" LANG=C.UTF-8 "${@:2}"
}
mkdir -p "$tmp/home"

# --- (a) dry-run golden files -----------------------------------------------------------------------
golden_case() {
  local name=$1 out rc=0
  shift
  out="$(cd "$tmp" && clean_env "$tmp/tripwire" MM_TIMESTAMP="$ts" "$@" 2>&1)" || rc=$?
  out+=$'\n'"# exit $rc"
  if [[ ${UPDATE_GOLDEN:-0} == 1 ]]; then
    printf '%s\n' "$out" >"$expected/$name.txt"
    pass "golden $name (updated)"
  elif [[ ! -f $expected/$name.txt ]]; then
    fail "golden $name" "missing $expected/$name.txt (run with UPDATE_GOLDEN=1 and review it)"
  elif diff -u "$expected/$name.txt" <(printf '%s\n' "$out") >"$tmp/diff"; then
    pass "golden $name"
  else
    fail "golden $name" "$(cat "$tmp/diff")"
  fi
}

: >"$tmp/tripwire.log"
golden_case package "$gcp/package.sh" --dry-run
golden_case create-bucket "$gcp/create-bucket.sh" --dry-run
golden_case create-vm "$gcp/create-vm.sh" --dry-run
golden_case setup-vm "$gcp/setup-vm.sh" --dry-run
golden_case connectivity "$gcp/connectivity.sh" --dry-run
golden_case run-experiment "$gcp/run-experiment.sh" --dry-run
golden_case run-experiment-wait "$gcp/run-experiment.sh" --dry-run --wait
golden_case status "$gcp/status.sh" --dry-run --lines 100
golden_case upload "$gcp/upload.sh" --dry-run
golden_case delete-vm "$gcp/delete-vm.sh" --dry-run
golden_case experiment "$gcp/experiment.sh" --dry-run
golden_case experiment-custom "$gcp/experiment.sh" --dry-run --skip-package --skip-bucket \
  --project demo-proj --zone europe-west1-b --region=europe-west1 --vm mm-vm-2 --bucket demo-bucket \
  --machine-type e2-medium --price-per-hour 0.0335 --data-mode offline --markets 2 --k-ticks 1 \
  --fill-model strict --seed 7 --max-runtime-min 5 --baseline-max-runtime-min 2 --whitelist '' \
  --tarball /tmp/bundle.tar.gz
golden_case experiment-env-dry-run MM_DRY_RUN=1 MM_GCP_VM=env-vm MM_MARKETS=3 "$gcp/experiment.sh"
golden_case cloud-run-job "$gcp/cloud-run-job.sh" --dry-run
golden_case cloud-run-job-local-sharded "$gcp/cloud-run-job.sh" --dry-run --build-mode local \
  --tasks 4 --image-tag v1 --job mm-sweep --k-ticks 3
if [[ -s $tmp/tripwire.log ]]; then
  fail "dry runs call no external tool" "$(cat "$tmp/tripwire.log")"
else
  pass "dry runs call no external tool"
fi

# --help and bad flags, every step script.
for script in "$gcp"/*.sh; do
  name="$(basename "$script")"
  [[ $name == lib.sh ]] && continue
  rc=0
  out="$(clean_env "$tmp/tripwire" "$script" --help 2>&1)" || rc=$?
  if [[ $rc == 0 && $out == Usage:* && $out == *--dry-run* ]]; then
    pass "$name --help"
  else
    fail "$name --help" "exit $rc: $(head -n 3 <<<"$out")"
  fi
  rc=0
  out="$(clean_env "$tmp/tripwire" "$script" --dry-run --no-such-flag 2>&1)" || rc=$?
  if [[ $rc == 2 && $out == *"unknown option '--no-such-flag'"* ]]; then
    pass "$name rejects unknown flags (exit 2)"
  else
    fail "$name rejects unknown flags (exit 2)" "exit $rc: $out"
  fi
done
rc=0
out="$(clean_env "$tmp/tripwire" MM_TIMESTAMP=2026-02-06 "$gcp/upload.sh" --dry-run 2>&1)" || rc=$?
if [[ $rc == 2 && $out == *"MM_TIMESTAMP must look like"* ]]; then
  pass "a malformed MM_TIMESTAMP is rejected"
else
  fail "a malformed MM_TIMESTAMP is rejected" "exit $rc: $out"
fi

# --- (b) shellcheck --------------------------------------------------------------------------------
mapfile -t shell_files < <(
  cd "$root" && {
    find deploy tests/deploy bench -type f -name '*.sh'
    find deploy -type f ! -name '*.*' -exec grep -lE '^#!.*(ba)?sh' {} +
    printf '%s\n' mm test.sh .ci/run
  } | sort -u
)
if ! command -v shellcheck >/dev/null 2>&1; then
  fail "shellcheck" "shellcheck is not installed (apt-get install -y shellcheck)"
else
  for f in "${shell_files[@]}"; do
    if out="$(cd "$root" && shellcheck -x "$f" 2>&1)"; then
      pass "shellcheck $f"
    else
      fail "shellcheck $f" "$out"
    fi
  done
fi

# --- (c) experiment.sh always deletes the VM ---------------------------------------------------------
: >"$tmp/bundle.tar.gz"
# fake_experiment NAME [VAR=VALUE...]: run experiment.sh for real against the fake gcloud.
fake_experiment() {
  local name=$1
  shift
  FAKE_LOG="$tmp/calls-$name.log"
  : >"$FAKE_LOG"
  fake_rc=0
  fake_out="$(clean_env "$tmp/fakebin" FAKE_LOG="$FAKE_LOG" MM_TIMESTAMP="$ts" MM_RETRY_DELAY=0 "$@" \
    "$gcp/experiment.sh" --skip-package --tarball "$tmp/bundle.tar.gz" --poll-seconds 0 2>&1)" || fake_rc=$?
  fake_calls="$(cat "$FAKE_LOG")"
}
last_call_deletes_vm() {
  [[ $(tail -n 1 <<<"$fake_calls") == "gcloud compute instances delete mm-experiment-vm"* ]]
}
count_calls() {
  grep -c -- "$1" <<<"$fake_calls" || true
}
check_trap() {
  local what=$1 want_rc=$2 want_uploads=$3 ok=1
  if [[ $want_rc == nonzero ]]; then [[ $fake_rc != 0 ]] || ok=0; else [[ $fake_rc == "$want_rc" ]] || ok=0; fi
  last_call_deletes_vm || ok=0
  [[ $(count_calls 'instances delete') == 1 ]] || ok=0
  [[ $(count_calls 'vm.sh upload') == "$want_uploads" ]] || ok=0
  if [[ $ok == 1 ]]; then
    pass "$what"
  else
    fail "$what" "exit $fake_rc (want $want_rc), uploads $(count_calls 'vm.sh upload') (want $want_uploads)
calls:
$fake_calls
output:
$(tail -n 8 <<<"$fake_out")"
  fi
}

fake_experiment success
check_trap "trap: success uploads then deletes the VM (exit 0)" 0 1
calls_file="$tmp/calls-success.log"
if [[ ${UPDATE_GOLDEN:-0} == 1 ]]; then
  sed "s|$tmp|TMP|g" "$calls_file" >"$expected/experiment-fake-gcloud-calls.txt"
  pass "golden experiment-fake-gcloud-calls (updated)"
elif diff -u "$expected/experiment-fake-gcloud-calls.txt" <(sed "s|$tmp|TMP|g" "$calls_file") >"$tmp/diff"; then
  pass "golden experiment-fake-gcloud-calls"
else
  fail "golden experiment-fake-gcloud-calls" "$(cat "$tmp/diff")"
fi

fake_experiment create-fails FAKE_FAIL_ON="instances create"
check_trap "trap: VM create fails -> VM still deleted" nonzero 0
fake_experiment setup-fails FAKE_FAIL_ON="compute scp"
check_trap "trap: setup fails -> VM deleted" nonzero 0
fake_experiment connectivity-fails FAKE_FAIL_ON="mm connectivity"
check_trap "trap: connectivity fails -> VM deleted, nothing uploaded" nonzero 0
fake_experiment start-fails FAKE_FAIL_ON="vm.sh start"
check_trap "trap: experiment start fails -> upload attempted, VM deleted" nonzero 1
fake_experiment checks-fail FAKE_STATUS=failed
check_trap "trap: mm experiment FAIL -> artifacts uploaded, VM deleted, exit 1" 1 1
fake_experiment upload-fails FAKE_FAIL_ON="vm.sh upload"
check_trap "trap: upload fails -> VM deleted" nonzero 1
fake_experiment status-ssh-fails FAKE_FAIL_ON="vm.sh status" MM_GCP_OVERHEAD_MIN=0 MM_MAX_RUNTIME_MIN=0 MM_BASELINE_MAX_RUNTIME_MIN=0
check_trap "trap: status polling fails -> upload attempted, VM deleted" nonzero 1

fake_experiment delete-fails FAKE_FAIL_ON="instances delete"
if [[ $fake_rc != 0 && $(count_calls 'instances delete') == 3 && $fake_out == *"COULD NOT DELETE VM"* ]]; then
  pass "trap: a failing delete is retried 3 times and reported loudly"
else
  fail "trap: a failing delete is retried 3 times and reported loudly" "exit $fake_rc; $fake_calls"
fi

# SIGTERM while waiting for the experiment: the trap must still upload and delete.
FAKE_LOG="$tmp/calls-sigterm.log"
: >"$FAKE_LOG"
# env (not the clean_env function) so that $! is the script itself and the signal reaches it.
env -i PATH="$tmp/fakebin:/usr/local/bin:/usr/bin:/bin" HOME="$tmp/home" FAKE_LOG="$FAKE_LOG" \
  FAKE_STATUS=running MM_TIMESTAMP="$ts" MM_RETRY_DELAY=0 \
  "$gcp/experiment.sh" --skip-package --tarball "$tmp/bundle.tar.gz" --poll-seconds 1 \
  >"$tmp/sigterm.out" 2>&1 &
exp_pid=$!
for _ in $(seq 1 100); do
  grep -q 'vm.sh status' "$FAKE_LOG" && break
  sleep 0.1
done
kill -TERM "$exp_pid"
fake_rc=0
for _ in $(seq 1 100); do
  kill -0 "$exp_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$exp_pid" 2>/dev/null; then
  kill -KILL "$exp_pid" # never leave a poller behind
fi
wait "$exp_pid" || fake_rc=$?
fake_calls="$(cat "$FAKE_LOG")"
fake_out="$(cat "$tmp/sigterm.out")"
check_trap "trap: SIGTERM during the wait -> upload attempted, VM deleted (exit 143)" 143 1

# --- helper scripts that run on the VM / in the container ----------------------------------------
# vm.sh upload: uploads the artifact files (deploy/README.md#where-results-land) that exist, fails when one is missing.
vmdir="$tmp/vm/polymm"
mkdir -p "$vmdir/deploy/gcp/remote" "$vmdir/reports"
cp "$gcp/remote/vm.sh" "$vmdir/deploy/gcp/remote/"
for f in market_making_BASELINE.json market_making_BASELINE.md market_making_BASELINE_fills.csv \
  market_making_MARKET_MAKING_TEST.json market_making_MARKET_MAKING_TEST.md \
  market_making_MARKET_MAKING_TEST_fills.csv mm_dashboard.html run_log.txt console.log; do
  echo x >"$vmdir/reports/$f"
done
echo x >"$vmdir/trades.db"
FAKE_LOG="$tmp/calls-vm-upload.log"
: >"$FAKE_LOG"
rc=0
clean_env "$tmp/fakebin" FAKE_LOG="$FAKE_LOG" bash "$vmdir/deploy/gcp/remote/vm.sh" upload \
  "gs://b/online-run-$ts/" >/dev/null 2>&1 || rc=$?
want="gcloud storage cp reports/market_making_BASELINE.json reports/market_making_BASELINE.md reports/market_making_BASELINE_fills.csv reports/market_making_MARKET_MAKING_TEST.json reports/market_making_MARKET_MAKING_TEST.md reports/market_making_MARKET_MAKING_TEST_fills.csv reports/mm_dashboard.html trades.db reports/run_log.txt reports/console.log gs://b/online-run-$ts/"
if [[ $rc == 0 && $(cat "$FAKE_LOG") == "$want" ]]; then
  pass "vm.sh upload copies the artifact layout"
else
  fail "vm.sh upload copies the artifact layout" "exit $rc; $(cat "$FAKE_LOG")"
fi
rm "$vmdir/reports/mm_dashboard.html"
: >"$FAKE_LOG"
rc=0
out="$(clean_env "$tmp/fakebin" FAKE_LOG="$FAKE_LOG" bash "$vmdir/deploy/gcp/remote/vm.sh" upload \
  "gs://b/online-run-$ts/" 2>&1)" || rc=$?
if [[ $rc == 1 && $out == *"missing reports/mm_dashboard.html"* && $(cat "$FAKE_LOG") == *"reports/run_log.txt"* ]]; then
  pass "vm.sh upload uploads the rest and fails on a missing artifact"
else
  fail "vm.sh upload uploads the rest and fails on a missing artifact" "exit $rc; $out"
fi

# vm.sh status: maps systemd unit states to MM_STATUS (fake systemctl).
mkdir -p "$tmp/fakesystemd"
cat >"$tmp/fakesystemd/systemctl" <<'FAKE'
#!/usr/bin/env bash
# systemctl show UNIT --property=NAME --value
prop=""
for a in "$@"; do [[ $a == --property=* ]] && prop=${a#--property=}; done
case $prop in
  ActiveState) echo "$FAKE_ACTIVE" ;;
  SubState) echo "$FAKE_SUB" ;;
  ExecMainStatus) echo "$FAKE_CODE" ;;
  LoadState) echo "${FAKE_LOAD:-loaded}" ;;
esac
FAKE
chmod +x "$tmp/fakesystemd/systemctl"
status_case() {
  local want=$1 out
  shift
  out="$(clean_env "$tmp/fakesystemd" "$@" bash "$vmdir/deploy/gcp/remote/vm.sh" status 5)"
  out="${out%%$'\n'*}"
  if [[ $out == "$want" ]]; then
    pass "vm.sh status: $* -> $want"
  else
    fail "vm.sh status: $* -> $want" "got: $out"
  fi
}
status_case "MM_STATUS=running EXIT=0" FAKE_ACTIVE=active FAKE_SUB=running FAKE_CODE=0
status_case "MM_STATUS=succeeded EXIT=0" FAKE_ACTIVE=active FAKE_SUB=exited FAKE_CODE=0
status_case "MM_STATUS=failed EXIT=1" FAKE_ACTIVE=active FAKE_SUB=exited FAKE_CODE=1
status_case "MM_STATUS=failed EXIT=2" FAKE_ACTIVE=failed FAKE_SUB=failed FAKE_CODE=2
status_case "MM_STATUS=absent EXIT=0" FAKE_ACTIVE=inactive FAKE_SUB=dead FAKE_CODE=0 FAKE_LOAD=not-found

# job-entry.sh: shard env, artifact copy into the mounted bucket, mm's exit code.
mkdir -p "$tmp/fakemm"
cat >"$tmp/fakemm/mm" <<'FAKE'
#!/usr/bin/env bash
echo "mm $* shard=$MM_SHARD_INDEX/$MM_SHARD_COUNT" >"$FAKE_LOG"
for f in market_making_BASELINE.json market_making_BASELINE.md market_making_BASELINE_fills.csv \
  market_making_MARKET_MAKING_TEST.json market_making_MARKET_MAKING_TEST.md \
  market_making_MARKET_MAKING_TEST_fills.csv mm_dashboard.html run_log.txt; do
  echo x >"reports/$f"
done
echo x >trades.db
exit "${FAKE_MM_RC:-0}"
FAKE
chmod +x "$tmp/fakemm/mm"
FAKE_LOG="$tmp/calls-job.log"
rc=0
clean_env "$tmp/fakemm" FAKE_LOG="$FAKE_LOG" FAKE_MM_RC=1 MM_TIMESTAMP="$ts" CLOUD_RUN_TASK_INDEX=2 \
  CLOUD_RUN_TASK_COUNT=3 MM_RESULTS_DIR="$tmp/bucket" MM_WORK_DIR="$tmp/jobwork" \
  "$root/deploy/container/job-entry.sh" experiment --markets 2 >/dev/null 2>&1 || rc=$?
dest="$tmp/bucket/online-run-$ts/shard-2"
n="$(find "$dest" -type f 2>/dev/null | wc -l)"
if [[ $rc == 1 && $n == 10 && $(cat "$FAKE_LOG") == "mm experiment --markets 2 shard=2/3" ]]; then
  pass "job-entry.sh: shard env, 10 artifacts in online-run-<ts>/shard-<i>/, mm's exit code"
else
  fail "job-entry.sh: shard env, 10 artifacts in online-run-<ts>/shard-<i>/, mm's exit code" \
    "exit $rc, $n files in $dest, mm call: $(cat "$FAKE_LOG" 2>/dev/null)"
fi

# --- (d) Dockerfile static checks ------------------------------------------------------------------
dockerfile="$root/Dockerfile"
docker_check() {
  local what=$1
  shift
  if "$@"; then pass "Dockerfile: $what"; else fail "Dockerfile: $what"; fi
}
runtime_stage() { awk '/^FROM /{n++} n==2' "$dockerfile"; }
docker_check "SDK build stage" grep -qE '^(ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10\.0|FROM mcr.microsoft.com/dotnet/sdk:10\.0)' "$dockerfile"
docker_check "runtime stage on aspnet:10.0" grep -qE 'mcr.microsoft.com/dotnet/aspnet:10\.0' "$dockerfile"
docker_check "publishes src/PolyMM.Cli to /app" grep -qE 'dotnet publish src/PolyMM.Cli.* -o /app' "$dockerfile"
for dir in config fixtures deploy; do
  docker_check "runtime stage copies $dir/" grep -qE "^COPY $dir/ " <(runtime_stage)
done
docker_check "copies the published app from the build stage" grep -qE '^COPY --from=build /app /app' <(runtime_stage)
last_user="$(runtime_stage | awk '/^USER /{u=$2} END{print u}')"
docker_check "runs as a non-root user (USER $last_user)" test -n "$last_user" -a "$last_user" != root -a "$last_user" != 0 -a "${last_user%%:*}" != 0
docker_check "WORKDIR /data is a volume" grep -qE '^VOLUME \["/data"\]' <(runtime_stage)
docker_check "WORKDIR /data" grep -qE '^WORKDIR /data$' <(runtime_stage)
docker_check 'ENTRYPOINT ["mm"]' grep -qE '^ENTRYPOINT \["mm"\]' <(runtime_stage)
docker_check "mm wrapper exists and execs /app/mm.dll" grep -q 'exec dotnet /app/mm.dll "\$@"' "$root/deploy/container/mm"
# Each build-context path the Dockerfile copies must exist (config/ and fixtures/ are written by
# other branches; until they land these checks fail, as `docker build` would).
mapfile -t copy_sources < <(awk '/^COPY / && !/--from=/ { for (i = 2; i < NF; i++) print $i }' "$dockerfile" | sort -u)
for src in "${copy_sources[@]}"; do
  docker_check "COPY source $src exists" test -e "$root/$src"
done
ignore="$root/.dockerignore"
for pat in '**/bin/' '**/obj/' '.git' 'reports/' '*.db' '**/TestResults/'; do
  docker_check ".dockerignore has $pat" grep -qxF -- "$pat" "$ignore"
done
not_ignored() { ! grep -qxE -- "/?$1/?" "$ignore"; }
for dir in config fixtures deploy src; do
  docker_check ".dockerignore keeps $dir/" not_ignored "$dir"
done

# --- (e) ./mm wrapper on a fresh clone --------------------------------------------------------------
# A fake dotnet records each call; "build ... -o DIR" writes DIR/mm.dll like the real build does.
# The copy has no artifacts/ folder, as a fresh clone has none.
mkdir -p "$tmp/fakedotnet"
cat >"$tmp/fakedotnet/dotnet" <<'FAKE'
#!/usr/bin/env bash
echo "dotnet $1" >>"$FAKE_LOG"
if [[ $1 == build ]]; then
  while (($#)); do
    if [[ $1 == -o ]]; then mkdir -p "$2" && echo built >"$2/mm.dll"; fi
    shift
  done
fi
exit 0
FAKE
chmod +x "$tmp/fakedotnet/dotnet"
clone="$tmp/clone"
mkdir -p "$clone/src/PolyMM.Cli" "$clone/eng" "$clone/fixtures" "$clone/config"
cp "$root/mm" "$clone/mm"
for f in Directory.Build.props Directory.Packages.props global.json; do echo x >"$clone/$f"; done
echo x >"$clone/src/PolyMM.Cli/Program.cs"
mm_case() { # $1 = name, $2 = expected dotnet calls, $3 = stderr pattern (or empty)
  : >"$tmp/dotnet.log"
  local err rc=0
  err="$(cd "$clone" && FAKE_LOG="$tmp/dotnet.log" PATH="$tmp/fakedotnet:/usr/bin:/bin" ./mm --help 2>&1 >/dev/null)" || rc=$?
  local calls
  calls="$(tr '\n' ' ' <"$tmp/dotnet.log")"
  if [[ $rc == 0 && $calls == "$2" && (-z $3 || $err == *"$3"*) ]]; then
    pass "mm wrapper: $1"
  else
    fail "mm wrapper: $1" "exit $rc, dotnet calls '$calls' (want '$2'), stderr: $err"
  fi
}
run_call="dotnet $clone/artifacts/mm/mm.dll "
mm_case "fresh clone (no artifacts/) builds once and says it takes about a minute" "dotnet build $run_call" "takes about a minute"
mm_case "second call does not rebuild" "$run_call" ""
sleep 1.1 # mtimes: make the next writes strictly newer than the build
echo '{}' >"$clone/fixtures/user-recording.json"
echo '{}' >"$clone/config/market_making.json"
mkdir -p "$clone/src/PolyMM.Cli/obj" && echo x >"$clone/src/PolyMM.Cli/obj/cache"
mm_case "writes under fixtures/, config/ and obj/ do not rebuild" "$run_call" ""
echo y >>"$clone/src/PolyMM.Cli/Program.cs"
mm_case "a changed source rebuilds" "dotnet build $run_call" "sources changed"
sleep 1.1
echo y >>"$clone/Directory.Packages.props"
mm_case "a changed project file rebuilds" "dotnet build $run_call" "sources changed"

# --- (f) .ci/run runs the README's quick start verbatim, main command first --------------------------
mapfile -t quick < <(awk '/^## Quick start/{q=1} q && /^```bash/{c=1; next} c && /^```/{exit} c' "$root/README.md" | sed 's/ *#.*//')
ci_lines="$(grep -vE '^\s*(#|$)' "$root/.ci/run" | tr '\n' ';' || true)"
main_at="$(grep -nxF -- "${quick[0]:-none}" <(sed 's/^exec //' "$root/.ci/run") | head -n 1 | cut -d: -f1 || true)"
test_at="$(grep -nxF -- "${quick[1]:-none}" <(sed 's/^exec //' "$root/.ci/run") | head -n 1 | cut -d: -f1 || true)"
if [[ ${#quick[@]} == 2 && -n $main_at && -n $test_at && $main_at -lt $test_at ]]; then
  pass ".ci/run: '${quick[0]}' (line $main_at) before '${quick[1]}' (line $test_at)"
else
  fail ".ci/run runs the README quick start in order" "README: ${quick[*]}; .ci/run: $ci_lines"
fi

printf '%d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
