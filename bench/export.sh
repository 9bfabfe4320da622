#!/usr/bin/env bash
# `mm export` of a ~1,000,000-order run, as whole processes: builds Release, makes the 10 x 1,300,000-snapshot fixture
# and its run once (kept in the work dir), then exports it as Parquet and as CSV three times each (wall, CPU = user +
# sys and peak RSS from /usr/bin/time -v; the best wall of 3 is reported with its CPU and RSS) and prints one table:
# target | measured | goal | pass/short. Every export of a format must give the same bytes as the first; with
# EXPORT_REFERENCE=DIR (holding parquet.sha256 / csv.sha256 from `sha256sum *` of an earlier build's files) they are
# compared with it too.
# Usage: bench/export.sh    (work files go to ${BENCH_DIR:-/tmp/polymm-bench})
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${BENCH_DIR:-/tmp/polymm-bench}"
RUN_ID=mm-20260101T000000-abcdef
mkdir -p "$WORK"

# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"

echo "== build (Release)" >&2
dotnet build "$ROOT/src/PolyMM.Cli/PolyMM.Cli.csproj" -c Release -v q -nologo >&2
MM_BIN="$ROOT/src/PolyMM.Cli/bin/Release/net10.0/mm"

echo "== fixture and run (once; kept in $WORK)" >&2
[ -f "$WORK/t1300k/markets.json" ] || "$MM_BIN" fixture synth --out "$WORK/t1300k" --markets 10 --snapshots 1300000 --seed 7 --tight --quiet >&2
if [ ! -f "$WORK/export1m.db" ]; then
  "$MM_BIN" run --markets 10 --fixture-dir "$WORK/t1300k" --db "$WORK/export1m.db.tmp" --run-id "$RUN_ID" --reports-dir "$WORK/reports" >&2
  mv "$WORK/export1m.db.tmp" "$WORK/export1m.db"
fi
ORDERS=$(python3 -c "import sqlite3,sys; print(sqlite3.connect('file:$WORK/export1m.db?mode=ro', uri=True).execute('SELECT COUNT(*) FROM orders').fetchone()[0])")

for format in parquet csv; do
  echo "== mm export --format $format, best of 3" >&2
  best=999; bestcpu=0; bestrss=0; same=yes
  for i in 1 2 3; do
    out="$WORK/export-$format-$i"
    rm -rf "$out"
    timed "export-$format" "$MM_BIN" export --db "$WORK/export1m.db" --run-id "$RUN_ID" --format "$format" --out "$out"
    [ "$TIMED_RC" = 0 ] || exit 1
    wall=$WALL; cpu=$CPU; rss=$RSS
    (cd "$out" && sha256sum -- *) >"$WORK/export-$format-$i.sha256"
    cmp -s "$WORK/export-$format-1.sha256" "$WORK/export-$format-$i.sha256" || same=no
    if python3 -c "import sys; sys.exit(0 if $wall < $best else 1)"; then best=$wall; bestcpu=$cpu; bestrss=$rss; fi
    [ "$i" = 1 ] || rm -rf "$out"
  done
  ref="same bytes on every export: $same"
  if [ -n "${EXPORT_REFERENCE:-}" ] && [ -f "$EXPORT_REFERENCE/$format.sha256" ]; then
    if cmp -s "$EXPORT_REFERENCE/$format.sha256" "$WORK/export-$format-1.sha256"; then ref="$ref; equal to the reference"; else ref="$ref; DIFFERENT from the reference"; same=no; fi
  fi
  ok=$(python3 -c "print('pass' if $best <= 6 and $bestrss <= 200 and '$same' == 'yes' else 'short')")
  row "mm export --format $format, $(fmt "$ORDERS")-order run (10x1.3M snapshots), best of 3 ($ref)" \
    "$best s wall, $bestcpu s cpu, $bestrss MB peak" "<= 6 s wall, <= 200 MB" "$ok"
done

echo
echo "| target | measured | goal | pass/short |"
echo "| --- | --- | --- | --- |"
for r in "${ROWS[@]}"; do
  IFS='|' read -r a b c d <<<"$r"
  echo "| $a | $b | $c | $d |"
done
