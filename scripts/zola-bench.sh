#!/usr/bin/env bash
# Same-run anchor: Zola and minhbach on the same N synthetic procedures, timed alike.
# Usage: scripts/zola-bench.sh [N ...]   (default: 10000; REPEAT=3 runs of each, interleaved)
#
# `examples/synth --zola` writes the same procedures (same generator, same text) as a Zola site:
# one Markdown page each, a section per field, the agencies as a taxonomy, minimal templates.
# Both are cold builds (no previous output) measured by scripts/timed.py; the ratio lines at the
# end are what docs/PERFORMANCE.md quotes. minhbach is timed twice: on the same pages only
# (`--stats-months 0`) and with the DESIGN §7 statistics (100 agencies × 120 months).
#
# Zola is not a dependency of this project and is not installed by it. To get it: clone
# https://github.com/getzola/zola, `cargo build --release --locked` there (crates from
# crates.io), and put target/release/zola on PATH or set ZOLA=/path/to/zola. Without it this
# script says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
zola=${ZOLA:-$(command -v zola || true)}
if [ -z "$zola" ] || [ ! -x "$zola" ]; then
  echo "zola-bench: skipped: no zola on PATH (build it from source, see the top of scripts/zola-bench.sh, or set ZOLA=)"
  exit 0
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000)
repeat=${REPEAT:-3}
cargo build --release --quiet --bin minhbach --example synth
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg); $("$zola" --version); $(date -u +%Y-%m-%d)"
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '%-8s %-22s %-4s %8s %10s %10s %10s %12s\n' procs tool run files wall_s user_s sys_s peak_MiB
for n in "${sizes[@]}"; do
  target/release/examples/synth --procedures "$n" --zola --out "$work/zola-$n" 2>/dev/null
  target/release/examples/synth --procedures "$n" --stats-months 0 --out "$work/plain-$n" 2>/dev/null
  target/release/examples/synth --procedures "$n" --out "$work/stats-$n" 2>/dev/null
  : >"$work/zola.txt"
  : >"$work/plain.txt"
  : >"$work/stats.txt"
  for ((r = 1; r <= repeat; r++)); do
    for tool in zola plain stats; do
      # A fresh folder each run, none removed until the end: see the top of scripts/bench.sh
      # (an ext4 without a journal makes a build right after a removal pay for it).
      out="$work/out-$n-$tool-$r"
      if [ "$tool" = zola ]; then
        line=$(MINHBACH="$zola" python3 scripts/timed.py --root "$work/zola-$n" build --output-dir "$out")
        label="zola"
      else
        line=$(python3 scripts/timed.py build --root "$work/$tool-$n" --out "$out" --today 2026-11-22)
        label="minhbach"
        [ "$tool" = stats ] && label="minhbach + statistics"
      fi
      files=$(find "$out" -type f | wc -l)
      echo "$line" >>"$work/$tool.txt"
      read -r wall user sys peak _ <<<"$line"
      printf '%-8s %-22s %-4s %8s %10s %10s %10s %12s\n' "$n" "$label" "$r" "$files" "$wall" "$user" "$sys" "$peak"
    done
  done
  zw=$(cut -d' ' -f1 "$work/zola.txt" | median)
  zm=$(cut -d' ' -f4 "$work/zola.txt" | median)
  for tool in plain stats; do
    w=$(cut -d' ' -f1 "$work/$tool.txt" | median)
    m=$(cut -d' ' -f4 "$work/$tool.txt" | median)
    label="minhbach"
    [ "$tool" = stats ] && label="minhbach + statistics"
    awk -v n="$n" -v l="$label" -v w="$w" -v m="$m" -v zw="$zw" -v zm="$zm" -v r="$repeat" 'BEGIN {
      printf "zola-ratio %s procedures, %s: wall %.2f× (%.2f s vs Zola %.2f s), peak memory %.2f× (%d MiB vs Zola %d MiB), medians of %d cold builds\n",
        n, l, w / zw, w, zw, m / zm, m, zm, r }'
  done
done
