"""`nav:` entries in mkdocs.yml that name a story's file. The site publishes a story at its own page
(`stories/<slug>/`), not at its file, so such an entry is pointed at that page, as the stories' own links
are; an entry naming a file the site makes no page of (a draft, a story with errors, a digest intro) is
one line, said alike by the build and by `emptychair check`, and left out of the navigation."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..publishing.addresses import Addresses
from ..publishing.publish import PublishedStory
from ..stories.problems import Problem
from .settings import Settings

NOT_PUBLISHED = "is a story the site does not publish (a draft, or a file with errors): take it out of nav"
AN_INTRO = "is a digest intro, shown on its week's digest and not a page of its own: take it out of nav"


@dataclass(frozen=True, slots=True)
class StoryNav:
    nav: list[Any]
    """mkdocs.yml's navigation with every story file replaced by its page and unpublished ones left out."""
    problems: list[Problem]


def story_page_uris(stories: Iterable[PublishedStory], addresses: Addresses) -> dict[str, str]:
    """Each published story's file (as MkDocs names it) -> its page."""
    return {item.story.src_uri: addresses.story(item.slug) for item in stories}


def source_uris(settings: Settings) -> tuple[frozenset[str], frozenset[str]]:
    """The story files and the intro files MkDocs collected, as `nav:` names them."""

    def uris(paths: Iterable[Path] | None) -> frozenset[str]:
        return frozenset(path.relative_to(settings.stories_dir).as_posix() for path in paths or ())

    return uris(settings.story_files), uris(settings.intro_files)


def story_nav(
    nav: list[Any],
    pages: Mapping[str, str],
    settings: Settings,
    *,
    config_shown: str,
) -> StoryNav:
    """`nav` (as MkDocs' config holds it) with entries to story files pointed at their pages."""
    stories, intros = source_uris(settings)
    problems: list[Problem] = []

    def entry(target: str) -> str | None:
        uri = PurePosixPath(target).as_posix()
        if uri in pages:
            return pages[uri]
        if uri in stories or uri in intros:
            why = AN_INTRO if uri in intros else NOT_PUBLISHED
            problems.append(Problem(config_shown, f"'{uri}' {why}", field="nav", severity="warning"))
            return None
        return target

    def items(section: Collection[Any]) -> list[Any]:
        kept: list[Any] = []
        for item in section:
            if isinstance(item, str):
                target = entry(item)
                if target is not None:
                    kept.append(target)
            elif isinstance(item, dict):
                titled = {title: value_of(value) for title, value in item.items()}
                titled = {title: value for title, value in titled.items() if value is not None}
                if titled:
                    kept.append(titled)
            else:
                kept.append(item)
        return kept

    def value_of(value: Any) -> Any:
        if isinstance(value, str):
            return entry(value)
        if isinstance(value, list):
            return items(value)
        return value

    return StoryNav(items(nav), problems)
