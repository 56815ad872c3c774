"""Search as a reader types it, on stories that read like real imports: the results for a word are the
stories with that word (or its stem), never those with a word that merely starts like what was typed
on the way to it (typing "luggage" must not show clothing reviews with a size "L" highlighted)."""

# `browser` is test_browser's fixture, imported: named as a parameter it looks like a redefinition.
# ruff: noqa: F811

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from ..conftest import FIXTURES, MKDOCS_YML, Site
from ..search_corpus import Story, realistic_stories
from .test_browser import RESULTS, SEARCH_BOX, STATUS, _local_page, _served, browser  # noqa: F401

pytestmark = pytest.mark.browser

# What a typed word must find: the word itself or a form of its stem, as Pagefind's stemmer folds them.
WORDS = {
    "luggage": r"luggage",
    "refund": r"refund(s|ed)?",
    "sleeves": r"sleeves?",
    "courier": r"couriers?",
    "zip": r"zip",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, list[Story]]:
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(FIXTURES / "site_config", root / "site_config")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    site = Site(root)
    # A shard for each week, as a site with thousands of stories a week has: words of one week are
    # absent from the others' shards.
    site.configure("search_shard_size: 40")
    stories = realistic_stories(site)
    site.build("--strict")
    return site, stories


@pytest.fixture(scope="module")
def search_page(browser: Browser, corpus: tuple[Site, list[Story]]) -> Iterator[Page]:
    site, _ = corpus
    with _served(site.root / "site") as url, _local_page(browser, url) as page:
        page.goto(url)
        page.locator(".ec-search__trigger").click()
        yield page


@pytest.mark.parametrize("word", WORDS)
def test_results_for_a_typed_word_contain_that_word(
    search_page: Page, corpus: tuple[Site, list[Story]], word: str
) -> None:
    _, stories = corpus
    pattern = re.compile(rf"(?<!\w){WORDS[word]}(?!\w)", re.IGNORECASE)
    expected = sorted(story.title for story in stories if pattern.search(story.body))
    assert expected, f"the corpus has no story with {word!r}"
    box = search_page.locator(SEARCH_BOX)
    box.fill("")
    # As a person types: a letter at a time, slower than the search box's pause between searches.
    box.press_sequentially(word, delay=120)

    expect(search_page.locator(STATUS)).to_have_text(re.compile(rf"^[\d,]+ stor(y|ies) for “{word}”"))
    results = search_page.locator(RESULTS)
    expect(results.first).to_be_visible()
    shown = results.locator(".ec-search-result__link").all_inner_texts()
    assert set(shown) <= set(expected), (
        f"results for {word!r} without it: {sorted(set(shown) - set(expected))}"
    )
    for mark in results.locator("mark").all_inner_texts():
        assert pattern.fullmatch(mark.strip(".,!?;:")), f"{word!r} highlighted {mark!r}"
