"""Text from specs as it is shown to people: in messages, and under carets.

Spec text can hold what a terminal must never receive raw (an ESC starts an escape
sequence, U+202E reverses what follows), characters two columns wide (CJK, most
emoji) or none (combining accents), and literals 100,000 digits long.  These
helpers make such text safe and measurable: control characters become visible
escapes (``\\x1b``, ``\\u202e``), display widths count terminal columns, and long
literals are cut down for messages.
"""

from __future__ import annotations

import json
import unicodedata

# Bidirectional embeddings, overrides and isolates reorder the text around them
# ("Trojan source"): shown escaped, and refused in specs like C0/C1 controls.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Line and paragraph separators end a line for str.splitlines() and some terminals.
LINE_SEPARATORS = frozenset("\u2028\u2029")
# Invisible characters that make two names look alike: zero width space, word joiner,
# a byte order mark inside the text, Mongolian vowel separator.  (The zero width
# joiner and non-joiner are left alone: scripts and emoji sequences need them.)
INVISIBLE = frozenset("\u200b\u2060\ufeff\u180e")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def is_control(char: str) -> bool:
    """C0/C1 controls and DEL, bidirectional controls, line/paragraph separators and
    the invisible characters that make names look alike."""
    return (unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS or char in LINE_SEPARATORS
            or char in INVISIBLE)


def escape_char(char: str) -> str:
    """A visible escape for a control character: ``\\x1b``, ``\\u202e``."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, keep: str = "") -> str:
    """``text`` with every control character (except those in ``keep``) escaped."""
    if not any(is_control(c) and c not in keep for c in text):
        return text
    return "".join(escape_char(c) if is_control(c) and c not in keep else c for c in text)


_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x09: "TAB", 0x0A: "LF", 0x0B: "VT", 0x0C: "FF",
                  0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL"}


def describe_control(char: str) -> str:
    """``\\x1b (ESC)``, ``\\u202e (RIGHT-TO-LEFT OVERRIDE)``: the escape and a name."""
    name = _CONTROL_NAMES.get(ord(char)) or unicodedata.name(char, "")
    return f"{escape_char(char)} ({name})" if name else escape_char(char)


def char_width(char: str) -> int:
    """Terminal columns taken by one (non-control) character: 0, 1 or 2."""
    if char in _ZERO_WIDTH or unicodedata.combining(char):
        return 0
    category = unicodedata.category(char)
    if category in ("Mn", "Me") or "\ufe00" <= char <= "\ufe0f":  # marks, variation selectors
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


TAB_SIZE = 4


def display_cells(line: str) -> list[tuple[str, int]]:
    """Each character of a source line as (what is shown, its width in columns).

    Tabs are expanded to the next multiple of TAB_SIZE, control characters are
    shown as escapes, everything else as itself with its terminal width.  The
    caret line is built from the same widths, so carets stay under their text.
    """
    cells: list[tuple[str, int]] = []
    column = 0
    for char in line:
        if char == "\t":
            shown = " " * (TAB_SIZE - column % TAB_SIZE)
            cells.append((shown, len(shown)))
        elif is_control(char):
            shown = escape_char(char)
            cells.append((shown, len(shown)))
        else:
            cells.append((char, char_width(char)))
        column += cells[-1][1]
    return cells


def shorten_literal(text: str, keep: int = 20) -> str:
    """A literal as quoted in a message: long ones cut after ``keep`` characters.

    ``1`` followed by 99,999 zeros becomes ``10000000000000000000…(100000 digits)``.
    """
    if len(text) <= keep + 10:
        return text
    digits = sum(c.isdigit() for c in text)
    return f"{text[:keep]}…({digits} digits)"


def safe_json(data: object) -> str:
    """Indented JSON (UTF-8 text kept) with every control character escaped.

    ``json.dumps`` escapes C0 controls itself; DEL, C1 controls, bidirectional
    controls and line separators would stay raw with ``ensure_ascii=False``.  The
    ``\\uXXXX`` form means the same string and cannot reach a terminal raw.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if not any(is_control(c) and c != "\n" for c in text):
        return text
    return "".join(f"\\u{ord(c):04x}" if is_control(c) and c != "\n" else c for c in text)
