#!/usr/bin/env bash
# Publish the CLI the way the Dockerfile does, lay out exactly what the image holds (the published
# app + config/, fixtures/, deploy/) in a clean directory without the source tree, and run
# `mm smoke` from there: proves the shipped files are enough for an offline run+analyze+check.
# Needs the .NET SDK and a working `mm smoke`. Not part of run-tests.sh (it builds; it is slow).
# Usage: tests/deploy/published-smoke.sh        prints "published smoke: PASS" and exits 0 on success
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$root"
dotnet publish src/PolyMM.Cli -c Release -o "$tmp/app" --nologo -v quiet

# The same three folders the Dockerfile's runtime stage copies, and nothing else.
mkdir -p "$tmp/image"
for dir in config fixtures deploy; do
  [[ -d $dir ]] || { echo "published smoke: $dir/ is missing from the repo" >&2; exit 1; }
  cp -R "$dir" "$tmp/image/"
done

cd "$tmp/image"
rc=0
if [[ -x $tmp/app/mm ]]; then
  "$tmp/app/mm" smoke || rc=$?
else
  dotnet "$tmp/app/mm.dll" smoke || rc=$?
fi
if [[ $rc == 0 ]]; then
  echo "published smoke: PASS"
else
  echo "published smoke: FAIL (mm smoke exited $rc)" >&2
  exit 1
fi
