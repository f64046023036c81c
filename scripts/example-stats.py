#!/usr/bin/env python3
"""Writes the example site's monthly statistics (content/stats/YYYY/YYYY-MM.csv).

Deterministic (fixed seed): run it again and the files are byte-identical. The figures are
fictional but shaped like real one-stop-shop reports (Biểu số 06): seasonal swings (Tết in
January/February, school enrolment in July/August), one agency improving (Sở Xây dựng), one
slipping (Sở Nông nghiệp và Môi trường), columns some agencies do not report, one revision
with a note (and the continuity warning it leaves), and these published figures from the product's sources:
- the provincial public administration centre, May 2022: 10.397 received, 4.685 online (45,06 %);
- a district (huyện An Lạc) with on-time above 99,9 % and survey satisfaction 99,57 %;
- a city (thành phố Hà Sơn) whose satisfaction rose from 96 % (2018) to 99 % (2019).
From July 2026 a few agencies also report complaints (phản ánh, kiến nghị) and dossiers
complained about, so the Decision 766 scorecards have satisfaction figures; one commune had no
complaints (full marks for 5.2 and 5.3). A separate seed keeps every earlier file unchanged.
Every row balances and every month carries over what the previous one left pending.
"""
import os
import random

ROOT = os.path.join(os.path.dirname(__file__), "..", "content", "stats")
COLUMNS = [
    "period", "agency", "procedure", "carried_over", "received_online", "received_direct",
    "received_postal", "received_online_full", "received_online_partial", "resolved_early",
    "resolved_on_time", "resolved_late", "pending_in_time", "pending_overdue", "withdrawn",
    "returned", "fee_dossiers", "paid_online", "digitized", "ratings_total", "ratings_satisfied",
    "avg_days", "note",
]


# Complaint columns (Decision 766 §5.2–5.4), reported from July 2026 by a few agencies:
# complaints per new dossier received.
COMPLAINT_COLUMNS = ["complaints", "complaints_on_time", "complaints_satisfied", "dossiers_disliked"]
COMPLAINTS = {
    "ttphvhcc-tinh": 0.004,
    "so-tu-phap": 0.003,
    "ttphvhcc-phuong-dong-tien": 0.002,
    "ubnd-xa-an-lac": 0.0,
}


def add_complaints(rows):
    rng = random.Random(766)
    for (y, m), month_rows in sorted(rows.items()):
        if (y, m) < (2026, 7):
            continue
        for r in sorted(month_rows, key=lambda r: (r["agency"], r["procedure"])):
            share = COMPLAINTS.get(r["agency"])
            if r["procedure"] or share is None:
                continue
            received = r["received_online"] + r["received_direct"] + r["received_postal"]
            n = round(received * share * rng.uniform(0.6, 1.4))
            on_time = n - round(n * rng.uniform(0.05, 0.3))
            satisfied = on_time - round(on_time * rng.uniform(0.05, 0.25))
            in_time = r["resolved_early"] + r["resolved_on_time"] + r["pending_in_time"]
            disliked = min(in_time, n + round(in_time * 0.003 * rng.random()))
            r.update(complaints=n, complaints_on_time=on_time, complaints_satisfied=satisfied, dossiers_disliked=disliked)


def months(start, end):
    y, m = start
    while (y, m) <= end:
        yield y, m
        m += 1
        if m == 13:
            y, m = y + 1, 1


def lerp(a, b, t):
    return a + (b - a) * t


