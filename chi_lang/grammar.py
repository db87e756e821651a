"""Loading the Lark grammar once, from the package (wheel) or the source tree."""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import lark
from lark import Lark


def grammar_text() -> str:
    """The text of ``chi.lark``.

    In an installed wheel the grammar is package data (``chi_lang/grammar/chi.lark``);
    in a source checkout it lives in the top-level ``grammar/`` folder.
    """
    packaged = resources.files("chi_lang") / "grammar" / "chi.lark"
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    source_tree = Path(__file__).resolve().parent.parent / "grammar" / "chi.lark"
    return source_tree.read_text(encoding="utf-8")


def _cache_file() -> str | bool:
    """Where Lark may keep the built parser tables between runs, or False.

    Building the LALR tables costs more than the rest of ``chi-lang check``'s
    start-up.  Lark stores them with a hash of the grammar and options and
    rebuilds on a mismatch.  The file is a pickle, so it lives only in the
    user's own cache directory, never in a shared temporary folder.
    """
    if os.environ.get("CHI_NO_PARSER_CACHE"):
        return False
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "chi-lang"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    if not os.access(folder, os.W_OK):
        return False
    return str(folder / f"parser-lark{lark.__version__}.cache")


@lru_cache(maxsize=1)
def lark_parser() -> Lark:
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
        cache=_cache_file(),
    )


@lru_cache(maxsize=1)
def keywords() -> frozenset[str]:
    """Every word the grammar uses as a keyword (reserved as a bare metric name)."""
    words: set[str] = set()
    for terminal in lark_parser().terminals:
        pattern = terminal.pattern
        if pattern.type == "str" and pattern.value.isidentifier():
            words.add(pattern.value)
        elif pattern.type == "re" and terminal.name.isupper():
            # Alternations of words such as AGGREGATION: "arithmetic" | "geometric".
            body = pattern.value
            if body.startswith("(?:") and body.endswith(")"):
                body = body[3:-1]
            parts = body.split("|")
            if all(p.isidentifier() for p in parts):
                words.update(parts)
    return frozenset(words)
