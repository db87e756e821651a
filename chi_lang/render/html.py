"""The HTML scorecard: one self-contained file (inline CSS and SVG, no scripts)."""

from __future__ import annotations

from ..model import Index
from ..results import Evaluation
from .document import build_document, script_safe_json
from .templating import environment
from .viewmodel import Options, build_scorecard


def render_html(index: Index, evaluation: Evaluation, options: Options | None = None) -> str:
    from markupsafe import Markup

    options = options or Options()
    card = build_scorecard(index, evaluation, options)
    # The data block carries the numbers behind the sections shown in full: index
    # and pillar scores of every period (trends, sparklines) and the metrics of
    # the period shown.  The ranking of other units is in the page's table, and
    # --format json has everything, so a page of hundreds of units stays small.
    units = {report.unit for report in card.reports}
    document = build_document(
        index, evaluation, spec_file=options.spec_file, generated_at=options.generated_at,
        metric_cells={(card.period, unit) for unit in units}, result_units=units,
        selection=(card.period, options.unit),
    )
    # script_safe_json leaves no "<", ">" or "&" in the text, so it is safe to
    # mark as markup inside the <script type="application/json"> element.
    data_json = Markup(script_safe_json(document))
    text = environment().get_template("scorecard.html.j2").render(card=card, data_json=data_json)
    return text.rstrip("\n") + "\n"
