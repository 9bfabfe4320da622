# shellcheck shell=bash disable=SC2034  # sourced: WALL, RSS, CPU, TIMED_RC and ROWS are read by the sourcing script
# Shared by bench/run.sh and bench/export.sh (sourced, with WORK set): GNU time, the timed runner and the table rows.

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (apt package 'time')" >&2
  (sudo -n apt-get install -y time || apt-get install -y time) >/dev/null
fi

# timed <name> <cmd...>: runs the command under /usr/bin/time -v, output in $WORK/<name>.{out,err,time}; sets WALL (s),
# RSS (MB), CPU (user + sys, s) and TIMED_RC (the command's exit code). A failure is printed, not fatal.
timed() {
  local name="$1"; shift
  TIMED_RC=0
  /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || {
    TIMED_RC=$?
    echo "FAILED: $name (see $WORK/$name.err)" >&2
    cat "$WORK/$name.err" >&2
  }
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$WORK/$name.time")
  RSS=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/$name.time")
  CPU=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.2f", s}' "$WORK/$name.time")
}

ROWS=()
row() { ROWS+=("$1|$2|$3|$4"); }
fmt() { python3 -c "print(f'{int($1):,}')"; }
verdict() { python3 -c "import sys; print('pass' if $1 else 'short')"; }
