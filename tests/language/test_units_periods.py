"""Units (`by`) and time (`period`), and missing-value tokens per column type."""

from __future__ import annotations

from datetime import datetime

import pytest

from chi_lang.evaluate import period_key


@pytest.mark.parametrize(
    ("moment", "period", "key"),
    [
        ("2025-03-14 09:12", "day", "2025-03-14"),
        ("2025-03-14 09:12", "month", "2025-03"),
        ("2025-03-31 23:59", "quarter", "2025-Q1"),
        ("2025-04-01 00:00", "quarter", "2025-Q2"),
        ("2025-12-31 12:00", "quarter", "2025-Q4"),
        ("2025-12-31 12:00", "year", "2025"),
        # ISO weeks start on Monday; week 1 holds the year's first Thursday.
        ("2024-12-30 00:00", "week", "2025-W01"),  # a Monday in December, already in 2025's week 1
        ("2024-12-29 23:59", "week", "2024-W52"),  # the Sunday before
        ("2025-01-05 12:00", "week", "2025-W01"),  # Sunday: still week 1
        ("2025-01-06 00:00", "week", "2025-W02"),  # Monday: week 2
        ("2021-01-03 00:00", "week", "2020-W53"),  # a 53-week year
        ("2026-12-31 00:00", "week", "2026-W53"),
    ],
)
def test_period_keys(moment, period, key):
    assert period_key(datetime.fromisoformat(moment), period) == key


def periods_of(lab, period: str, dates: list[str], extra: str = "") -> dict[str, float]:
    data = "when,v\n" + "".join(f"{d},1\n" for d in dates)
    outcome = lab.evaluate(
        f'index "X" {{ period {period}\n source s = "d.csv" {{ date when {extra} }}\n'
        f' pillar "P" {{ metric n from s count target 10 }} }}',
        {"d.csv": data},
    )
    return {r.period: r.raw_value for r in outcome.evaluation.rows if r.level == "metric"}


def test_period_week_counts_rows_per_iso_week(lab):
    # Sun 29 Dec 2024 | Mon 30 Dec, Wed 1 Jan, Sun 5 Jan | Mon 6 Jan
    counts = periods_of(lab, "week", ["2024-12-29", "2024-12-30", "2025-01-01", "2025-01-05", "2025-01-06"])
    assert counts == {"2024-W52": 1.0, "2025-W01": 3.0, "2025-W02": 1.0}


def test_period_month_and_quarter(lab):
    dates = ["2025-01-31", "2025-02-01", "2025-03-15", "2025-04-01"]
    assert periods_of(lab, "month", dates) == {"2025-01": 1.0, "2025-02": 1.0, "2025-03": 1.0, "2025-04": 1.0}
    assert periods_of(lab, "quarter", dates) == {"2025-Q1": 3.0, "2025-Q2": 1.0}
    assert periods_of(lab, "year", dates) == {"2025": 4.0}
    assert periods_of(lab, "day", dates[:2]) == {"2025-01-31": 1.0, "2025-02-01": 1.0}


def test_timestamps_with_offsets_are_bucketed_in_utc(lab):
    # 23:30 at UTC-2 on 31 January is 01:30 UTC on 1 February.
    counts = periods_of(lab, "month", ["2025-01-31T23:30:00-02:00", "2025-01-31T23:30:00Z", "2025-01-31T23:30:00+02:00"])
    assert counts == {"2025-01": 2.0, "2025-02": 1.0}


def test_date_format(lab):
    counts = periods_of(lab, "month", ["31/01/2025", "01/02/2025"], 'date_format "%d/%m/%Y"')
    assert counts == {"2025-01": 1.0, "2025-02": 1.0}


def test_a_period_with_no_rows_in_one_source_gets_zero_counts_and_no_means(lab):
    outcome = lab.evaluate(
        'index "X" { period month\n source a = "a.csv" { date d }\n source b = "b.csv" { date d }\n'
        ' pillar "P" { metric n from a count target 10\n metric m from a column v mean scale 0..10\n'
        ' metric o from b count target 10 } }',
        {"a.csv": "d,v\n2025-01-10,5\n", "b.csv": "d\n2025-01-11\n2025-02-11\n"},
    )
    # February exists (source b has a row) but source a has none there.
    assert outcome.row("2025-02", pillar="P", metric="n").raw_value == 0.0
    assert outcome.row("2025-02", pillar="P", metric="m").raw_value is None
    assert outcome.row("2025-02", pillar="P", metric="o").raw_value == 1.0


