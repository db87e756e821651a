"""The trap cases against numbers worked out by hand (the arithmetic is in the comments).

test_differential.py shows the engines agree with each other; this shows they agree
with the meaning.  Each value is checked on the python engine and the DuckDB engine.
"""

from __future__ import annotations

import math

import pytest

from chi_lang.diagnostics import DiagnosticBag
from chi_lang.engines.duckdb_engine import evaluate_duckdb
from chi_lang.evaluate import evaluate
from chi_lang.pipeline import load_spec

from .conftest import CASES

ENGINES = {"python": evaluate, "duckdb": evaluate_duckdb}


def table(case: str, engine: str) -> dict:
    loaded = load_spec(str(CASES / case / "spec.chi"))
    result = ENGINES[engine](loaded.index, DiagnosticBag())
    assert result is not None
    return {(r.period, r.unit, r.level, r.pillar, r.metric): r for r in result.rows}


def metric(rows: dict, period, name: str, unit=None):
    found = [r for (p, u, level, _, m), r in rows.items() if p == period and u == unit and m == name]
    assert len(found) == 1, (period, unit, name)
    return found[0]


def close(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12))


@pytest.fixture(params=list(ENGINES))
def engine(request) -> str:
    return request.param


def test_arithmetic(engine: str) -> None:
    rows = table("arithmetic", engine)
    # January: ok is true, false, false → 1/3, not the 0 of integer division.
    assert close(metric(rows, "2025-01", "ok_share").raw_value, 1 / 3)
    # sum(a)/sum(b) = (3 + 4 + 0) / (1 + 1 + 0) = 3.5.
    assert close(metric(rows, "2025-01", "ratio").raw_value, 3.5)
    # mean(a / b): 3/1, 4/1 and 0/0 (no data, skipped) → 3.5; plus 1/2 → 4.0.
    assert close(metric(rows, "2025-01", "row_ratio").raw_value, 4.0)
    # March: every b is 0, so sum(b) = 0 and sum(a)/sum(b) is no data, never inf.
    for name in ("ratio", "per_b", "row_ratio"):
        assert metric(rows, "2025-03", name).raw_value is None
    # February has no "rare" row: count and sum are 0, the mean has no data.
    assert metric(rows, "2025-02", "rare_count").raw_value == 0.0
    assert metric(rows, "2025-02", "rare_sum").raw_value == 0.0
    assert metric(rows, "2025-02", "rare_mean").raw_value is None
    # ... so pillar "Empty" is (1/3·0 + 1/3·0) / (2/3) = 0 with coverage 2/3.
    pillar = rows[("2025-02", None, "pillar", "Empty", None)]
    assert pillar.score == 0.0 and close(pillar.coverage, 2 / 3)


def test_blanks_and_tokens(engine: str) -> None:
    rows = table("blanks_and_tokens", engine)
    # score: 1, blank, 3, NA (a token) → mean of 1 and 3 = 2.
    assert close(metric(rows, "2025-01", "score").raw_value, 2.0)
    # region "NA" is text, never missing: rows 1 and 3.
    assert metric(rows, "2025-01", "na_region").raw_value == 2.0
    # temperature: 20, -999 (token), " 21 " (trimmed), "-" (token) → max 21.
    assert metric(rows, "2025-01", "temp").raw_value == 21.0
    # February: " 2 " → 2, "  " → blank, "-" → token: mean 2.
    assert close(metric(rows, "2025-02", "score").raw_value, 2.0)


def test_percentiles(engine: str) -> None:
    rows = table("percentiles", engine)
    # January x = 1, 2, 2, 9: median (2 + 2) / 2 = 2; p90: position 0.9·3 = 2.7 → 2 + (9 − 2)·0.7 = 6.9.
    assert close(metric(rows, "2025-01", "med").raw_value, 2.0)
    assert close(metric(rows, "2025-01", "p90").raw_value, 6.9)
    assert metric(rows, "2025-01", "p0").raw_value == 1.0 and metric(rows, "2025-01", "p100").raw_value == 9.0
    # February x = 4, blank, 3: median of 3 and 4 = 3.5; no x above 5 → no data.
    assert close(metric(rows, "2025-02", "med").raw_value, 3.5)
    assert metric(rows, "2025-02", "big_median").raw_value is None
    # January hours: 10, 1.5, 24 (and a missing end) → median 10.
    assert close(metric(rows, "2025-01", "hours_median").raw_value, 10.0)
    # February: 00:00+02:00 → 00:00Z is 2 h; half a second; 12:00Z → 06:00Z is −6 h → median 0.5/3600 h.
    assert close(metric(rows, "2025-02", "hours_median").raw_value, 0.5 / 3600)


