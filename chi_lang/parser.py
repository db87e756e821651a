"""Text → syntax tree.  Lark builds a parse tree; a Transformer turns it into the
typed nodes of ``syntax.py``.  Syntax errors become diagnostics written in words
(``expected a quoted string``), never Lark token names.
"""

from __future__ import annotations

import os
import unicodedata
from copy import copy
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lark import Token, Transformer, Tree, v_args
from lark.parsers.lalr_analysis import Shift
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from . import syntax as st
from .diagnostics import DiagnosticBag
from .grammar import keywords, lark_parser
from .shown import describe_control, is_control, shorten_literal
from .span import Span, file_span


def parse_text(text: str, file: str, bag: DiagnosticBag) -> st.IndexDecl | None:
    """Parse spec text; on a syntax error add a diagnostic and return None."""
    text = text.removeprefix("\ufeff")
    try:
        tree = _parse_tree(text)
    except UnexpectedInput as error:
        _report_syntax_error(error, text, file, bag)
        return None
    if _too_deep(tree, file, bag):
        return None
    _check_comments(text, file, bag)
    try:
        return _ToSyntax(file, Path(file).stem, bag).transform(tree)
    except VisitError as error:  # a bug in the transformer must not be a traceback
        if isinstance(error.orig_exc, _EscapeError):
            token, offset = error.orig_exc.token, error.orig_exc.offset
            column = (token.column or 1) + offset
            escape = str(token)[offset:offset + 2]
            bag.add("CHI104", f"unknown escape `{escape}` in a string",
                    Span(file, token.line or 1, column, token.line or 1, column + 2),
                    'strings know \\" \\\\ \\n and \\t; write \\\\ for a backslash')
            return None
        if isinstance(error.orig_exc, _NumberError):
            token, value = error.orig_exc.token, error.orig_exc.value
            shown = shorten_literal(str(token))
            if value is None or abs(value) > 1:
                bag.add("CHI109", f"`{shown}` is too large a number", _token_span(token, file),
                        "numbers must fit in a double (up to about 1.8e308)")
            else:
                reads = "reads it as 0" if float(value) == 0 else "cannot hold it without losing digits"
                bag.add("CHI109", f"`{shown}` is too close to 0: double precision {reads}",
                        _token_span(token, file),
                        "write 0, or a number of at least about 2.2e-308 in size; rescale the values if they "
                        "really are that small")
            return None
        raise


def _check_comments(text: str, file: str, bag: DiagnosticBag) -> None:
    """CHI110 for control characters in comments (tabs allowed).

    The parser skips comments, but they are shown in diagnostics, in reviews and
    in editors, where a bidirectional override can make code read differently
    from what runs.  Strings and `quoted names` are checked by the transformer.
    """
    line, line_start = 1, 0
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            line, line_start = line + 1, i + 1
        elif char in "\"`":  # skip a string or quoted name (both end at the line's end)
            i += 1
            while i < n and text[i] not in (char, "\n"):
                i += 2 if char == '"' and text[i] == "\\" else 1
            if i < n and text[i] == "\n":
                continue
        elif char == "#":
            while i < n and text[i] != "\n":
                if is_control(text[i]) and text[i] != "\t":
                    column = i - line_start + 1
                    bag.add("CHI110", f"control character {describe_control(text[i])} in a comment",
                            Span(file, line, column, line, column + 1),
                            "comments may hold tabs but no other control characters; remove it")
                    break
                i += 1
            continue
        i += 1


# ---------------------------------------------------------------------------
# The parser driver: `>` as "greater than" or as the end of a card

_GREATER, _CARD_CLOSE = "MORETHAN", "CARD_CLOSE"
_BLOCK_ENDS = (_CARD_CLOSE, "RBRACE")


def _parse_tree(text: str) -> Tree:
    """Parse with Lark's LALR tables, deciding each ambiguous `>` by reading ahead.

    In ``pillar "P" < metric m from s where flag >`` the `>` after ``flag`` could
    compare ``flag`` with what follows or close the card; one token of lookahead
    cannot tell.  The grammar gives the two their own terminals, and wherever the
    parser could take either, the text after the `>` decides (_Lookahead.greater_fits).
    Everywhere else the token is simply the one the parser can take.
    """
    interactive = lark_parser().parse_interactive(text)
    state = interactive.parser_state
    lexer_state = interactive.lexer_thread.state
    ahead = _Lookahead(state.parse_conf.states, state.parse_conf.end_state, interactive.lexer_thread.lexer)
    token = None
    for token in ahead.lexer.lex(lexer_state, state):
        if token.type in (_GREATER, _CARD_CLOSE):
            if _card_open(state.value_stack):
                kind = ahead.kind_of_greater(state.state_stack, lexer_state)
            else:  # only braces are open: a `>` can only compare
                kind = _GREATER if _GREATER in ahead.tables[state.position] else _CARD_CLOSE
            token = Token.new_borrow_pos(kind, token.value, token)
        state.feed_token(token)
    return interactive.feed_eof(token)


