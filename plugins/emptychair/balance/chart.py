"""Geometry of the customer-share chart: numbers for an SVG template, computed once at build time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..stories.weeks import IsoWeek

WIDTH = 640
HEIGHT = 220
LEFT = 40
BOTTOM = 30
TOP = 10


@dataclass(frozen=True, slots=True)
class Bar:
    week: IsoWeek
    x: float
    y: float
    width: float
    height: float
    label: str
    """The share as a reader says it, e.g. '67%', or 'no memos'."""
    below_target: bool


@dataclass(frozen=True, slots=True)
class ShareChart:
    width: int
    height: int
    left: int
    baseline: float
    target_y: float
    target_label: str
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]


def share_chart(weeks: Sequence[tuple[IsoWeek, float | None]], target: float) -> ShareChart:
    """Bars of the customer share per week (0..1, None: nothing published), with the target line."""
    plot_height = HEIGHT - BOTTOM - TOP
    baseline = HEIGHT - BOTTOM
    slot = (WIDTH - LEFT) / max(1, len(weeks))

    def y_of(value: float) -> float:
        return round(baseline - value * plot_height, 1)

    bars = []
    for position, (week, value) in enumerate(weeks):
        height = 0.0 if value is None else round(value * plot_height, 1)
        bars.append(
            Bar(
                week=week,
                x=round(LEFT + position * slot + slot * 0.15, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.7, 1),
                height=height,
                label="no memos" if value is None else f"{round(value * 100)}%",
                below_target=value is not None and value < target,
            )
        )
    ticks = tuple((y_of(fraction), f"{round(fraction * 100)}%") for fraction in (0.0, 0.5, 1.0))
    return ShareChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        baseline=baseline,
        target_y=y_of(target),
        target_label=f"target {round(target * 100)}%",
        bars=tuple(bars),
        ticks=ticks,
    )
