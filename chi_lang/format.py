"""The formatter: one canonical layout for a spec, keeping its comments.

``format_text`` parses the spec, prints the syntax tree in the canonical layout
and puts every comment back where it belongs:

* two-space indentation; ``{ }`` blocks (the card form ``< >`` becomes braces);
* one index clause, source or metric per line, a blank line between pillars,
  other blank lines kept (at most one in a row);
* a metric's clauses follow its name, filled up to WIDTH columns, then continued
  four spaces deeper; a ``description`` starts its own line;
* ``=`` for equality, ``->`` in bands, no arrows in status bands, spaces around
  binary operators, parentheses only where precedence needs them.

Comments are found by ``lint.comments.scan_comments`` and merged into the output
by position: a comment alone on its line stays alone on its line before the next
thing printed; a comment after code stays at the end of the line that holds that
code.  A comment inside a construct printed on one line (a status block written
over several lines) moves to the end of that line.

The result never changes meaning: ``format_text`` re-parses what it printed and
refuses (``FormatError``) unless the syntax tree is equal to the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import syntax as st
from .diagnostics import Diagnostic, DiagnosticBag
from .lint.comments import Comment, scan_comments
from .parser import parse_text
from .span import Span

WIDTH = 100
INDENT = "  "
CONTINUATION = "    "


class FormatError(Exception):
    """The spec cannot be formatted: it does not parse (``diagnostics``), or a formatter bug."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


# ---- leaves ----------------------------------------------------------------------------


def quote(text: str) -> str:
    """A double-quoted string literal whose value is ``text`` (see parser._unquote)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


class _Source:
    """Slices of the original text by span, for leaves printed exactly as written."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    def slice(self, span: Span | None) -> str | None:
        if span is None or span.line != span.end_line or not (1 <= span.line <= len(self.lines)):
            return None
        return self.lines[span.line - 1][span.column - 1: span.end_column - 1]


# ---- expressions -------------------------------------------------------------------------

_BINARY_LEVEL = {"or": 1, "and": 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "contains": 4,
                 "+": 5, "-": 5, "*": 6, "/": 6}
_ATOM = 8


def _level(expr: st.Expr) -> int:
    if isinstance(expr, st.Binary):
        return _BINARY_LEVEL[expr.op]
    if isinstance(expr, st.Unary):
        return 3 if expr.op == "not" else 7
    if isinstance(expr, (st.IsMissing, st.InList)):
        return 4
    return _ATOM


