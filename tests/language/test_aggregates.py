"""Metric raw values (DESIGN §3): aggregates, blanks, zero rows, division by zero,
and row expressions with SQL's three-valued logic.  Every expected value is
worked out by hand in the test."""

from __future__ import annotations

import math

import pytest

from chi_lang.aggregates import empty_result, make_accumulator, percentile_cont

# Column v has a blank in row 2; s is text; flag is a boolean column.
ROWS = "k,v,s,flag\na,1,x,yes\na,,y,no\na,3,x,\n"


def raw(lab, metric_clauses: str, data: str = ROWS, file: str = "d.csv"):
    """The raw value of one metric `m` over `data` (scale 0..100 keeps checks quiet)."""
    outcome = lab.evaluate(
        f'index "X" {{ pillar "P" {{ metric m from "{file}" {metric_clauses} }} }}',
        {file: data},
    )
    return outcome.row(pillar="P", metric="m").raw_value


@pytest.mark.parametrize(
    ("clauses", "expected"),
    [
        # mean of 1, blank, 3 = (1 + 3) / 2 = 2: the blank is skipped, not read as 0.
        ("column v mean scale 0..10", 2.0),
        ("column v scale 0..10", 2.0),  # mean is the default aggregate
        ("column v sum scale 0..10", 4.0),  # 1 + 3
        ("count scale 0..10", 3.0),  # rows
        ("column v count scale 0..10", 2.0),  # rows where v is not missing
        ("column s count_distinct scale 0..10", 2.0),  # {x, y}
        ("column v median scale 0..10", 2.0),  # middle of [1, 3]
        ("column v min scale 0..10", 1.0),
        ("column v max scale 0..10", 3.0),
        # Continuous percentile of [1, 3] at 90%: 1 + 0.9 * (3 - 1) = 2.8
        ("column v percentile(90) scale 0..10", 2.8),
        ("column v percentile(90%) scale 0..10", 2.8),
        ("share(where s = \"x\") percent", 2 / 3),  # 2 of 3 rows
        ('value count(where s = "x") / count() percent', 2 / 3),
        ('value sum(v where s = "x") - min(v) scale 0..10', 3.0),  # (1 + 3) - 1
        ("value 100 * (share(where flag) - share(where not flag)) scale -100..100", 0.0),  # 1/3 - 1/3
        ("column v where s = \"x\" mean scale 0..10", 2.0),  # rows 1 and 3
    ],
)
def test_aggregates(lab, clauses, expected):
    assert raw(lab, clauses) == pytest.approx(expected, abs=1e-12)


def test_the_column_defaults_to_the_metric_name(lab):
    outcome = lab.evaluate('index "X" { pillar "P" { metric v from "d.csv" sum scale 0..10 } }', {"d.csv": ROWS})
    assert outcome.row(pillar="P", metric="v").raw_value == 4.0  # 1 + 3


@pytest.mark.parametrize(
    ("clauses", "expected"),
    [
        # Zero rows (the filter matches nothing): count and sum are 0 ...
        ('where s = "none" count scale 0..10', 0.0),
        ('where s = "none" column v sum scale 0..10', 0.0),
        ('where s = "none" column s count_distinct scale 0..10', 0.0),
        # ... every other aggregate is no data.
        ('where s = "none" column v mean scale 0..10', None),
        ('where s = "none" column v median scale 0..10', None),
        ('where s = "none" column v min scale 0..10', None),
        ('where s = "none" column v max scale 0..10', None),
        ('where s = "none" column v percentile(50) scale 0..10', None),
        ('where s = "none" share(where flag) percent', None),
    ],
)
def test_zero_rows(lab, clauses, expected):
    assert raw(lab, clauses) == expected


def test_zero_rows_of_a_header_only_file(lab):
    assert raw(lab, "count scale 0..10", "k,v\n") == 0.0
    assert raw(lab, "column v mean scale 0..10", "k,v\n") is None


