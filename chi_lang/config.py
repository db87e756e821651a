"""``[tool.chi-lang]`` in pyproject.toml: which codes ``check`` reports, and how loudly.

    [tool.chi-lang]
    select = ["ALL"]              # replaces the default set (every code but opt-in rules)
    extend-select = ["CHI612"]    # adds to it
    ignore = ["CHI609"]           # removes codes (errors cannot be ignored)
    severity = { CHI601 = "error", CHI606 = "info" }

Selectors are ``ALL``, a code (``CHI601``), a prefix (``CHI6``, ``CHI60``) or a
rule name (``pillar-metric-count``).  Errors are always reported and cannot be
lowered: a broken spec must never pass by configuration.  Unknown codes or keys
are reported (CHI690, CHI693) at their line in pyproject.toml.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from .codes import CODES
from .diagnostics import Diagnostic, DiagnosticBag, Severity
from .span import Span, file_span

KEYS = ("select", "extend-select", "ignore", "severity")
_NAMES = {c.name: c.code for c in CODES.values()}


def _opt_in_codes() -> frozenset[str]:
    from .lint import registered_rules

    return frozenset(code for code, entry in registered_rules().items() if not entry.enabled_by_default)


def selector_matches(selector: str, code: str) -> bool:
    selector = selector.strip()
    if selector.upper() == "ALL":
        return True
    if selector in _NAMES:
        return _NAMES[selector] == code
    return code.startswith(selector.upper())


def known_selector(selector: str) -> bool:
    if not isinstance(selector, str) or not selector.strip():
        return False
    s = selector.strip()
    if s.upper() == "ALL" or s in _NAMES:
        return True
    return s.upper().startswith("CHI") and any(code.startswith(s.upper()) for code in CODES)


@dataclass(frozen=True, slots=True)
class Config:
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    path: str | None = None  # the pyproject.toml it came from

    def with_command_line(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Config:
        """``--select`` replaces the selection; ``--ignore`` adds to the ignored codes."""
        select, ignore = tuple(select), tuple(ignore)
        return replace(self, select=select if select else self.select,
                       extend_select=() if select else self.extend_select,
                       ignore=self.ignore + ignore)

    def enabled(self, code: str) -> bool:
        if CODES[code].severity is Severity.ERROR:
            return True
        if self.select is None:
            chosen = code not in _opt_in_codes()
        else:
            chosen = any(selector_matches(s, code) for s in self.select)
        chosen = chosen or any(selector_matches(s, code) for s in self.extend_select)
        return chosen and not any(selector_matches(s, code) for s in self.ignore)

    def apply(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Drop codes that are not enabled; apply severity overrides."""
        overrides = dict(self.severity)
        out = []
        for d in diagnostics:
            if d.code in CODES and not self.enabled(d.code):
                continue
            if d.code in overrides:
                d = replace(d, severity=overrides[d.code])
            out.append(d)
        return out


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml with a ``[tool.chi-lang]`` table, from ``start`` upwards."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        try:
            raw = candidate.read_bytes()
        except OSError:
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            # Not UTF-8 (TOML must be): if it names chi-lang, it is ours and load_config
            # reports it (CHI693) rather than the check silently running without it.
            text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") and len(raw) % 2 == 0 \
                else raw.decode("latin-1")
        if "chi-lang" in text and "tool" in text:
            return candidate
    return None


def load_config(path: Path, bag: DiagnosticBag) -> Config:
    """Read ``[tool.chi-lang]`` from ``path``; problems go to ``bag`` (CHI690, CHI693)."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        bag.add("CHI693", f"{shown} is not UTF-8: byte 0x{error.object[error.start]:02x} at offset {error.start} "
                "cannot be decoded, so [tool.chi-lang] is not applied", file_span(shown),
                "TOML files are UTF-8: save it as UTF-8")
        return Config(path=shown)
    except OSError as error:
        bag.add("CHI693", f"cannot read {shown}: {error.strerror or error}", file_span(shown))
        return Config(path=shown)
    lines = text.splitlines()

    def span_of(needle: str) -> Span:
        """The first line of the table that mentions ``needle`` (best effort)."""
        start = next((i for i, l in enumerate(lines) if l.strip().startswith("[tool.chi-lang")), 0)
        for i in range(start, len(lines)):
            column = lines[i].find(needle)
            if column >= 0:
                return Span(shown, i + 1, column + 1, i + 1, column + 1 + len(needle))
        return file_span(shown, start + 1)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        bag.add("CHI693", f"{shown} is not valid TOML: {error}", file_span(shown), "fix the TOML syntax")
        return Config(path=shown)
    table = data.get("tool", {}).get("chi-lang")
    if table is None:
        return Config(path=shown)
    if not isinstance(table, dict):
        bag.add("CHI693", "[tool.chi-lang] must be a table", span_of("chi-lang"))
        return Config(path=shown)

    def selectors(key: str) -> tuple[str, ...] | None:
        value = table.get(key, table.get(key.replace("-", "_")))
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bag.add("CHI693", f"`{key}` must be a list of codes, like [\"CHI601\"]", span_of(key),
                    f'{key} = ["CHI6"]')
            return None
        good = []
        for selector in value:
            if known_selector(selector):
                good.append(selector)
            else:
                bag.add("CHI690", f"`{key}` names an unknown code {selector!r}", span_of(selector),
                        "codes are listed by `chi-lang rule --list`")
        return tuple(good)

    for key in table:
        if key not in KEYS and key.replace("_", "-") not in KEYS:
            bag.add("CHI693", f"unknown setting `{key}` in [tool.chi-lang]", span_of(key),
                    "settings: " + ", ".join(KEYS))
    ignore = selectors("ignore") or ()
    for selector in ignore:
        # A prefix such as CHI3 ignores that range's warnings; naming an error itself is a mistake.
        code = _NAMES.get(selector, selector.strip().upper())
        if code in CODES and CODES[code].severity is Severity.ERROR:
            bag.add("CHI693", f"{code} is an error and cannot be ignored", span_of(selector),
                    "fix the spec instead")
    severity: list[tuple[str, Severity]] = []
    raw = table.get("severity", {})
    if not isinstance(raw, dict):
        bag.add("CHI693", "`severity` must be a table of code = \"error\" | \"warning\" | \"info\"",
                span_of("severity"), 'severity = { CHI601 = "error" }')
        raw = {}
    for key, level in raw.items():
        code = _NAMES.get(key, key.upper())
        if code not in CODES:
            bag.add("CHI690", f"`severity` names an unknown code {key!r}", span_of(key),
                    "codes are listed by `chi-lang rule --list`")
            continue
        if level not in ("error", "warning", "info"):
            bag.add("CHI693", f"severity of {code} must be \"error\", \"warning\" or \"info\", not {level!r}",
                    span_of(key))
            continue
        if CODES[code].severity is Severity.ERROR and level != "error":
            bag.add("CHI693", f"{code} is an error and cannot be lowered to {level}", span_of(key),
                    "fix the spec instead")
            continue
        severity.append((code, Severity(level)))
    return Config(
        select=selectors("select"),
        extend_select=selectors("extend-select") or (),
        ignore=ignore,
        severity=tuple(severity),
        path=shown,
    )


def config_for(spec_path: str, bag: DiagnosticBag, explicit: str | None = None) -> Config:
    """The configuration that applies to a spec: ``explicit`` or the nearest pyproject.toml."""
    if explicit is not None:
        return load_config(Path(explicit), bag)
    start = Path.cwd() if spec_path in ("-", "<stdin>") else Path(spec_path).parent
    found = find_pyproject(start)
    return Config() if found is None else load_config(found, bag)
