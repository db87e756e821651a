"""The open-source community health specs over github-issues/ (CSV and JSON Lines).

Truth is computed here, independently of chi-lang, with the csv and json modules
and ``statistics.median``: each month is the cohort of issues and pull requests
created that month.  The spec's raw values and scores must match it, and the CSV
and JSONL specs must agree on every month the JSONL file covers fully.
"""

from __future__ import annotations

import csv
import json
import math
import statistics
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

CSV_FILE = Path("github-issues") / "issues.csv"
JSONL_FILE = Path("github-issues") / "issues-recent.jsonl"
TEAM = {"OWNER", "MEMBER", "COLLABORATOR"}


@dataclass(frozen=True)
class Item:
    """One issue or pull request, whichever file it came from."""

    created: datetime
    closed: datetime | None
    merged: datetime | None
    is_pr: bool
    state: str
    comments: int
    reactions: int
    author: str
    association: str
    labels: tuple[str, ...]


def _moment(text: str | None) -> datetime | None:
    return None if not text else datetime.fromisoformat(text.replace("Z", "+00:00"))


def csv_items(shared_data: Path) -> list[Item]:
    with open(shared_data / CSV_FILE, encoding="utf-8", newline="") as handle:
        return [
            Item(_moment(r["created_at"]), _moment(r["closed_at"]), _moment(r["pr_merged_at"]),
                 r["is_pull_request"] == "true", r["state"], int(r["comments"]), int(r["reactions_total"]),
                 r["user_login"], r["author_association"], tuple(x for x in r["labels"].split(";") if x))
            for r in csv.DictReader(handle)
        ]


