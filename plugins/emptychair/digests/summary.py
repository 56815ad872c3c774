"""A busy week in brief: counts against last week, a selection that shows the range, lessons without repeats.

Above the configured number of stories a digest stops listing every story (a week of imported reviews or
posts can hold thousands) and shows what this module picks; every story stays on the week's listing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..publishing.publish import PublishedStory
from ..stories.model import KINDS, SENTIMENTS, Directory

FEATURED_SHOWN = 5
"""Featured stories a summarising digest shows: a leader's handful, not 3% of a busy week."""
LESSONS_SHOWN = 10
MEMOS_SHOWN = 5
"""Customer-focused memos a summarising digest shows; internal ones stay capped by the balance rule too."""
CLOSED_SHOWN = 10


@dataclass(frozen=True, slots=True)
class CountRow:
    key: str
    """A touchpoint slug, kind, channel or sentiment: what the row's link (if any) is made from."""
    label: str
    now: int
    before: int
    bar: int
    """This week's count as a percentage of the group's largest, for a bar drawn with CSS alone."""

    @property
    def change(self) -> int:
        return self.now - self.before


@dataclass(frozen=True, slots=True)
class CountGroup:
    dimension: str
    """'touchpoint', 'kind', 'channel' or 'sentiment'."""
    heading: str
    rows: tuple[CountRow, ...]


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """What a digest adds when it summarises: the breakdowns, and what it leaves to the week's listing."""

    counts: tuple[CountGroup, ...]
    stories_total: int
    """Customer stories of the week in this scope."""
    more: int
    """Customer stories of the week the digest does not show; all are on the week's listing."""
    memos_more: int
    """Customer-focused memos left out of the digest; they are on the week's listing."""
    lessons_total: int
    """Distinct lessons of the week; the digest shows at most LESSONS_SHOWN."""
    closed_total: int
    """Follow-ups closed in the week; the digest names at most CLOSED_SHOWN."""
    shortened: bool = False
    """The digest shows only the first stories of its selection (an e-mail); its page shows them all."""


def _group(
    dimension: str,
    heading: str,
    now: Counter[str],
    before: Counter[str],
    label: Callable[[str], str],
    keys: Iterable[str] | None = None,
) -> CountGroup:
    """Rows for every key seen in either week (or every key given), largest this week first."""
    present = list(keys) if keys is not None else sorted(set(now) | set(before))
    largest = max((now[key] for key in present), default=0) or 1
    rows = [
        CountRow(key, label(key), now[key], before[key], round(100 * now[key] / largest)) for key in present
    ]
    if keys is None:
        rows.sort(key=lambda row: (-row.now, -row.before, row.label))
    return CountGroup(dimension, heading, tuple(rows))


def count_groups(
    directory: Directory, this_week: Sequence[PublishedStory], last_week: Sequence[PublishedStory]
) -> tuple[CountGroup, ...]:
    """Customer stories by touchpoint, kind, channel and sentiment, this week against last week."""

    def counts(
        items: Sequence[PublishedStory], field: Callable[[PublishedStory], Iterable[str]]
    ) -> Counter[str]:
        return Counter(value for item in items for value in field(item))

    def groups(field: Callable[[PublishedStory], Iterable[str]]) -> tuple[Counter[str], Counter[str]]:
        return counts(this_week, field), counts(last_week, field)

    def touchpoint_name(slug: str) -> str:
        return directory.touchpoints[slug].name if slug in directory.touchpoints else slug

    kinds = [kind for kind in KINDS if kind != "memo"]
    by_kind = groups(lambda item: (item.story.kind,))
    return (
        _group("touchpoint", "By touchpoint", *groups(lambda item: item.story.touchpoints), touchpoint_name),
        _group(
            "kind",
            "By kind",
            *by_kind,
            str,
            keys=[kind for kind in kinds if by_kind[0][kind] or by_kind[1][kind]],
        ),
        _group(
            "channel",
            "By channel",
            *groups(lambda item: (item.story.channel,) if item.story.channel else ()),
            str,
        ),
        _group(
            "sentiment", "By sentiment", *groups(lambda item: (item.story.sentiment,)), str, keys=SENTIMENTS
        ),
    )


def needs_an_owner(item: PublishedStory) -> bool:
    """A negative story nobody has taken on: what a leader should see first."""
    return item.story.sentiment == "negative" and item.story.follow_up is None


def select_range(items: Sequence[PublishedStory], limit: int) -> list[PublishedStory]:
    """At most `limit` stories that show the week's range, deterministically.

    Stories are ranked negative-without-owner first, then newest first (`items` come newest first; the
    sort is stable). Walking that ranking, a story is taken when it brings a touchpoint or a sentiment not
    yet shown, so every one is represented by its best-ranked story; the places left go down the ranking.
    The selection is shown in ranking order.
    """
    ranked = sorted(items, key=lambda item: not needs_an_owner(item))
    chosen: set[str] = set()
    touchpoints: set[str] = set()
    sentiments: set[str] = set()
    for item in ranked:
        if len(chosen) >= limit:
            break
        story = item.story
        if story.sentiment not in sentiments or not touchpoints.issuperset(story.touchpoints):
            chosen.add(item.slug)
            sentiments.add(story.sentiment)
            touchpoints.update(story.touchpoints)
    for item in ranked:
        if len(chosen) >= limit:
            break
        chosen.add(item.slug)
    return [item for item in ranked if item.slug in chosen]


_SPACES = re.compile(r"\s+")


def _lesson_key(lesson: str) -> str:
    return _SPACES.sub(" ", lesson).strip().rstrip(".!").casefold()


def distinct_lessons(items: Iterable[PublishedStory]) -> list[PublishedStory]:
    """One story per lesson, the newest that taught it (`items` newest first); same words, same lesson."""
    seen: set[str] = set()
    distinct = []
    for item in items:
        lesson = item.story.lesson
        if lesson and _lesson_key(lesson) not in seen:
            seen.add(_lesson_key(lesson))
            distinct.append(item)
    return distinct
