"""The python engine's fast paths give the answers of the plain paths they shortcut.

These are correctness tests of the optimisations measured by benchmarks/ (never
timings): the ISO date fast path, the per-cell memo of one-column expressions
(including when it overflows and when a cell fails to convert), the getters
shared between metrics, and the pandas peer of the benchmark agreeing with the
engine on a small generated data set.
"""

from __future__ import annotations

import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from chi_lang import rowexpr
from chi_lang.diagnostics import DiagnosticBag
from chi_lang.evaluate import evaluate
from chi_lang.pipeline import load_spec
from chi_lang.sources import CellError, CellReader

ROOT = Path(__file__).resolve().parents[2]


def _full_path_date(reader: CellReader, cell: str):
    """CellReader.date with the fast path skipped: a non-str subclass is not `type(...) is str`."""

    class Text(str):
        pass

    return reader.date(Text(cell), "d")


@pytest.mark.parametrize("cell", [
    "2025-03-14",
    "2025-03-14T09:12:00",
    "2025-03-14T09:12:00Z",
    "2025-03-14T09:12:00+00:00",
    "2025-03-14T23:30:00-02:00",  # the next day in UTC
    "2025-03-14 09:12:00.250+05:30",
    "2025-12-31T23:59:59Z",
    "1900-01-01",  # declared missing below
    " 2025-03-14 ",
    "N/A",
    "",
])
def test_date_fast_path_equals_full_path(cell):
    reader = CellReader(".", None, frozenset({"N/A", "1900-01-01"}), None)
    assert reader.date(cell, "d") == _full_path_date(reader, cell)


@pytest.mark.parametrize("cell", [
    "20250314",                    # basic form
    "2025-W11-5",                  # week date
    "2025-03-14T09",               # an hour alone
    "2025-03-14T0912",             # compact time
    "2025-03-14x09:12",            # another separator
    "2025-03-14T09:12:00,5",       # a decimal comma
    "2025-03-14T09:12:00+01:00:30",  # an offset with seconds
    "2025-03-14T09:12:00+01:60",   # fromisoformat reads this as +02:00
])
def test_date_fast_path_refuses_what_the_docs_do_not_list(cell):
    # datetime.fromisoformat reads all of these; chi-lang (and DuckDB's SQL) do not.
    reader = CellReader(".", None, frozenset(), None)
    for read in (reader.date, lambda c, col: _full_path_date(reader, c)):
        with pytest.raises(CellError) as raised:
            read(cell, "d")
        assert raised.value.code == "CHI406"


@pytest.mark.parametrize("cell, expected", [
    ("2025-03-14", datetime(2025, 3, 14)),
    ("2025-03-14 09:12", datetime(2025, 3, 14, 9, 12)),
    ("2025-03-14T09:12:00", datetime(2025, 3, 14, 9, 12)),
    ("2025-03-14T09:12:00Z", datetime(2025, 3, 14, 9, 12)),
    ("2025-03-14T09:12:00+01:30", datetime(2025, 3, 14, 7, 42)),
    ("2025-03-14T09:12:00.5+01", datetime(2025, 3, 14, 8, 12, 0, 500000)),
    ("2025-03-14 09:12:00 -0800", datetime(2025, 3, 14, 17, 12)),
])
def test_date_forms_the_docs_list(cell, expected):
    reader = CellReader(".", None, frozenset(), None)
    assert reader.date(cell, "d") == expected == _full_path_date(reader, cell)


def test_date_fast_path_values():
    reader = CellReader(".", None, frozenset(), None)
    # 23:30 at UTC-2 is 01:30 the next day in UTC; the result is naive.
    value = reader.date("2025-03-14T23:30:00-02:00", "d")
    assert value == datetime(2025, 3, 15, 1, 30) and value.tzinfo is None
    value = reader.date("2025-03-14T09:12:00Z", "d")
    assert value == datetime(2025, 3, 14, 9, 12) and value.tzinfo is None
    with pytest.raises(CellError):
        reader.date("14/03/2025", "d")


def _write(tmp_path: Path, spec: str, data: str) -> Path:
    (tmp_path / "data.csv").write_text(data, encoding="utf-8")
    path = tmp_path / "spec.chi"
    path.write_text(textwrap.dedent(spec), encoding="utf-8")
    return path


def _evaluate(path: Path):
    loaded = load_spec(str(path))
    assert loaded.index is not None, [d.message for d in loaded.bag.items]
    bag = DiagnosticBag()
    return evaluate(loaded.index, bag), bag


SPEC = """\
index "memo" {
  source s = "data.csv" { date at  missing_values ["-"] }
  pillar "P" {
    metric big weight 1/3 from s where level > 10 count target 100
    metric big_mean weight 1/3 from s where level > 10 column level mean scale 0..100
    metric waits weight 1/3 from s value median(hours(done - at)) scale 0..24
  }
}
"""


