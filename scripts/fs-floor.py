#!/usr/bin/env python3
"""The file-system floor of a build: writes the same files as a built site (same paths, same
sizes, zero bytes) into a fresh folder and prints `wall user sys files MiB` for the writing
alone (the tree is listed first, untimed). A build cannot be faster than this on the same disk.
Usage: scripts/fs-floor.py BUILT_SITE EMPTY_TARGET"""
import os
import sys
import time

src, dst = sys.argv[1], sys.argv[2]
if os.path.exists(dst):
    sys.exit(f"{dst} exists: give a fresh folder")
entries = []
for folder, _, names in os.walk(src):
    rel = os.path.relpath(folder, src)
    entries.append((rel, [(n, os.path.getsize(os.path.join(folder, n))) for n in sorted(names)]))
zeros = bytes(max((s for _, files in entries for _, s in files), default=0))
t0, c0 = time.time(), os.times()
count = total = 0
for rel, files in entries:
    folder = os.path.join(dst, rel)
    os.makedirs(folder, exist_ok=True)
    for name, size in files:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(memoryview(zeros)[:size])
        count += 1
        total += size
t1, c1 = time.time(), os.times()
print(f"{t1 - t0:.2f} {c1.user - c0.user:.2f} {c1.system - c0.system:.2f} {count} {total / 1048576:.0f}")
