"""Lint rules: checks beyond the hard errors of the resolver (codes CHI601-CHI689).

Each rule lives in its own module under ``chi_lang.lint.rules`` and registers
itself with the :func:`rule` decorator.  A rule is a stateless function from a
:class:`LintContext` (the syntax tree, the resolved model when there is one, the
spec text) to the diagnostics it finds.  Rules never raise: :func:`run_rules`
turns a crash inside a rule into a CHI699 diagnostic and carries on, so one broken
rule cannot hide what the others found.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .. import model as m
from .. import syntax as st
from ..codes import CODES
from ..diagnostics import Diagnostic, Label
from ..span import Span, file_span

RULE_MODULES = (
    "pillar_metric_count",
    "no_normalisation",
    "cost_without_direction",
    "unused_source",
    "duplicate_metric",
    "missing_version",
    "missing_owner",
    "weight_false_precision",
    "mixed_weight_notation",
    "fraction_goalpost",
    "absolute_source_path",
    "missing_description",
)


@dataclass(frozen=True, slots=True)
class LintContext:
    """What a rule may look at.  ``index`` is None when the spec did not resolve."""

    path: str
    text: str
    tree: st.IndexDecl
    index: m.Index | None

    def diagnostic(self, code: str, message: str, span: Span | None, hint: str | None = None,
                   labels: Iterable[Label] = ()) -> Diagnostic:
        return Diagnostic(code, CODES[code].severity, message, span or file_span(self.path), hint, tuple(labels))

    @property
    def is_card(self) -> bool:
        """A file holding one bare pillar: a fragment of a larger index."""
        return self.tree.implicit and len(self.tree.pillars) == 1

    @property
    def is_fragment(self) -> bool:
        """A card whose written weights sum below 100% (the CHI319 case, such as the
        mission's line): the rest of its pillar and index live elsewhere, so rules
        about a complete index (metric counts, normalisations) do not apply."""
        if not self.is_card:
            return False
        from ..weights import weight_fraction

        pillar = self.tree.pillars[0]

        def partial(clauses: Iterable[st.Clause]) -> bool:
            weights = [weight_fraction(c.value) for c in clauses if c.kind == "weight"]
            return bool(weights) and None not in weights and 0 < sum(weights) < 1

        return partial(pillar.clauses) or partial(c for x in pillar.metrics for c in x.clauses)

    def metric_pairs(self) -> Iterator[tuple[st.PillarDecl, st.MetricDecl, m.Metric | None]]:
        """Every metric as written, with its resolved form when it resolved."""
        resolved: dict[tuple[str, str], m.Metric] = {}
        if self.index is not None:
            for pillar, metric in self.index.metrics():
                resolved.setdefault((pillar.name, metric.name), metric)
        for pillar in self.tree.pillars:
            for metric in pillar.metrics:
                yield pillar, metric, resolved.get((pillar.name, metric.name))


RuleFunction = Callable[[LintContext], Iterable[Diagnostic]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    check: RuleFunction
    enabled_by_default: bool = True
    examples: dict[str, str] = field(default_factory=dict)  # "fail" / "pass" spec snippets


_REGISTRY: dict[str, Rule] = {}


def rule(code: str, *, enabled_by_default: bool = True, fail: str = "", ok: str = "") -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule under ``code`` (which must be in the catalogue).

    ``fail`` and ``ok`` are small specs on which the rule must and must not fire;
    the test suite runs every rule on both, so each rule carries its own cases.
    """
    if code not in CODES:
        raise ValueError(f"rule {code} is not in the codes catalogue")

    def register(function: RuleFunction) -> RuleFunction:
        _REGISTRY[code] = Rule(code, function, enabled_by_default, {"fail": fail, "pass": ok})
        return function

    return register


def registered_rules() -> dict[str, Rule]:
    """All rules by code, in code order (imports the rule modules on first use)."""
    for name in RULE_MODULES:  # cached by the import system after the first call
        importlib.import_module(f"{__name__}.rules.{name}")
    return dict(sorted(_REGISTRY.items()))


def run_rules(context: LintContext, enabled: Callable[[str], bool],
              only: dict[str, Rule] | None = None) -> list[Diagnostic]:
    """Run every enabled rule (or those of ``only``); a rule that raises becomes a CHI699 diagnostic."""
    found: list[Diagnostic] = []
    for code, entry in (registered_rules() if only is None else only).items():
        if not enabled(code):
            continue
        try:
            found.extend(entry.check(context))
        except Exception as error:  # noqa: BLE001 - a rule bug must not abort the check
            found.append(context.diagnostic(
                "CHI699", f"lint rule {code} ({CODES[code].name}) failed: {type(error).__name__}: {error}",
                file_span(context.path),
                f"this is a bug in chi-lang; ignore {code} until it is fixed",
            ))
    return found
