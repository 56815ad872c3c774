"""Themes found in the stories' own words: measured on generated exports whose topics are known, stable
from week to week, named from the company's taxonomy."""

from __future__ import annotations

import importlib
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest
from emptychair.index.story_index import StoryIndex
from emptychair.publishing.publish import PublishedStory
from emptychair.stories.model import Directory, Story
from emptychair.stories.site_config import SiteConfigError
from emptychair.stories.weeks import IsoWeek
from emptychair.themes.discover import discover
from emptychair.themes.summary import quote_of, theme_rows
from emptychair.themes.taxonomy import NamedTheme, load_taxonomy
from emptychair.themes.weekly import themes_by_week, week_themes
from emptychair.themes.words import features

REPO = Path(__file__).parent.parent.parent


def _benchmark(name: str) -> ModuleType:
    """A module of benchmarks/ (the generator and the scorer are shared with the quality benchmark)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(REPO / "benchmarks"))


corpus = _benchmark("themes_corpus")
evaluation = _benchmark("themes_eval")
MONDAY = datetime(2026, 11, 16, 9, tzinfo=UTC)


def as_stories(records: list, departments: tuple[str, ...] = ("operations",)) -> list[PublishedStory]:
    return list(corpus.published_stories(records, departments))


def test_the_themes_of_a_generated_week_are_its_topics() -> None:
    records = corpus.generate(1200, seed=5)
    themes = discover([evaluation.text_of(record) for record in records])
    scores = evaluation.score(records, themes)
    assert 8 <= len(themes) <= 20
    assert scores["purity"] >= 0.9
    assert scores["coverage"] >= 0.85
    assert scores["noise_out"] >= 0.9, "a story without a topic was forced in"
    assert scores["topics_found"] >= 11
    assert all(theme.label and len(theme.terms) >= 3 for theme in themes)


def test_the_same_texts_give_the_same_themes() -> None:
    texts = [f"{record.title}\n{record.body}" for record in corpus.generate(400, seed=2)]
    assert repr(discover(texts)) == repr(discover(list(texts)))


def test_stories_without_a_common_subject_make_no_theme() -> None:
    texts = [f"Review {number}: {word}" for number, word in enumerate(("meh", "fine", "ok", "🙄", "") * 20)]
    assert discover(texts) == []


def test_handles_links_entities_plurals_and_misspellings_are_folded() -> None:
    texts = [
        "@jo_travels Lost bags again &amp; https://x.example/1 luggage",
        *["lost bag luggage"] * 5,
        "lost luggae",
    ]
    found = features(texts)
    assert found.documents[0][:3] == ["lost", "bag", "luggage"]
    assert "jo_travels" not in " ".join(found.documents[0]) and "https" not in found.documents[0]
    assert found.documents[-1] == ["lost", "luggage", "lost luggage"]
    assert found.written("lost bag") == "lost bag"


def test_a_theme_keeps_its_slug_from_week_to_week() -> None:
    records = corpus.generate(1600, seed=3, weeks=2)
    index = StoryIndex.build(Directory({}, {}, {}), as_stories(records))
    last, before = index.weeks
    by_week = themes_by_week(index)
    now = {theme.slug for theme in by_week[last]}
    earlier = {theme.slug for theme in by_week[before]}
    assert len(now & earlier) >= 0.8 * min(len(now), len(earlier))
    for theme in by_week[last]:
        if theme.slug in earlier:
            old = next(other for other in by_week[before] if other.slug == theme.slug)
            assert set(list(theme.weights)[:4]) & set(list(old.weights)[:4]), (theme, old)


def test_a_named_theme_gives_its_name_and_slug() -> None:
    records = corpus.generate(800, seed=4)
    named = (NamedTheme("baggage", "Lost bags", ("luggage", "suitcase", "lost bag")),)
    themes = week_themes(as_stories(records), named)
    ours = [theme for theme in themes if theme.named]
    assert [(theme.slug, theme.label) for theme in ours] == [("baggage", "Lost bags")]
    topics = {corpus.story_slug(record): record.topics for record in records}
    assert sum("lost-bags" in topics[slug] for slug in ours[0].stories) >= 0.9 * len(ours[0].stories)
    assert all(not theme.named for theme in week_themes(as_stories(records)))


def test_rows_count_the_change_and_the_negative_share_per_scope() -> None:
    records = corpus.generate(1200, seed=6, weeks=2)
    stories = as_stories(records[:900]) + as_stories(records[900:], departments=("finance",))
    index = StoryIndex.build(Directory({}, {}, {}), stories)
    by_week = themes_by_week(index)
    week = index.weeks[0]
    company = theme_rows(index, by_week, week)
    finance = theme_rows(index, by_week, week, "finance")
    assert [row.count for row in company] == sorted((row.count for row in company), reverse=True)
    top = company[0]
    last_week = next((t for t in by_week[week.previous()] if t.slug == top.slug), None)
    assert top.change == top.count - (len(last_week.stories) if last_week else 0)
    assert top.negative == round(sum(i.story.sentiment == "negative" for i in top.stories) / top.count, 2)
    assert all(row.count <= next(r.count for r in company if r.slug == row.slug) for row in finance)
    assert all("finance" in item.story.departments for row in finance for item in row.stories)
    assert 1 <= len(top.quotes) <= 2


def test_a_quote_is_plain_published_text_cut_at_a_word() -> None:
    story = Story("s", "s.md", "s.md", "T", MONDAY, "complaint", "Order \\*42\\* " + "late " * 60)
    text = quote_of(PublishedStory(story, IsoWeek.of(MONDAY.date()), "", ""))
    assert text.startswith("Order *42* late") and text.endswith("late…") and len(text) <= 161


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("themes: {}\n", "site_config/themes.yml:1: themes: must be a list of themes"),
        (
            "themes:\n  - name: Lost bags\n",
            "site_config/themes.yml:2: themes.0.words: None is not a list of words",
        ),
        (
            "themes:\n  - {name: Bags, words: [bag]}\n  - {name: Bags, words: [x]}\n",
            "themes.1.slug: 'bags' names two themes",
        ),
        (
            "themes:\n  - {name: Bags, words: [bag], colour: red}\n",
            "themes.0.colour: unknown key; allowed: name, slug, words",
        ),
        ("themes:\n  - {name: Bags, slug: Bags!, words: [bag]}\n", "themes.0.slug: 'Bags!' is not a slug"),
        ("themes:\n  - {name: '', words: [bag]}\n", "themes.0.name: '' is not a name"),
        ("themes: [\n", "site_config/themes.yml:"),
    ],
)
def test_a_bad_taxonomy_is_one_line_per_problem(tmp_path: Path, content: str, expected: str) -> None:
    (tmp_path / "site_config").mkdir()
    (tmp_path / "site_config" / "themes.yml").write_text(content, encoding="utf-8")
    with pytest.raises(SiteConfigError) as raised:
        load_taxonomy(tmp_path / "site_config", root=tmp_path)
    assert expected in str(raised.value)
    assert all("\n" not in str(problem) for problem in raised.value.problems)


def test_no_taxonomy_file_means_no_named_themes(tmp_path: Path) -> None:
    assert load_taxonomy(tmp_path, root=tmp_path) == ()