def test_rows_without_a_date_are_left_out_with_a_warning(lab):
    outcome = lab.evaluate(
        'index "X" { period month\n source s = "d.csv" { date when }\n pillar "P" { metric n from s count target 10 } }',
        {"d.csv": "when,v\n2025-01-02,1\n,1\n2025-01-03,1\n"},
    )
    assert outcome.row("2025-01", pillar="P", metric="n").raw_value == 2.0
    assert "1 row(s)" in outcome.one("CHI412").message


# ---------------------------------------------------------------------------
# Units


def test_by_evaluates_per_unit(lab):
    outcome = lab.evaluate(
        'index "X" { by country\n pillar "P" { metric v from "d.csv" mean scale 0..10 } }',
        {"d.csv": "country,v\nFR,2\nFR,4\nDE,8\n"},
    )
    # FR: mean(2, 4) = 3 → 30; DE: 8 → 80
    assert outcome.index_score(unit="FR") == pytest.approx(30.0)
    assert outcome.index_score(unit="DE") == pytest.approx(80.0)
    assert outcome.evaluation.units() == ["DE", "FR"]


def test_by_and_period_together(lab):
    outcome = lab.evaluate(
        'index "X" { by team period quarter\n source s = "d.csv" { date d }\n'
        ' pillar "P" { metric n from s count target 4 } }',
        {"d.csv": "d,team\n2025-01-01,a\n2025-02-01,a\n2025-05-01,a\n2025-05-02,b\n"},
    )
    assert outcome.row("2025-Q1", "a", "P", "n").raw_value == 2.0
    assert outcome.row("2025-Q2", "a", "P", "n").raw_value == 1.0
    assert outcome.row("2025-Q2", "b", "P", "n").raw_value == 1.0
    # b had nothing in Q1, but a did, so the cell (Q1, b) does not exist at all.
    assert outcome.evaluation.lookup("2025-Q1", "b", "P", "n") is None


def test_rows_without_a_unit_are_left_out_with_a_warning(lab):
    outcome = lab.evaluate(
        'index "X" { by country\n pillar "P" { metric v from "d.csv" mean scale 0..10 } }',
        {"d.csv": "country,v\nFR,2\n,9\n"},
    )
    assert outcome.evaluation.units() == ["FR"]
    assert "1 row(s)" in outcome.one("CHI413").message


def test_source_unit_option_names_its_own_unit_column(lab):
    outcome = lab.evaluate(
        'index "X" { by country\n source s = "d.csv" { unit land }\n'
        ' pillar "P" { metric v from s mean scale 0..10 } }',
        {"d.csv": "land,v\nFR,2\n"},
    )
    assert outcome.index_score(unit="FR") == pytest.approx(20.0)


# ---------------------------------------------------------------------------
# Missing-value tokens: missing where a number, date or boolean is read; text stays text


TOKENS_SPEC = """
index "X" {
  by region
  source s = "d.csv" { missing_values ["NA", "-"] }
  pillar "P" {
    metric v from s mean scale 0..100
    metric na_rows from s where region = "NA" count target 10
    metric listed from s where region in ["NA", "EU"] count target 10
    metric regions from s column region count_distinct target 10
    metric answered from s where ok count target 10
  }
}
"""
TOKENS_DATA = "region,v,ok\nNA,10,yes\nNA,NA,-\nEU,20,no\nEU,-,yes\nEU,,NA\n"


