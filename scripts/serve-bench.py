#!/usr/bin/env python3
"""Benchmark: `minhbach serve`, from saving one procedure to the reload signal.

Usage: scripts/serve-bench.py [--procedures N | --example] [--saves K] [--port P]
  --procedures N  a synthetic site of N procedures (examples/synth; default 10000)
  --example       a copy of the repository's example site (content/ + site.toml)
  --saves K       how many saves to time (default 10)

Starts `target/release/minhbach serve` (or $MINHBACH) on a copy of the site, waits for the first
build, then K times: opens the long poll a page opens (`/__minhbach/reload?since=<version>`),
saves one procedure (a real edit of its summary; alternately written in place and, as most
editors do, into a hidden temporary file renamed over the original), and times the save → the
endpoint answering with the new version. It then checks the page shows the edit, waits until no
further rebuild follows (counting the extra ones), and at the end stops `serve` with SIGINT and
checks its temporary folder is gone. The last line is a summary to paste into
docs/PERFORMANCE.md. Needs the release build (`cargo build --release --bin minhbach --example synth`).
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def machine():
    mem = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) / 1048576
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    return f"{os.cpu_count()} cores, {mem:.0f} GiB, {os.uname().sysname} {os.uname().release}, load {load}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, timeout):
    """GET with the Host header serve accepts; returns (status, body) or raises OSError."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def poll(port, since, timeout):
    """The long poll pages make: the status once its version differs from `since`
    (at once for -1), or None when nothing changed within `timeout` seconds."""
    try:
        status, body = get(port, f"/__minhbach/reload?since={since}", timeout)
    except (socket.timeout, TimeoutError):
        return None
    if status != 200:
        sys.exit(f"reload endpoint answered {status}: {body[:200]!r}")
    s = json.loads(body)
    return None if s["version"] == since else s


def wait_quiet(port, version, quiet):
    """Waits until no rebuild follows for `quiet` seconds; returns (version, extra rebuilds)."""
    extra = 0
    while True:
        s = poll(port, version, quiet)
        if s is None:
            return version, extra
        extra += 1
        version = s["version"]


