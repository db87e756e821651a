#!/usr/bin/env python3
"""The fastest plain-Python loop we could write for bench.chi: a floor, not a peer.

Hand-specialised to the generated files: the columns are unpacked by position,
timestamps are known to be ``YYYY-MM-DDTHH:MM:SS`` (the ``Z`` is cut off, not
converted), every filter and aggregate is inlined, and nothing is checked.  It
computes the 12 raw values per (month, team); ``run.py`` checks them against the
python engine and reports its speed beside the engine's, to show how much of
the gap to ``csv.reader`` any row-at-a-time evaluator in CPython has to pay.

    python benchmarks/python_floor.py [DATA_DIR]
"""

from __future__ import annotations

import csv
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
METRICS = {
    "Responsiveness": ("first_reply", "resolution_rate", "time_to_resolve"),
    "Participation": ("active_members", "answered_questions", "likes_per_post"),
    "Content": ("guides", "replies_per_question", "staff_presence"),
    "Sentiment": ("satisfaction", "net_promoter", "responses"),
}


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return ordered[middle - 1] + (ordered[middle] - ordered[middle - 1]) * 0.5


def compute(data: Path) -> dict[tuple[str, str], dict[str, float | None]]:
    parse = datetime.fromisoformat
    months: dict[str, str] = {}  # "YYYY-MM-DD" → "YYYY-MM"
    t_cells: dict = {}
    with open(data / "tickets.csv", newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle)
        next(rows)
        for _, opened_at, first_reply_at, resolved_at, status, priority, team, _ in rows:
            day = opened_at[:10]
            month = months.get(day) or months.setdefault(day, day[:7])
            cell = t_cells.get((month, team))
            if cell is None:
                cell = t_cells[(month, team)] = [[], 0, 0, []]
            opened = parse(opened_at[:19])
            if first_reply_at and (priority == "high" or priority == "urgent"):
                cell[0].append((parse(first_reply_at[:19]) - opened).total_seconds() / 3600.0)
            cell[1] += 1
            if status == "resolved":
                cell[2] += 1
            if resolved_at:
                cell[3].append((parse(resolved_at[:19]) - opened).total_seconds() / 86400.0)
    f_cells: dict = {}
    with open(data / "forum.csv", newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle)
        next(rows)
        for _, created_at, kind, author, is_staff, likes, replies, _, team in rows:
            day = created_at[:10]
            month = months.get(day) or months.setdefault(day, day[:7])
            cell = f_cells.get((month, team))
            if cell is None:
                cell = f_cells[(month, team)] = [set(), 0, 0, 0.0, 0, 0, [], 0]
            cell[0].add(author)
            if kind == "question":
                cell[1] += 1
                answers = float(replies)
                if answers > 0:
                    cell[2] += 1
                cell[6].append(answers)
            elif kind == "article" or kind == "tutorial":
                cell[5] += 1
            cell[3] += float(likes)
            cell[4] += 1
            if is_staff == "true":
                cell[7] += 1
    s_cells: dict = {}
    with open(data / "survey.csv", newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle)
        next(rows)
        for submitted_at, _, satisfaction, nps, team in rows:
            day = submitted_at[:10]
            month = months.get(day) or months.setdefault(day, day[:7])
            cell = s_cells.get((month, team))
            if cell is None:
                cell = s_cells[(month, team)] = [0.0, 0, 0, 0, 0]
            if satisfaction and satisfaction != "N/A":
                cell[0] += float(satisfaction)
                cell[1] += 1
            cell[2] += 1
            if nps:
                score = float(nps)
                if score >= 9:
                    cell[3] += 1
                elif score <= 6:
                    cell[4] += 1
    out: dict[tuple[str, str], dict[str, float | None]] = {}
    for key in sorted(set(t_cells) | set(f_cells) | set(s_cells)):
        t, f, s = t_cells.get(key), f_cells.get(key), s_cells.get(key)
        out[key] = {
            "first_reply": _median(t[0]) if t else None,
            "resolution_rate": t[2] / t[1] if t else None,
            "time_to_resolve": _median(t[3]) if t else None,
            "active_members": float(len(f[0])) if f else 0.0,
            "answered_questions": f[2] / f[1] if f and f[1] else None,
            "likes_per_post": f[3] / f[4] if f else None,
            "guides": float(f[5]) if f else 0.0,
            "replies_per_question": _median(f[6]) if f else None,
            "staff_presence": f[7] / f[4] if f else None,
            "satisfaction": s[0] / s[1] if s and s[1] else None,
            "net_promoter": 100.0 * (s[3] / s[2] - s[4] / s[2]) if s else None,
            "responses": float(s[2]) if s else 0.0,
        }
    return out


def write_csv(values: dict, path: Path) -> None:
    """The metric rows of the long table, raw values only."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["period", "unit", "level", "pillar", "metric", "raw_value"])
        for (period, unit), raws in values.items():
            for pillar, metrics in METRICS.items():
                for metric in metrics:
                    raw = raws[metric]
                    writer.writerow([period, unit, "metric", pillar, metric, "" if raw is None else repr(raw)])


if __name__ == "__main__":
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "data"
    write_csv(compute(data), Path("/dev/stdout"))