class _Printer:
    def __init__(self, source: _Source) -> None:
        self.source = source

    # -- leaves

    def column(self, column: st.Column) -> str:
        written = self.source.slice(column.span)
        if written is not None and written.startswith("`"):
            return f"`{column.path[0]}`"
        if written is not None:  # bare as written, and parsed in this same context
            return ".".join(column.path)
        if len(column.path) == 1 and not _is_name(column.path[0]):
            return f"`{column.path[0]}`"
        return ".".join(column.path)

    def literal(self, lit: st.Literal) -> str:
        if lit.kind == "bool":
            return "true" if lit.value else "false"
        if lit.kind == "missing":
            return "missing"
        written = self.source.slice(lit.span)
        if lit.kind == "string":
            return written if written and written.startswith('"') else quote(str(lit.value))
        if written and written[0].isdigit():
            return written
        if lit.kind == "percent":
            return f"{(lit.value * 100).normalize():f}%"
        return str(lit.value)

    # -- expressions

    def expr(self, expr: st.Expr, minimum: int = 1) -> str:
        text = self._expr(expr)
        return f"({text})" if _level(expr) < minimum else text

    def _expr(self, expr: st.Expr) -> str:
        if isinstance(expr, st.Column):
            return self.column(expr)
        if isinstance(expr, st.Literal):
            return self.literal(expr)
        if isinstance(expr, st.Call):
            args = [self.expr(a) for a in expr.args]
            inner = ", ".join(args)
            if expr.where is not None:
                inner = (inner + " " if inner else "") + "where " + self.expr(expr.where)
            return f"{expr.name}({inner})"
        if isinstance(expr, st.Binary):
            level = _BINARY_LEVEL[expr.op]
            if level == 4:  # comparisons do not chain: both sides are sums
                left, right = self.expr(expr.left, 5), self.expr(expr.right, 5)
            else:  # left-associative: the right side needs a tighter level
                left, right = self.expr(expr.left, level), self.expr(expr.right, level + 1)
            op = "=" if expr.op == "==" else expr.op
            return f"{left} {op} {right}"
        if isinstance(expr, st.Unary):
            if expr.op == "not":
                return "not " + self.expr(expr.operand, 3)
            return "-" + self.expr(expr.operand, 7)
        if isinstance(expr, st.IsMissing):
            return self.expr(expr.operand, 5) + (" is not missing" if expr.negated else " is missing")
        if isinstance(expr, st.InList):
            items = ", ".join(self.expr(i) for i in expr.items)
            return self.expr(expr.operand, 5) + (" not in [" if expr.negated else " in [") + items + "]"
        raise AssertionError(f"unknown expression {expr!r}")  # pragma: no cover

    # -- clauses

    def band(self, band: st.Band, status: bool) -> str:
        result = quote(band.result) if isinstance(band.result, str) else band.result.text
        if band.op is None:
            return f"else {result}" if status else f"else -> {result}"
        return f"{band.op} {band.threshold.text} {result}" if status else f"{band.op} {band.threshold.text} -> {result}"

    def clause(self, clause: st.Clause) -> str:
        kind, value = clause.kind, clause.value
        if kind in ("version", "owner", "description", "title", "unit"):
            return f"{kind} {quote(value)}"
        if kind in ("period",):
            return f"period {value}"
        if kind in ("aggregation", "direction"):
            return str(value)
        if kind in ("missing", "weights"):
            return f"{kind} {value}"
        if kind == "by":
            return f"by {self.column(value)}"
        if kind == "round":
            digits, mode = value
            return f"round {digits}" + (f" {mode}" if mode else "")
        if kind == "output_scale":
            return f"output scale {value.low.text}..{value.high.text}"
        if kind == "status":
            return "status { " + ", ".join(self.band(b, True) for b in value) + " }"
        if kind == "weight":
            return f"weight {value.text}"
        if kind == "from":
            where, name = value
            return f"from {quote(name)}" if where == "path" else f"from {name}"
        if kind == "column":
            return f"column {self.column(value)}"
        if kind in ("value", "where"):
            return f"{kind} {self.expr(value)}"
        if kind == "log":
            return "log"
        if kind == "aggregate":
            func, q, share_where = value
            if func == "percentile":
                return f"percentile({q.text})"
            if func == "share":
                return f"share(where {self.expr(share_where)})"
            return func
        if kind == "normalisation":
            norm, payload = value
            if norm == "scale":
                return f"scale {payload.low.text}..{payload.high.text}"
            if norm == "target":
                return f"target {payload.text}"
            if norm == "bands":
                return "bands { " + ", ".join(self.band(b, False) for b in payload) + " }"
            return norm
        raise AssertionError(f"unknown clause {kind}")  # pragma: no cover

    def option(self, option: st.SourceOption) -> str:
        key, value = option.key, option.value
        if key in ("date", "unit"):
            return f"{key} {self.column(value)}"
        if key in ("date_format", "delimiter", "decimal", "thousands", "encoding"):
            return f"{key} {quote(value)}"
        if key == "missing_values":
            return "missing_values [" + ", ".join(quote(v) for v in value) + "]"
        return f"{key} {value}"  # format NAME, skip_footer INT


def _is_name(text: str) -> bool:
    import re

    from .grammar import keywords

    return re.fullmatch(r"[^\W\d]\w*", text) is not None and text not in keywords()


# ---- layout with comments --------------------------------------------------------------------


def _start(span: Span) -> tuple[int, int]:
    return (span.line, span.column)


def _end(span: Span) -> tuple[int, int]:
    return (span.end_line, span.end_column)


@dataclass(frozen=True, slots=True)
class _Atom:
    """A piece of layout that is never split: its text and where it came from."""

    text: str
    start: tuple[int, int]
    end: tuple[int, int]
    own_line: bool = False  # starts a new line (a metric's description)


