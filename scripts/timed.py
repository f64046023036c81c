#!/usr/bin/env python3
"""Runs `target/release/minhbach ARGS…` (or the binary in $MINHBACH) once and prints `wall user sys peak_MiB pages`
(seconds, MiB; pages from its `built N pages` line, or Zola's `Creating N pages`, 0 when it prints none).
Exits with the command's error output when it fails. Used by the benchmark scripts."""
import os
import resource
import subprocess
import sys
import time

start = time.time()
binary = os.environ.get("MINHBACH", "target/release/minhbach")
proc = subprocess.run([binary, *sys.argv[1:]], capture_output=True, text=True)
wall = time.time() - start
if proc.returncode != 0:
    sys.exit(proc.stderr[-4000:])
use = resource.getrusage(resource.RUSAGE_CHILDREN)
pages = 0
words = (proc.stdout + "\n" + proc.stderr).split()  # stderr last: its count wins
for i, word in enumerate(words[:-1]):
    if word in ("built", "Creating") and words[i + 1].isdigit():
        pages = int(words[i + 1])
print(f"{wall:.2f} {use.ru_utime:.2f} {use.ru_stime:.2f} {use.ru_maxrss / 1024:.0f} {pages}")