# id: base volume, online share (start, end), on-time (start, end), reports (set), season
AGENCIES = {
    "ttphvhcc-tinh": (9000, (0.30, 0.78), (0.975, 0.992), {"full", "fee", "digit", "rating", "days", "stop"}, "general"),
    "ubnd-tinh": (120, (0.10, 0.45), (0.96, 0.98), {"rating"}, "general"),
    "so-tu-phap": (2600, (0.35, 0.85), (0.985, 0.995), {"full", "fee", "digit", "rating", "days"}, "general"),
    "so-xay-dung": (420, (0.05, 0.55), (0.80, 0.97), {"fee", "rating", "days"}, "building"),
    "so-nong-nghiep-moi-truong": (1300, (0.08, 0.35), (0.95, 0.84), {"fee", "digit", "rating", "days"}, "general"),
    "so-tai-chinh": (800, (0.40, 0.90), (0.99, 0.995), {"full", "fee", "rating"}, "general"),
    "so-noi-vu": (150, (0.20, 0.60), (0.97, 0.985), {"rating"}, "general"),
    "so-giao-duc": (600, (0.25, 0.70), (0.98, 0.99), {"rating", "digit"}, "school"),
    "so-y-te": (700, (0.15, 0.50), (0.93, 0.96), {"fee", "rating", "days"}, "general"),
    "cong-an-tinh": (3500, (0.45, 0.92), (0.995, 0.998), {"full", "fee"}, "general"),
    "cong-an-phuong-dong-tien": (900, (0.50, 0.90), (0.995, 0.999), set(), "general"),
    "ttphvhcc-phuong-dong-tien": (1500, (0.20, 0.65), (0.985, 0.995), {"rating", "digit", "stop"}, "general"),
    "ubnd-phuong-dong-tien": (200, (0.10, 0.40), (0.98, 0.99), {"rating"}, "general"),
    "ttphvhcc-xa-an-lac": (500, (0.05, 0.40), (0.97, 0.99), {"rating"}, "general"),
    "ubnd-xa-an-lac": (80, (0.02, 0.25), (0.97, 0.985), set(), "general"),
}
# Per-procedure rows of the ward centre (part of its totals).
PROCEDURES = {
    "dang-ky-khai-sinh": (140, (0.30, 0.80), (0.995, 0.999)),
    "dang-ky-ket-hon": (45, (0.10, 0.45), (0.99, 0.998)),
    "dang-ky-thuong-tru": (120, (0.40, 0.85), (0.98, 0.995)),
}


def season(kind, m):
    base = {1: 0.92, 2: 0.72, 3: 1.05, 12: 1.08}.get(m, 1.0)
    if kind == "school" and m in (7, 8):
        base = 1.9
    if kind == "building" and m in (3, 4, 5, 10):
        base *= 1.15
    return base


class Series:
    def __init__(self, rng, base, online, on_time, reports, kind):
        self.rng, self.base, self.online, self.on_time = rng, base, online, on_time
        self.reports, self.kind = reports, kind
        self.pending = None

    def month(self, y, m, t, received=None, online=None, ratings=None):
        rng = self.rng
        if received is None:
            received = max(1, round(self.base * season(self.kind, m) * (1 + 0.25 * t) * rng.uniform(0.9, 1.1)))
        if online is None:
            online = round(received * min(0.98, lerp(*self.online, t) * rng.uniform(0.95, 1.05)))
        postal = min(received - online, round(received * 0.01 * rng.random()))
        direct = received - online - postal
        carried = self.pending if self.pending is not None else round(received * 0.06)
        total = carried + received
        stop = "stop" in self.reports
        withdrawn = round(total * 0.004 * rng.random()) if stop else None
        returned = round(total * 0.006 * rng.random()) if stop else None
        pend = round(total * rng.uniform(0.05, 0.09))
        resolved = total - pend - (withdrawn or 0) - (returned or 0)
        rate = min(0.9995, lerp(*self.on_time, t) + rng.uniform(-0.006, 0.006))
        late = resolved - round(resolved * rate)
        early = round((resolved - late) * rng.uniform(0.25, 0.45))
        on_time = resolved - late - early
        overdue = round(pend * (1 - rate) * 1.5)
        row = {
            "carried_over": carried, "received_online": online, "received_direct": direct,
            "received_postal": postal, "resolved_early": early, "resolved_on_time": on_time,
            "resolved_late": late, "pending_in_time": pend - overdue, "pending_overdue": overdue,
        }
        if stop:
            row.update(withdrawn=withdrawn, returned=returned)
        if "full" in self.reports and y >= 2023:
            full = round(online * lerp(0.3, 0.7, t))
            row.update(received_online_full=full, received_online_partial=online - full)
        if "fee" in self.reports:
            fee = round(received * 0.6)
            row.update(fee_dossiers=fee, paid_online=round(fee * lerp(0.05, 0.55, t)))
        if "digit" in self.reports:
            row["digitized"] = round(received * lerp(0.2, 0.9, t))
        if ratings is not None:
            row.update(ratings_total=ratings[0], ratings_satisfied=ratings[1])
        elif "rating" in self.reports:
            total_r = round(received * rng.uniform(0.15, 0.3))
            row.update(ratings_total=total_r, ratings_satisfied=total_r - round(total_r * rng.uniform(0.002, 0.02)))
        if "days" in self.reports:
            row["avg_days"] = f"{rng.uniform(2, 9) * (1.3 - 0.3 * t):.1f}"
        self.pending = pend
        return row


