"""The result of an evaluation: the long table every engine and back-end shares.

One row per (period, unit, level, pillar, metric).  Scores are on the 0-100 scale
and unrounded; ``display.py`` applies the output scale and rounding for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COLUMNS = (
    "period",
    "unit",
    "level",
    "pillar",
    "metric",
    "raw_value",
    "score",
    "weight",
    "effective_weight",
    "contribution",
    "coverage",
    "status",
)


@dataclass(frozen=True, slots=True)
class ResultRow:
    period: str | None
    unit: str | None
    level: str  # index | pillar | metric
    pillar: str | None
    metric: str | None
    raw_value: float | None
    score: float | None
    weight: float
    effective_weight: float
    contribution: float | None
    coverage: float
    status: str | None

    def as_tuple(self) -> tuple:
        return tuple(getattr(self, c) for c in COLUMNS)


@dataclass(frozen=True, slots=True)
class SourceStats:
    name: str
    path: str
    rows: int
    first_date: str | None
    last_date: str | None


@dataclass
class Evaluation:
    rows: list[ResultRow]
    sources: list[SourceStats] = field(default_factory=list)
    engine: str = "python"

    def periods(self) -> list[str | None]:
        return sorted({r.period for r in self.rows}, key=lambda p: (p is None, p or ""))

    def units(self) -> list[str | None]:
        return sorted({r.unit for r in self.rows}, key=lambda u: (u is None, u or ""))

    def index_rows(self) -> list[ResultRow]:
        return [r for r in self.rows if r.level == "index"]

    def lookup(self, period=None, unit=None, pillar=None, metric=None) -> ResultRow | None:
        level = "metric" if metric is not None else "pillar" if pillar is not None else "index"
        for row in self.rows:
            if (row.level == level and row.period == period and row.unit == unit
                    and row.pillar == pillar and row.metric == metric):
                return row
        return None
