#!/usr/bin/env python3
"""Writes one statistics CSV of N balanced, continuous rows for the synth site's agencies
(co-quan-000 … co-quan-099), one month after another from 1000-01, for the benchmark of
statistics parsing (scripts/bench.sh). Usage: stats-rows.py N FILE"""
import sys

rows, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("period,agency,carried_over,received_online,received_direct,received_postal,"
            "resolved_early,resolved_on_time,resolved_late,pending_in_time,pending_overdue,note\r\n")
    for k in range(rows):
        m = k // 100
        f.write(f"{1000 + m // 12:04}-{m % 12 + 1:02},co-quan-{k % 100:03},5,6,4,0,3,7,0,5,0,\r\n")