def _card_open(values: list) -> bool:
    """Whether a `<` block is open: its `<` token waits on the value stack until the
    pillar or index is reduced (a comparator `<` is reduced at once into a tree)."""
    return any(isinstance(v, Token) and v.type == "LESSTHAN" for v in values)


class _Position:
    """What the contextual lexer asks of a parser state: the state it is in."""

    def __init__(self, stack: list) -> None:
        self.state_stack = stack

    @property
    def position(self):
        return self.state_stack[-1]


class _Lookahead:
    """An LALR recogniser over Lark's tables (states only, no tree) for reading ahead."""

    def __init__(self, tables, end_state, lexer) -> None:
        self.tables = tables
        self.end_state = end_state
        self.lexer = lexer
        self.memo: dict[tuple[int, tuple], bool] = {}

    def kind_of_greater(self, stack: list, lexer_state) -> str:
        """The terminal a `>` is at this point: MORETHAN or CARD_CLOSE."""
        actions = self.tables[stack[-1]]
        if _GREATER in actions and _CARD_CLOSE in actions:
            return _GREATER if self.greater_fits(stack, lexer_state) else _CARD_CLOSE
        return _CARD_CLOSE if _CARD_CLOSE in actions else _GREATER

    def greater_fits(self, stack: list, lexer_state) -> bool:
        """Whether reading this `>` as "greater than" lets the text after it parse.

        The recogniser runs on a copy of the parser's state stack from the `>`
        through a right-hand side and the token after it: "greater than" fits if
        the comparison is complete and that next token is accepted.  (While the
        right-hand side is read the stack stays above its height with the `>` on
        top; once the comparison is reduced and the next token shifted, it is at
        most that high.)  So `where x > 3 >` compares, while `where flag >` at the end
        of the file, `where flag > pillar "B" < ... >` (a name, then a string) and
        `where not flag > >` close the card.  Answers are memoised by position and
        stack.
        """
        key = (lexer_state.line_ctr.char_pos, tuple(stack))
        if key in self.memo:
            return self.memo[key]
        trial = list(stack)
        ahead = copy(lexer_state)
        fits = self.advance(trial, _GREATER)
        limit = len(trial)  # ..., left side, `>`: the right side pushes above this
        try:
            tokens = self.lexer.lex(ahead, _Position(trial))
            while fits:
                token = next(tokens, None)
                if token is None:
                    fits = self.advance(trial, "$END")
                    break
                kind = token.type
                if kind in (_GREATER, _CARD_CLOSE):
                    kind = self.kind_of_greater(trial, ahead)
                fits = self.advance(trial, kind)
                if fits and (len(trial) <= limit or kind in _BLOCK_ENDS):
                    break
        except UnexpectedInput:
            fits = False
        self.memo[key] = fits
        return fits

    def advance(self, stack: list, kind: str) -> bool:
        """Feed one terminal (``$END`` for the end of the file); False if not accepted."""
        while True:
            action = self.tables[stack[-1]].get(kind)
            if action is None:
                return False
            what, target = action
            if what is Shift:
                stack.append(target)
                return True
            size = len(target.expansion)  # a reduction by rule `target`
            if size:
                del stack[-size:]
            stack.append(self.tables[stack[-1]][target.origin.name][1])
            if kind == "$END" and stack[-1] == self.end_state:
                return True


# Every later stage (the transformer, the resolver, the evaluators, SQL emitters)
# walks expressions recursively, so a pathologically deep one (a 10,000-term sum)
# would exhaust Python's stack.  Real specs nest a handful of levels; past this
# limit the spec is refused with CHI698 before anything recursive runs.
MAX_NESTING = 200
_FOLDED = ("and_expr", "or_expr")  # flat in the parse tree, left-deep once folded


