"""Status bands as colours: which label is good, which is bad.

A spec names its bands freely (``healthy`` / ``watch`` / ``at risk``, or five
grades, or ``<`` thresholds listed from the bottom up), so the colour cannot come
from the label or the declaration order.  It comes from *where on the scale* each
band lies: the band covering the highest scores is ``good``, the lowest ``bad``,
those between ``ok`` / ``warn``.  Colour is never the only cue: the label is always
written next to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..display import status_for
from ..model import StatusBand

NO_DATA_TONE = "none"
NEUTRAL_TONE = "neutral"  # a score with no bands to place it in


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the output scale that one band label covers."""

    low: float
    high: float
    label: str
    tone: str


def _segments_by_label(bands: tuple[StatusBand, ...], low: float, high: float) -> list[tuple[float, float, str]]:
    cuts = sorted({low, high} | {b.threshold for b in bands if b.threshold is not None and low < b.threshold < high})
    pieces: list[tuple[float, float, str]] = []
    for start, end in zip(cuts, cuts[1:]):
        # Every point strictly inside (start, end) falls in the same band; the
        # midpoint stands for them all, whatever mix of > and >= the spec uses.
        label = status_for((start + end) / 2, bands)
        if label is None:
            continue
        if pieces and pieces[-1][2] == label and pieces[-1][1] == start:
            pieces[-1] = (pieces[-1][0], end, label)
        else:
            pieces.append((start, end, label))
    return pieces


def _tone(rank: int, count: int) -> str:
    if count <= 1 or rank == 0:
        return "good"
    position = rank / (count - 1)
    if position >= 1:
        return "bad"
    return "ok" if position <= 0.5 else "warn"


@dataclass(frozen=True, slots=True)
class Palette:
    """The tone of each label of one set of bands, and the bands laid on the scale."""

    tones: tuple[tuple[str, str], ...]  # (label, tone), best first
    segments: tuple[Segment, ...]  # from the low end of the scale up

    def tone(self, label: str | None, has_data: bool = True) -> str:
        if not has_data:
            return NO_DATA_TONE
        for known, tone in self.tones:
            if known == label:
                return tone
        return NEUTRAL_TONE


def palette(bands: tuple[StatusBand, ...], output_scale: tuple[float, float]) -> Palette:
    low, high = output_scale
    pieces = _segments_by_label(bands, low, high) if bands else []
    # Rank labels by the highest stretch of scale each one covers.
    top: dict[str, float] = {}
    for start, end, label in pieces:
        top[label] = max(top.get(label, start), end)
    ranked = sorted(top, key=lambda label: -top[label])
    tones = tuple((label, _tone(i, len(ranked))) for i, label in enumerate(ranked))
    lookup = dict(tones)
    segments = tuple(Segment(s, e, label, lookup[label]) for s, e, label in pieces)
    return Palette(tones, segments)
