#!/usr/bin/env bash
# Search benchmark: minhbach's index against Pagefind's on the same output.
# Builds the 10,000-procedure synthetic site and the example site, indexes both with
# Pagefind (npm package, binary inside), and prints a Markdown table for docs/PERFORMANCE.md:
# index build time, index size, first-query bytes and requests in Debian's chromium, and
# rank-1 accuracy on tests/search/queries.json.
# Usage: scripts/search-bench.sh [procedures]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
command -v chromium >/dev/null || { echo "needs Debian's chromium (scripts/test.sh installs it)" >&2; exit 2; }
[ -x bench/search/node_modules/.bin/pagefind ] || (cd bench/search && npm install --no-audit --no-fund)
cargo build --release --quiet --bin minhbach --example synth
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)" >&2
target/release/examples/synth --procedures "$n" --out "$work/synth" 2>/dev/null
# Median of three builds for our index time (the build prints it).
times=()
for _ in 1 2 3; do
  rm -rf "$work/big"
  line=$(target/release/minhbach build --root "$work/synth" --out "$work/big" --today 2026-11-22 2>&1 | tail -1)
  times+=("$(sed -n 's/.*search index: \([0-9]*\) ms.*/\1/p' <<<"$line")")
done
ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
target/release/minhbach build --out "$work/small" --today 2026-11-22 2>/dev/null
(cd bench/search && node bench.mjs "$work/big" "$work/small" "$ms")