def edit(path, k, atomic):
    """A real edit: a new sentence at the start of the summary (or of the name)."""
    text = path.read_text(encoding="utf-8")
    marker = f"Bản sửa số {k}."
    new, n = re.subn(r'^(summary: ")(Bản sửa số \d+\. )?', rf"\g<1>{marker} ", text, count=1, flags=re.M)
    if n == 0:
        new, n = re.subn(r'^(name: ")(Bản sửa số \d+\. )?', rf"\g<1>{marker} ", text, count=1, flags=re.M)
    if n == 0:
        sys.exit(f"{path}: no quoted summary or name line to edit")
    data = new.encode("utf-8")
    if atomic:
        # What gedit, VS Code's safe write and most editors do: a hidden temporary file in the
        # same folder (ignored by the loader), flushed, then renamed over the original.
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    else:
        with open(path, "r+b") as f:
            f.truncate(0)
            f.write(data)
    return marker


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--procedures", type=int, default=10000)
    ap.add_argument("--example", action="store_true")
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--quiet", type=float, default=1.5, help="seconds without a rebuild that count as settled")
    args = ap.parse_args()
    binary = Path(os.environ.get("MINHBACH", REPO / "target/release/minhbach")).resolve()
    synth = REPO / "target/release/examples/synth"
    port = args.port or free_port()

    work = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    serve_tmp = work / "tmp"  # serve's TMPDIR: its private folder must be gone after SIGINT
    serve_tmp.mkdir()
    site = work / "site"
    proc = None
    try:
        if args.example:
            site.mkdir()
            shutil.copytree(REPO / "content", site / "content")
            shutil.copy(REPO / "site.toml", site / "site.toml")
            if (REPO / "themes").is_dir():
                shutil.copytree(REPO / "themes", site / "themes")
            label = "example site"
        else:
            subprocess.run([synth, "--procedures", str(args.procedures), "--out", site],
                           check=True, stderr=subprocess.DEVNULL)
            label = f"{args.procedures} procedures"
        files = sorted((site / "content/procedures").rglob("*.yaml"))
        if not files:
            sys.exit("no procedures in the site")
        n_procs = len(files)
        # Saves spread over the catalogue, each a different file.
        chosen = [files[(i * 7919 + 13) % n_procs] for i in range(args.saves)]

        log = open(work / "serve.log", "w+")
        env = dict(os.environ, TMPDIR=str(serve_tmp))
        started = time.monotonic()
        proc = subprocess.Popen([binary, "serve", "--root", site, "--port", str(port), "--today", "2026-11-22"],
                                stdout=log, stderr=log, env=env)
        status = None
        while status is None:
            if proc.poll() is not None:
                log.seek(0)
                sys.exit(f"serve exited with {proc.returncode}:\n{log.read()[-4000:]}")
            try:
                status = poll(port, -1, 5)
            except OSError:
                time.sleep(0.05)
        first = time.monotonic() - started
        if status.get("error"):
            sys.exit(f"first build failed:\n{status['error']}")
        # serve starts watching right after it starts listening: let that settle.
        version, _ = wait_quiet(port, status["version"], args.quiet)

        print(f"machine: {machine()}")
        print(f"serve {label} ({n_procs} procedure files): first build and listening after {first:.2f} s")
        print(f"{'save':>4} {'how':<9} {'reload_ms':>10} {'rebuild_ms':>10} {'extra':>6}  file")
        times, by_mode = [], {"in-place": [], "atomic": []}
        for k, path in enumerate(chosen, 1):
            atomic = k % 2 == 0
            answer = {}

            def wait(since=version):
                # serve answers an unchanged version after 25 s; a page then asks again.
                deadline = time.monotonic() + 600
                while (s := poll(port, since, 60)) is None and time.monotonic() < deadline:
                    pass
                answer["status"] = s
                answer["at"] = time.monotonic()

            waiter = threading.Thread(target=wait)
            waiter.start()
            time.sleep(0.05)  # the poll is open before the save, as in a browser
            marker = edit(path, k, atomic)
            saved = time.monotonic()
            waiter.join()
            s = answer["status"]
            if s is None:
                sys.exit(f"no reload signal within 600 s of saving {path.relative_to(site)}")
            if s.get("error"):
                sys.exit(f"rebuild after saving {path.relative_to(site)} failed:\n{s['error']}")
            ms = (answer["at"] - saved) * 1000
            # The reload must show the edit.
            page = f"/thu-tuc/{path.stem}/"
            code, body = get(port, page, 30)
            if code != 200 or marker.encode() not in body:
                sys.exit(f"after the reload signal, {page} ({code}) does not show the edit {marker!r}")
            version, extra = wait_quiet(port, s["version"], args.quiet)
            # What serve itself says the rebuild took (`rebuilt in X ms (…)`, its last
            # such line), so the rest of reload_ms is the watcher, the debounce and the poll.
            log.seek(0)
            rebuilt = re.findall(r"rebuilt (?:\d+ pages )?in (\d+) ms", log.read())
            rebuild_ms = rebuilt[-1] if rebuilt else "-"
            mode = "atomic" if atomic else "in-place"
            times.append(ms)
            by_mode[mode].append(ms)
            print(f"{k:>4} {mode:<9} {ms:>10.0f} {rebuild_ms:>10} {extra:>6}  {path.relative_to(site / 'content')}")

        proc.send_signal(signal.SIGINT)
        try:
            rc = proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            sys.exit("serve did not stop within 60 s of SIGINT")
        proc = None
        left = list(serve_tmp.iterdir())
        if left:
            sys.exit(f"serve exited with {rc} and left its temporary folder behind: {left}")
        print(f"stopped with SIGINT: exit {rc}, temporary folder removed")
        med = statistics.median(times)
        modes = ", ".join(f"{m} {statistics.median(v):.0f}" for m, v in by_mode.items() if v)
        print(f"serve-reload {label}: median {med:.0f} ms, worst {max(times):.0f} ms over {len(times)} saves"
              f" ({modes}); first build {first:.2f} s; {machine()}; {time.strftime('%Y-%m-%d')}")
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
