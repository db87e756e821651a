"""Where the comments of a spec are.

The grammar ignores comments, so the parse tree never sees them; the formatter
(to keep them) and suppressions (``# chi: ignore[...]``) need their positions.
This scanner follows the grammar's three lexical forms that may contain ``#``
without starting a comment: double-quoted strings (with backslash escapes),
back-quoted column names, and comments themselves.  A test checks it against
Lark's own lexer (``lexer_callbacks``) on generated specs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Comment:
    """A ``# ...`` comment: 1-based line and column, its text, and whether code precedes it."""

    line: int
    column: int
    text: str  # from the '#' to the end of the line, without the newline
    trailing: bool  # code earlier on the same line (else the comment owns its line)


def scan_comments(text: str) -> list[Comment]:
    comments: list[Comment] = []
    line, line_start, i, n = 1, 0, 0, len(text)
    code_on_line = False
    while i < n:
        ch = text[i]
        if ch == "\n":
            line, line_start, code_on_line = line + 1, i + 1, False
            i += 1
        elif ch == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            comments.append(Comment(line, i - line_start + 1, text[i:end].rstrip("\r"), code_on_line))
            i = end
        elif ch == '"':
            code_on_line = True
            i += 1
            while i < n and text[i] not in '"\n':
                i += 2 if text[i] == "\\" and i + 1 < n and text[i + 1] != "\n" else 1
            i += 1 if i < n and text[i] == '"' else 0
        elif ch == "`":
            code_on_line = True
            close = text.find("`", i + 1)
            newline = text.find("\n", i + 1)
            # An unclosed back-quote is a lexing error; stop at the line end like the lexer.
            if close < 0 or (0 <= newline < close):
                i += 1
            else:
                i = close + 1
        else:
            if not ch.isspace() and ch != "\ufeff":
                code_on_line = True
            i += 1
    return comments
