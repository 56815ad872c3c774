"""A company's own names for themes, from site_config/themes.yml (optional), validated like the rest of
site_config: each problem one line naming the file, the line and the field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..importing.story_file import slugify
from ..stories.model import SLUG
from ..stories.site_config import ConfigFileReader, SiteConfigError
from .words import clean, singular

KEYS = ("name", "slug", "words")
MATCH = 0.25
"""A discovered theme takes a named theme's name when the named theme's words account for at least this
share of the weight of its defining terms."""


@dataclass(frozen=True, slots=True)
class NamedTheme:
    slug: str
    name: str
    words: tuple[str, ...]
    """Words and short phrases, as the company wrote them."""

    @property
    def matchers(self) -> frozenset[str]:
        """The words as a discovered theme's terms are written: lower case, a plural as its singular."""
        return frozenset(" ".join(singular(token) for token in clean(phrase)) for phrase in self.words)


def load_taxonomy(site_config_dir: Path, *, root: Path) -> tuple[NamedTheme, ...]:
    """The named themes of site_config/themes.yml, none when it does not exist; raise SiteConfigError
    listing every problem when it cannot be used."""
    path = site_config_dir / "themes.yml"
    if not path.exists():
        return ()
    reader = ConfigFileReader(path, root)
    named: list[NamedTheme] = []
    entries = reader.data.get("themes") if isinstance(reader.data, dict) else None
    if reader.document is not None and not isinstance(entries, list):
        reader.report(
            ("themes",),
            "must be a list of themes, each with a name and words, e.g. "
            "{name: Lost bags, words: [lost bag, luggage, suitcase]}",
        )
    for position, entry in enumerate(entries if isinstance(entries, list) else []):
        where: tuple[str | int, ...] = ("themes", position)
        theme = _read_entry(reader, where, entry, {theme.slug for theme in named})
        if theme is not None:
            named.append(theme)
    if reader.problems:
        raise SiteConfigError(reader.problems)
    return tuple(named)


def _read_entry(
    reader: ConfigFileReader, where: tuple[str | int, ...], entry: object, taken: set[str]
) -> NamedTheme | None:
    if not isinstance(entry, dict):
        reader.report(
            where, "must be a mapping with a name and words, e.g. {name: Lost bags, words: [luggage]}"
        )
        return None
    ok = True
    for key in entry:
        if key not in KEYS:
            reader.report((*where, str(key)), f"unknown key; allowed: {', '.join(KEYS)}")
            ok = False
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        reader.report((*where, "name"), f"{name!r} is not a name; give the theme's name as text")
        return None
    words = entry.get("words")
    if (
        not isinstance(words, list)
        or not words
        or not all(isinstance(word, str) and clean(word) for word in words)
    ):
        reader.report(
            (*where, "words"),
            f"{words!r} is not a list of words; give a few words or phrases, e.g. [luggage, lost bag]",
        )
        ok = False
    slug = entry.get("slug", slugify(name))
    if not isinstance(slug, str) or not SLUG.match(slug):
        reader.report((*where, "slug"), f"{slug!r} is not a slug; use lowercase letters, digits and hyphens")
        ok = False
    elif slug in taken:
        reader.report((*where, "slug"), f"{slug!r} names two themes; give each its own slug")
        ok = False
    if not ok:
        return None
    assert isinstance(words, list)
    return NamedTheme(slug=str(slug), name=name.strip(), words=tuple(str(word) for word in words))


def match_named(found: Sequence[Mapping[str, float]], named: Sequence[NamedTheme]) -> dict[int, NamedTheme]:
    """Discovered theme (by position) -> the named theme it is about, each named theme used once, the
    best matches first."""
    scores = []
    for position, weights in enumerate(found):
        total = sum(weights.values()) or 1.0
        for theme in named:
            matchers = theme.matchers
            share = (
                sum(
                    weight
                    for term, weight in weights.items()
                    if term in matchers or _words_match(term, matchers)
                )
                / total
            )
            if share >= MATCH:
                scores.append((-share, position, theme.slug, theme))
    matched: dict[int, NamedTheme] = {}
    used: set[str] = set()
    for _, position, slug, theme in sorted(scores, key=lambda score: score[:3]):
        if position not in matched and slug not in used:
            matched[position] = theme
            used.add(slug)
    return matched


def _words_match(term: str, matchers: frozenset[str]) -> bool:
    """A named word inside a discovered phrase ("luggage" in "lost luggage") is a match."""
    return any(word in matchers for word in term.split(" ")) if " " in term else False
