"""Regressions from fresh-user testing of explain and diff.

* ``explain --top N`` said "and 7 more parts" of 13: parts that did not change were
  neither listed nor counted;
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
