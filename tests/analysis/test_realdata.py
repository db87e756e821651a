"""The issue's acceptance checks on real data (skipped when ../shared/data is absent).

* GitHub community spec: `explain` names what moved the index between the last two
  months, and the parts add up to the change.
* HDI spec: the sensitivity report gives every country a rank interval.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chi_lang.analysis.attribution import explain_changes
from chi_lang.analysis.cells import RowIndex
from chi_lang.analysis.sensitivity import run_sensitivity
from chi_lang.cli import app
from chi_lang.diagnostics import DiagnosticBag
from chi_lang.evaluate import evaluate
from chi_lang.pipeline import load_text

REAL = Path(__file__).resolve().parents[2] / "specs" / "real"
_CACHE: dict[str, tuple] = {}


def real(name: str, shared_data: Path):
    """Load and evaluate specs/real/<name>, pointing it at ``shared_data`` if elsewhere."""
    if name not in _CACHE:
        path = REAL / name
        if not path.exists():
            pytest.skip(f"{path} is not written yet")
        text = path.read_text(encoding="utf-8")
        text = text.replace('"../../../shared/data/', '"' + shared_data.resolve().as_posix() + "/")
        loaded = load_text(text, str(path))
        assert not loaded.bag.has_errors, [d.message for d in loaded.bag.items]
        evaluation = evaluate(loaded.index, DiagnosticBag())
        assert evaluation is not None
        _CACHE[name] = (loaded.index, evaluation)
    return _CACHE[name]


def test_github_community_last_two_months(shared_data):
    index, evaluation = real("github-community.chi", shared_data)
    rows = RowIndex(evaluation)
    months = rows.periods_with_data(None)
    period_a, period_b = months[-2], months[-1]
    assert (period_a, period_b) == ("2025-01", "2025-02")
    attribution = explain_changes(index, evaluation, period_a, period_b)
    assert abs(attribution.explained - attribution.delta) < 1e-9
    # Independently of the attribution: each metric's part is the change of its
    # contribution in the long table (coverage is full in both months).
    for part in attribution.parts:
        before = rows.get(period_a, None, part.pillar, part.metric).contribution
        after = rows.get(period_b, None, part.pillar, part.metric).contribution
        assert part.total == pytest.approx(after - before, abs=1e-12)
        assert part.coverage_effect == 0
    assert attribution.coverage_changes == ()
    assert attribution.parts[0].metric == "external_merged_share"  # the largest mover


def test_github_community_cli_names_the_movers(shared_data):
    if (REAL / "../../../shared/data").resolve() != shared_data.resolve():
        pytest.skip("the spec names the data beside the project; CHI_SHARED_DATA points elsewhere")
    result = CliRunner().invoke(app, ["explain", str(REAL / "github-community.chi"), "--engine", "python"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("Change "))
    assert line.startswith("Change 2025-01 → 2025-02: the index rose 2.96 points (50.5 → 53.5): "
                           "external_merged_share +2.55, issues_answered −2.23, merged_prs +1.84")
    assert "sum of the parts +2.96 = index change +2.96" in result.stdout
    result = CliRunner().invoke(app, ["explain", str(REAL / "github-community.chi"), "--engine", "python",
                                      "--format", "json"])
    change = json.loads(result.stdout)["change"]
    assert abs(math.fsum(p["total"] for p in change["parts"]) - change["delta"]) < 1e-9


def test_hdi_rank_interval_for_every_country(shared_data):
    index, evaluation = real("hdi.chi", shared_data)
    rows = RowIndex(evaluation)
    result = run_sensitivity(index, rows, samples=1000, seed=2024)
    # 204 countries and aggregates have complete 2022 data; Monaco and North Korea do not.
    assert len(result.rows) == 204
    assert set(result.no_data) == {"MCO", "PRK"}
    assert result.ranked
    for row in result.rows:
        assert 1 <= row.rank_low <= row.rank <= row.rank_high <= 204, row
        assert row.low <= row.index <= row.high, row
    by_unit = {r.unit: r for r in result.rows}
    # Switzerland and Norway are 0.0013 apart (0.967 vs 0.966): weights can swap them.
    assert (by_unit["CHE"].rank, by_unit["NOR"].rank) == (1, 2)
    assert (by_unit["CHE"].rank_low, by_unit["CHE"].rank_high) == (1, 2)
    assert (by_unit["NOR"].rank_low, by_unit["NOR"].rank_high) == (1, 2)
    again = run_sensitivity(index, rows, samples=1000, seed=2024)
    assert again == result