def test_iso_weeks(engine: str) -> None:
    rows = table("periods_week", engine)
    counts = {p: r.raw_value for (p, _, level, _, m), r in rows.items() if level == "metric"}
    assert counts == {
        "2020-W53": 2.0,  # Thu 2020-12-31 and Sun 2021-01-03
        "2021-W01": 1.0,  # Mon 2021-01-04
        "2024-W52": 1.0,  # Sun 2024-12-29
        "2025-W01": 1.0,  # Mon 2024-12-30 is in the week of Thu 2025-01-02
        "2025-W52": 1.0,  # Sun 2025-12-28 23:59:59
        "2026-W01": 2.0,  # Mon 2025-12-29, and 2026-01-01 01:00+03:00 = Wed 2025-12-31 22:00 UTC
        "2026-W53": 1.0,  # Fri 2027-01-01: 2026 has 53 ISO weeks
    }


def test_quarters_in_utc(engine: str) -> None:
    rows = table("periods_quarter", engine)
    sums = {p: r.raw_value for (p, _, level, _, m), r in rows.items() if level == "metric"}
    # 2025-03-31T23:00-02:00 is 04-01 01:00 UTC (Q2); 2025-09-30T22:00-03:00 is 10-01 01:00 UTC (Q4).
    assert sums == {"2025-Q1": 1.0, "2025-Q2": 2.0 + 3.0 + 4.0, "2025-Q4": 5.0 + 6.0}


def test_days_and_differences(engine: str) -> None:
    rows = table("periods_day_offsets", engine)
    # 2025-03-02 (UTC): 23:30-01:00 → 12:00Z = 11.5 h; 00:15 → 06:15:30.25 = 6 h 0.5 min 0.25 s;
    # 10:00+05:30 (04:30Z) → 22:00Z the day before = −6.5 h; 08:00 -0800 (16:00Z) → 3 days later = 72 h.
    hours = [11.5, 6 + 30.25 / 3600, -6.5, 72.0]
    assert close(metric(rows, "2025-03-02", "wait").raw_value, sum(hours) / 4)
    assert close(metric(rows, "2025-03-02", "long").raw_value, 3.0)
    assert metric(rows, "2025-03-02", "n").raw_value == 4.0
    assert metric(rows, "2025-03-03", "wait").raw_value is None  # no close date


def test_relative(engine: str) -> None:
    rows = table("relative", engine)
    # January speed: a 1, b 3, c 3, d 7, e missing.  minmax: (x − 1) / 6 · 100.
    assert [close(metric(rows, "2025-01", "speed", u).score, s)
            for u, s in (("a", 0.0), ("b", 100 / 3), ("c", 100 / 3), ("d", 100.0))] == [True] * 4
    assert metric(rows, "2025-01", "speed", "e").score is None
    # percentile_rank over the 4 units: below + half the ties, over 3 others.
    assert [close(metric(rows, "2025-01", "rank", u).score, s)
            for u, s in (("a", 0.0), ("b", 100 * 1.5 / 3), ("c", 100 * 1.5 / 3), ("d", 100.0))] == [True] * 4
    # lower_is_better load: a 5, b 5, c 1, e 2 → minmax reversed: a 0, b 0, c 100, e 75.
    assert close(metric(rows, "2025-01", "load", "e").score, 75.0)
    # February: speed 2 everywhere → every unit scores 50.
    assert {metric(rows, "2025-02", "speed", u).score for u in "abc"} == {50.0}


def test_missing_policies(engine: str) -> None:
    rows = table("missing_policies", engine)
    # January: Reweighted 0.6·50 + 0.4·100 = 70; Zeroed 1/3·20 + 2/3·80 = 60; Sparse has no data,
    # so the index is (0.5·70 + 0.3·60) / 0.8 = 66.25 with coverage 0.8.
    index = rows[("2025-01", None, "index", None, None)]
    assert close(index.score, 66.25) and close(index.coverage, 0.8)
    # February: Reweighted has x only (50, coverage 0.6); Zeroed has no data and enters with 0
    # (missing zero); Sparse 40 → 0.5·50 + 0.3·0 + 0.2·40 = 33.
    index = rows[("2025-02", None, "index", None, None)]
    assert close(index.score, 33.0) and close(index.coverage, 0.5)
    assert rows[("2025-02", None, "pillar", "Zeroed", None)].score == 0.0
    # March and April: no data anywhere → the index has no data (not 0).
    assert rows[("2025-03", None, "index", None, None)].score is None
    assert rows[("2025-04", None, "index", None, None)].score is None


def test_geometric(engine: str) -> None:
    rows = table("geometric", engine)
    health = (72.5 - 20) / 65
    education = math.sqrt((13.1 / 18) * (8.2 / 15))
    income = (math.log(12000) - math.log(100)) / (math.log(75000) - math.log(100))
    assert close(rows[("2025-01", None, "index", None, None)].score, 100 * (health * education * income) ** (1 / 3))
    # February: life expectancy at the goalpost → health 0 → the geometric index is 0.
    assert rows[("2025-02", None, "index", None, None)].score == 0.0


