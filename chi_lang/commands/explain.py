"""``chi-lang explain SPEC``: what drives the index, what changed, what if, how robust.

Also ``chi-lang explain CHI301``: the documentation of a diagnostic code.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import List, Optional, Tuple

import typer

from .common import check_choice, fail, load_or_exit, refuse_overwriting_inputs, write_output

FORMATS = ("text", "md", "json")
_CODE = re.compile(r"^CHI\d{3}$", re.IGNORECASE)


def explain_code(code: str) -> str:
    """The catalogue entry of a code, as `chi-lang rule CODE` prints it."""
    from ..codes import CODES
    from ..docs_gen import code_doc

    entry = CODES.get(code.upper())
    if entry is None:
        close = difflib.get_close_matches(code.upper(), list(CODES), 3)
        fail("CHI705", f"no diagnostic code {code}",
             ("codes close to it: " + ", ".join(close) + "; " if close else "") + "chi-lang rule --list shows them all")
    return code_doc(entry)


def register(app: typer.Typer) -> None:
    @app.command("explain")
    def explain_command(
        spec: str = typer.Argument(..., help="The spec file (- reads stdin), or a diagnostic code such as CHI301."),
        period: Optional[str] = typer.Option(None, "--period", "-p", help="The period to explain (default: the last with data)."),
        unit: Optional[str] = typer.Option(None, "--unit", "-u", help="The unit to explain, for specs with `by`."),
        what_if: Optional[List[str]] = typer.Option(
            None, "--what-if", help="METRIC=CHANGE: +10% (relative), -5 (added), 42 or 90% (set); repeatable."),
        compare: Optional[Tuple[str, str]] = typer.Option(
            None, "--compare", help="Attribute the change between two periods P1 P2 (default: the last two)."),
        sensitivity: Optional[int] = typer.Option(None, "--sensitivity", help="Monte Carlo samples over the weights."),
        seed: int = typer.Option(1, "--seed", help="Random seed of the sensitivity analysis."),
        spread: float = typer.Option(0.2, "--spread", help="Weight perturbation: each weight × U(1-s, 1+s), renormalised."),
        alternative: Optional[List[str]] = typer.Option(
            None, "--alternative", help="METRIC=NORMALISATION the sensitivity may use instead (e.g. downloads=minmax)."),
        top: int = typer.Option(10, "--top", help="How many rows of ranked lists to show."),
        format: str = typer.Option("text", "--format", "-f", help="text, md or json."),
        engine: str = typer.Option("auto", "--engine", "-e", help="auto, python or duckdb."),
        output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    ) -> None:
        """Explain SPEC: contributions, headroom, the change since the previous period, what-ifs, sensitivity."""
        if format not in FORMATS:
            raise typer.BadParameter(f"unknown format {format!r} (text, md, json)", param_hint="--format")
        if sensitivity is not None and sensitivity < 1:
            raise typer.BadParameter("needs at least 1 sample", param_hint="--sensitivity")
        if not 0 <= spread < 1:
            raise typer.BadParameter("must be at least 0 and below 1 (0.2 is ±20%)", param_hint="--spread")
        if top < 1:
            raise typer.BadParameter("must be at least 1", param_hint="--top")
        if _CODE.match(spec) and not Path(spec).exists():
            write_output(output, explain_code(spec))
            return

        from .eval import ENGINES, run_engine

        if engine not in ENGINES:
            raise typer.BadParameter(f"unknown engine {engine!r} ({', '.join(ENGINES)})", param_hint="--engine")
        loaded = load_or_exit(spec)
        refuse_overwriting_inputs(output, loaded)
        index = loaded.index
        from ..analysis.sensitivity import SensitivityError, parse_alternative
        from ..analysis.whatif import WhatIfError, parse_change

        try:
            changes = [parse_change(text, index) for text in what_if or []]
            alternatives = [parse_alternative(text, index) for text in alternative or []]
        except (WhatIfError, SensitivityError) as error:
            fail(error.code, error.message, error.hint)
        if (period is not None or compare is not None) and index.period is None:
            fail("CHI705", "--period or --compare given, but the spec evaluates no periods (it has no `period`)",
                 "drop the option, or add `period month` (or day, week, quarter, year) to the spec")
        if unit is not None and index.by is None:
            fail("CHI705", f"--unit {unit!r} given, but the spec evaluates no units (it has no `by`)",
                 "drop --unit, or add `by COLUMN` to the spec")

        evaluation = run_engine(loaded, engine, show_progress=sys.stderr.isatty())
        report = build_report(index, evaluation, period, unit, changes, compare, sensitivity, seed, spread,
                              alternatives, top)
        from ..analysis import report_explain as r

        text = {"text": r.render_text, "md": r.render_markdown, "json": r.render_json}[format](report)
        write_output(output, text)


def build_report(index, evaluation, period, unit, changes, compare, samples, seed, spread, alternatives, top):
    """Compute every section of the report (exits with a diagnostic on bad choices)."""
    from ..analysis.attribution import NotAttributable, attribute
    from ..analysis.cells import RowIndex, rank_of, read_cell
    from ..analysis.decompose import decompose
    from ..analysis.report_explain import ExplainReport, RankedUnit
    from ..analysis.sensitivity import SensitivityError, run_sensitivity
    from ..analysis.whatif import WhatIfError
    from ..analysis.whatif import what_if as run_what_if

    rows = RowIndex(evaluation)
    if not rows.rows:
        # Header-only data (or filters that keep no row): the evaluation has no
        # period and no unit at all, so there is nothing to choose from.
        what = "no periods" if index.period is not None else "no units" if index.by is not None else "no rows"
        fail("CHI706", f"the evaluation has {what} with data: nothing to explain",
             "the sources have no data rows (or the spec's filters keep none); `chi-lang eval` shows the same")
    if unit is not None:
        check_choice("--unit", unit, rows.units, "unit")
    if period is not None:
        check_choice("--period", period, rows.periods, "period")
    ranked_spec = index.by is not None
    focus = unit if (unit is not None or not ranked_spec) else None
    if period is None:
        # The same default as `chi-lang render`: the last period with data.
        if rows.last_period_with_data(unit) is None and index.period is not None:
            whose = f" for {unit}" if unit is not None else ""
            fail("CHI706", f"no period has an index value{whose}: nothing to explain",
                 "the index is no data when every pillar is; check the sources and the spec's filters")
        period = rows.default_period(unit)

    decomposition = None
    ranking: tuple = ()
    if not ranked_spec or unit is not None:
        cell = read_cell(index, rows, period, focus)
        if cell is None or cell.score is None:
            where = " / ".join(x for x in (period, unit) if x is not None) or "the evaluation"
            fail("CHI706", f"the index has no data for {where}: nothing to explain",
                 "choose another --period or --unit (the index is no data when every pillar is)")
        decomposition = decompose(index, cell)
    else:
        scores = {u: rows.index_score(period, u) for u in rows.units if rows.get(period, u) is not None}
        ranks = rank_of(scores)
        ranking = tuple(sorted((RankedUnit(u, s, ranks.get(u)) for u, s in scores.items()),
                               key=lambda x: (x.rank is None, x.rank or 0, x.unit or "")))

    attribution = None
    note = None
    if compare is not None:
        for label, value in (("--compare", compare[0]), ("--compare", compare[1])):
            check_choice(label, value, rows.periods, "period")
    if ranked_spec and unit is None:
        if compare is not None or index.period is not None:
            note = "choose a unit with --unit to attribute the change of its index"
    elif compare is not None or index.period is not None:
        if compare is not None:
            period_a, period_b = compare
        else:
            earlier = [p for p in rows.periods_with_data(focus) if p is not None and p < period]
            period_a, period_b = (earlier[-1] if earlier else None), period
        if period_a is None:
            note = f"no earlier period with data than {period_b}"
        else:
            a = read_cell(index, rows, period_a, focus)
            b = read_cell(index, rows, period_b, focus)
            try:
                if a is None or b is None:
                    raise NotAttributable("")
                attribution = attribute(index, a, b)
            except NotAttributable:
                empty = period_a if a is None or a.score is None else period_b
                fail("CHI706", f"the index has no data for {empty}: its change cannot be attributed",
                     "compare two periods that both have an index value")

    what_if_result = None
    if changes:
        try:
            what_if_result = run_what_if(index, rows, changes, period, unit)
        except WhatIfError as error:
            fail(error.code, error.message, error.hint)

    sensitivity = None
    if samples is not None:
        try:
            sensitivity = run_sensitivity(index, rows, samples, seed, spread, period, alternatives)
        except SensitivityError as error:
            fail(error.code, error.message, error.hint)

    return ExplainReport(index, period, unit, decomposition, ranking, attribution, note, what_if_result,
                         sensitivity, top)
