"""Airline sentiment specs against the published figures of the Tweets.csv corpus.

Published: 9,178 negative, 3,099 neutral, 2,363 positive tweets (14,640 in all),
and US Airways' negative share 77.7%.  The file has quoted newlines inside tweet
texts, so counting lines would be wrong; the csv module is the independent check.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from pathlib import Path

from chi_lang.display import round_display
from chi_lang.model import Rounding

TWEETS = Path("airline-sentiment") / "Tweets.csv"
AIRLINES = ("American", "Delta", "Southwest", "US Airways", "United", "Virgin America")


def read_tweets(shared_data: Path) -> list[dict[str, str]]:
    with open(shared_data / TWEETS, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_totals_spec_reproduces_the_published_totals(shared_data, evaluate_real):
    _, evaluation = evaluate_real("airline-sentiment-totals.chi")

    def raw(metric: str) -> float:
        return evaluation.lookup(None, None, "Volume", metric).raw_value

    assert raw("negative_tweets") == 9178
    assert raw("neutral_tweets") == 3099
    assert raw("positive_tweets") == 2363
    assert raw("tweets") == 14640 == 9178 + 3099 + 2363
    # negative_tweets lower_is_better target 2000: 100 · 2000 / 9178 = 21.79
    assert math.isclose(evaluation.lookup(None, None, "Volume", "negative_tweets").score, 100 * 2000 / 9178)
    # negative share 9178 / 14640 = 0.62691 → lower_is_better scale 0..1: 37.31
    share = evaluation.lookup(None, None, "Tone", "negative_share")
    assert math.isclose(share.raw_value, 9178 / 14640) and math.isclose(share.score, 100 * (1 - 9178 / 14640))


def test_per_airline_counts_sum_to_the_published_totals(shared_data, evaluate_real):
    # The per-airline spec holds shares; times each airline's tweet count (counted
    # here with csv) they give whole numbers of tweets, which add up to the totals.
    tweets_per_airline = Counter(r["airline"] for r in read_tweets(shared_data))
    assert sorted(tweets_per_airline) == sorted(AIRLINES)
    _, evaluation = evaluate_real("airline-sentiment.chi")
    assert sorted({r.unit for r in evaluation.rows}) == sorted(AIRLINES)
    negative = positive = 0
    for airline, n in tweets_per_airline.items():
        neg = evaluation.lookup(None, airline, "Tone", "negative_share").raw_value * n
        pos = evaluation.lookup(None, airline, "Tone", "positive_share").raw_value * n
        assert math.isclose(neg, round(neg), abs_tol=1e-6) and math.isclose(pos, round(pos), abs_tol=1e-6)
        negative += round(neg)
        positive += round(pos)
    assert (negative, positive) == (9178, 2363)
    assert sum(tweets_per_airline.values()) - negative - positive == 3099


def test_us_airways_negative_share(shared_data, evaluate_real):
    _, evaluation = evaluate_real("airline-sentiment.chi")
    row = evaluation.lookup(None, "US Airways", "Tone", "negative_share")
    # 2,263 negative of 2,913 tweets = 0.776862 → 77.7%
    assert math.isclose(row.raw_value, 2263 / 2913)
    assert round_display(100 * row.raw_value, Rounding(1)) == "77.7"
    # and it is the most negative airline
    shares = {a: evaluation.lookup(None, a, "Tone", "negative_share").raw_value for a in AIRLINES}
    assert max(shares, key=shares.get) == "US Airways"
    # lower_is_better scale 0..1: 100 · (1 − 0.776862) = 22.31
    assert math.isclose(row.score, 100 * (1 - 2263 / 2913))


def test_minmax_service_problems_by_hand(shared_data, evaluate_real):
    rows = read_tweets(shared_data)
    n = Counter(r["airline"] for r in rows)
    complaints = Counter(r["airline"] for r in rows if r["negativereason"] == "Customer Service Issue")
    # US Airways 811/2913 = 0.278407 (most), Delta 199/2222 = 0.089559 (fewest),
    # Southwest 391/2420 = 0.161570:
    # minmax lower_is_better = 100 · (0.278407 − 0.161570) / (0.278407 − 0.089559) = 61.87
    assert (complaints["US Airways"], complaints["Delta"], complaints["Southwest"]) == (811, 199, 391)
    high, low, mid = 811 / 2913, 199 / 2222, 391 / 2420
    assert all(low <= complaints[a] / n[a] <= high for a in AIRLINES)
    _, evaluation = evaluate_real("airline-sentiment.chi")

    def score(airline: str) -> float:
        return evaluation.lookup(None, airline, "Service problems", "customer_service").score

    assert math.isclose(score("Southwest"), 100 * (high - mid) / (high - low))
    assert round(score("Southwest"), 2) == 61.87
    assert score("Delta") == 100.0 and score("US Airways") == 0.0


def test_ranking(shared_data, evaluate_real):
    _, evaluation = evaluate_real("airline-sentiment.chi")
    index = {r.unit: r.score for r in evaluation.index_rows()}
    ranking = sorted(index, key=index.get, reverse=True)
    # Virgin America and Delta draw the friendliest tweets, US Airways the harshest.
    assert set(ranking[:2]) == {"Virgin America", "Delta"}
    assert ranking[-1] == "US Airways"
