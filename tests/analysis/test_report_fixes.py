"""Regressions from fresh-user testing of explain and diff.

* ``explain --top N`` said "and 7 more parts" of 13: parts that did not change were
  neither listed nor counted;
* ``chi-lang diff`` printed "description None" for an added or removed description,
  reported an index status change once more for every pillar that inherits it (and
  an index ``missing`` change for every pillar and metric), and ignored ``--period``
  without ``--data``;
* ``--sensitivity`` memory grew with the samples (2.1 GB at 100,000 on the HDI):
  every sample's weights and every sample's index were held as Python objects;
"""

from __future__ import annotations

import importlib.util
import json
import math
import random
import textwrap
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chi_lang.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "specs" / "community-health.chi")


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


# ---- 5. explain --top N counts every part it does not list ----------------------------------


def test_more_parts_counts_the_unchanged_ones():
    parts = json.loads(cli("explain", EXAMPLE, "--engine", "python", "--format", "json").stdout)["change"]["parts"]
    moved = [p for p in parts if p["total"] != 0]
    assert (len(parts), len(moved)) == (16, 10)  # 6 metrics scored the same in both months
    text = cli("explain", EXAMPLE, "--engine", "python", "--top", "3").stdout
    change = text[text.index("\nChange "):]
    table = change[change.index("  part "):change.index("  sum of the parts")].splitlines()
    assert len(table) == 1 + 3 + 1  # header, 3 parts, the "more" line
    # 16 parts: 3 listed, 13 more (was "and 7 more parts": the 6 unchanged ones were lost)
    assert table[-1] == "  … and 13 more parts, together +0.38 (6 of them unchanged)"
    md = cli("explain", EXAMPLE, "--engine", "python", "--top", "3", "--format", "md").stdout
    assert "… and 13 more parts, together +0.38 (6 of them unchanged)." in md


def test_more_parts_when_only_unchanged_ones_are_left():
    text = cli("explain", EXAMPLE, "--engine", "python", "--top", "12").stdout
    assert "  … and 6 more parts, unchanged\n" in text  # 10 listed + 6 = 16


# ---- 6. diff: absent texts, inherited settings, --period without --data ---------------------

OLD = """
index "T" {
  status { >= 75 "healthy", >= 50 "watch", else "at risk" }
  source d = "d.csv"
  pillar "A" weight 1/2 {
    metric a from d scale 0..100
    metric b from d scale 0..100 description "the b"
  }
  pillar "B" weight 1/2 status { >= 90 "great", else "fine" } { metric c from d scale 0..100 missing error }
  pillar "C" weight 0 { metric e from d scale 0..100 }  # chi: ignore[CHI104]
}
"""
NEW = (OLD.replace('>= 75 "healthy"', '>= 80 "healthy"')
       .replace('metric a from d scale 0..100', 'metric a from d scale 0..100 description "the a" unit "h"')
       .replace(' description "the b"', "")
       .replace('index "T" {', 'index "T" {\n  description "new"\n  missing zero')
       .replace('pillar "C" weight 0 {', 'pillar "C" weight 0 missing reweight {'))


def _specs(tmp_path):
    (tmp_path / "d.csv").write_text("a,b,c,e\n1,2,3,4\n", encoding="utf-8")
    (tmp_path / "old.chi").write_text(textwrap.dedent(OLD), encoding="utf-8")
    (tmp_path / "new.chi").write_text(textwrap.dedent(NEW), encoding="utf-8")
    return str(tmp_path / "old.chi"), str(tmp_path / "new.chi")


def test_diff_says_added_and_removed_never_none(tmp_path):
    old, new = _specs(tmp_path)
    text = cli("diff", old, new).stdout
    assert "None" not in text and "description none" not in text
    assert "  index setting: index: description added: 'new'" in text
    assert "  metric setting: A / a: unit added: 'h'" in text
    assert "  metric setting: A / a: description added: 'the a'" in text
    assert "  metric setting: A / b: description removed (was 'the b')" in text
    changes = json.loads(cli("diff", old, new, "--format", "json").stdout)["changes"]
    removed = next(c for c in changes if c["metric"] == "b")
    assert (removed["old"], removed["new"]) == ("description removed (was 'the b')", None)


def test_diff_reports_inherited_settings_once_where_declared(tmp_path):
    old, new = _specs(tmp_path)
    result = cli("diff", old, new, "--format", "json")
    semantic = [(c["kind"], c["pillar"], c["metric"], c["old"].split(" ")[0])
                for c in json.loads(result.stdout)["changes"] if c["semantic"]]
    # The index's status and missing policy, once each (the status was also listed for
    # pillars A and C, which inherit it, and `missing` for A, C, a, b and e).  B declares
    # its own bands and c its own policy: unchanged.  C now declares `missing reweight`
    # itself, which it had before by inheritance: no change either.
    assert semantic == [("index", None, None, "missing"), ("index", None, None, "status")]
    text = cli("diff", old, new).stdout
    assert text.startswith(f"{old} → {new}: 2 semantic changes")


def test_diff_reports_a_pillar_that_stops_following_the_index(tmp_path):
    old, new = _specs(tmp_path)
    Path(new).write_text(textwrap.dedent(NEW).replace('pillar "A" weight 1/2 {', 'pillar "A" weight 1/2 missing error {'),
                         encoding="utf-8")
    changes = json.loads(cli("diff", old, new, "--format", "json").stdout)["changes"]
    assert [(c["pillar"], c["metric"], c["old"], c["new"]) for c in changes
            if c["semantic"] and c["kind"] != "index"] == [("A", None, "missing reweight", "missing error")]