class _Layout:
    def __init__(self, text: str) -> None:
        self.comments: list[Comment] = scan_comments(text)
        self.next_comment = 0
        raw = text.split("\n")
        self.blank = {i + 1 for i, line in enumerate(raw) if not line.strip()}
        self.lines: list[str] = []
        self.last_line = 0  # source line of the last thing printed
        self.fillable = False  # the last output line may take more atoms
        self.after_open = True  # the last output line opened a block (no blank line after it)
        self.commented = False  # the last output line ends in a comment

    def _blank_before(self, line: int) -> None:
        if self.after_open or not self.lines or self.lines[-1] == "":
            return
        if any(n in self.blank for n in range(self.last_line + 1, line)):
            self.lines.append("")

    def emit(self, text: str, indent: str, start_line: int, end_line: int, blank_ok: bool = True,
             opens: bool = False) -> None:
        if blank_ok:
            self._blank_before(start_line)
        self.lines.append(indent + text)
        self.commented = False
        self.last_line = max(self.last_line, end_line)
        self.fillable = True
        self.after_open = opens

    def force_blank(self) -> None:
        if self.lines and self.lines[-1] != "" and not self.after_open:
            self.lines.append("")

    def flush(self, before: tuple[int, int] | None, indent: str) -> None:
        """Print the comments that come before position ``before`` (all, if None)."""
        while self.next_comment < len(self.comments):
            c = self.comments[self.next_comment]
            if before is not None and (c.line, c.column) >= before:
                return
            self.next_comment += 1
            if c.trailing and self.lines and self.lines[-1].strip() and not self.commented:
                self.lines[-1] += "  " + c.text
                self.last_line = max(self.last_line, c.line)
                self.fillable = False
                self.commented = True  # a second comment on that line would join this one
            else:
                self.emit(c.text, indent, c.line, c.line)
                self.fillable = False
                self.after_open = False
                self.commented = True

    def fill(self, atoms: list[_Atom], indent: str) -> None:
        """The first atom on a new line, the rest filled up to WIDTH, continued deeper."""
        first, *rest = atoms
        self.flush(first.start, indent)
        self.emit(first.text, indent, first.start[0], first.end[0])
        for atom in rest:
            self.flush(atom.start, indent + CONTINUATION)
            last = self.lines[-1]
            if atom.own_line or not self.fillable or len(last) + 1 + len(atom.text) > WIDTH:
                self.emit(atom.text, indent + CONTINUATION, atom.start[0], atom.end[0], blank_ok=False)
            else:
                self.lines[-1] = last + " " + atom.text
                self.last_line = max(self.last_line, atom.end[0])


