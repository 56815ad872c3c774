"""The theme filter of the search box, in Debian's Chromium, on a generated week of reviews."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from ..conftest import search_records
from ..themes.sites import build_corpus_site
from .test_browser import RESULTS, STATUS, _local_page, _served, browser  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


def test_search_narrows_to_one_theme(browser: Browser, tmp_path: Path) -> None:  # noqa: F811
    build_corpus_site(tmp_path, 300, seed=11)
    themes = {
        record["url"]: record["filters"].get("theme", []) for record in search_records(tmp_path / "site")
    }
    label, expected = Counter(label for labels in themes.values() for label in labels).most_common(1)[0]
    with _served(tmp_path / "site") as url, _local_page(browser, url) as page:
        page.goto(url)
        page.locator(".ec-search__trigger").click()
        page.get_by_role("combobox", name="Theme").select_option(label=label)
        status = page.locator(STATUS)
        expect(status).to_have_text(re.compile(rf"^{expected} stories for these filters since "))
        links = page.locator(RESULTS).locator(".ec-search-result__link")
        expect(links.first).to_be_visible()
        paths = [urlsplit(href).path for href in links.evaluate_all("(links) => links.map((a) => a.href)")]
        assert paths and all(label in themes[path] for path in paths), paths
