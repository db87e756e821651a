"""Aggregate accumulators: constant memory except where the values are needed
(median, percentile, count_distinct keep them)."""

from __future__ import annotations

import math
from typing import Any


class Accumulator:
    __slots__ = ()

    def add(self, value: Any) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def result(self) -> float | None:  # pragma: no cover - interface
        raise NotImplementedError


class Mean(Accumulator):
    __slots__ = ("total", "n")

    def __init__(self) -> None:
        self.total = 0.0
        self.n = 0

    def add(self, value):
        if value is not None:
            self.total += value
            self.n += 1

    def result(self):
        return self.total / self.n if self.n else None


class Sum(Accumulator):
    __slots__ = ("total",)

    def __init__(self) -> None:
        self.total = 0.0

    def add(self, value):
        if value is not None:
            self.total += value

    def result(self):
        return self.total  # a sum over no rows is 0 (DESIGN §3)


class Count(Accumulator):
    """count(): rows; count(x): rows where x is not missing."""

    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = 0

    def add(self, value):
        if value is not None:
            self.n += 1

    def result(self):
        return float(self.n)


class CountDistinct(Accumulator):
    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: set = set()

    def add(self, value):
        if type(value) is str:  # the usual case: an id read from text
            self.seen.add(value)
            return
        if value is None:
            return
        if isinstance(value, list):
            value = tuple(value)
        elif isinstance(value, float) and value.is_integer():
            value = str(int(value))
        elif not isinstance(value, str):
            value = str(value)
        self.seen.add(value)

    def result(self):
        return float(len(self.seen))


class Extreme(Accumulator):
    __slots__ = ("best", "pick")

    def __init__(self, pick) -> None:
        self.best = None
        self.pick = pick

    def add(self, value):
        if value is not None:
            self.best = value if self.best is None else self.pick(self.best, value)

    def result(self):
        return self.best


class Percentile(Accumulator):
    """Continuous percentile (linear interpolation), as SQL's PERCENTILE_CONT."""

    __slots__ = ("values", "q")

    def __init__(self, q: float) -> None:
        self.values: list[float] = []
        self.q = q

    def add(self, value):
        if value is not None:
            self.values.append(value)

    def result(self):
        return percentile_cont(self.values, self.q)


class Share(Accumulator):
    """share(where c): rows where c is true / rows.  Fed True/False per row."""

    __slots__ = ("hits", "n")

    def __init__(self) -> None:
        self.hits = 0
        self.n = 0

    def add(self, value):
        self.n += 1
        if value is True:
            self.hits += 1

    def result(self):
        return self.hits / self.n if self.n else None


def percentile_cont(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = math.ceil(position)
    if low == high:
        return ordered[int(position)]
    fraction = position - low
    return ordered[low] + (ordered[high] - ordered[low]) * fraction


def make_accumulator(func: str, q: float | None) -> Accumulator:
    if func == "mean":
        return Mean()
    if func == "sum":
        return Sum()
    if func == "count":
        return Count()
    if func == "count_distinct":
        return CountDistinct()
    if func == "min":
        return Extreme(min)
    if func == "max":
        return Extreme(max)
    if func == "median":
        return Percentile(0.5)
    if func == "percentile":
        return Percentile(float(q))
    if func == "share":
        return Share()
    raise ValueError(func)


def empty_result(func: str) -> float | None:
    """An aggregate over zero rows: count and sum are 0, everything else is no data."""
    return 0.0 if func in ("count", "sum", "count_distinct") else None