def _too_deep(tree: Tree, file: str, bag: DiagnosticBag) -> bool:
    """Report CHI698 when the syntax tree would nest deeper than MAX_NESTING (iterative walk)."""
    stack: list[tuple[Tree, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        depth += max(1, len(node.children) - 1) if node.data in _FOLDED else 1
        if depth > MAX_NESTING:
            meta = node.meta
            span = (Span(file, meta.line, meta.column, meta.end_line, meta.end_column)
                    if not getattr(meta, "empty", True) else file_span(file))
            bag.add("CHI698", f"expression too deep: more than {MAX_NESTING} nested operations "
                    "(each operator of a chain such as a + b + c counts as one level)", span,
                    "split it into smaller metrics, or compute the value before chi-lang reads it")
            return True
        stack.extend((child, depth) for child in node.children if isinstance(child, Tree))
    return False


# ---------------------------------------------------------------------------
# Friendly syntax errors

_TERMINAL_WORDS = {
    "STRING": "a quoted string",
    "NAME": "a name",
    "QUOTED_NAME": "a `quoted column`",
    "NUMBER": "a number",
    "INT": "a whole number",
    "PERCENT": "a percentage",
    "SIGN": "a sign",
    "AGGREGATION": "`arithmetic`/`geometric`",
    "MISSING_POLICY": "`reweight`/`zero`/`error`",
    "WEIGHTS_MODE": "`relative`/`fixed`",
    "ROUNDING_MODE": "`half_even`/`half_away_from_zero`",
    "DIRECTION": "`lower_is_better`/`higher_is_better`",
    "SIMPLE_AGGREGATE": "an aggregate (`mean`, `sum`, `count`, ...)",
    "_ARROW": "`->`",
    "ADD_OP": "`+` or `-`",
    "MUL_OP": "`*` or `/`",
    "$END": "the end of the file",
    "<END-OF-FILE>": "the end of the file",
    "CARD_CLOSE": "`>`",
}


def _describe_terminal(name: str) -> str:
    if name in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[name]
    for terminal in lark_parser().terminals:
        if terminal.name == name and terminal.pattern.type == "str":
            return f"`{terminal.pattern.value}`"
    return name.lower()


def _describe_expected(expected: set[str]) -> str:
    # A block's closer first: after a cut-off list it is the word most often needed.
    closers = sorted({_describe_terminal(n) for n in expected if n in _BLOCK_ENDS})
    words = closers + sorted({_describe_terminal(n) for n in expected
                              if not n.startswith("__IGNORE") and n not in _BLOCK_ENDS})
    # Clause keywords first would be nicer, but a stable alphabetical list is
    # deterministic and easy to scan.
    if len(words) > 10:
        words = words[:10] + ["..."]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    if token.type == "STRING":
        return f"string {token.value}"
    if token.type in ("NUMBER", "PERCENT", "INT"):
        return f"number `{shorten_literal(token.value)}`"
    if token.type == "NAME":
        return f"name `{token.value}`"
    return f"`{token.value}`"


def _token_span(token: Token, file: str) -> Span:
    line = token.line or 1
    column = token.column or 1
    end_line = token.end_line or line
    end_column = token.end_column or column + max(1, len(str(token.value)))
    return Span(file, line, column, end_line, end_column)


def _end_span(text: str, file: str) -> Span:
    lines = text.splitlines() or [""]
    return Span(file, len(lines), len(lines[-1]) + 1, len(lines), len(lines[-1]) + 2)


def _open_block_closer(error: UnexpectedInput, expected: set[str]) -> set[str]:
    """The expected terminals without the closer of a block that is not open.

    Cards and braces share parser states, so the tables offer both `>` and `}`
    where either block could end; the innermost open block decides which is meant.
    """
    values = getattr(getattr(error, "state", None), "value_stack", None) or []
    for value in reversed(values):
        if isinstance(value, Token) and value.type in ("LBRACE", "LESSTHAN"):
            wrong = _CARD_CLOSE if value.type == "LBRACE" else "RBRACE"
            return {name for name in expected if name != wrong}
    return expected


def _report_syntax_error(error: UnexpectedInput, text: str, file: str, bag: DiagnosticBag) -> None:
    if isinstance(error, UnexpectedCharacters):
        char = text[error.pos_in_stream] if error.pos_in_stream < len(text) else ""
        span = file_span(file, error.line, error.column)
        hint = None
        if char == ";":
            message = "unexpected `;`: chi-lang does not use semicolons"
            hint = "clauses are separated by spaces or new lines; remove the `;`"
        elif char == "'":
            message = "unexpected `'`: strings use double quotes"
            hint = 'write "text" instead of \'text\''
        elif char == "%":
            message = "unexpected `%`"
            hint = "write a percentage without a space: 25%"
        elif char == '"':
            message = "unterminated string"
            hint = 'close the string with `"` on the same line'
        elif char and is_control(char):
            # Between tokens as in strings and comments (see _string, _check_comments):
            # CHI110 names the character; the grammar's list would not help.
            bag.add("CHI110", f"control character {describe_control(char)} outside a string", span,
                    "outside strings and comments a spec may hold spaces, tabs and new lines "
                    "but no other control characters; remove it")
            return
        else:
            shown = repr(char) if not char.isprintable() or char.isspace() else f"`{char}`"
            message = f"unexpected character {shown}"
            if error.allowed:
                hint = f"expected {_describe_expected(set(error.allowed))}"
        bag.add("CHI104", message, span, hint)
        return
    if isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    ):
        expected = _open_block_closer(error, set(getattr(error, "expected", ()) or ()))
        bag.add(
            "CHI103",
            "unexpected end of file" + (f", expected {_describe_expected(expected)}" if expected else ""),
            _end_span(text, file),
            "a block opened with `{`, `<` or `(` may not be closed",
        )
        return
    assert isinstance(error, UnexpectedToken)
    token = error.token
    expected = _open_block_closer(error, set(error.expected))
    message = f"unexpected {_describe_token(token)}, expected {_describe_expected(expected)}"
    hint = _syntax_hint(token, expected)
    bag.add("CHI102", message, _token_span(token, file), hint)


def _syntax_hint(token: Token, expected: set[str]) -> str:
    if token.type == "NAME" and "STRING" in expected and "NAME" not in expected and len(expected) <= 2:
        return f'quote it: "{token.value}"'
    if token.type in ("NUMBER", "INT") and "PERCENT" in expected:
        return "weights are written 25%, 0.25 or 1/4"
    if token.type in ("RBRACE", "MORETHAN", "CARD_CLOSE"):
        return "a clause may be incomplete just before this point"
    if token.type == "METRIC" and "PILLAR" in expected:
        return 'metrics are declared inside a pillar: pillar "Name" { metric ... }'
    if token.type == "LBRACE" and "METRIC" in expected:
        return "a pillar has one block of metrics"
    if token.type == "NAME":
        return (f"`{token.value}` is not a word that can come here: check its spelling, and that the clause "
                "before it is complete; docs/language.md lists each block's clauses")
    return "check the clause just before this point; docs/language.md shows the form of each clause"


# ---------------------------------------------------------------------------
# Parse tree → syntax tree


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


class _EscapeError(Exception):
    """An escape other than \\" \\\\ \\n \\t in a string (offset of the backslash)."""

    def __init__(self, token: Token, offset: int) -> None:
        super().__init__(str(token))
        self.token = token
        self.offset = offset


class _NumberError(Exception):
    """A number literal a double cannot hold (``value`` None when unreadable)."""

    def __init__(self, token: Token, value: Decimal | None = None) -> None:
        super().__init__(str(token))
        self.token = token
        self.value = value


def _decimal(token: Token, percent: bool = False) -> Decimal:
    """The exact value of a number token (``percent``: divided by 100)."""
    try:
        value = Decimal(str(token).rstrip("%"))
    except InvalidOperation as error:  # pragma: no cover - the grammar only lets digits through
        raise _NumberError(token) from error
    if not value.is_finite():  # pragma: no cover - the grammar only lets digits through
        raise _NumberError(token)
    if percent:
        value = value / 100
    # Scores are computed in double precision: a goalpost or target of 1e400 would
    # become infinity and every score NaN; a target of 1e-400 would become 0 (a
    # division by zero); below the smallest normal double, digits are lost.
    if abs(value) > _LARGEST_DOUBLE or (value != 0 and abs(value) < _SMALLEST_DOUBLE):
        raise _NumberError(token, value)
    return value


_LARGEST_DOUBLE = Decimal("1.7976931348623157e308")
_SMALLEST_DOUBLE = Decimal("2.2250738585072014e-308")  # the smallest normal double


def _unquote(token: Token) -> str:
    """The value of a double-quoted string; ``\\"``, ``\\\\``, ``\\n`` and ``\\t`` escapes."""
    body = str(token)[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt not in _ESCAPES:
                raise _EscapeError(token, i + 1)
            out.append(_ESCAPES[nxt])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


# What control characters a string may hold (CHI110): none in names, labels and
# paths; tabs and new lines in other text (descriptions, option values, literals).
NAME, TEXT = "", "\t\n"


def _first_control(token: Token, allowed: str) -> tuple[int, int, str] | None:
    """Offset in the token, length (1 raw, 2 an escape) and character of the first
    control character that ``allowed`` does not permit, or None."""
    text = str(token)
    i = 1
    while i < len(text) - 1:
        char = text[i]
        if char == "\\" and token.type == "STRING" and i + 1 < len(text) - 1:
            produced = _ESCAPES.get(text[i + 1], "")
            if produced and is_control(produced) and produced not in allowed:
                return i, 2, produced
            i += 2
            continue
        if is_control(char) and char not in allowed:
            return i, 1, char
        i += 1
    return None


def normalise_name(name: str) -> str:
    """Names are compared after Unicode NFC normalisation (DESIGN §3)."""
    return unicodedata.normalize("NFC", name)


class _ToSyntax(Transformer):
    def __init__(self, file: str, default_name: str, bag: DiagnosticBag) -> None:
        super().__init__()
        self.file = file
        self.default_name = default_name
        self.bag = bag

    # -- helpers -------------------------------------------------------------

    def _span(self, meta) -> Span:
        if getattr(meta, "empty", True):
            return file_span(self.file)
        return Span(self.file, meta.line, meta.column, meta.end_line, meta.end_column)

    def _tspan(self, token: Token) -> Span:
        return _token_span(token, self.file)

    def _string(self, token: Token, what: str, allowed: str) -> str:
        """The value of a quoted string or `quoted column`, refusing control characters.

        Names, labels and paths (``allowed`` NAME) may hold none, not even a tab or
        a new line written as ``\\t``/``\\n``; other text (TEXT) may hold those two.
        The first offending character of the string is reported (CHI110).
        """
        found = _first_control(token, allowed)
        if found is not None:
            offset, length, char = found
            line, column = token.line or 1, (token.column or 1) + offset
            written = (f"escape `{str(token)[offset:offset + 2]}` makes control character" if length == 2
                       else "control character")
            self.bag.add(
                "CHI110", f"{written} {describe_control(char)} in {what}",
                Span(self.file, line, column, line, column + length),
                "names, labels and paths may hold no control characters, not even \\t or \\n; remove it"
                if allowed == NAME else
                "text may hold tabs and new lines (\\t, \\n) but no other control characters; remove it",
            )
        if token.type == "QUOTED_NAME":
            return str(token)[1:-1]
        return _unquote(token)

    def _clause(self, kind: str, value: object, meta, keyword_span: Span | None = None) -> st.Clause:
        span = self._span(meta)
        return st.Clause(kind, value, span, keyword_span or span)

    # -- structure -----------------------------------------------------------

    @v_args(meta=True)
    def start(self, meta, children):
        if len(children) == 1 and isinstance(children[0], st.IndexDecl):
            return children[0]
        return self._index(self.default_name, True, children, self._span(meta), self._span(meta))

    @v_args(meta=True)
    def index_block(self, meta, children):
        name_token, *items = children
        return self._index(
            normalise_name(self._string(name_token, "the index name", NAME)), False, items, self._span(meta), self._tspan(name_token)
        )

    def _index(self, name, implicit, items, span, name_span) -> st.IndexDecl:
        clauses = tuple(i for i in items if isinstance(i, st.Clause))
        sources = tuple(i for i in items if isinstance(i, st.SourceDecl))
        pillars = tuple(i for i in items if isinstance(i, st.PillarDecl))
        return st.IndexDecl(name, implicit, clauses, sources, pillars, span, name_span)

    @v_args(meta=True)
    def pillar(self, meta, children):
        (name, name_span), quoted = children[0]
        rest = children[1:]
        clauses = tuple(c for c in rest if isinstance(c, st.Clause))
        metrics = tuple(c for c in rest if isinstance(c, st.MetricDecl))
        return st.PillarDecl(name, clauses, metrics, self._span(meta), name_span, quoted)

    def pillar_name(self, children):
        (token,) = children
        quoted = token.type == "STRING"
        value = self._string(token, "a pillar name", NAME) if quoted else str(token)
        return ((normalise_name(value), self._tspan(token)), quoted)

    @v_args(meta=True)
    def metric(self, meta, children):
        (name, name_span, quoted), *clauses = children
        if not quoted and name in keywords():
            self.bag.add(
                "CHI105",
                f"`{name}` is a keyword and cannot be a bare metric name",
                name_span,
                f'quote it: metric "{name}"',
            )
        return st.MetricDecl(name, tuple(clauses), self._span(meta), name_span, quoted)

    def metric_name(self, children):
        (token,) = children
        quoted = token.type == "STRING"
        value = self._string(token, "a metric name", NAME) if quoted else str(token)
        return (normalise_name(value), self._tspan(token), quoted)

    # -- index-level clauses ---------------------------------------------------

    @v_args(meta=True)
    def version_clause(self, meta, children):
        return self._clause("version", self._string(children[0], "the version", TEXT), meta)

    @v_args(meta=True)
    def owner_clause(self, meta, children):
        return self._clause("owner", self._string(children[0], "the owner", TEXT), meta)

    @v_args(meta=True)
    def description_clause(self, meta, children):
        return self._clause("description", self._string(children[0], "a description", TEXT), meta)

    @v_args(meta=True)
    def title_clause(self, meta, children):
        return self._clause("title", self._string(children[0], "the title", TEXT), meta)

    @v_args(meta=True)
    def period_clause(self, meta, children):
        token = children[0]
        return st.Clause("period", str(token), self._span(meta), self._tspan(token))

    @v_args(meta=True)
    def by_clause(self, meta, children):
        return self._clause("by", children[0], meta)

    @v_args(meta=True)
    def round_clause(self, meta, children):
        digits, mode = children
        return self._clause("round", (int(digits), str(mode) if mode else None), meta)

    @v_args(meta=True)
    def output_scale_clause(self, meta, children):
        return self._clause("output_scale", children[0], meta)

    @v_args(meta=True)
    def status_clause(self, meta, children):
        return self._clause("status", tuple(children), meta)

    @v_args(meta=True)
    def status_threshold(self, meta, children):
        op, threshold, label = children
        return st.Band(op, threshold, self._string(label, "a status label", NAME), self._span(meta))

    @v_args(meta=True)
    def status_else(self, meta, children):
        return st.Band(None, None, self._string(children[0], "a status label", NAME), self._span(meta))

    @v_args(meta=True)
    def aggregation_clause(self, meta, children):
        return self._clause("aggregation", str(children[0]), meta)

    @v_args(meta=True)
    def missing_clause(self, meta, children):
        return self._clause("missing", str(children[0]), meta)

    @v_args(meta=True)
    def weights_clause(self, meta, children):
        return self._clause("weights", str(children[0]), meta)

    # -- sources ---------------------------------------------------------------

    @v_args(meta=True)
    def source_decl(self, meta, children):
        name, path, options = children
        return st.SourceDecl(
            normalise_name(str(name)),
            self._string(path, "a source path", NAME),
            tuple(options or ()),
            self._span(meta),
            self._tspan(name),
            self._tspan(path),
        )

    def source_options(self, children):
        return tuple(children)

    def _option(self, key, value, meta):
        return st.SourceOption(key, value, self._span(meta))

    @v_args(meta=True)
    def opt_date(self, meta, c):
        return self._option("date", c[0], meta)

    @v_args(meta=True)
    def opt_date_format(self, meta, c):
        return self._option("date_format", self._string(c[0], "date_format", TEXT), meta)

    @v_args(meta=True)
    def opt_delimiter(self, meta, c):
        return self._option("delimiter", self._string(c[0], "delimiter", TEXT), meta)

    @v_args(meta=True)
    def opt_decimal(self, meta, c):
        return self._option("decimal", self._string(c[0], "decimal", TEXT), meta)

    @v_args(meta=True)
    def opt_thousands(self, meta, c):
        return self._option("thousands", self._string(c[0], "thousands", TEXT), meta)

    @v_args(meta=True)
    def opt_encoding(self, meta, c):
        return self._option("encoding", self._string(c[0], "encoding", TEXT), meta)

    @v_args(meta=True)
    def opt_missing_values(self, meta, c):
        return self._option("missing_values", c[0], meta)

    @v_args(meta=True)
    def opt_format(self, meta, c):
        return self._option("format", str(c[0]), meta)

    @v_args(meta=True)
    def opt_unit(self, meta, c):
        return self._option("unit", c[0], meta)

    @v_args(meta=True)
    def opt_skip_footer(self, meta, c):
        return self._option("skip_footer", int(c[0]), meta)

    def string_list(self, children):
        return tuple(self._string(c, "missing_values", TEXT) for c in children if c is not None)

    # -- metric clauses --------------------------------------------------------

    @v_args(meta=True)
    def weight_clause(self, meta, children):
        return self._clause("weight", children[0], meta)

    @v_args(meta=True)
    def weight_decimal(self, meta, children):
        sign, number = children
        value = _decimal(number) * (-1 if sign == "-" else 1)
        text = (str(sign) if sign else "") + str(number)
        return st.WeightLit(text, value, None, False, self._span(meta))

    @v_args(meta=True)
    def weight_percent(self, meta, children):
        sign, number = children
        _decimal(number, percent=True)  # the share must fit a double too
        value = _decimal(number) * (-1 if sign == "-" else 1)
        text = (str(sign) if sign else "") + str(number)
        return st.WeightLit(text, value, None, True, self._span(meta))

    @v_args(meta=True)
    def weight_ratio(self, meta, children):
        sign, numerator, denominator = children
        value = _decimal(numerator) * (-1 if sign == "-" else 1)
        text = (str(sign) if sign else "") + f"{numerator}/{denominator}"
        return st.WeightLit(text, value, _decimal(denominator), False, self._span(meta))

    @v_args(meta=True)
    def from_clause(self, meta, children):
        (token,) = children
        if token.type == "STRING":
            value = ("path", self._string(token, "a source path", NAME))
        else:
            value = ("source", normalise_name(str(token)))
        return self._clause("from", value, meta)

    @v_args(meta=True)
    def column_clause(self, meta, children):
        return self._clause("column", children[0], meta)

    @v_args(meta=True)
    def value_clause(self, meta, children):
        return self._clause("value", children[0], meta)

    @v_args(meta=True)
    def where_clause(self, meta, children):
        return self._clause("where", children[0], meta)

    @v_args(meta=True)
    def unit_clause(self, meta, children):
        return self._clause("unit", self._string(children[0], "a unit", NAME), meta)

    @v_args(meta=True)
    def direction_clause(self, meta, children):
        return self._clause("direction", str(children[0]), meta)

    @v_args(meta=True)
    def log_clause(self, meta, children):
        return self._clause("log", True, meta)

    @v_args(meta=True)
    def simple_aggregate(self, meta, children):
        return self._clause("aggregate", (str(children[0]), None, None), meta)

    @v_args(meta=True)
    def percentile_aggregate(self, meta, children):
        return self._clause("aggregate", ("percentile", children[0], None), meta)

    @v_args(meta=True)
    def share_aggregate(self, meta, children):
        return self._clause("aggregate", ("share", None, children[0]), meta)

    @v_args(meta=True)
    def norm_scale(self, meta, children):
        return self._clause("normalisation", ("scale", children[0]), meta)

    @v_args(meta=True)
    def norm_target(self, meta, children):
        return self._clause("normalisation", ("target", children[0]), meta)

    @v_args(meta=True)
    def norm_bands(self, meta, children):
        return self._clause("normalisation", ("bands", tuple(children)), meta)

    @v_args(meta=True)
    def norm_minmax(self, meta, children):
        return self._clause("normalisation", ("minmax", None), meta)

    @v_args(meta=True)
    def norm_percentile_rank(self, meta, children):
        return self._clause("normalisation", ("percentile_rank", None), meta)

    @v_args(meta=True)
    def norm_percent(self, meta, children):
        return self._clause("normalisation", ("percent", None), meta)

    @v_args(meta=True)
    def norm_none(self, meta, children):
        return self._clause("normalisation", ("none", None), meta)

    @v_args(meta=True)
    def band_threshold(self, meta, children):
        op, threshold, result = children
        return st.Band(op, threshold, result, self._span(meta))

    @v_args(meta=True)
    def band_else(self, meta, children):
        return st.Band(None, None, children[0], self._span(meta))

    @v_args(meta=True)
    def range(self, meta, children):
        return st.RangeLit(children[0], children[1], self._span(meta))

    @v_args(meta=True)
    def signed_number(self, meta, children):
        sign, number = children
        is_percent = number.type == "PERCENT"
        value = _decimal(number, percent=is_percent)
        if sign == "-":
            value = -value
        text = (str(sign) if sign else "") + str(number)
        return st.NumberLit(text, value, is_percent, self._span(meta))

    def comparator(self, children):
        return str(children[0])

    # -- expressions -------------------------------------------------------------

    @v_args(meta=True)
    def or_expr(self, meta, children):
        return self._fold("or", children)

    @v_args(meta=True)
    def and_expr(self, meta, children):
        return self._fold("and", children)

    def _fold(self, op, children):
        result = children[0]
        for right in children[1:]:
            result = st.Binary(op, result, right, result.span.to(right.span))
        return result

    @v_args(meta=True)
    def not_op(self, meta, children):
        return st.Unary("not", children[0], self._span(meta))

    @v_args(meta=True)
    def compare(self, meta, children):
        left, op, right = children
        return st.Binary("==" if op == "=" else op, left, right, self._span(meta))

    @v_args(meta=True)
    def is_missing(self, meta, children):
        return st.IsMissing(children[0], False, self._span(meta))

    @v_args(meta=True)
    def is_not_missing(self, meta, children):
        return st.IsMissing(children[0], True, self._span(meta))

    @v_args(meta=True)
    def in_list(self, meta, children):
        return st.InList(children[0], children[1], False, self._span(meta))

    @v_args(meta=True)
    def not_in_list(self, meta, children):
        return st.InList(children[0], children[1], True, self._span(meta))

    @v_args(meta=True)
    def contains(self, meta, children):
        return st.Binary("contains", children[0], children[1], self._span(meta))

    @v_args(meta=True)
    def binary(self, meta, children):
        left, op, right = children
        return st.Binary(str(op), left, right, self._span(meta))

    @v_args(meta=True)
    def negate(self, meta, children):
        return st.Unary("-", children[0], self._span(meta))

    @v_args(meta=True)
    def number(self, meta, children):
        return st.Literal(_decimal(children[0]), "number", self._span(meta))

    @v_args(meta=True)
    def percent(self, meta, children):
        return st.Literal(_decimal(children[0], percent=True), "percent", self._span(meta))

    @v_args(meta=True)
    def string(self, meta, children):
        return st.Literal(self._string(children[0], "a string", TEXT), "string", self._span(meta))

    @v_args(meta=True)
    def true(self, meta, children):
        return st.Literal(True, "bool", self._span(meta))

    @v_args(meta=True)
    def false(self, meta, children):
        return st.Literal(False, "bool", self._span(meta))

    @v_args(meta=True)
    def missing(self, meta, children):
        return st.Literal(None, "missing", self._span(meta))

    @v_args(meta=True)
    def call(self, meta, children):
        (name, name_span), args = children
        if args is None:
            positional, where = (), None
        else:
            positional, where = args
        return st.Call(name, positional, where, self._span(meta), name_span)

    def call_args(self, children):
        # Children: the positional expressions, then the `where` expression (None
        # placeholder when absent, thanks to maybe_placeholders).
        *positional, where = children
        return (tuple(positional), where)

    def call_where_only(self, children):
        return ((), children[0])

    def function_name(self, children):
        (token,) = children
        return (str(token), self._tspan(token))

    def list_literal(self, children):
        return tuple(c for c in children if c is not None)

    @v_args(meta=True)
    def column_ref(self, meta, children):
        if len(children) == 1 and children[0].type == "QUOTED_NAME":
            return st.Column((self._string(children[0], "a column name", NAME),), self._span(meta))
        return st.Column(tuple(str(c) for c in children), self._span(meta))


def read_spec_text(path: str, bag: DiagnosticBag) -> str | None:
    """Read a spec as UTF-8 (BOM tolerated); unreadable files become CHI101."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        if Path(path).is_symlink():
            bag.add("CHI101", f"{path} is a broken symbolic link (to {os.readlink(path)}): the spec cannot be read",
                    None, "point the link at an existing spec, or remove it")
        else:
            bag.add("CHI101", f"spec file not found: {path}", None, "check the path")
        return None
    except IsADirectoryError:
        bag.add("CHI101", f"{path} is a directory", None, "pass a .chi file, or a folder to `check`")
        return None
    except OSError as error:
        bag.add("CHI101", f"cannot read {path}: {error.strerror}", None)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        bag.add(
            "CHI101",
            f"spec is not valid UTF-8: byte 0x{data[error.start]:02x} cannot be decoded",
            file_span(path, line, column),
            "save the spec as UTF-8",
        )
        return None
