#!/usr/bin/env python3
"""The peer of the benchmark: the index of ``bench.chi``, written by hand in pandas.

This is the script a team would write without chi-lang: read the three CSV files,
group by month and team, compute the 12 metrics, normalise them, and average
them into pillars and the index with the same weights and the same missing-data
rule (a metric with no data is dropped and the weights of the others are
renormalised).  It is written to be reasonably quick — vectorised, one pass of
``groupby`` per metric, only the needed columns read — not as a strawman.

    python benchmarks/pandas_peer.py [DATA_DIR] [-o results.csv]

``run.py`` times it and checks that its raw values and scores equal chi-lang's
to 1e-9 (relative).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
KEYS = ["period", "unit"]

# (pillar, pillar weight, [(metric, metric weight)]) — bench.chi's weights.
PILLARS = [
    ("Responsiveness", 0.30, [("first_reply", 0.40), ("resolution_rate", 0.35), ("time_to_resolve", 0.25)]),
    ("Participation", 0.25, [("active_members", 1 / 3), ("answered_questions", 1 / 3), ("likes_per_post", 1 / 3)]),
    ("Content", 0.20, [("guides", 1 / 3), ("replies_per_question", 1 / 3), ("staff_presence", 1 / 3)]),
    ("Sentiment", 0.25, [("satisfaction", 0.40), ("net_promoter", 0.40), ("responses", 0.20)]),
]


def _month(moments: pd.Series) -> pd.Series:
    return moments.dt.year * 100 + moments.dt.month


def _utc(text: pd.Series) -> pd.Series:
    """ISO timestamps; those with an offset are converted to UTC and made naive."""
    return pd.to_datetime(text, format="ISO8601", utc=True).dt.tz_localize(None)


def raw_values(data: Path) -> pd.DataFrame:
    """One row per (period, unit), one column per metric: the raw values."""
    tickets = pd.read_csv(
        data / "tickets.csv",
        usecols=["opened_at", "first_reply_at", "resolved_at", "status", "priority", "team"],
    )
    opened = _utc(tickets["opened_at"])
    t_keys = [_month(opened).rename("period"), tickets["team"].rename("unit")]
    urgent = tickets["priority"].isin(["high", "urgent"])
    reply_hours = (_utc(tickets["first_reply_at"]) - opened).dt.total_seconds() / 3600.0
    resolve_days = (_utc(tickets["resolved_at"]) - opened).dt.total_seconds() / 86400.0
    parts = {
        "first_reply": reply_hours[urgent].groupby([k[urgent] for k in t_keys]).median(),
        "resolution_rate": (tickets["status"] == "resolved").groupby(t_keys).mean(),
        "time_to_resolve": resolve_days.groupby(t_keys).median(),
    }
    del tickets, opened, reply_hours, resolve_days

    forum = pd.read_csv(
        data / "forum.csv",
        usecols=["created_at", "kind", "author", "is_staff", "likes", "replies", "team"],
    )
    f_keys = [_month(pd.to_datetime(forum["created_at"], format="ISO8601")).rename("period"), forum["team"].rename("unit")]
    question = forum["kind"] == "question"
    guide = forum["kind"].isin(["article", "tutorial"])
    q_keys = [k[question] for k in f_keys]
    parts.update({
        "active_members": forum["author"].groupby(f_keys).nunique(),
        "answered_questions": (forum["replies"][question] > 0).groupby(q_keys).mean(),
        "likes_per_post": forum["likes"].groupby(f_keys).mean(),
        "guides": guide.groupby(f_keys).sum().astype(float),
        "replies_per_question": forum["replies"][question].astype(float).groupby(q_keys).median(),
        "staff_presence": forum["is_staff"].astype(bool).groupby(f_keys).mean(),
    })
    del forum

    survey = pd.read_csv(data / "survey.csv", na_values=["N/A"], usecols=["submitted_at", "satisfaction", "nps", "team"])
    s_keys = [_month(pd.to_datetime(survey["submitted_at"], format="ISO8601")).rename("period"), survey["team"].rename("unit")]
    # A blank NPS answer still counts in the denominator of both shares.
    promoters = (survey["nps"] >= 9).groupby(s_keys).mean()
    detractors = (survey["nps"] <= 6).groupby(s_keys).mean()
    parts.update({
        "satisfaction": survey["satisfaction"].groupby(s_keys).mean(),
        "net_promoter": 100.0 * (promoters - detractors),
        "responses": survey.groupby(s_keys).size().astype(float),
    })

    table = pd.concat(parts, axis=1).sort_index()
    # Counts over no rows are 0, not missing.
    for count in ("guides", "responses"):
        table[count] = table[count].fillna(0.0)
    return table


def _scale(x: pd.Series, low: float, high: float, lower_is_better: bool = False, log: bool = False) -> pd.Series:
    if log:
        x, low, high = np.log(x), np.log(low), np.log(high)
    score = 100.0 * ((high - x) if lower_is_better else (x - low)) / (high - low)
    return score.clip(0.0, 100.0)


def _target(x: pd.Series, target: float, lower_is_better: bool = False) -> pd.Series:
    if lower_is_better:
        return (100.0 * target / x).where(x > target, 100.0).where(x.notna()).clip(0.0, 100.0)
    return (100.0 * np.minimum(x / target, 1.0)).clip(0.0, 100.0)


def scores(raw: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "first_reply": _scale(raw["first_reply"], 0, 24, lower_is_better=True),
        "resolution_rate": _target(raw["resolution_rate"], 0.9),
        "time_to_resolve": _target(raw["time_to_resolve"], 2, lower_is_better=True),
        "active_members": _scale(raw["active_members"], 10, 100000, log=True),
        "answered_questions": _target(raw["answered_questions"], 0.9),
        "likes_per_post": _target(raw["likes_per_post"], 5),
        "guides": _target(raw["guides"], 500),
        "replies_per_question": _target(raw["replies_per_question"], 3),
        "staff_presence": _target(raw["staff_presence"], 0.1),
        "satisfaction": _scale(raw["satisfaction"], 1, 5),
        "net_promoter": _scale(raw["net_promoter"], -100, 100),
        "responses": _target(raw["responses"], 2000),
    }, index=raw.index)


def _weighted(frame: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """Weighted mean that drops members with no data and renormalises the rest."""
    w = pd.Series(weights)
    present = frame[w.index].notna()
    total = present.mul(w).sum(axis=1)
    value = frame[w.index].fillna(0.0).mul(w).sum(axis=1) / total
    return value.where(total > 0)


def long_table(raw: pd.DataFrame, score: pd.DataFrame) -> pd.DataFrame:
    """The long table (period, unit, level, pillar, metric, raw_value, score)."""
    pillar_scores = pd.DataFrame({
        name: _weighted(score, dict(metrics)) for name, _, metrics in PILLARS
    })
    index_score = _weighted(pillar_scores, {name: weight for name, weight, _ in PILLARS})
    period = raw.index.get_level_values("period")
    cells = pd.DataFrame({"period": [f"{p // 100:04d}-{p % 100:02d}" for p in period],
                          "unit": raw.index.get_level_values("unit")})
    frames = [cells.assign(level="index", pillar=None, metric=None, raw_value=np.nan, score=index_score.to_numpy())]
    for name, _, metrics in PILLARS:
        frames.append(cells.assign(level="pillar", pillar=name, metric=None, raw_value=np.nan,
                                   score=pillar_scores[name].to_numpy()))
        for metric, _ in metrics:
            frames.append(cells.assign(level="metric", pillar=name, metric=metric,
                                       raw_value=raw[metric].to_numpy(), score=score[metric].to_numpy()))
    return pd.concat(frames, ignore_index=True)


def compute(data: Path) -> pd.DataFrame:
    raw = raw_values(data)
    return long_table(raw, scores(raw))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The bench.chi index computed with pandas.")
    parser.add_argument("data", nargs="?", type=Path, default=HERE / "data")
    parser.add_argument("-o", "--output", type=Path, help="write the long table as CSV here (default stdout)")
    args = parser.parse_args(argv)
    table = compute(args.data)
    text = table.to_csv(index=False, float_format="%.17g")
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
