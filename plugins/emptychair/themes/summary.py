"""A week's themes as a reader sees them, for the company or one department: how many stories, the change
against last week, the share that is negative, and a quote or two in the customers' (published) words."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..index.story_index import StoryIndex
from ..publishing.publish import PublishedStory
from ..stories.weeks import IsoWeek
from .weekly import Theme

QUOTES = 2
QUOTE_LENGTH = 160
_ESCAPE = re.compile(r"\\(.)")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ThemeRow:
    slug: str
    label: str
    terms: tuple[str, ...]
    count: int
    """Stories of the week in the scope that are about the theme."""
    negative: float
    """The share of those stories that are negative, 0 to 1."""
    change: int
    """`count` minus the same theme's count the week before, in the same scope."""
    stories: tuple[PublishedStory, ...]
    """The stories, the clearest first."""
    quotes: tuple[tuple[str, PublishedStory], ...]
    """One or two short quotes, each with the story it is from."""
    named: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "label": self.label,
            "terms": list(self.terms),
            "count": self.count,
            "negative": self.negative,
            "change": self.change,
            "stories": [item.slug for item in self.stories],
            "quotes": [{"text": text, "story": item.slug} for text, item in self.quotes],
            "named": self.named,
        }


def quote_of(item: PublishedStory) -> str:
    """The story's quote, else the start of its text, as plain text of at most QUOTE_LENGTH characters.

    Both come from the published story, already redacted: a customer who has not consented is named in
    no quote."""
    text = item.story.quote or item.story.body
    text = _SPACE.sub(" ", _ESCAPE.sub(r"\1", text)).strip()
    if len(text) <= QUOTE_LENGTH:
        return text
    cut = text[:QUOTE_LENGTH].rsplit(" ", 1)[0]
    return f"{cut}…"


def _in_scope(item: PublishedStory, department: str | None) -> bool:
    return department is None or department in item.story.departments


def theme_rows(
    index: StoryIndex,
    by_week: Mapping[IsoWeek, Sequence[Theme]],
    week: IsoWeek,
    department: str | None = None,
) -> tuple[ThemeRow, ...]:
    """The week's themes in a scope, most stories first; a theme none of the scope's stories is about is
    left out."""
    before: dict[str, int] = {}
    for theme in by_week.get(week.previous(), ()):
        before[theme.slug] = sum(_in_scope(index.by_slug[slug], department) for slug in theme.stories)
    rows = []
    for theme in by_week.get(week, ()):
        items = tuple(
            index.by_slug[slug] for slug in theme.stories if _in_scope(index.by_slug[slug], department)
        )
        if not items:
            continue
        quotes: list[tuple[str, PublishedStory]] = []
        for item in items:
            text = quote_of(item)
            if text and all(text != shown for shown, _ in quotes):
                quotes.append((text, item))
            if len(quotes) == QUOTES:
                break
        rows.append(
            ThemeRow(
                slug=theme.slug,
                label=theme.label,
                terms=theme.terms,
                count=len(items),
                negative=round(sum(item.story.sentiment == "negative" for item in items) / len(items), 2),
                change=len(items) - before.get(theme.slug, 0),
                stories=items,
                quotes=tuple(quotes),
                named=theme.named,
            )
        )
    rows.sort(key=lambda row: (-row.count, row.label, row.slug))
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class ThemeTrend:
    """One theme over every week it was found in: what its page shows."""

    slug: str
    label: str
    """As in the newest week it was found in."""
    terms: tuple[str, ...]
    weeks: tuple[tuple[IsoWeek, int, float], ...]
    """(week, stories, share negative) from the first week it was found in to the newest week with
    stories, oldest first; 0 stories in a week it was not found in."""
    stories: tuple[PublishedStory, ...]
    """Every story of the theme, newest week first, the clearest first within a week."""
    named: bool = False

    @property
    def latest(self) -> int:
        return self.weeks[-1][1]

    @property
    def weeks_found(self) -> int:
        return sum(count > 0 for _, count, _ in self.weeks)

    @property
    def largest(self) -> int:
        return max(count for _, count, _ in self.weeks)


def theme_trends(
    index: StoryIndex, by_week: Mapping[IsoWeek, Sequence[Theme]], department: str | None = None
) -> list[ThemeTrend]:
    """Every theme ever found (with a story of `department`, when given, and counted in it): those of the
    newest week first (most stories first), then the others, the most recently seen first."""
    newest = max(by_week, default=None)
    found: dict[str, list[tuple[IsoWeek, Theme, list[PublishedStory]]]] = {}
    for week in sorted(by_week):
        for theme in by_week[week]:
            items = [index.by_slug[slug] for slug in theme.stories]
            items = [item for item in items if _in_scope(item, department)]
            if items:
                found.setdefault(theme.slug, []).append((week, theme, items))
    trends = []
    for slug, seen in found.items():
        by_this = {week: items for week, _, items in seen}
        weeks = []
        week = seen[0][0]
        while newest is not None and week <= newest:
            items = by_this.get(week, [])
            negative = (
                sum(item.story.sentiment == "negative" for item in items) / len(items) if items else 0.0
            )
            weeks.append((week, len(items), round(negative, 2)))
            week = IsoWeek.of(week.monday + timedelta(days=7))
        last_week, last, _ = seen[-1]
        stories = tuple(item for _, _, items in reversed(seen) for item in items)
        trends.append(
            (last_week, ThemeTrend(slug, last.label, last.terms, tuple(weeks), stories, last.named))
        )
    trends.sort(key=lambda pair: (-pair[1].latest, -pair[0].monday.toordinal(), pair[1].label, pair[1].slug))
    return [trend for _, trend in trends]
