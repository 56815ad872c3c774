"""What the commands (digest, balance, themes, check) read from the build cache instead of doing again:
each story's redaction, found again only when who is withheld changes (each week's themes: see
tests/themes/test_themes_cache.py)."""

from __future__ import annotations

from emptychair.pipeline import stages
from emptychair.pipeline.cache import BuildCache
from emptychair.pipeline.project import load_project
from emptychair.pipeline.settings import Settings

from ..conftest import Site


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