def main():
    rng = random.Random(20261122)
    rows = {}  # (y, m) -> list of rows
    span = list(months((2022, 1), (2026, 10)))

    def add(y, m, agency, procedure, row, note=""):
        row = dict(row, period=f"{y:04}-{m:02}", agency=agency, procedure=procedure, note=note)
        rows.setdefault((y, m), []).append(row)

    for agency, (base, online, on_time, reports, kind) in AGENCIES.items():
        s = Series(rng, base, online, on_time, reports, kind)
        parts = {p: Series(rng, *spec, set(), "general") for p, spec in PROCEDURES.items()} if agency == "ttphvhcc-phuong-dong-tien" else {}
        for i, (y, m) in enumerate(span):
            t = i / (len(span) - 1)
            note = ""
            received = online_n = None
            if agency == "ttphvhcc-tinh" and (y, m) == (2022, 5):
                received, online_n = 10397, 4685
            if agency == "ttphvhcc-tinh" and (y, m) == (2025, 3):
                note = "Số liệu điều chỉnh ngày 15/4/2025: loại 212 hồ sơ nhập trùng trên hệ thống"
            if agency == "ttphvhcc-tinh" and (y, m) == (2025, 4):
                # March was revised after April was closed: April still carries the 212
                # duplicates over, which `check` shows as a continuity warning (data notes).
                s.pending += 212
            row = s.month(y, m, t, received, online_n)
            if parts:
                # The agency's row counts its other procedures plus the ones reported apart.
                for proc, ps in parts.items():
                    part = ps.month(y, m, t)
                    add(y, m, agency, proc, part)
                    for k, v in part.items():
                        if isinstance(row.get(k), int):
                            row[k] += v
            add(y, m, agency, "", row, note)

    # The district: on time above 99,9 %, satisfaction 99,57 % (until the district level ended).
    district = Series(rng, 1500, (0.15, 0.55), (0.9992, 0.9995), {"rating"}, "general")
    d_span = list(months((2022, 1), (2025, 6)))
    for i, (y, m) in enumerate(d_span):
        add(y, m, "ubnd-huyen-an-lac", "", district.month(y, m, i / (len(d_span) - 1), ratings=(1400, 1394)))
    # The city: satisfaction 96 % in 2018, 99 % in 2019; then 2022 to June 2025.
    city = Series(rng, 2200, (0.02, 0.50), (0.96, 0.985), {"rating"}, "general")
    for i, (y, m) in enumerate(months((2018, 1), (2019, 12))):
        share = 960 if y == 2018 else 990
        add(y, m, "ubnd-thanh-pho-ha-son", "", city.month(y, m, i / 60, ratings=(1000, share)))
    city.pending = None
    c_span = list(months((2022, 1), (2025, 6)))
    for i, (y, m) in enumerate(c_span):
        add(y, m, "ubnd-thanh-pho-ha-son", "", city.month(y, m, 0.4 + 0.6 * i / (len(c_span) - 1)))

    add_complaints(rows)
    for (y, m), month_rows in sorted(rows.items()):
        columns = COLUMNS
        if any("complaints" in r for r in month_rows):
            columns = COLUMNS[:-2] + COMPLAINT_COLUMNS + COLUMNS[-2:]
        folder = os.path.join(ROOT, f"{y:04}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{y:04}-{m:02}.csv"), "w", encoding="utf-8", newline="") as f:
            f.write(",".join(columns) + "\n")
            for r in sorted(month_rows, key=lambda r: (r["agency"], r["procedure"])):
                cells = []
                for c in columns:
                    v = r.get(c, "")
                    v = "" if v is None else str(v)
                    cells.append(f'"{v}"' if "," in v else v)
                f.write(",".join(cells) + "\n")


if __name__ == "__main__":
    main()
