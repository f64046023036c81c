#!/usr/bin/env python3
"""The file-system floor: what merely writing a built site's files costs on this machine.

Usage: scripts/fs-floor.py [--keep] BUILT_DIR [WORK_DIR]

Lists every folder and file of BUILT_DIR (paths and sizes), then, timed, creates the same
folders and writes files of the same paths and sizes into a fresh folder under WORK_DIR
(default: beside BUILT_DIR), with one writer thread per core as the build uses, and renames that
folder into place as the build's atomic swap does. Prints `wall user sys peak_MiB files` like
scripts/timed.py (the figures of this process: no templating, no parsing, only the writes), then
removes what it wrote (with --keep it leaves it, for the caller to remove once nothing else is
timed: see the top of scripts/bench.sh).
"""
import os
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor


def main():
    args = sys.argv[1:]
    keep = "--keep" in args
    args = [a for a in args if a != "--keep"]
    if not args:
        sys.exit(__doc__)
    src = os.path.abspath(args[0])
    parent = os.path.abspath(args[1]) if len(args) > 1 else os.path.dirname(src)
    dirs, files = [], []
    for here, subdirs, names in os.walk(src):
        rel = os.path.relpath(here, src)
        for d in subdirs:
            dirs.append(os.path.normpath(os.path.join(rel, d)))
        for n in names:
            files.append((os.path.normpath(os.path.join(rel, n)), os.path.getsize(os.path.join(here, n))))
    # Bytes that are not all zeros (some file systems treat zero pages specially).
    biggest = max((s for _, s in files), default=0)
    pattern = (bytes(range(256)) * (biggest // 256 + 1))[:biggest]
    view = memoryview(pattern)
    work = tempfile.mkdtemp(prefix="fs-floor-", dir=parent)
    dest = os.path.join(work, "out")

    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.time()
    staging = os.path.join(work, ".staging")
    os.mkdir(staging)
    for d in dirs:  # os.walk lists parents before their children
        os.mkdir(os.path.join(staging, d))

    def write(chunk):
        for rel, size in chunk:
            with open(os.path.join(staging, rel), "wb") as f:
                f.write(view[:size])

    threads = os.cpu_count() or 1
    chunks = [files[i::threads] for i in range(threads)]
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(write, chunks))
    os.rename(staging, dest)
    wall = time.time() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{wall:.2f} {after.ru_utime - before.ru_utime:.2f} {after.ru_stime - before.ru_stime:.2f}"
          f" {after.ru_maxrss / 1024:.0f} {len(files)}")
    if not keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
