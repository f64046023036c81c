#!/usr/bin/env bash
# Benchmarks: generate synthetic sites and time minhbach (wall time, CPU, peak memory).
# Usage: [CASES=a,b,…] scripts/bench.sh [N ...]   (sizes for the build case; default: 1000 10000)
#   scripts/bench.sh 1000 10000 100000    the build case at 100,000 procedures too (~1 min, ~2 GiB)
#   CASES=serve scripts/bench.sh          only the serve-reload case
# Cases (comma-separated in CASES; default build,floor,headings,stats; CASES=all runs every one):
#   build     `check`, a cold `build` (no previous output) and a warm one (replacing it), per size
#   floor     after each cold build: writing files of the same paths and sizes (scripts/fs-floor.py)
#   headings  one page with HEADINGS (5,000) identical headings
#   stats     `check` of one CSV of STATS_ROWS (1,000,000) rows
#   serve     save one procedure → reload signal, example site and SERVE_N (10,000) procedures
#             (scripts/serve-bench.py; SERVE_SAVES=10 saves each)
#   history   HISTORY="PROCEDURES COMMITS FILES_PER_COMMIT" (default "10000 1000 8") in git
#             (scripts/history-bench.sh)
#   zola      Zola on the same pages, ZOLA_SIZES (default 10000) (scripts/zola-bench.sh; skipped
#             when zola is not on PATH)
# Figures go to docs/PERFORMANCE.md by hand, with the machine noted; every case prints lines
# meant to be pasted.
#
# No tree is removed between two timed steps: an ext4 without a journal (this VM's disk) will
# not reuse an inode freed in the last minute, and checks every such inode while creating a
# file, so writing 200,000 files right after removing 200,000 others cost up to 3× the system
# time. Outputs stay until the script ends; where a removal is part of what is timed (the warm
# build replaces the site), `settle` syncs and waits SETTLE seconds (default 65) before the
# next timed step.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
cases=${CASES:-build,floor,headings,stats}
[ "$cases" = all ] && cases=build,floor,headings,stats,serve,history,zola
want() { [[ ",$cases," == *",$1,"* ]]; }
cargo build --release --quiet --bin minhbach --example synth
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d); cases: $cases"

settle() { sync; sleep "${SETTLE:-65}"; }

# Build rows; the floor row puts the number of files written in the pages column.
row() { printf '%-8s %-10s %-8s %10s %10s %10s %12s %10s\n' "$@"; }
if want build || want floor; then
  row procs step pages wall_s user_s sys_s peak_MiB pages/s
  for n in "${sizes[@]}"; do
    target/release/examples/synth --procedures "$n" --out "$work/site-$n" 2>/dev/null
    steps=(cold)
    want build && steps=(check cold warm)
    for step in "${steps[@]}"; do
      args=(build --root "$work/site-$n" --out "$work/out-$n" --today 2026-11-22)
      [ "$step" = check ] && args=(check --root "$work/site-$n" --today 2026-11-22)
      line=$(python3 scripts/timed.py "${args[@]}")
      read -r wall user sys peak pages <<<"$line"
      rate=-
      [ "$step" = check ] || rate=$(awk -v p="$pages" -v w="$wall" 'BEGIN { printf "%.0f", p / w }')
      [ "$step" = check ] && pages=-
      row "$n" "$step" "$pages" "$wall" "$user" "$sys" "$peak" "$rate"
      if [ "$step" = cold ]; then
        cold_wall=$wall
        if want floor; then
          # The file-system floor: the same files (paths and sizes) written by a script that
          # does nothing else, beside the build that made them.
          line=$(python3 scripts/fs-floor.py --keep "$work/out-$n" "$work")
          read -r fwall fuser fsys fpeak files <<<"$line"
          row "$n" floor "$files" "$fwall" "$fuser" "$fsys" "$fpeak" -
          awk -v n="$n" -v b="$cold_wall" -v f="$fwall" -v files="$files" -v mb="$(du -sm "$work/out-$n" | cut -f1)" 'BEGIN {
            printf "fs-floor %s procedures: writing the same %d files (%d MB) takes %.2f s; the cold build %.2f s (%.1f× the floor)\n", n, files, mb, f, b, b / f }' >>"$work/floor.txt"
        fi
      fi
    done
    # The warm build removed the cold one's files: let the next size start on a settled disk.
    [ "$n" = "${sizes[-1]}" ] || settle
  done
  if [ -f "$work/floor.txt" ]; then cat "$work/floor.txt"; fi
fi

if want headings; then
# Heading ids: one page with 5,000 identical headings (de-duplication was cubic: 25 s; linear now).
headings=${HEADINGS:-5000}
cp -R tests/fixtures/valid "$work/headings"
{ printf -- '---\ntitle: "Mục lặp"\n---\n'; for ((i = 0; i < headings; i++)); do printf '## Mục\n\nVăn bản.\n\n'; done; } >"$work/headings/content/pages/muc-lap.md"
start=$(date +%s.%N)
target/release/minhbach build --root "$work/headings" --out "$work/headings-out" --today 2026-11-22 >/dev/null 2>&1
end=$(date +%s.%N)
awk -v n="$headings" -v s="$start" -v e="$end" 'BEGIN { printf "page with %s identical headings: %.2f s (build of the whole fixture site)\n", n, e - s }'
fi

if want stats; then
# Statistics parsing: one CSV of STATS_ROWS rows (default 1,000,000) beside a small site,
# checked (load + rules). Linear: a million rows take seconds, not hours.
rows=${STATS_ROWS:-1000000}
target/release/examples/synth --procedures 100 --stats-months 1 --out "$work/site-rows" 2>/dev/null
python3 scripts/stats-rows.py "$rows" "$work/site-rows/content/stats/rows.csv"
printf '%-8s %-10s %10s %10s %10s %12s\n' rows step wall_s user_s sys_s peak_MiB
python3 scripts/timed.py check --root "$work/site-rows" --today 2026-11-22 | {
  read -r wall user sys peak _
  printf '%-8s %-10s %10s %10s %10s %12s\n' "$rows" stats "$wall" "$user" "$sys" "$peak"
}
fi

if want serve; then
  python3 scripts/serve-bench.py --example --saves "${SERVE_SAVES:-10}"
  python3 scripts/serve-bench.py --procedures "${SERVE_N:-10000}" --saves "${SERVE_SAVES:-10}"
fi

if want history; then
  # shellcheck disable=SC2086 # three numbers, split on purpose
  bash scripts/history-bench.sh ${HISTORY:-10000 1000 8}
fi

if want zola; then
  # shellcheck disable=SC2086 # sizes, split on purpose
  bash scripts/zola-bench.sh ${ZOLA_SIZES:-10000}
fi
