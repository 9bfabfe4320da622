#!/usr/bin/env bash
# The whole PolyMM test suite, from a fresh clone: installs what the tests need (Chromium for the
# dashboard's browser tests, shellcheck for the deploy scripts), checks formatting, builds with the
# analyzers (warnings are errors), runs every test with coverage, enforces the coverage floor, and runs
# the deploy-script tests. Ends with one line "N passed, M failed".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

step() { printf '\n== %s\n' "$*"; }

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
command -v python3 >/dev/null 2>&1 || need+=(python3)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  step "Installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

step "Restore"
dotnet restore PolyMM.slnx --nologo -v quiet

step "Format check (dotnet format --verify-no-changes)"
dotnet format PolyMM.slnx --verify-no-changes --no-restore

step "Build (Release, analyzers, warnings as errors)"
dotnet build PolyMM.slnx -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly

step "Tests (with coverage)"
rm -rf TestResults
set +e
dotnet test PolyMM.slnx -c Release --no-build --nologo \
  --collect "XPlat Code Coverage" --results-directory TestResults \
  --logger "trx" 2>&1 | tee TestResults.log
dotnet_rc=${PIPESTATUS[0]}
set -e

step "Coverage"
coverage_rc=0
python3 eng/coverage.py TestResults --floor PolyMM.Core=90 || coverage_rc=$?

step "Deploy scripts (dry runs, shellcheck, failure traps)"
set +e
bash tests/deploy/run-tests.sh | tee TestResults/deploy.log
deploy_rc=${PIPESTATUS[0]}
set -e

step "Published tool + the image's files run mm smoke from a clean directory"
if bash tests/deploy/published-smoke.sh > TestResults/published-smoke.log 2>&1; then
  echo "1 passed, 0 failed" | tee -a TestResults/published-smoke.log
  smoke_rc=0
else
  cat TestResults/published-smoke.log
  echo "0 passed, 1 failed" | tee -a TestResults/published-smoke.log
  smoke_rc=1
fi

step "Summary"
python3 eng/test_summary.py TestResults TestResults/deploy.log TestResults/published-smoke.log
if [ "$dotnet_rc" -ne 0 ] || [ "$coverage_rc" -ne 0 ] || [ "$deploy_rc" -ne 0 ] || [ "$smoke_rc" -ne 0 ]; then
  exit 1
fi
