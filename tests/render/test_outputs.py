"""The render command end to end: formats, options, schema, determinism, size, safety."""

from __future__ import annotations

import html
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from chi_lang.output.tabular import to_csv
from chi_lang.render.document import build_document, script_safe_json
from chi_lang.render.html import render_html
from chi_lang.render.viewmodel import Options

from .conftest import EXAMPLE, REGIONS, ROOT

SCHEMA = json.loads((ROOT / "docs" / "scorecard.schema.json").read_text())


def run(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "chi_lang", *args], capture_output=True, text=True,
                          env=environment, cwd=cwd or ROOT)


def validate(document: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)


# ---- the quickstart and the formats ---------------------------------------------------


def test_quickstart_writes_a_readable_html_file(tmp_path):
    out = tmp_path / "scorecard.html"
    result = run("render", "specs/community-health.chi", "-o", str(out), "--engine", "python")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")
    # readable by others, like any file the user writes (not the 0600 of a temp file)
    assert out.stat().st_mode & stat.S_IRGRP


def test_size_budget_of_the_bundled_example(example):
    """4 pillars, 16 metrics, 12 months: the HTML must stay under 200 KB."""
    assert len(example.index.pillars) == 4 and len(example.index.metrics()) == 16
    assert len(example.evaluation.periods()) == 12
    size = len(render_html(example.index, example.evaluation, Options(spec_file="community-health.chi")).encode())
    assert size < 200_000, size


@pytest.mark.parametrize(("suffix", "start"), [(".md", "## "), (".json", "{"), (".csv", "period,unit,level"),
                                               (".html", "<!DOCTYPE html>")])
def test_format_follows_the_output_extension(tmp_path, suffix, start):
    out = tmp_path / f"card{suffix}"
    result = run("render", str(REGIONS), "-o", str(out), "--engine", "python")
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith(start)


def test_csv_is_the_long_table(regions):
    result = run("render", str(REGIONS), "--format", "csv", "--engine", "python")
    assert result.returncode == 0, result.stderr
    assert result.stdout == to_csv(regions.evaluation)
    one = run("render", str(REGIONS), "--format", "csv", "--engine", "python", "--period", "2025-Q2", "--unit", "West")
    lines = one.stdout.splitlines()
    # header, then the index, 2 pillars and 3 + 3 metrics of one cell
    assert len(lines) == 1 + 1 + 2 + 6 and all(l.startswith("2025-Q2,West,") for l in lines[1:])


def test_json_validates_and_no_data_is_null_with_a_status(regions):
    result = run("render", str(REGIONS), "--format", "json", "--engine", "python")
    assert result.returncode == 0, result.stderr
    assert "NaN" not in result.stdout and "Infinity" not in result.stdout
    document = json.loads(result.stdout)
    validate(document)
    # East has no rows in 2025-Q1: it has no cell at all; the ranking shows it as
    # no data.  Within cells, a metric without data is null with status "no data".
    west_q2 = next(c for c in document["results"] if c["period"] == "2025-Q2" and c["unit"] == "West")
    rating = west_q2["pillars"][1]["metrics"][0]
    assert rating["name"] == "rating"
    assert rating["score"] is None and rating["display"] is None and rating["status"] == "no data"
    assert rating["raw_value"] is None and rating["effective_weight"] == 0.0


