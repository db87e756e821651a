"""The one Jinja2 environment every scorecard template uses.

``autoescape=True`` (not ``select_autoescape``) turns escaping on for every
template, whatever its name, and for templates made from strings: a label
``<img src=x onerror=...>`` from a spec or a data file always arrives as text.
``StrictUndefined`` makes a misspelt field an error instead of an empty string.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=2)
def environment(line_oriented: bool = False):
    """The environment; ``line_oriented`` trims block tags' own lines (Markdown,
    where a stray newline or indent changes the meaning)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=line_oriented,
        lstrip_blocks=line_oriented,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _md_filter
    return env


def _md_filter(value):
    """Markdown-escaped text, marked safe so autoescaping does not escape it twice."""
    from markupsafe import Markup

    from .markdown import md_escape

    return Markup(md_escape(value))
