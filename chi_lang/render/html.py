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
    # The data block carries the numbers the page shows: index and pillar scores
    # of every period and unit (trends, sparklines, ranking) and the metrics of
    # the period and units shown in full; --format json has everything.
    shown = {(card.period, report.unit) for report in card.reports}
    document = build_document(
        index, evaluation, spec_file=options.spec_file, generated_at=options.generated_at,
        metric_cells=shown, selection=(card.period, options.unit),
    )
    # script_safe_json leaves no "<", ">" or "&" in the text, so it is safe to
    # mark as markup inside the <script type="application/json"> element.
    data_json = Markup(script_safe_json(document))
    text = environment().get_template("scorecard.html.j2").render(card=card, data_json=data_json)
    return text.rstrip("\n") + "\n"
