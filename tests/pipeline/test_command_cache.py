"""What the commands (digest, balance, themes, check) read from the build cache instead of doing again:
each story's redaction, found again only when who is withheld changes; each week's themes, found again
only for a week whose stories changed, or whose earlier weeks did (a week's themes keep the slugs of
earlier weeks' themes)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from emptychair.index.story_index import StoryIndex
from emptychair.pipeline import stages
from emptychair.pipeline.cache import BuildCache
from emptychair.pipeline.project import load_project
from emptychair.pipeline.settings import Settings
from emptychair.pipeline.stages import cached_themes_by_week
from emptychair.publishing.publish import PublishedStory
from emptychair.stories.model import Directory
from emptychair.themes.weekly import themes_by_week

from ..conftest import Site
from ..themes.test_themes import as_stories, corpus


def _index(stories: list[PublishedStory]) -> StoryIndex:
    return StoryIndex.build(Directory({}, {}, {}), stories)


def _themes_and_reused(stories: list[PublishedStory], folder: Path) -> tuple[dict, int]:
    with BuildCache(folder) as cache:
        return cached_themes_by_week(_index(stories), (), cache), cache.hits


def test_a_week_s_themes_come_from_the_cache_until_it_or_a_week_before_changes(tmp_path: Path) -> None:
    stories = as_stories(corpus.generate(300, seed=5, weeks=3))
    index = _index(stories)
    oldest, middle, newest = sorted(index.by_week)
    fresh = themes_by_week(index)
    assert any(fresh.values())

    first, reused = _themes_and_reused(stories, tmp_path)
    assert (first, reused) == (fresh, 0)
    again, reused = _themes_and_reused(stories, tmp_path)
    assert (again, reused) == (fresh, 3)

    def edited(week: object) -> list[PublishedStory]:
        position = next(n for n, item in enumerate(stories) if item.week == week)
        item = stories[position]
        changed = replace(item, story=replace(item.story, body=item.story.body + " The fitter never came."))
        return [*stories[:position], changed, *stories[position + 1 :]]

    # The newest week changed: only it is found again.
    newest_edit = edited(newest)
    themes, reused = _themes_and_reused(newest_edit, tmp_path)
    assert (themes, reused) == (themes_by_week(_index(newest_edit)), 2)
    # The middle week changed: it and the week after it are found again, the oldest is reused.
    middle_edit = edited(middle)
    themes, reused = _themes_and_reused(middle_edit, tmp_path)
    assert (themes, reused) == (themes_by_week(_index(middle_edit)), 1)
    assert oldest < middle < newest


def _published(settings: Settings) -> tuple[list[tuple[object, str]], int, int]:
    """What the publishing stage gives with the project's cache: (story, HTML) of each, hits, misses."""
    assert settings.cache_dir is not None
    with BuildCache(settings.cache_dir) as cache:
        published = stages.publish(settings, stages.load(settings, cache=cache), cache=cache)
        return [(item.story, item.body_html) for item in published.stories], cache.hits, cache.misses


def test_a_story_is_redacted_again_only_when_who_is_withheld_changes(site: Site) -> None:
    site.add("2026/w47/late-parcel.md", "Rose Tyler next door saw the parcel in the rain.")
    site.add(
        "2026/w47/customer-letter.md", "Rose wrote in.", customer={"name": "Rose Tyler", "segment": "Retail"}
    )
    site.add("2026/w46/fitter.md", "The fitter was kind.", title="Fitter", date="2026-11-10")
    settings = load_project(site.root / "mkdocs.yml").settings
    cold = stages.publish(settings, stages.load(settings))

    first, _, _ = _published(settings)
    assert first == [(item.story, item.body_html) for item in cold.stories]
    # Each story's file, its redaction and its HTML: all from the cache.
    again, hits, misses = _published(settings)
    assert (again, hits, misses) == (first, 9, 0)

    # Rose withdraws consent: every story is redacted again (who is withheld is site-wide), and only the
    # two that name her are rendered again.
    site.add(
        "2026/w47/customer-letter.md",
        "Rose wrote in.",
        customer={"name": "Rose Tyler", "segment": "Retail"},
        consent=False,
    )
    withheld, hits, misses = _published(settings)
    assert withheld == [
        (item.story, item.body_html) for item in stages.publish(settings, stages.load(settings)).stories
    ]
    assert "Rose Tyler" not in str(withheld)
    assert (hits, misses) == (2 + 0 + 1, 1 + 3 + 2)
