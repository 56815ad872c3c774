"""Each week's themes, named from the company's taxonomy where they match it, and keeping their slugs from
earlier weeks while they are about the same thing.

Two steps, kept apart for the build cache: finding a week's themes (`discover`, the NMF, nearly all the
time) depends on that week's texts alone (`week_texts`), so a build keeps it per week keyed on them;
naming them and giving them slugs depends on the named themes and on the weeks before (`Earlier`), so
it is done again on every build, in milliseconds. A new story then finds again only its own week's
themes, even in an old week whose slugs the later weeks inherit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..importing.story_file import slugify
from ..index.story_index import StoryIndex
from ..publishing.publish import PublishedStory
from ..stories.weeks import IsoWeek
from .found import FoundTheme
from .taxonomy import NamedTheme, match_named

SAME_AS_BEFORE = 0.3
"""A theme keeps an earlier theme's slug when their defining terms' weights have at least this cosine."""


@dataclass(frozen=True, slots=True)
class Theme:
    slug: str
    label: str
    terms: tuple[str, ...]
    """What defines the theme, strongest first, as customers wrote it."""
    weights: Mapping[str, float]
    """The defining terms (folded) and their weights: what later weeks' themes are matched against."""
    stories: tuple[str, ...]
    """Slugs of the week's stories in the theme, the clearest first."""
    named: bool = False
    """The label is the company's own, from site_config/themes.yml."""


@dataclass(frozen=True, slots=True)
class Earlier:
    """What a week needs to know of the weeks before it: each slug's label and latest terms."""

    themes: Mapping[str, tuple[str, Mapping[str, float]]] = field(default_factory=dict)

    def after(self, themes: Iterable[Theme]) -> Earlier:
        updated = dict(self.themes)
        for theme in themes:
            updated[theme.slug] = (theme.label, theme.weights)
        return Earlier(updated)


def story_text(item: PublishedStory) -> str:
    """The customer's own words and ours about them: never the front matter's categories."""
    story = item.story
    return "\n".join(part for part in (story.title, story.quote, story.body, story.lesson) if part)


def week_texts(stories: Sequence[PublishedStory]) -> list[str]:
    """The texts a week's themes are found in: its customer stories', in the index's order."""
    return [story_text(item) for item in stories if not item.story.is_memo]


def week_themes(
    stories: Sequence[PublishedStory],
    named: Sequence[NamedTheme] = (),
    earlier: Earlier = Earlier(),
    found: Sequence[FoundTheme] | None = None,
) -> tuple[Theme, ...]:
    """One week's themes from its customer stories (newest first, as the index keeps them). `found`: what
    `discover` gives for the week's `week_texts`, when it was kept from an earlier build."""
    customer = [item for item in stories if not item.story.is_memo]
    if found is None:
        from .discover import discover  # numpy and scikit-learn: only where themes are found here

        found = discover(week_texts(stories))
    by_name = match_named([theme.weights for theme in found], named)
    claimed = {theme.slug for theme in by_name.values()}
    before = _match_earlier(
        {position: theme for position, theme in enumerate(found) if position not in by_name},
        {slug: terms for slug, terms in earlier.themes.items() if slug not in claimed},
    )
    themes: list[Theme] = []
    taken = set(earlier.themes) | claimed
    for position, theme in enumerate(found):
        slugs = tuple(customer[row].slug for row, _ in theme.members)
        if position in by_name:
            slug, label, is_named = by_name[position].slug, by_name[position].name, True
        elif position in before:
            slug, is_named = before[position], False
            label = earlier.themes[slug][0]
        else:
            slug, label, is_named = _new_slug(theme.label, taken), theme.label, False
        taken.add(slug)
        themes.append(Theme(slug, label, theme.terms, theme.weights, slugs, is_named))
    return tuple(themes)


def _match_earlier(
    found: Mapping[int, FoundTheme], earlier: Mapping[str, tuple[str, Mapping[str, float]]]
) -> dict[int, str]:
    pairs = sorted(
        (-similarity, position, slug)
        for position, theme in found.items()
        for slug, (_, weights) in earlier.items()
        if (similarity := round(_cosine(theme.weights, weights), 6)) >= SAME_AS_BEFORE
    )
    matched: dict[int, str] = {}
    for _, position, slug in pairs:
        if position not in matched and slug not in matched.values():
            matched[position] = slug
    return matched


def _cosine(first: Mapping[str, float], second: Mapping[str, float]) -> float:
    shared = sum(weight * second[term] for term, weight in first.items() if term in second)
    norms = math.sqrt(sum(w * w for w in first.values())) * math.sqrt(sum(w * w for w in second.values()))
    return shared / norms if norms else 0.0


def _new_slug(label: str, taken: set[str]) -> str:
    base = slugify(label, max_length=40)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def themes_by_week(
    index: StoryIndex,
    named: Sequence[NamedTheme] = (),
    found: Mapping[IsoWeek, Sequence[FoundTheme]] | None = None,
) -> dict[IsoWeek, tuple[Theme, ...]]:
    """Every week's themes, newest first like the index; computed oldest first, each week matched to the
    themes of the weeks before it. `found`: each week's discovered themes (see `week_themes`), those
    missing are discovered here."""
    found = found or {}
    earlier = Earlier()
    by_week: dict[IsoWeek, tuple[Theme, ...]] = {}
    for week in sorted(index.by_week):
        themes = week_themes(index.by_week[week], named, earlier, found.get(week))
        by_week[week] = themes
        earlier = earlier.after(themes)
    return dict(sorted(by_week.items(), reverse=True))


def labels_by_story(by_week: Mapping[IsoWeek, Sequence[Theme]]) -> dict[str, tuple[str, ...]]:
    """Story slug -> the labels of the themes it is in: what search filters by."""
    labels: dict[str, list[str]] = {}
    for themes in by_week.values():
        for theme in themes:
            for slug in theme.stories:
                labels.setdefault(slug, []).append(theme.label)
    return {slug: tuple(names) for slug, names in labels.items()}