def test_missing_tokens_apply_to_numbers_but_never_rewrite_text(lab):
    outcome = lab.evaluate(TOKENS_SPEC, {"d.csv": TOKENS_DATA})
    assert outcome.evaluation.units() == ["EU", "NA"]  # "NA" is a region, not missing
    # v: NA → 10 (the "NA" cell is missing), EU → 20 ("-" and the blank are missing)
    assert outcome.row(unit="NA", pillar="P", metric="v").raw_value == 10.0
    assert outcome.row(unit="EU", pillar="P", metric="v").raw_value == 20.0
    # Comparing text with "NA" matches the region code.
    assert outcome.row(unit="NA", pillar="P", metric="na_rows").raw_value == 2.0
    assert outcome.row(unit="NA", pillar="P", metric="listed").raw_value == 2.0
    assert outcome.row(unit="NA", pillar="P", metric="regions").raw_value == 1.0
    # Booleans: "-" and "NA" are missing, so only the "yes" rows count.
    assert outcome.row(unit="NA", pillar="P", metric="answered").raw_value == 1.0
    assert outcome.row(unit="EU", pillar="P", metric="answered").raw_value == 1.0


def test_without_tokens_na_in_a_number_column_is_an_error(lab):
    outcome = lab.evaluate_failing(
        'index "X" { pillar "P" { metric v from "d.csv" mean scale 0..100 } }',
        {"d.csv": "v\n10\nNA\n"},
    )
    diagnostic = outcome.one("CHI405")
    assert "'NA'" in diagnostic.message and diagnostic.span.line == 3
    assert 'missing_values ["NA"]' in diagnostic.hint


def test_missing_tokens_apply_to_dates(lab):
    outcome = lab.evaluate(
        'index "X" { source s = "d.csv" { missing_values ["N/A"] }\n'
        ' pillar "P" { metric h from s value median(hours(b - a)) lower_is_better scale 0..48 } }',
        {"d.csv": "a,b\n2025-01-01T00:00:00,2025-01-01T12:00:00\n2025-01-01T00:00:00,N/A\n"},
    )
    assert outcome.row(pillar="P", metric="h").raw_value == 12.0  # the N/A row is skipped


# ---------------------------------------------------------------------------
# Decimal marks and thousands separators


@pytest.mark.parametrize(
    ("options", "data", "expected"),
    [
        ('{ delimiter ";" decimal "," }', "v;k\n1,5;a\n2,5;b\n", 2.0),  # (1.5 + 2.5) / 2
        ('{ delimiter ";" decimal "," thousands "." }', "v;k\n1.234,5;a\n", 1234.5),
        ('{ thousands "," }', 'v,k\n"1,234.5",a\n', 1234.5),
        ('{ delimiter "\\t" }', "v\tk\n3\ta\n", 3.0),
        ('{ delimiter "tab" }', "v\tk\n3\ta\n", 3.0),
    ],
)
def test_number_formats(lab, options, data, expected):
    outcome = lab.evaluate(
        f'index "X" {{ source s = "d.csv" {options}\n pillar "P" {{ metric v from s mean scale 0..10000 }} }}',
        {"d.csv": data},
    )
    assert outcome.row(pillar="P", metric="v").raw_value == expected


def test_a_point_in_a_decimal_comma_file_is_ambiguous(lab):
    outcome = lab.evaluate_failing(
        'index "X" { source s = "d.csv" { delimiter ";" decimal "," }\n pillar "P" { metric v from s mean scale 0..10 } }',
        {"d.csv": "v;k\n1.5;a\n"},
    )
    assert "ambiguous" in outcome.one("CHI405").hint


def test_untyped_uses_see_tokens_as_written(lab):
    # Documented behaviour (docs/language.md, "Reading cells"): `is missing` and
    # count(x) do not know the column's type, so the token "N/A" is a value there,
    # while a date use of the same column reads it as missing.
    outcome = lab.evaluate(
        'index "X" { source s = "d.csv" { missing_values ["N/A"] }\n pillar "P" {\n'
        '  metric blank from s where r is missing count target 10\n'
        '  metric present from s column r count target 10\n'
        '  metric resolved from s value count(days(r - o)) target 10 } }',
        {"d.csv": "o,r\n2025-01-01,2025-01-03\n2025-01-01,N/A\n2025-01-01,\n"},
    )
    assert outcome.row(pillar="P", metric="blank").raw_value == 1.0  # only the empty cell
    assert outcome.row(pillar="P", metric="present").raw_value == 2.0  # the date and "N/A"
    assert outcome.row(pillar="P", metric="resolved").raw_value == 1.0  # only the real date