def jsonl_items(shared_data: Path) -> list[Item]:
    items = []
    with open(shared_data / JSONL_FILE, encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            pr = r["pull_request"]  # null for an issue
            items.append(Item(
                _moment(r["created_at"]), _moment(r["closed_at"]), _moment(pr and pr["merged_at"]),
                pr is not None, r["state"], r["comments"], r["reactions"]["total_count"],
                r["user"]["login"], r["author_association"], tuple(x["name"] for x in r["labels"])))
    return items


def month_truth(items: list[Item], month: str) -> dict[str, tuple[float | None, float | None]]:
    """Raw value and 0-100 score of every metric for one month, as the spec defines them."""
    cohort = [i for i in items if i.created.strftime("%Y-%m") == month]
    issues = [i for i in cohort if not i.is_pr]
    prs = [i for i in cohort if i.is_pr]
    merged = [i for i in prs if i.merged is not None]
    close_days = [(i.closed - i.created).total_seconds() / 86400 for i in issues if i.closed]
    merge_hours = [(i.merged - i.created).total_seconds() / 3600 for i in merged]

    def clamp(x: float) -> float:
        return max(0.0, min(100.0, x))

    def pair(raw, score_of):
        return (raw, None if raw is None else clamp(score_of(raw)))

    median_close = statistics.median(close_days) if close_days else None
    median_merge = statistics.median(merge_hours) if merge_hours else None
    return {
        "days_to_close": pair(median_close, lambda x: 100 * (60 - x) / 60),
        "issues_closed": pair(sum(i.state == "closed" for i in issues) / len(issues), lambda x: 100 * x),
        "hours_to_merge": pair(median_merge, lambda x: 100 * (168 - x) / 168),
        "issues_answered": pair(sum(i.comments > 0 for i in issues) / len(issues), lambda x: 100 * min(x / 0.9, 1)),
        "merged_prs": pair(float(len(merged)), lambda x: 100 * min(x / 40, 1)),
        "external_authors": pair(float(len({i.author for i in cohort if i.association not in TEAM})),
                                 lambda x: 100 * min(x / 50, 1)),
        "external_merged_share": pair(sum(i.association not in TEAM for i in merged) / len(merged),
                                      lambda x: 100 * min(x / 0.5, 1)),
        "comments_per_item": pair(sum(i.comments for i in cohort) / len(cohort), lambda x: 100 * min(x / 4, 1)),
        "reactions_per_item": pair(sum(i.reactions for i in cohort) / len(cohort), lambda x: 100 * min(x / 1, 1)),
        "items_opened": pair(float(len(cohort)), lambda x: 100 * min(x / 100, 1)),
        "feature_requests": pair(float(sum("enhancement" in i.labels for i in cohort)),
                                 lambda x: 100 * min(x / 10, 1)),
    }


PILLARS = {
    "Responsiveness": (0.40, {"days_to_close": 0.30, "issues_closed": 0.25, "hours_to_merge": 0.25,
                              "issues_answered": 0.20}),
    "Contribution": (0.30, {"merged_prs": 0.35, "external_authors": 0.35, "external_merged_share": 0.30}),
    "Engagement": (0.30, {"comments_per_item": 0.30, "reactions_per_item": 0.20, "items_opened": 0.30,
                          "feature_requests": 0.20}),
}


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def test_february_2025_by_hand(shared_data, evaluate_real):
    """2025-02 from the CSV, the arithmetic written out.

    41 items opened: 22 issues, 19 pull requests.
    Responsiveness
      days_to_close   4 issues closed so far after 0.00155, 0.67331, 0.83054, 0.99704 days;
                      median (0.67331 + 0.83054) / 2 = 0.75193 → 100·(60 − 0.75193)/60 = 98.747
      issues_closed   4/22 = 0.18182 → 18.182
      hours_to_merge  15 merged; the 8th of 15 sorted times is 0.62056 h → 100·(168 − 0.62056)/168 = 99.631
      issues_answered 13/22 = 0.59091 → 100·0.59091/0.9 = 65.657
      pillar 0.3·98.747 + 0.25·18.182 + 0.25·99.631 + 0.2·65.657 = 72.208
    Contribution
      merged_prs 15 → 15/40 = 37.5; external_authors 28 → 56.0;
      external_merged_share 4/15 = 0.26667 → 0.26667/0.5 = 53.333
      pillar 0.35·37.5 + 0.35·56 + 0.3·53.333 = 48.725
    Engagement
      comments 49/41 = 1.19512 → 29.878; reactions 4/41 = 0.09756 → 9.756;
      items 41 → 41.0; feature requests 5 → 50.0
      pillar 0.3·29.878 + 0.2·9.756 + 0.3·41 + 0.2·50 = 33.215
    Index 0.4·72.208 + 0.3·48.725 + 0.3·33.215 = 53.465 → shown 53.5, "watch"
    """
    _, evaluation = evaluate_real("github-community.chi")
    period = "2025-02"
    expected_raw = {
        "days_to_close": (0.67331018518 + 0.83054398148) / 2, "issues_closed": 4 / 22,
        "hours_to_merge": 0.62055555556, "issues_answered": 13 / 22, "merged_prs": 15,
        "external_authors": 28, "external_merged_share": 4 / 15, "comments_per_item": 49 / 41,
        "reactions_per_item": 4 / 41, "items_opened": 41, "feature_requests": 5,
    }
    for pillar, (_, metrics) in PILLARS.items():
        for metric in metrics:
            row = evaluation.lookup(period, None, pillar, metric)
            assert math.isclose(row.raw_value, expected_raw[metric], rel_tol=1e-9), metric
    scores = {
        ("Responsiveness", None): 72.208, ("Contribution", None): 48.725, ("Engagement", None): 33.215,
        ("Responsiveness", "days_to_close"): 98.747, ("Responsiveness", "hours_to_merge"): 99.631,
        ("Responsiveness", "issues_answered"): 65.657, ("Contribution", "external_merged_share"): 53.333,
    }
    for (pillar, metric), score in scores.items():
        # the hand values carry 3 decimals of rounded intermediates
        assert evaluation.lookup(period, None, pillar, metric).score == pytest.approx(score, abs=1e-3), (pillar, metric)
    index = evaluation.lookup(period)
    assert index.score == pytest.approx(53.465, abs=1e-3)
    assert index.status == "watch"


@pytest.mark.parametrize("month", ["2020-12", "2021-04", "2022-08", "2023-08", "2024-06", "2025-01"])
def test_csv_months_match_an_independent_computation(shared_data, evaluate_real, month):
    truth = month_truth(csv_items(shared_data), month)
    _, evaluation = evaluate_real("github-community.chi")
    index_score = 0.0
    for pillar, (pillar_weight, metrics) in PILLARS.items():
        pillar_score = 0.0
        for metric, weight in metrics.items():
            raw, score = truth[metric]
            row = evaluation.lookup(month, None, pillar, metric)
            assert close(row.raw_value, raw), (month, metric, row.raw_value, raw)
            assert close(row.score, score), (month, metric, row.score, score)
            pillar_score += weight * score  # every metric has data in these months
        assert math.isclose(evaluation.lookup(month, None, pillar).score, pillar_score, rel_tol=1e-12)
        index_score += pillar_weight * pillar_score
    assert math.isclose(evaluation.lookup(month).score, index_score, rel_tol=1e-12)


def test_jsonl_months_match_an_independent_computation(shared_data, evaluate_real):
    items = jsonl_items(shared_data)
    _, evaluation = evaluate_real("github-community-jsonl.chi")
    for month in ("2024-02", "2024-10", "2025-02"):
        truth = month_truth(items, month)
        for pillar, (_, metrics) in PILLARS.items():
            for metric in metrics:
                row = evaluation.lookup(month, None, pillar, metric)
                assert close(row.raw_value, truth[metric][0]), (month, metric)
                assert close(row.score, truth[metric][1]), (month, metric)


def test_csv_and_jsonl_specs_agree_on_fully_covered_months(shared_data, evaluate_real):
    items = jsonl_items(shared_data)
    first = min(i.created for i in items)
    assert first.strftime("%Y-%m-%d") == "2024-01-04"  # January 2024 is only partly in the JSONL
    _, from_csv = evaluate_real("github-community.chi")
    _, from_jsonl = evaluate_real("github-community-jsonl.chi")
    jsonl_months = sorted({r.period for r in from_jsonl.rows})
    assert jsonl_months[0] == "2024-01" and jsonl_months[-1] == "2025-02"
    full = jsonl_months[1:]
    assert len(full) == 13

    csv_rows = {(r.period, r.level, r.pillar, r.metric): r for r in from_csv.rows if r.period in full}
    jsonl_rows = {(r.period, r.level, r.pillar, r.metric): r for r in from_jsonl.rows if r.period in full}
    assert csv_rows.keys() == jsonl_rows.keys()
    assert len(csv_rows) == 13 * (1 + 3 + 11)
    for key, row in csv_rows.items():
        other = jsonl_rows[key]
        assert close(row.raw_value, other.raw_value), key
        assert close(row.score, other.score), key
        assert row.coverage == other.coverage and row.status == other.status, key

    # The partial month differs, as it should: 85 items opened in the CSV, 75 in the JSONL.
    assert from_csv.lookup("2024-01", None, "Engagement", "items_opened").raw_value == 85
    assert from_jsonl.lookup("2024-01", None, "Engagement", "items_opened").raw_value == 75
