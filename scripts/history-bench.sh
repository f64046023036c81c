#!/usr/bin/env bash
# Benchmark: what change history from git adds to a build.
# Usage: scripts/history-bench.sh [PROCEDURES] [COMMITS] [FILES_PER_COMMIT]
#        (default: 10000 procedures, 1000 commits, 8 edited files per commit)
# Generates a synthetic site, commits it, then COMMITS commits that each change the fee of
# FILES_PER_COMMIT procedures; times `build --history auto` against `build --history off`.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
commits=${2:-1000}
per=${3:-8}
cargo build --release --quiet --bin minhbach --example synth
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
target/release/examples/synth --procedures "$n" --stats-months 0 --out "$work/site" 2>/dev/null
cd "$work/site"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench \
  GIT_AUTHOR_EMAIL=bench@example.invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
git init -q -b main
git add -A
GIT_AUTHOR_DATE=2020-01-01T10:00:00+07:00 GIT_COMMITTER_DATE=2020-01-01T10:00:00+07:00 git commit -q -m initial
mapfile -t files < <(git ls-files 'content/procedures/*.yaml' | sort)
echo "generating $commits commits of $per edited procedures each over ${#files[@]} files…"
python3 - "$commits" "$per" "${files[@]}" <<'PY'
import re, subprocess, sys
commits, per, files = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
# One fast-import stream: a commit per step, each editing `per` files (a fee amount).
stream = []
mark = 0
state = {}
for c in range(commits):
    day = 1_600_000_000 + c * 86400
    stream.append(f"commit refs/heads/main\ncommitter bench <bench@example.invalid> {day} +0700\n")
    msg = f"edit {c}".encode()
    stream.append(f"data {len(msg)}\n{msg.decode()}\n")
    if c == 0:
        stream.append("from refs/heads/main^0\n")
    for k in range(per):
        f = files[(c * per + k) % len(files)]
        text = state.get(f)
        if text is None:
            with open(f, encoding="utf-8") as fh:
                text = fh.read()
        # Change the first fee amount to a new value so every edit is a real change.
        text = re.sub(r"amount: \d+", f"amount: {1000 * (c + 1)}", text, count=1)
        state[f] = text
        data = text.encode()
        stream.append(f"M 100644 inline {f}\ndata {len(data)}\n")
        stream.append(data.decode() + "\n")
p = subprocess.run(["git", "fast-import", "--quiet"], input="".join(stream).encode())
sys.exit(p.returncode)
PY
git reset -q --hard main
cd - >/dev/null
printf '%-10s %10s %10s %10s %12s\n' history wall_s user_s sys_s peak_MiB
: >"$work/off.txt"
: >"$work/auto.txt"
for mode in off auto off auto; do
  line=$(python3 scripts/timed.py build --root "$work/site" --out "$work/out-$mode" --today 2026-11-22 --history "$mode")
  echo "$line" >>"$work/$mode.txt"
  read -r wall user sys peak _ <<<"$line"
  printf '%-10s %10s %10s %10s %12s\n' "$mode" "$wall" "$user" "$sys" "$peak"
  rm -rf "$work/out-$mode"
done
# The line to paste: what history adds, best of two runs of each (the least disturbed by others).
best() { cut -d' ' -f"$1" "$work/$2.txt" | sort -g | head -1; }
awk -v n="$n" -v c="$commits" -v v="$((commits * per))" \
  -v ow="$(best 1 off)" -v aw="$(best 1 auto)" -v ou="$(best 2 off)" -v au="$(best 2 auto)" \
  -v om="$(best 4 off)" -v am="$(best 4 auto)" 'BEGIN {
  printf "history %s procedures × %s commits (%s edited versions): build %.2f s with history, %.2f s off (%+.2f s wall, %+.2f s user CPU), peak %d MiB vs %d MiB; best of 2\n",
    n, c, v, aw, ow, aw - ow, au - ou, am, om }'
