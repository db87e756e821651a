"""The scorecard as Markdown, for a pull-request comment or a wiki page.

The template runs in the shared autoescaping environment: anything printed
without a filter is HTML-escaped (GitHub renders inline HTML, so that is the safe
default), and text in Markdown context goes through ``md``, which escapes both
Markdown syntax and HTML so a name like ``<img onerror=…>`` or ``a|b`` can neither
inject markup nor break a table.
"""

from __future__ import annotations

import re

from ..model import Index
from ..results import Evaluation
from .templating import environment
from .viewmodel import Options, build_scorecard

TONE_EMOJI = {"good": "🟢", "ok": "🟡", "warn": "🟠", "bad": "🔴", "none": "⚪", "neutral": ""}

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]~|#])")
_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def md_escape(text: object) -> str:
    """Escape for inline Markdown (table cells included): HTML first, then syntax."""
    value = str(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    # "&" stays readable ("Tom & Jerry") unless it would start an entity ("&lt;").
    value = _ENTITY_START.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIALS.sub(r"\\\1", value)


def render_markdown(index: Index, evaluation: Evaluation, options: Options | None = None) -> str:
    card = build_scorecard(index, evaluation, options or Options())
    text = environment(line_oriented=True).get_template("scorecard.md.j2").render(card=card, emoji=TONE_EMOJI)
    # Blank-line runs come from template control flow; Markdown needs at most one.
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"