def test_decimal_comma(engine: str) -> None:
    rows = table("decimal_comma", engine)
    # "1.234,5" + "2.000.000" = 2,001,234.5; rates 0,25 and 0,5 → 0.375.
    assert close(metric(rows, "2024", "amount").raw_value, 2_001_234.5)
    assert close(metric(rows, "2024", "rate").raw_value, 0.375)
    # 2025: "n/a" and "-" are tokens, "7,25" → 7.25; rate "-", "1,0" and blank → 1.0.
    assert close(metric(rows, "2025", "amount").raw_value, 7.25)
    assert close(metric(rows, "2025", "rate").raw_value, 1.0)


def test_json_values(engine: str) -> None:
    rows = table("json_values", engine)
    # likes 3, "4.5", null, "?" (a token) → mean 3.75.
    assert close(metric(rows, "2025-01", "likes").raw_value, 3.75)
    # staff true, false, "no", 1 → 2 of 4.
    assert close(metric(rows, "2025-01", "staff").raw_value, 0.5)
    # answers accepted "yes", 0, "?" (missing, not a hit) → 1 of 3.
    assert close(metric(rows, "2025-01", "answered").raw_value, 1 / 3)
    # author ids "u1", "u2", 3, "3" → 3 distinct (3 and "3" are one value).
    assert metric(rows, "2025-01", "ids").raw_value == 3.0
    # code = "7": 7, "7" and 7.0 read as text "7"; 8 does not.
    assert metric(rows, "2025-01", "numeric_text").raw_value == 3.0
    # title "", missing and null are missing.
    assert metric(rows, "2025-01", "empty_title").raw_value == 3.0


def test_tokens_as_text(engine: str) -> None:
    rows = table("tokens_as_text", engine)
    assert close(metric(rows, "2025-01", "score").raw_value, 2.0)  # 1 and 3
    assert metric(rows, "2025-01", "filled").raw_value == 3.0  # 1, 3 and the text "NA"
    assert metric(rows, "2025-01", "unset").raw_value == 1.0  # only the empty cell


def test_empty_source(engine: str) -> None:
    rows = table("empty_source", engine)
    # No period: one cell.  count over no rows is 0 (score 0); the mean has no data.
    assert metric(rows, None, "n").raw_value == 0.0 and metric(rows, None, "x").raw_value is None
    index = rows[(None, None, "index", None, None)]
    assert index.score == 0.0 and index.coverage == 0.5


def test_units_without_period(engine: str) -> None:
    rows = table("no_period_units", engine)
    units = sorted({u for (_, u, *_rest) in rows})
    assert units == ["DE", "FR", "IT", "NL"]  # the row without a country is left out
    assert metric(rows, None, "level_value", "FR").raw_value == 60.0  # (50 + 70) / 2
    assert metric(rows, None, "events", "FR").raw_value == 2.0
    assert metric(rows, None, "level_value", "NL").raw_value is None and metric(rows, None, "events", "NL").raw_value == 0.0


def test_integer_literals(engine: str) -> None:
    rows = table("integer_literals", engine)
    # Both units tie on `tie`: percentile_rank and minmax score it 50 (not 0 after LN(50/100)).
    assert metric(rows, None, "tie", "X").score == 50.0 and metric(rows, None, "flat", "X").score == 50.0
    # Geometric pillar of X: 100 · (0.25 · 0.5 · 0.5)^(1/3) = 100 · 0.0625^(1/3).
    assert close(rows[(None, "X", "pillar", "Geometric", None)].score, 100 * 0.0625 ** (1 / 3))
    # Y has no row in b.csv: the sums are 0, scored 100·(0 + 2)/9 and 100·(7 − 0)/9 (not 22 and 77).
    assert metric(rows, None, "s", "Y").raw_value == 0.0
    assert close(metric(rows, None, "s", "Y").score, 200 / 9) and close(metric(rows, None, "s_low", "Y").score, 700 / 9)


def test_microsecond_dates(engine: str) -> None:
    rows = table("microsecond_dates", engine)
    # 2025-03-01: 3.333332 s, 2.000002 s (across 10:00) and 1.000002 s (across midnight).
    assert close(metric(rows, "2025-03-01", "wait").raw_value, (3.333332 + 2.000002 + 1.000002) / 3 / 3600)
    assert metric(rows, "2025-03-01", "late").raw_value == 1.0  # only 3.333332 s is over 2.5 s
    # 12:00:00.5+01:00 is 11:00:00.5 UTC: 2.750001 s before 11:00:03.250001Z; with 900.999986 s, 2 are late.
    assert close(metric(rows, "2025-03-02", "quick").raw_value, 2.750001)
    assert metric(rows, "2025-03-02", "late").raw_value == 2.0
    # One microsecond, exactly: 1e-6 / 3600 hours (seconds since 1970 as doubles gave 2.65e-10).
    assert close(metric(rows, "2025-03-03", "wait").raw_value, 1e-6 / 3600)
