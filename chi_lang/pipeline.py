"""The front half of the pipeline: read → parse → resolve (with validation)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from .diagnostics import DiagnosticBag
from .model import Index
from .parser import parse_text, read_spec_text
from .resolve import resolve
from .syntax import IndexDecl


@dataclass
class Loaded:
    """Everything the front end produced for one spec."""

    path: str
    text: str | None
    tree: IndexDecl | None
    index: Index | None
    bag: DiagnosticBag
    sources: dict[str, str] = field(default_factory=dict)  # file → text, for rendering


def load_text(text: str, path: str, bag: DiagnosticBag | None = None) -> Loaded:
    bag = bag or DiagnosticBag()
    text = text.removeprefix("\ufeff")
    tree = parse_text(text, path, bag)
    index = resolve(tree, path, bag) if tree is not None and not bag.has_errors else None
    if tree is not None and bag.has_errors and index is None:
        # Name and validation problems are still worth reporting after a
        # keyword-as-name error in the transformer.
        pass
    return Loaded(path, text, tree, index, bag, {path: text})


def load_spec(path: str) -> Loaded:
    """Load a spec from a file, or from standard input when ``path`` is ``-``."""
    bag = DiagnosticBag()
    if path == "-":
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            bag.add("CHI101", "standard input is not valid UTF-8", None, "send the spec as UTF-8")
            return Loaded("<stdin>", None, None, None, bag)
        return load_text(text, "<stdin>", bag)
    text = read_spec_text(path, bag)
    if text is None:
        return Loaded(path, None, None, None, bag)
    return load_text(text, path, bag)
