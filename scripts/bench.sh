#!/usr/bin/env bash
# Benchmark: generate synthetic sites and time `minhbach build` (wall time, CPU, peak memory).
# Usage: scripts/bench.sh [N ...]   (default: 1000 10000)
# Figures go to docs/PERFORMANCE.md by hand, with the machine noted.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
cargo build --release --quiet --bin minhbach --example synth
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
printf '%-8s %-10s %-8s %10s %10s %10s %12s %10s\n' procs step pages wall_s user_s sys_s peak_MiB pages/s
for n in "${sizes[@]}"; do
  target/release/examples/synth --procedures "$n" --out "$work/site-$n" 2>/dev/null
  for step in check cold warm; do
    args=(build --root "$work/site-$n" --out "$work/out-$n" --today 2026-11-22)
    [ "$step" = check ] && args=(check --root "$work/site-$n" --today 2026-11-22)
    [ "$step" = cold ] && rm -rf "$work/out-$n"
    python3 scripts/timed.py "${args[@]}"
  done | { i=0; for step in check cold warm; do read -r wall user sys peak pages; rate=$([ "$step" = check ] && echo - || awk -v p="$pages" -v w="$wall" 'BEGIN { printf "%.0f", p / w }'); printf '%-8s %-10s %-8s %10s %10s %10s %12s %10s\n' "$n" "$step" "${pages:-0}" "$wall" "$user" "$sys" "$peak" "$rate"; done; }
done

# Heading ids: one page with 5,000 identical headings (de-duplication was cubic: 25 s; linear now).
headings=${HEADINGS:-5000}
cp -R tests/fixtures/valid "$work/headings"
{ printf -- '---\ntitle: "Mục lặp"\n---\n'; for ((i = 0; i < headings; i++)); do printf '## Mục\n\nVăn bản.\n\n'; done; } >"$work/headings/content/pages/muc-lap.md"
start=$(date +%s.%N)
target/release/minhbach build --root "$work/headings" --out "$work/headings-out" --today 2026-11-22 >/dev/null 2>&1
end=$(date +%s.%N)
awk -v n="$headings" -v s="$start" -v e="$end" 'BEGIN { printf "page with %s identical headings: %.2f s (build of the whole fixture site)\n", n, e - s }'
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