def test_only_blank_values_mean_no_data(lab):
    assert raw(lab, "column v mean scale 0..10", "k,v\na,\nb,\n") is None
    assert raw(lab, "column v sum scale 0..10", "k,v\na,\nb,\n") == 0.0


@pytest.mark.parametrize(
    "clauses",
    [
        'value sum(v) / count(where s = "none") scale 0..10',  # 4 / 0
        'value count(where s = "none") / count(where s = "none") percent',  # 0 / 0
        "value sum(v) / 0 scale 0..10",
        'value sum(v) / (count() - 3) scale 0..10',  # 4 / (3 - 3)
    ],
)
def test_division_by_zero_is_no_data(lab, clauses):
    outcome = lab.evaluate(f'index "X" {{ pillar "P" {{ metric m from "d.csv" {clauses} }} }}', {"d.csv": ROWS})
    row = outcome.row(pillar="P", metric="m")
    assert row.raw_value is None and row.score is None
    # The index has no data either: null, never 0, inf or NaN.
    assert outcome.index_score() is None


def test_division_by_zero_inside_rows_skips_the_row(lab):
    # Per row v / d: 6/2 = 3, 5/0 = missing, 8/4 = 2 → mean of (3, 2) = 2.5
    data = "v,d\n6,2\n5,0\n8,4\n"
    assert raw(lab, "value mean(v / d) scale 0..10", data) == 2.5


def test_an_overflowing_value_is_an_error_never_inf_or_nan(lab):
    data = "v\n1e308\n1e308\n"  # the float sum 2e308 overflows to inf
    outcome = lab.evaluate_failing('index "X" { pillar "P" { metric v from "d.csv" sum scale 0..10 } }', {"d.csv": data})
    assert outcome.evaluation is None
    assert "CHI415" in outcome.rendered and "overflows" in outcome.rendered


def test_inf_minus_inf_is_an_error_too(lab):
    data = "v\n1e308\n1e308\n"  # sum(v) - sum(v) = inf - inf = NaN
    outcome = lab.evaluate_failing(
        'index "X" { pillar "P" { metric v from "d.csv" value sum(v) - sum(v) scale 0..10 } }', {"d.csv": data})
    assert "CHI415" in outcome.rendered


# ---------------------------------------------------------------------------
# Row expressions


JSON_ROWS = (
    '{"title": "Bug in parser", "labels": [{"name": "bug"}, {"name": "p1"}], "tags": ["bug", "ui"],'
    ' "pull_request": {"merged_at": "2025-01-02T00:00:00Z"}, "opened": "2025-01-01T00:00:00Z",'
    ' "closed": "2025-01-01T06:00:00Z", "n": 2}\n'
    '{"title": "Feature", "labels": [{"name": "enhancement"}], "tags": [], "pull_request": null,'
    ' "opened": "2025-01-01T00:00:00Z", "closed": "2025-01-03T00:00:00Z", "n": 5}\n'
    '{"title": "Docs", "labels": [], "tags": ["docs"], "pull_request": {"merged_at": null},'
    ' "opened": "2025-01-01T00:00:00+02:00", "closed": null, "n": null}\n'
)