def _data(levels: list[str]) -> str:
    lines = ["at,done,level"]
    for i, level in enumerate(levels):
        lines.append(f"2025-01-01T{i % 24:02d}:00:00Z,2025-01-02T{i % 24:02d}:00:00Z,{level}")
    return "\n".join(lines) + "\n"


def test_memo_overflow_gives_the_same_answers(tmp_path, monkeypatch):
    # 40 distinct levels through a memo that holds 4 entries: it is cleared
    # over and over, and every row still counts.  Levels 0..39, each once:
    # level > 10 keeps 11..39, 29 rows, mean (11+39)/2 = 25.
    monkeypatch.setattr(rowexpr, "_MEMO_LIMIT", 4)
    evaluation, bag = _evaluate(_write(tmp_path, SPEC, _data([str(i) for i in range(40)])))
    raws = {r.metric: r.raw_value for r in evaluation.rows if r.level == "metric"}
    assert raws["big"] == 29.0
    assert raws["big_mean"] == 25.0
    # done - at is exactly 24 hours on every row.
    assert raws["waits"] == 24.0


def test_repeated_bad_cell_is_reported_at_its_first_line(tmp_path):
    # The memo must not store a failed conversion: line 3 (the first "x") is
    # reported, and a second "x" after it would fail in the same way.
    path = _write(tmp_path, SPEC, _data(["12", "x", "15", "x"]))
    loaded = load_spec(str(path))
    bag = loaded.bag
    assert evaluate(loaded.index, bag) is None
    (error,) = bag.errors()
    assert error.code == "CHI405"
    assert error.span.line == 3


def test_missing_token_and_repeated_values_through_the_memo(tmp_path):
    # "-" is missing (skipped by mean, and `missing > 10` is not true, so
    # not counted); repeated 20s hit the memo: count 3, mean (20+20+50)/3 = 30.
    evaluation, _ = _evaluate(_write(tmp_path, SPEC, _data(["20", "-", "20", "5", "50"])))
    raws = {r.metric: r.raw_value for r in evaluation.rows if r.level == "metric"}
    assert raws["big"] == 3.0
    assert raws["big_mean"] == 30.0


def test_shared_date_getter_feeds_period_and_metric(tmp_path):
    # `at` is the period column and read by the metric: one getter serves both.
    # January: waits 2h and 4h → median 3; February: 10h.
    spec = """\
    index "shared" {
      period month
      source s = "data.csv" { date at }
      pillar "P" { metric waits from s value median(hours(done - at)) scale 0..24 }
    }
    """
    data = (
        "at,done\n"
        "2025-01-05T10:00:00Z,2025-01-05T12:00:00Z\n"
        "2025-01-31T22:00:00-03:00,2025-02-01T05:00:00Z\n"  # 01:00Z on Feb 1: February, 4h
        "2025-01-20T08:00:00Z,2025-01-20T12:00:00Z\n"
        "2025-02-10T00:00:00Z,2025-02-10T10:00:00Z\n"
    )
    evaluation, _ = _evaluate(_write(tmp_path, spec, data))
    raws = {r.period: r.raw_value for r in evaluation.rows if r.level == "metric"}
    # January: 2h and 4h → 3; February: 4h (the -03:00 row) and 10h → 7.
    assert raws == {"2025-01": 3.0, "2025-02": 7.0}


def test_pandas_peer_agrees_with_the_engine(tmp_path):
    """The benchmark's pandas peer computes bench.chi's numbers (to 1e-9) on 20k rows."""
    pytest.importorskip("numpy")
    pytest.importorskip("pandas")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
        import pandas_peer
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    data = tmp_path / "data"
    generate.generate(20_000, 11, data, quiet=True)
    spec = tmp_path / "bench.chi"
    spec.write_text((ROOT / "benchmarks" / "bench.chi").read_text(encoding="utf-8"), encoding="utf-8")
    evaluation, bag = _evaluate(spec)
    assert evaluation is not None, [d.message for d in bag.items]
    ours = {(r.period, r.unit, r.level, r.pillar, r.metric): (r.raw_value, r.score) for r in evaluation.rows}
    peer = pandas_peer.compute(data)
    assert len(peer) == len(ours)
    for row in peer.itertuples(index=False):
        key = (row.period, row.unit, row.level, row.pillar, row.metric)
        for mine, theirs in zip(ours[key], (row.raw_value, row.score)):
            if mine is None:
                assert theirs != theirs, key  # NaN: no data on both sides
            else:
                assert theirs == pytest.approx(mine, rel=1e-9, abs=1e-12), key
