"""Geometry of the balance page's charts: numbers for SVG templates, computed once at build time.

No plotting library: the charts are a few bars, lines and labels whose every number must also be in a
table and whose every state (below target, 0%, nothing published) must show by shape as well as colour,
which is less code as plain geometry than as a plotting library's figure turned into accessible SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..stories.weeks import IsoWeek

WIDTH = 760
HEIGHT = 300
LEFT = 52
RIGHT = 104
"""Room right of the plot for the target's label, so it never sits on a bar."""
TOP = 24
BOTTOM = 40
FONT = 15
"""Text size in the chart's own units; the page never shows the chart narrower than 80% of them."""
MARK = 10
"""Height of the marks drawn for a week at 0% and a week with nothing published."""
LABEL_EVERY = 4


@dataclass(frozen=True, slots=True)
class Bar:
    week: IsoWeek
    x: float
    y: float
    width: float
    height: float
    state: str
    """'above' (at or above target), 'below', 'zero' (items, none about customers) or 'none' (no item)."""
    customer: int
    total: int
    percent: str
    """'67%', or '\u2013' when nothing was published."""

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def description(self) -> str:
        """What a screen reader says for the bar, and the tooltip on hover."""
        if self.state == "none":
            return f"{self.week.label}: no leadership communication"
        where = "below target" if self.state in ("below", "zero") else "at or above target"
        return (
            f"{self.week.label}: {self.customer:,} of {self.total:,} about customers, {self.percent}, {where}"
        )


@dataclass(frozen=True, slots=True)
class ShareChart:
    width: int
    height: int
    left: int
    plot_right: int
    top: int
    baseline: float
    font: int
    mark: int
    target_y: float
    target_label: str
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]
    labelled: tuple[Bar, ...]
    """The bars whose week is written under the axis: every fourth, and the last."""
    summary: str


def share_chart(weeks: Sequence[tuple[IsoWeek, int, int]], target: float) -> ShareChart:
    """Bars of the customer share per week, from (week, customer items, all items), with the target line."""
    plot_right = WIDTH - RIGHT
    plot_height = HEIGHT - BOTTOM - TOP
    baseline = HEIGHT - BOTTOM
    slot = (plot_right - LEFT) / max(1, len(weeks))

    def y_of(value: float) -> float:
        return round(baseline - value * plot_height, 1)

    bars = []
    for position, (week, customer, total) in enumerate(weeks):
        value = customer / total if total else None
        if value is None:
            state = "none"
        elif value == 0:
            state = "zero"
        else:
            state = "below" if value < target else "above"
        height = 0.0 if value is None else round(value * plot_height, 1)
        bars.append(
            Bar(
                week=week,
                x=round(LEFT + position * slot + slot * 0.15, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.7, 1),
                height=height,
                state=state,
                customer=customer,
                total=total,
                percent="\u2013" if value is None else f"{round(value * 100)}%",
            )
        )
    labelled = tuple(
        bar for position, bar in enumerate(bars) if position % LABEL_EVERY == 0 or position == len(bars) - 1
    )
    # The last label would crowd the one before it when they are close: keep the newest week.
    if len(labelled) > 1 and labelled[-1].centre - labelled[-2].centre < slot * 2:
        labelled = (*labelled[:-2], labelled[-1])
    ticks = tuple((y_of(fraction), f"{round(fraction * 100)}%") for fraction in (0.0, 0.25, 0.5, 0.75, 1.0))
    return ShareChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        plot_right=plot_right,
        top=TOP,
        baseline=baseline,
        font=FONT,
        mark=MARK,
        target_y=y_of(target),
        target_label=f"target {round(target * 100)}%",
        bars=tuple(bars),
        ticks=ticks,
        labelled=labelled,
        summary=_summary(bars, target),
    )


