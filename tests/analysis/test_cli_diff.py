"""`chi-lang diff` on files and on two commits of a spec in a scratch git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap

import pytest
from typer.testing import CliRunner

from chi_lang.cli import app

SPEC = """
index "Teams" {
  by team
  source d = "data/d.csv"
  pillar "Speed" weight 50% {
    metric fast weight 1/2 from d scale 0..100
    metric steady weight 1/2 from d scale 0..100
  }
  pillar "Care" weight 50% {
    metric kind from d scale 0..100
  }
}
"""
DATA = "team,fast,steady,kind\na,100,100,90\nb,80,40,50\nc,40,80,60\n"
# The review: Speed gets 40%, Care 60%; `steady` is renamed `consistency` (same
# column, same scale); `fast` moves from 1/2 to 1/3 of its pillar.
CHANGED = (SPEC.replace('"Speed" weight 50%', '"Speed" weight 40%').replace('"Care" weight 50%', '"Care" weight 60%')
           .replace("metric fast weight 1/2", "metric fast weight 1/3")
           .replace("metric steady weight 1/2 from d", "metric consistency weight 2/3 from d column steady"))


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", *args],
                   cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "d.csv").write_text(DATA, encoding="utf-8")
    (tmp_path / "specs").mkdir()
    spec = tmp_path / "specs" / "teams.chi"
    git(tmp_path, "init", "-q")
    spec.write_text(textwrap.dedent(SPEC).replace('"data/d.csv"', '"../data/d.csv"'), encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    spec.write_text(textwrap.dedent(CHANGED).replace('"data/d.csv"', '"../data/d.csv"'), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "reweight")
    monkeypatch.chdir(tmp_path / "specs")  # git paths are from the root, wherever we stand
    return tmp_path


def diff(*args):
    return CliRunner().invoke(app, ["diff", *args])


def test_two_commits_every_change_and_the_effect(repo):
    result = diff("HEAD~1:specs/teams.chi", "HEAD:specs/teams.chi", "--data", "--engine", "python", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    changes = [(c["kind"], c["pillar"], c["metric"], c["old"], c["new"]) for c in doc["changes"]]
    assert changes == [
        ("pillar-weight", "Speed", None, "50%", "40%"),
        ("metric-weight", "Speed", "fast", "50% of the pillar (25% of the index)",
         "1/3 (≈33.3333%) of the pillar (2/15 (≈13.3333%) of the index)"),
        ("metric-renamed", "Speed", "consistency", "steady", "consistency"),
        ("metric-weight", "Speed", "consistency", "50% of the pillar (25% of the index)",
         "2/3 (≈66.6667%) of the pillar (4/15 (≈26.6667%) of the index)"),
        ("pillar-weight", "Care", None, "50%", "60%"),
    ]
    rows = {r["unit"]: r for r in doc["effect"]["rows"]}
    # old: .25·fast + .25·steady + .5·kind;  new: .4·(fast/3 + 2·steady/3) + .6·kind
    old = {"a": 25 + 25 + 45, "b": 20 + 10 + 25, "c": 10 + 20 + 30}
    new = {u: 0.4 * (f / 3 + 2 * s / 3) + 0.6 * k for u, (f, s, k) in
           {"a": (100, 100, 90), "b": (80, 40, 50), "c": (40, 80, 60)}.items()}
    for unit in "abc":
        assert rows[unit]["old"] == pytest.approx(old[unit])
        assert rows[unit]["new"] == pytest.approx(new[unit])
    # b and c: old 55 vs 60 → c second; new b 51.3, c 69.3 → unchanged order
    assert [(u, rows[u]["old_rank"], rows[u]["new_rank"]) for u in "abc"] == [("a", 1, 1), ("b", 3, 3), ("c", 2, 2)]


def test_revision_against_working_file_in_markdown(repo):
    (repo / "specs" / "teams.chi").write_text(textwrap.dedent(SPEC).replace('"data/d.csv"', '"../data/d.csv"'),
                                              encoding="utf-8")
    result = diff("HEAD~1:specs/teams.chi", "teams.chi", "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("### chi-lang diff: `HEAD~1:specs/teams.chi` → `teams.chi`")
    assert "**no semantic changes**" in result.stdout
    result = diff("HEAD:specs/teams.chi", "teams.chi", "--format", "md", "--exit-code")
    assert result.exit_code == 1
    assert "| ~ metric renamed (same definition) | Speed / steady | consistency | steady |" in result.stdout


def test_text_output(repo):
    result = diff("HEAD~1:specs/teams.chi", "HEAD:specs/teams.chi", "--data", "--engine", "python")
    assert result.exit_code == 0, result.output
    assert "HEAD~1:specs/teams.chi → HEAD:specs/teams.chi: 5 semantic changes" in result.stdout
    assert "  ~ pillar weight: pillar 'Speed': 50% → 40%" in result.stdout
    assert "Effect on the index: 3 of 3 units change" in result.stdout


@pytest.mark.parametrize("side", ["HEAD~5:specs/teams.chi", "HEAD:specs/nothere.chi", "nobranch:specs/teams.chi"])
def test_unreadable_revision(repo, side):
    result = diff(side, "HEAD:specs/teams.chi")
    assert result.exit_code == 1
    assert "error[CHI701]" in result.stderr and "Traceback" not in result.output


def test_outside_a_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = diff("HEAD:spec.chi", "HEAD:spec.chi")
    assert result.exit_code == 1 and "error[CHI701]" in result.stderr


def test_bad_spec_side_is_a_diagnostic(tmp_path):
    bad = tmp_path / "bad.chi"
    bad.write_text('index "X" { pillar "A" { metric m weight } }', encoding="utf-8")
    result = diff(str(bad), str(bad))
    assert result.exit_code == 1 and "error[CHI10" in result.stderr
    result = diff(str(tmp_path / "missing.chi"), str(bad))
    assert result.exit_code == 1 and "error[CHI101]" in result.stderr