def test_diff_period_needs_data(tmp_path):
    old, new = _specs(tmp_path)
    result = cli("diff", old, new, "--period", "2025-01")
    assert result.exit_code == 2
    assert "--period" in result.output and "needs --data" in result.output
    assert cli("diff", old, new, "--period", "2025-01", "--data").exit_code == 1  # a bad period: CHI705


# ---- 7. sensitivity in batches: the same samples, bounded working memory -------------------

HAS_NUMPY = importlib.util.find_spec("numpy") is not None
BACKENDS = [pytest.param(True, marks=pytest.mark.skipif(not HAS_NUMPY, reason="numpy is not installed")), False]


def _example():
    from chi_lang.analysis.cells import RowIndex
    from chi_lang.diagnostics import DiagnosticBag
    from chi_lang.evaluate import evaluate
    from chi_lang.pipeline import load_spec

    loaded = load_spec(EXAMPLE)
    return loaded.index, RowIndex(evaluate(loaded.index, DiagnosticBag()))


TEAMS = """
index "Teams" {
  by team
  source d = "d.csv"
  pillar "A" weight 1/2 { metric a from d scale 0..100  metric b from d scale 0..100 }
  pillar "B" weight 1/2 { metric c from d scale 0..100 }
}
"""


@pytest.mark.parametrize("use_numpy", BACKENDS)
def test_batches_give_the_samples_of_one_pass(tmp_path, monkeypatch, use_numpy):
    from chi_lang.analysis import sensitivity
    from chi_lang.analysis.cells import RowIndex
    from chi_lang.diagnostics import DiagnosticBag
    from chi_lang.evaluate import evaluate
    from chi_lang.pipeline import load_spec

    # Ties (x and y score the same) and close ranks, so rank intervals are exercised.
    (tmp_path / "d.csv").write_text("team,a,b,c\nx,50,60,70\ny,60,50,70\nz,55,55,71\nw,90,10,40\n", encoding="utf-8")
    (tmp_path / "spec.chi").write_text(textwrap.dedent(TEAMS), encoding="utf-8")
    loaded = load_spec(str(tmp_path / "spec.chi"))
    rows = RowIndex(evaluate(loaded.index, DiagnosticBag()))
    batched = sensitivity.run_sensitivity(loaded.index, rows, 2500, 11, 0.3, None, (), use_numpy=use_numpy)
    monkeypatch.setattr(sensitivity, "BATCH", 10 ** 6)  # all samples in one batch, as before batching
    whole = sensitivity.run_sensitivity(loaded.index, rows, 2500, 11, 0.3, None, (), use_numpy=use_numpy)
    assert batched.rows == whole.rows
    assert {(r.rank_low, r.rank_high) for r in batched.rows} != {(r.rank, r.rank) for r in batched.rows}


@pytest.mark.skipif(not HAS_NUMPY, reason="numpy is not installed")
def test_numpy_ranks_are_the_python_ranks():
    import numpy as np

    from chi_lang.analysis._sensitivity_numpy import rank_batch
    from chi_lang.analysis.sensitivity import _rank_columns

    rng = random.Random(3)
    matrix = [[rng.choice([10.0, 20.0, 20.0, 30.0, math.nan]) for _ in range(7)] for _ in range(200)]
    columns = [list(c) for c in zip(*matrix)]
    assert rank_batch(np.array(matrix)).T.tolist() == _rank_columns(columns)


@pytest.mark.parametrize("use_numpy", BACKENDS)
def test_sensitivity_memory_per_sample_is_the_values_alone(monkeypatch, use_numpy):
    """What each sample adds to the peak: its index for each of the 12 periods as
    8-byte doubles, 96 bytes.  Before batching it added about 1,300 bytes (python)
    and 2,300 (numpy): every sample's weights, and every sample's index as Python
    objects, held at once (2.1 GB at 100,000 samples of the HDI)."""
    from chi_lang.analysis import sensitivity
    from chi_lang.analysis.sensitivity import run_sensitivity

    index, rows = _example()
    run_sensitivity(index, rows, 10, 1, 0.2, None, (), use_numpy=use_numpy)  # imports done
    monkeypatch.setattr(sensitivity, "BATCH", 256)  # both runs in whole batches
    small, large = (2000, 10000) if use_numpy else (1000, 3000)
    peaks = []
    for samples in (small, large):
        tracemalloc.start()
        try:
            run_sensitivity(index, rows, samples, 1, 0.2, None, (), use_numpy=use_numpy)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    per_sample = (peaks[1] - peaks[0]) / (large - small)
    assert per_sample < 4 * 12 * 8, (peaks, per_sample)


def test_geometric_shortfall_is_counted_below_the_top_of_the_output_scale(tmp_path):
    # An index shown on 0..1 (as the HDI is): the shortfall is points below 1, not below 100.
    (tmp_path / "d.csv").write_text("a,b\n4,9\n", encoding="utf-8")
    (tmp_path / "s.chi").write_text(textwrap.dedent("""
        index "G" {
          output scale 0..1
          geometric
          pillar "A" { metric a from "d.csv" mean scale 0..10 }
          pillar "B" { metric b from "d.csv" mean scale 0..10 }
        }
        """), encoding="utf-8")
    for fmt in ("text", "md"):
        result = cli("explain", str(tmp_path / "s.chi"), "--format", fmt, "--engine", "python")
        assert result.exit_code == 0, result.output
        assert "points below 1 each part" in result.stdout and "below 100" not in result.stdout
