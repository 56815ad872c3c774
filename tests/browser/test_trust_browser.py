"""Nothing a story or site_config says runs in a reader's browser: every page, search, feeds, digests.

A site is built from stories whose every field carries a script payload (tests/hostile_site.py),
served over HTTP and driven in Debian's Chromium: every page is opened, hovered and focused, search
results are shown for words of those stories, and no payload's `window.__pwned_*` marker may be set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import feedparser
import markdown
import pytest
from markdown_it import MarkdownIt
from playwright.sync_api import Browser, Page, Route, expect

from ..hostile_site import MARKER_PREFIX, SEARCH_WORDS, HostileSite, week_digest, write_hostile_site
from .test_browser import RESULTS, TIMEOUT_MS, _served, browser  # noqa: F401  (the shared browser fixture)

pytestmark = pytest.mark.browser

# Everything that can run a handler without a click: focus, hover, toggle, load and error.
TRIGGER_EVENTS = """() => {
  for (const element of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'animationstart']) {
      element.dispatchEvent(new Event(type, {bubbles: type !== 'mouseenter'}));
    }
  }
}"""
UNSAFE_LINKS = """() => [...document.querySelectorAll('[href], [src], [action], [formaction], [data]')]
  .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action')
            || e.getAttribute('formaction') || e.getAttribute('data') || '')
  .filter(url => /^\\s*(javascript|data|vbscript):/i.test(url.replace(/[\\u0000-\\u0020]/g, '')))"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileSite:
    root = tmp_path_factory.mktemp("hostile")
    site = write_hostile_site(root)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def hostile_url(hostile: HostileSite) -> Iterator[str]:
    with _served(hostile.root / "site") as url:
        yield url


@pytest.fixture
def reader(browser: Browser, hostile_url: str) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)

    def local_only(route: Route) -> None:
        if route.request.url.startswith(hostile_url) or route.request.url.startswith("about:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def search(page: Page, word: str) -> None:
    """Type `word` into the site's search box and wait until its results are shown."""
    search_input = page.locator(".ec-search__dialog input[type=search]")
    if not search_input.is_visible():
        page.locator(".ec-search__trigger").click()
        expect(search_input).to_be_focused()
    search_input.fill("")
    search_input.press_sequentially(word, delay=20)
    expect(page.locator(RESULTS).first).to_be_visible()


def markers_set(page: Page, hostile: HostileSite) -> list[str]:
    """Every payload marker the page's scripts can see: set by a payload, or an element clobbering it."""
    return sorted(
        set(
            page.evaluate(
                """([prefix, known]) => [
                ...Object.keys(window).filter(key => key.startsWith(prefix)),
                ...known.filter(key => typeof window[key] !== 'undefined'),
            ]""",
                [MARKER_PREFIX, hostile.markers],
            )
        )
    )


def exercise(page: Page) -> None:
    """What a reader does on a page: the mouse across it, focus and hover on everything, then a pause."""
    for y in range(20, 900, 110):
        for x in range(20, 1280, 180):
            page.mouse.move(x, y)
    page.evaluate(TRIGGER_EVENTS)
    page.wait_for_timeout(50)


def test_the_marker_check_sees_a_payload_that_runs(reader: Page, hostile: HostileSite) -> None:
    reader.set_content(f'<img src=x onerror="window.{hostile.markers[0]}=1"><p id="{hostile.markers[1]}">')
    reader.wait_for_function(f"window.{hostile.markers[0]} === 1")
    assert markers_set(reader, hostile) == sorted(hostile.markers[:2])


def test_no_payload_runs_on_any_page(reader: Page, hostile: HostileSite, hostile_url: str) -> None:
    site = hostile.root / "site"
    pages = sorted(path.relative_to(site).parent.as_posix() for path in site.rglob("index.html"))
    kinds = {page.split("/")[0] for page in pages}
    assert {".", "stories", "departments", "digests", "touchpoints", "kinds", "channels", "weeks"} <= kinds
    assert {"balance", "attention", "waiting"} <= kinds
    ran: dict[str, list[str]] = {}
    unsafe: dict[str, list[str]] = {}
    for path in pages:
        url = hostile_url + ("" if path == "." else f"{path}/")
        reader.goto(url)
        exercise(reader)
        ran[path] = markers_set(reader, hostile)
        unsafe[path] = reader.evaluate(UNSAFE_LINKS)
    assert {path: found for path, found in ran.items() if found} == {}
    assert {path: found for path, found in unsafe.items() if found} == {}
    # The payloads were shown, as text: the story page says what its author wrote.
    reader.goto(hostile_url + "stories/hostile-1/")
    heading = reader.locator("article.md-content__inner h1").first.inner_text()
    assert heading.startswith("Delivery of the sofa 1 <")
    assert reader.title().startswith("Delivery of the sofa 1 <")


def test_no_payload_runs_in_search_results(reader: Page, hostile: HostileSite, hostile_url: str) -> None:
    for start in ("", "stories/hostile-2/"):
        reader.goto(hostile_url + start)
        for word in SEARCH_WORDS:
            search(reader, word)
            results = reader.locator(RESULTS)
            for index in range(min(results.count(), 10)):
                results.nth(index).hover()
            exercise(reader)
            assert markers_set(reader, hostile) == []
    titles = reader.locator(f"{RESULTS} .ec-search-result__link").all_inner_texts()
    assert any(title.startswith("Delivery of the sofa") and "<" in title for title in titles), titles


def test_no_payload_runs_in_feeds_or_the_html_and_markdown_digests(
    reader: Page, hostile: HostileSite
) -> None:
    contents: list[tuple[str, str]] = []
    for feed_path in sorted((hostile.root / "site" / "feeds").rglob("*.xml")):
        feed = feedparser.parse(feed_path.read_bytes())
        assert not feed.bozo, f"{feed_path}: {feed.bozo_exception}"
        assert feed.entries, feed_path
        for entry in feed.entries:
            # A feed reader shows an Atom title as text, and the content as HTML.
            if feed.version.startswith("atom"):
                assert entry.title_detail.type == "text/plain"
            html = entry.content[0].value if "content" in entry else entry.description
            contents.append((f"{feed_path.name}: {entry.title}", html))
    contents.append(("emptychair digest --format html", week_digest(hostile.root, "html")))
    # The Markdown digest, pasted where Markdown is shown as HTML.
    digest_markdown = week_digest(hostile.root, "markdown")
    contents.append(("Markdown digest, Python-Markdown", markdown.markdown(digest_markdown)))
    contents.append(("Markdown digest, CommonMark", MarkdownIt().render(digest_markdown)))
    for where, html in contents:
        reader.set_content(html)
        exercise(reader)
        assert markers_set(reader, hostile) == [], where


def test_the_json_digest_carries_the_payloads_as_text(hostile: HostileSite) -> None:
    output = week_digest(hostile.root, "json")
    # Safe even inside an HTML <script> block: no markup characters, only their JSON escapes.
    assert not any(char in output for char in "<>&")
    digest = json.loads(output)
    titles = [story["title"] for story in digest["stories"] + digest["featured"] + digest["waiting"]]
    assert any(original in title for title in titles for original in hostile.originals.values()), titles
