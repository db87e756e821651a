"""Regressions from fresh-user testing of explain and diff.

* ``explain --top N`` said "and 7 more parts" of 13: parts that did not change were
  neither listed nor counted;
* ``chi-lang diff`` printed "description None" for an added or removed description,
  reported an index status change once more for every pillar that inherits it (and
  an index ``missing`` change for every pillar and metric), and ignored ``--period``
  without ``--data``;
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

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
