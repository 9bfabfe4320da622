#!/usr/bin/env bash
# Soak test (not part of the test suite): a long online run of 50 markets against the local venue with
# 31 % injected faults (1 % oversize answers) and 20 ms latency, sampling the run's memory (RSS) and open handles every 10 s.
# Reports whether both stayed flat and whether the run's acceptance check passed.
# Usage: bench/soak.sh [--minutes 10] [--markets 50]      (loopback only; needs the .NET SDK)
set -euo pipefail
minutes=10
markets=50
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --markets) markets="$2"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "soak: unknown flag $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
venue_pid=""
run_pid=""
cleanup() {
  if [ -n "$run_pid" ]; then kill "$run_pid" 2>/dev/null || true; fi
  if [ -n "$venue_pid" ]; then kill "$venue_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
}
trap cleanup EXIT

"$root/mm" --help >/dev/null   # builds once
mm=(dotnet "$root/artifacts/mm/mm.dll")
snapshots=$(( minutes * 30 + 50 ))
"${mm[@]}" fixture synth --out "$work/fx" --markets "$markets" --snapshots "$snapshots" --seed 11 --tight >/dev/null

"${mm[@]}" venue --fixture-dir "$work/fx" --port 0 --fault-429 0.1 --fault-500 0.1 --fault-garbage 0.1 --fault-oversize 0.01 --latency-ms 20 \
  >"$work/venue.log" 2>&1 &
venue_pid=$!
for _ in $(seq 1 100); do
  url=$(sed -n 's/^Venue listening: //p' "$work/venue.log")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "${url:-}" ] || { echo "soak: venue did not start"; cat "$work/venue.log"; exit 1; }

"${mm[@]}" run --data-mode online --gamma-url "$url" --clob-url "$url" --markets "$markets" \
  --max-runtime-min "$minutes" --db "$work/soak.db" --run-tag SOAK --fill-model probabilistic \
  >"$work/run.log" 2>"$work/run.err" &
run_pid=$!

echo "elapsed_s rss_mb handles"
samples="$work/samples.txt"
: >"$samples"
start=$(date +%s)
while kill -0 "$run_pid" 2>/dev/null; do
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$run_pid/status" 2>/dev/null || echo 0)
  handles=$(find "/proc/$run_pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  now=$(( $(date +%s) - start ))
  echo "$now $(( rss_kb / 1024 )) $handles" | tee -a "$samples"
  sleep 10
done
set +e
wait "$run_pid"
run_rc=$?
run_pid=""
set -e

"${mm[@]}" analyze --db "$work/soak.db" --run-tag SOAK --reports-dir "$work/reports" >/dev/null
check=$("${mm[@]}" check --report-json "$work/reports/market_making_SOAK.json" --fills-csv "$work/reports/market_making_SOAK_fills.csv" \
  --max-exposure-usd 5000 --max-per-market-exposure-usd 500 || true)

# Flat = the last third of the samples grows by less than 20 % over the first third after warm-up.
verdict=$(awk '
  { t[NR] = $1; r[NR] = $2; h[NR] = $3 }
  END {
    if (NR < 6) { print "too few samples"; exit }
    a = int(NR / 3); r1 = 0; r3 = 0; h1 = 0; h3 = 0
    for (i = 2; i <= a + 1; i++) { r1 += r[i]; h1 += h[i] }
    for (i = NR - a + 1; i <= NR; i++) { r3 += r[i]; h3 += h[i] }
    printf "rss %s (%.0f -> %.0f MB), handles %s (%.0f -> %.0f)",
      (r3 <= r1 * 1.2 ? "flat" : "GROWING"), r1 / a, r3 / a, (h3 <= h1 * 1.2 + 2 ? "flat" : "GROWING"), h1 / a, h3 / a
  }' "$samples")
echo
echo "run exit code: $run_rc"
grep -h "fetch_errors\|Run complete" "$work/run.log" || true
echo "fetch errors: $(sqlite3 "$work/soak.db" "SELECT json_extract(stats, '$.fetch_errors') FROM runs" 2>/dev/null || echo 'n/a (sqlite3 not installed)')"
echo "memory/handles: $verdict"
echo "check: $check"
