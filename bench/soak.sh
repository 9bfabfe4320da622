#!/usr/bin/env bash
# Soak test (not part of the test suite): a long online run of 50 markets against the local venue with injected faults
# (10 % 429s, 10 % 500s, 10 % truncated JSON, 1 % oversize, and the issue-17 kinds: 1 % redirects, 1 % resets mid-body,
# 0.5 % gzip bombs, 0.2 % 429s with an absurd Retry-After) and 20 ms latency, sampling the run's resident memory (RSS)
# and open handles every 10 s. Reports start/peak/end RSS, whether memory stayed flat after the warm-up, and the run's
# acceptance check. See docs/performance.md#online-memory.
# Usage: bench/soak.sh [--minutes 10] [--markets 50] [--max-growth-mb 20]      (loopback only; needs the .NET SDK)
set -euo pipefail
minutes=10
markets=50
max_growth_mb=20
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --markets) markets="$2"; shift 2 ;;
    --max-growth-mb) max_growth_mb="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
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

"${mm[@]}" venue --fixture-dir "$work/fx" --port 0 --fault-429 0.1 --fault-500 0.1 --fault-garbage 0.1 --fault-oversize 0.01 \
  --fault-redirect 0.01 --fault-reset 0.01 --fault-gzip-bomb 0.005 --fault-retry-after-long 0.002 --latency-ms 20 \
  >"$work/venue.log" 2>&1 &
venue_pid=$!
for _ in $(seq 1 100); do
  url=$(sed -n 's/^Venue listening: //p' "$work/venue.log")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "${url:-}" ] || { echo "soak: venue did not start"; cat "$work/venue.log"; exit 1; }

# A Retry-After of 999999 s is honoured up to --max-retry-after-sec: 2 s here, so each one costs a tick, not a minute.
"${mm[@]}" run --data-mode online --gamma-url "$url" --clob-url "$url" --markets "$markets" \
  --max-runtime-min "$minutes" --max-retry-after-sec 2 --db "$work/soak.db" --run-tag SOAK --fill-model probabilistic \
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
  [ -n "$rss_kb" ] && [ "$rss_kb" -gt 0 ] && echo "$now $(( rss_kb / 1024 )) $handles" | tee -a "$samples"
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

# Warm-up: the first 2 minutes (a fifth of shorter runs): start-up, JIT, the first collections, the ledger's first pages.
# Flat = no sample after the warm-up is more than --max-growth-mb above the sample at its end; handles within 2 of it.
warmup=$(( minutes * 60 / 5 < 120 ? minutes * 60 / 5 : 120 ))
verdict=$(awk -v warm="$warmup" -v limit="$max_growth_mb" '
  { t[NR] = $1; r[NR] = $2; h[NR] = $3; if ($2 > peak) peak = $2; if (!s && $1 >= 10) s = NR }
  END {
    if (NR < 6 || !s) { print "memory: too few samples"; exit }
    w = 0
    for (i = 1; i <= NR; i++) if (t[i] <= warm) w = i
    if (w == 0 || w == NR) { print "memory: too few samples after the warm-up"; exit }
    after = 0; hmax = 0
    for (i = w; i <= NR; i++) { if (r[i] > after) after = r[i]; if (h[i] > hmax) hmax = h[i] }
    growth = after - r[w]
    printf "rss start %d MB (at %d s), peak %d MB, end %d MB; after warm-up (%d s) %d -> peak %d MB: growth %d MB (limit %d): %s\n",
      r[s], t[s], peak, r[NR], t[w], r[w], after, growth, limit, (growth <= limit ? "FLAT" : "GROWING")
    printf "handles at warm-up %d, peak after %d, end %d: %s\n", h[w], hmax, h[NR], (hmax <= h[w] + 2 ? "FLAT" : "GROWING")
  }' "$samples")
echo
echo "run exit code: $run_rc"
grep -h "Run complete" "$work/run.log" || true
grep -h "Tick fetch latency" "$work/run.err" || true
echo "fetch errors: $(sqlite3 "$work/soak.db" "SELECT json_extract(stats, '$.fetch_errors') FROM runs" 2>/dev/null || echo 'n/a (sqlite3 not installed)')"
echo "$verdict"
echo "check: $check"