class _Formatter:
    def __init__(self, text: str, tree: st.IndexDecl) -> None:
        self.tree = tree
        self.p = _Printer(_Source(text))
        self.out = _Layout(text)
        self.source = self.p.source

    def run(self) -> str:
        tree = self.tree
        if tree.implicit:
            self.items(tree, "")
        else:
            name = self.source.slice(tree.name_span) or quote(tree.name)
            self.out.flush(_start(tree.span), "")
            self.out.emit(f'index {name} {{', "", tree.span.line, tree.name_span.end_line, opens=True)
            self.items(tree, INDENT)
            self.close(tree.span, "", INDENT)
        self.out.flush(None, "")
        lines = self.out.lines
        while lines and lines[-1] == "":
            lines.pop()
        return "\n".join(line.rstrip() for line in lines) + "\n"

    def close(self, span: Span, indent: str, inner: str) -> None:
        end = (span.end_line, span.end_column - 1)
        self.out.flush(end, inner)
        self.out.lines.append(indent + "}")
        self.out.commented = False
        self.out.last_line = span.end_line
        self.out.fillable = False
        self.out.after_open = False

    def items(self, tree: st.IndexDecl, indent: str) -> None:
        entries: list[tuple[tuple[int, int], Callable[[], None], bool]] = []
        for clause in tree.clauses:
            entries.append((_start(clause.span), lambda c=clause: self.simple(self.p.clause(c), c.span, indent), False))
        for source in tree.sources:
            entries.append((_start(source.span), lambda s=source: self.source_decl(s, indent), False))
        for pillar in tree.pillars:
            entries.append((_start(pillar.span), lambda p=pillar: self.pillar(p, indent), True))
        entries.sort(key=lambda e: e[0])
        previous_pillar = False
        for position, print_item, is_pillar in entries:
            if is_pillar or previous_pillar:
                # Pillars are set apart by a blank line (before their leading comments).
                self._blank_between(position, indent)
            previous_pillar = is_pillar
            print_item()

    def _blank_between(self, position: tuple[int, int], indent: str) -> None:
        """A blank line before the item at ``position`` and before its own leading comments."""
        comments = self.out.comments
        i = self.out.next_comment
        # Comments trailing the previous line stay on it.
        while (i < len(comments) and (comments[i].line, comments[i].column) < position and comments[i].trailing
               and not self.out.commented):
            self.out.flush((comments[i].line, comments[i].column + 1), indent)
            i = self.out.next_comment
        self.out.force_blank()

    def simple(self, text: str, span: Span, indent: str) -> None:
        self.out.flush(_start(span), indent)
        self.out.emit(text, indent, span.line, span.end_line)

    def source_decl(self, source: st.SourceDecl, indent: str) -> None:
        name = self.source.slice(source.name_span) or source.name
        head = f"source {name} = {quote(source.path)}"
        options = [self.p.option(o) for o in source.options]
        self.out.flush(_start(source.span), indent)
        inline = head + (" { " + " ".join(options) + " }" if options else "")
        has_comments = any(_start(source.span) < (c.line, c.column) < _end(source.span)
                           for c in self.out.comments[self.out.next_comment:])
        if not options or (not has_comments and len(indent) + len(inline) <= WIDTH):
            self.out.emit(inline, indent, source.span.line, source.span.end_line)
            return
        self.out.emit(head + " {", indent, source.span.line, source.path_span.end_line, opens=True)
        for option, text in zip(source.options, options):
            self.simple(text, option.span, indent + INDENT)
        self.close(source.span, indent, indent + INDENT)

    def pillar(self, pillar: st.PillarDecl, indent: str) -> None:
        name = self.source.slice(pillar.name_span) or quote(pillar.name)
        if not name.startswith('"') and not _is_name(name):
            name = quote(pillar.name)
        head = " ".join([f"pillar {name}"] + [self.p.clause(c) for c in pillar.clauses]) + " {"
        last = max([pillar.name_span] + [c.span for c in pillar.clauses], key=_end)
        self.out.flush(_start(pillar.span), indent)
        self.out.emit(head, indent, pillar.span.line, last.end_line, opens=True)
        for metric in pillar.metrics:
            self.metric(metric, indent + INDENT)
        self.close(pillar.span, indent, indent + INDENT)

    def metric(self, metric: st.MetricDecl, indent: str) -> None:
        written = self.source.slice(metric.name_span)
        if metric.name_quoted:
            name = written if written and written.startswith('"') else quote(metric.name)
        else:
            name = written or metric.name
        header = f"metric {name}"
        texts = [self.p.clause(c) for c in metric.clauses]
        one_line = " ".join([header] + [x for c, x in zip(metric.clauses, texts) if c.kind != "description"])
        fits = len(indent) + len(one_line) <= WIDTH
        # Too long for one line: name, weight and source first; the filter on its own
        # line; what is measured and how it is scored after it; the description last.
        atoms = [_Atom(header, _start(metric.span), _end(metric.name_span))]
        previous = "header"
        for clause, text in zip(metric.clauses, texts):
            kind = clause.kind
            own_line = kind == "description" or (not fits and (
                kind == "where" or previous == "where"
                or (previous in ("header", "weight", "from") and kind not in ("weight", "from"))))
            atoms.append(_Atom(text, _start(clause.span), _end(clause.span), own_line))
            previous = kind
        self.out.fill(atoms, indent)


def format_tree(text: str, tree: st.IndexDecl) -> str:
    return _Formatter(text, tree).run()


def format_text(text: str, path: str = "<input>") -> str:
    """The canonical form of ``text``; raises FormatError if it does not parse or the result differs."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    bag = DiagnosticBag()
    tree = parse_text(text, path, bag)
    if tree is None or bag.has_errors:
        raise FormatError(f"{path} does not parse", bag.sorted())
    result = format_tree(text, tree)
    check = DiagnosticBag()
    again = parse_text(result, path, check)
    if again != tree or check.has_errors:
        # A formatter bug: never hand back text that means something else.
        raise FormatError(f"formatting {path} would change its meaning (a bug in chi-lang); left unchanged")
    return result