def _summary(bars: Sequence[Bar], target: float) -> str:
    if not bars:
        return "No weeks yet."
    published = [bar for bar in bars if bar.state != "none"]
    below = [bar for bar in published if bar.state in ("below", "zero")]
    zero = [bar for bar in published if bar.state == "zero"]
    text = (
        f"{bars[0].week} to {bars[-1].week}: leaders published in {len(published)} of {len(bars)} weeks; "
        f"{len(below)} of those weeks were below the {round(target * 100)}% target"
    )
    if zero:
        text += f", {len(zero)} of them at 0%"
    latest = published[-1] if published else None
    if latest is not None:
        text += f". Latest: {latest.week.label}, {latest.percent}."
    return text + " The table of weeks has every number."


SPARK_SLOT = 8
SPARK_BARS = 30
"""Height of the stories-per-week bars; the coverage strip sits under them."""
SPARK_STRIP = 8
SPARK_LINE = 30


@dataclass(frozen=True, slots=True)
class SparkBar:
    week: IsoWeek
    x: int
    y: float
    height: float
    count: int
    gap: bool
    """No customer story that week (once stories were being recorded at all)."""


@dataclass(frozen=True, slots=True)
class StoriesSparkline:
    """Stories per week as small bars, over a strip that marks the weeks without any story."""

    width: int
    height: int
    bar_width: int
    strip_y: int
    strip_height: int
    bars: tuple[SparkBar, ...]
    label: str


def stories_sparkline(counts: Sequence[tuple[IsoWeek, int]], gaps: Sequence[IsoWeek]) -> StoriesSparkline:
    most = max((count for _, count in counts), default=0) or 1
    gap_set = set(gaps)
    bars = tuple(
        SparkBar(
            week=week,
            x=position * SPARK_SLOT,
            y=round(SPARK_BARS - count / most * SPARK_BARS, 1),
            height=round(count / most * SPARK_BARS, 1),
            count=count,
            gap=week in gap_set,
        )
        for position, (week, count) in enumerate(counts)
    )
    total = sum(count for _, count in counts)
    label = f"Customer stories per week, {len(counts):,} weeks: {total:,} in all, at most {most:,} in a week"
    label += f"; {len(gaps)} weeks with none" if gaps else "; none missing"
    return StoriesSparkline(
        width=len(counts) * SPARK_SLOT,
        height=SPARK_BARS + 2 + SPARK_STRIP,
        bar_width=SPARK_SLOT - 2,
        strip_y=SPARK_BARS + 2,
        strip_height=SPARK_STRIP,
        bars=bars,
        label=label + ".",
    )


@dataclass(frozen=True, slots=True)
class ShareSparkline:
    """The customer share per week as a line, broken where nothing was published, with the target."""

    width: int
    height: int
    target_y: float
    segments: tuple[str, ...]
    """SVG `points` of each unbroken run of weeks."""
    dots: tuple[tuple[float, float, bool], ...]
    """(x, y, below target) of every week with items."""
    label: str


def share_sparkline(shares: Sequence[tuple[IsoWeek, int, int]], target: float) -> ShareSparkline:
    segments: list[list[str]] = [[]]
    dots = []
    for position, (_, customer, total) in enumerate(shares):
        if not total:
            if segments[-1]:
                segments.append([])
            continue
        x = position * SPARK_SLOT + SPARK_SLOT / 2
        value = customer / total
        y = round(SPARK_LINE - value * SPARK_LINE, 1) + 2
        segments[-1].append(f"{x:g},{y:g}")
        dots.append((x, y, value < target))
    published = [(customer, total) for _, customer, total in shares if total]
    below = sum(customer / total < target for customer, total in published)
    label = (
        f"Customer share of leadership items, {len(shares)} weeks: items in {len(published)} weeks, "
        f"{below} of them below target."
    )
    return ShareSparkline(
        width=len(shares) * SPARK_SLOT,
        height=SPARK_LINE + 4,
        target_y=round(SPARK_LINE - target * SPARK_LINE, 1) + 2,
        segments=tuple(" ".join(points) for points in segments if points),
        dots=tuple(dots),
        label=label,
    )