@pytest.mark.parametrize(
    ("clauses", "expected"),
    [
        ('where title contains "Bug" count scale 0..10', 1.0),
        ('where labels.name contains "bug" count scale 0..10', 1.0),  # through a list of objects
        ('where tags contains "docs" count scale 0..10', 1.0),
        ("where pull_request.merged_at is not missing count scale 0..10", 1.0),
        ("where pull_request.merged_at is missing count scale 0..10", 2.0),
        ("where n is missing count scale 0..10", 1.0),
        ("where n = missing count scale 0..10", 1.0),
        ("where n != missing count scale 0..10", 2.0),
        # 6 hours, and 2 days = 48 hours; the third row has no close date.
        ("value mean(hours(closed - opened)) scale 0..100", (6 + 48) / 2),
        ("value max(days(closed - opened)) scale 0..10", 2.0),
        # "2025-01-01T00:00:00+02:00" is 2024-12-31T22:00Z: 2 hours before the others.
        ("value min(hours(opened - closed)) scale -100..100", -48.0),
        ("where n in [2, 5] count scale 0..10", 2.0),
        ("where n not in [2] count scale 0..10", 1.0),  # the missing n is neither in nor not in
        ('where title in ["Docs", "Feature"] count scale 0..10', 2.0),
        ("value mean(n * 2 + 1) scale 0..100", ((2 * 2 + 1) + (5 * 2 + 1)) / 2),
        ("value mean(-n) scale -10..0", -3.5),
        ("value sum(abs(-n)) scale 0..10", 7.0),
        ("value mean(ln(n)) scale 0..10", (math.log(2) + math.log(5)) / 2),
        ('where lower(title) = "docs" count scale 0..10', 1.0),
        ('where upper(title) = "DOCS" count scale 0..10', 1.0),
        ("value max(length(title)) scale 0..100", float(len("Bug in parser"))),
    ],
)
def test_row_expressions_on_json(lab, clauses, expected):
    assert raw(lab, clauses, JSON_ROWS, "d.jsonl") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        # Rows: (a=1, b=true), (a=missing, b=true), (a=missing, b=false), (a=3, b=missing)
        ("a > 2 or b", 3.0),  # true or ?: row 1 (b), row 2 (b), row 4 (a > 2)
        ("a > 2 and b", 0.0),  # row 4: true and missing = missing → dropped
        ("not (a > 2)", 1.0),  # row 1 only: not(missing) is missing
        ("a > 0 and not b", 0.0),  # row 3 has a missing; row 4 b missing
        ("a is missing or a >= 3", 3.0),
    ],
)
def test_three_valued_logic(lab, where, expected):
    data = "a,b\n1,true\n,true\n,false\n3,\n"
    assert raw(lab, f"where {where} count scale 0..10", data) == expected


# ---------------------------------------------------------------------------
# The accumulators on their own


def test_percentile_cont_interpolates_like_sql():
    # [10, 20, 30, 40] at q = 0.25: position 0.75 → 10 + 0.75 * 10 = 17.5
    assert percentile_cont([40, 10, 30, 20], 0.25) == 17.5
    assert percentile_cont([5], 0.9) == 5
    assert percentile_cont([], 0.5) is None


def test_accumulators_skip_missing_values():
    mean = make_accumulator("mean", None)
    for value in (1.0, None, 3.0):
        mean.add(value)
    assert mean.result() == 2.0
    assert [empty_result(f) for f in ("count", "sum", "mean", "median", "share")] == [0.0, 0.0, None, None, None]


def test_percent_literals_in_rows_are_fractions(lab):
    # 50% is 0.5: rows 0.4, 0.6, 0.9 → two above
    assert raw(lab, "where rate > 50% count scale 0..10", "rate\n0.4\n0.6\n0.9\n") == 2.0


def test_lower_and_upper_fold_ascii_letters_only(lab):
    # Unicode case rules differ between engines (Python maps ß to SS, DuckDB to ẞ),
    # so the language folds the 26 ASCII letters only: "straße" upper-cases to "STRAßE".
    data = "title\nstraße\nSTRASSE\nCafé\n"
    spec = 'index "X" {{ pillar "P" {{ metric m from "d.csv" where {cond} count target 10 }} }}'
    outcome = lab.evaluate(spec.format(cond='upper(title) = "STRAßE"'), {"d.csv": data})
    assert outcome.row(pillar="P", metric="m").raw_value == 1.0  # only "straße"
    outcome = lab.evaluate(spec.format(cond='upper(title) = "STRASSE"'), {"d.csv": data})
    assert outcome.row(pillar="P", metric="m").raw_value == 1.0  # only the row written STRASSE
    outcome = lab.evaluate(spec.format(cond='lower(title) = "café"'), {"d.csv": data})
    assert outcome.row(pillar="P", metric="m").raw_value == 1.0  # C folds, é is already lower case