def test_schema_rejects_what_it_must():
    document = json.loads(run("render", str(REGIONS), "--format", "json", "--engine", "python").stdout)
    broken = json.loads(json.dumps(document))
    broken["results"][0]["index"]["score"] = None  # null score without status "no data"
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    broken = json.loads(json.dumps(document))
    broken["results"][0]["pillars"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


def test_embedded_data_block_validates_and_cannot_break_out(regions):
    text = render_html(regions.index, regions.evaluation, Options())
    blocks = re.findall(r'<script type="application/json" id="chi-scorecard-data">(.*?)</script>', text, re.S)
    assert len(blocks) == 1
    raw = blocks[0]
    assert "<" not in raw and ">" not in raw and "&" not in raw
    document = json.loads(raw)
    validate(document)
    # the hostile names survive exactly
    assert "<img src=x onerror=alert(1)>" in document["units"]
    assert document["index"]["pillars"][0]["name"] == "Reach </script><!--"
    # the only script element is the JSON block
    assert len(re.findall(r"<script", text)) == 1


def test_script_safe_json_round_trips():
    tricky = {"a": "</script><!--<script>", "b": "&amp; \u2028\u2029", "c": [1.5, None]}
    text = script_safe_json(tricky)
    assert json.loads(text) == tricky
    assert not set("<>&\u2028\u2029") & set(text)


# ---- options and errors -------------------------------------------------------------------


def test_period_and_unit_must_exist():
    # A choice the spec does not have is CHI705, exit 1, as in explain and diff (not a usage error).
    bad = run("render", str(REGIONS), "--period", "2031-Q1", "--engine", "python")
    assert bad.returncode == 1 and "CHI705" in bad.stderr
    assert "no period '2031-Q1'" in bad.stderr and "2025-Q1" in bad.stderr
    bad = run("render", str(REGIONS), "--period", "2025-Q", "--engine", "python")
    assert bad.returncode == 1 and "did you mean" in bad.stderr
    bad = run("render", str(REGIONS), "--unit", "Atlantis", "--engine", "python")
    assert bad.returncode == 1 and "CHI705" in bad.stderr and "no unit 'Atlantis'" in bad.stderr
    bad = run("render", str(EXAMPLE), "--unit", "x", "--engine", "python")
    assert bad.returncode == 1 and "CHI705" in bad.stderr and "no units" in bad.stderr
    assert bad.stdout == "" and "Usage:" not in bad.stderr
    bad = run("render", str(EXAMPLE), "--format", "pdf")
    assert bad.returncode == 2 and "unknown format" in bad.stderr


def test_broken_spec_leaves_no_file(tmp_path):
    spec = tmp_path / "broken.chi"
    spec.write_text('pillar "A" weight 90% { metric m from "x.csv" count target 5 }\n')
    out = tmp_path / "out.html"
    result = run("render", str(spec), "-o", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [spec]


def test_generation_time_only_when_asked(tmp_path):
    plain = run("render", str(EXAMPLE), "-f", "json", "--engine", "python")
    assert json.loads(plain.stdout)["generated_at"] is None
    stamped = run("render", str(EXAMPLE), "-f", "json", "--engine", "python", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert json.loads(stamped.stdout)["generated_at"] == "2026-01-01T00:00:00Z"
    page = run("render", str(EXAMPLE), "--engine", "python", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert '<time datetime="2026-01-01T00:00:00Z">' in page.stdout
    assert "Generated" not in run("render", str(EXAMPLE), "--engine", "python").stdout
    now = run("render", str(EXAMPLE), "-f", "json", "--engine", "python", "--timestamp")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", json.loads(now.stdout)["generated_at"])
    bad = run("render", str(EXAMPLE), env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert bad.returncode == 2 and "SOURCE_DATE_EPOCH" in bad.stderr


# ---- determinism ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_byte_identical_across_runs_and_hash_seeds(fmt):
    outputs = {run("render", str(REGIONS), "-f", fmt, "--engine", "python", env={"PYTHONHASHSEED": seed}).stdout
               for seed in ("0", "1", "4242")}
    assert len(outputs) == 1 and next(iter(outputs))


# ---- self-contained and escaped ----------------------------------------------------------------


def test_no_external_reference_of_any_kind(example, regions):
    for case in (example, regions):
        text = render_html(case.index, case.evaluation, Options())
        assert not re.search(r"(?i)https?:|//[a-z0-9]", re.sub(r'<script type="application/json".*?</script>', "", text, flags=re.S))
        assert re.findall(r'\b(?:src|href|xlink:href)="([^"]*)"', text) == [
            h for h in re.findall(r'\b(?:src|href|xlink:href)="([^"]*)"', text) if h.startswith("#")]
        assert "url(" not in text and "@import" not in text
        assert "Content-Security-Policy" in text and "default-src 'none'" in text


def test_hostile_names_are_text_in_the_static_html(regions):
    text = render_html(regions.index, regions.evaluation, Options())
    body = re.sub(r'<script type="application/json".*?</script>', "", text, flags=re.S)
    assert "<img" not in body and "<b>" not in body and "<!--" not in body
    assert body.count("</script>") == 0
    assert html.escape('<img src=x onerror=alert(1)>') in body
    assert "Tom &amp; &#34;Jerry&#34;" in body


def test_check_does_not_import_the_renderer():
    code = ("import sys, chi_lang.cli; "
            "print(sorted(m for m in ('jinja2', 'chi_lang.render.viewmodel', 'duckdb', 'sqlglot') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_cli_default_top_matches_the_view_model():
    from chi_lang.commands import render
    from chi_lang.render import viewmodel

    assert render.DEFAULT_TOP == viewmodel.DEFAULT_TOP


def test_document_without_selection_has_every_cell(regions):
    document = build_document(regions.index, regions.evaluation)
    cells = {(c["period"], c["unit"]) for c in document["results"]}
    assert len(cells) == len({(r.period, r.unit) for r in regions.evaluation.rows})


def test_every_template_autoescapes_even_from_strings():
    from chi_lang.render.templating import environment

    for env in (environment(), environment(line_oriented=True)):
        assert env.from_string("{{ x }}").render(x='<b a="1">&') == "&lt;b a=&#34;1&#34;&gt;&amp;"
        assert env.from_string("{{ x|md }}").render(x="a|b <i>") == "a\\|b &lt;i&gt;"
