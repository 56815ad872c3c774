"""The demo site as a reader uses it: built by MkDocs, served over HTTP, driven in Debian's Chromium.

One build and one browser per module. Run `make test` to install Chromium if it is missing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from ..conftest import Site, build_demo_site, search_records

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
STORIES = ROOT / "stories"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
TIMEOUT_MS = 15_000

# Test 1: a department linked from the home page; its waiting customers all have a customer and a channel.
DEPARTMENT = "Operations"

# Test 2: a word that occurs in the body of one story only (checked below, so a content change
# fails with a clear message rather than a confusing search result).
SEARCH_WORD = "scarborough"
SEARCH_STORY = "boutique-hotel-twenty-two-room-refit"

# Test 3: a story without consent, whose body also uses the customer's first name.
PRIVATE_STORY = "split-sideboard-no-call-back"
PRIVATE_NAME = "Colin Ferris"
PRIVATE_LABEL = "Customer from Retail"

# Test 4: a word in many stories, narrowed to one department by the search's filter.
FILTER_WORD = "delivery"
FILTER_DEPARTMENT = "Operations"

RESULTS = ".ec-search__dialog .ec-search-result"
SEARCH_BOX = ".ec-search__dialog input[type=search]"
STATUS = ".ec-search__dialog [role=status]"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _story_sources() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(STORIES.rglob("*.md"))}


def _stories_mentioning(word: str) -> list[str]:
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return [slug for slug, text in _story_sources().items() if pattern.search(text)]


def _front_matter_field(slug: str, field: str) -> str:
    match = re.search(rf"^{field}:\s*(.+?)\s*$", _story_sources()[slug], re.MULTILINE)
    assert match, f"story {slug} has no {field} in its front matter"
    return match.group(1).strip("\"'")


def _front_matter_title(slug: str) -> str:
    return _front_matter_field(slug, "title")


@contextmanager
def _served(directory: Path) -> Iterator[str]:
    """A built site served over HTTP on a free local port, as `make preview` serves it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    result = build_demo_site(site_dir)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return site_dir


@pytest.fixture(scope="module")
def site_url(demo_site: Path) -> Iterator[str]:
    with _served(demo_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests use Debian's Chromium. "
            "Run `make test`, which installs it (apt-get install chromium)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def _local_page(browser: Browser, site_url: str) -> Iterator[Page]:
    """A page in a fresh browser context (empty cache) that can reach the local site only."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)

    # Only the local site: Material's Google Fonts and anything else external are refused, so the
    # test neither needs a network nor waits on one.
    def local_only(route: Route) -> None:
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", local_only)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    with _local_page(browser, site_url) as page:
        yield page


def _search(page: Page, query: str) -> None:
    """Open search from the header, as a reader clicks it, and type the query into its box."""
    page.locator(".ec-search__trigger").click()
    search_input = page.locator(SEARCH_BOX)
    expect(search_input).to_be_focused()
    search_input.press_sequentially(query, delay=20)


def test_home_to_department_to_story(page: Page, site_url: str) -> None:
    page.goto(site_url)
    content = page.locator("article.md-content__inner")
    expect(content.locator("h1")).to_have_text("What our customers are telling us")
    expect(content.get_by_role("heading", name="Customers still waiting", level=2)).to_be_visible()

    content.locator("ul.ec-departments").get_by_role("link", name=DEPARTMENT, exact=True).click()
    page.wait_for_url(f"{site_url}departments/{DEPARTMENT.lower()}/")
    expect(content.locator("h1")).to_have_text(DEPARTMENT)
    expect(content.get_by_role("heading", name="Customers waiting", level=2)).to_be_visible()

    story_link = content.locator("table.ec-waiting a").first
    expect(story_link).to_be_visible()
    title = story_link.inner_text().strip()
    story_link.click()
    page.wait_for_url(re.compile(re.escape(f"{site_url}stories/") + r"[\w-]+/$"))
    expect(content.locator("h1")).to_have_text(title)
    card = content.locator("section.ec-card")
    expect(card.locator("dt", has_text=re.compile(r"^Customer$"))).to_be_visible()
    expect(card.locator("dt", has_text=re.compile(r"^Channel$"))).to_be_visible()


def test_search_finds_a_story_by_a_word_in_its_body(page: Page, site_url: str) -> None:
    assert _stories_mentioning(SEARCH_WORD) == [SEARCH_STORY], (
        f"test precondition: {SEARCH_WORD!r} should occur in story {SEARCH_STORY} only; pick another word"
    )
    title = _front_matter_title(SEARCH_STORY)

    page.goto(site_url)
    _search(page, SEARCH_WORD)
    results = page.locator(RESULTS)
    expect(results).to_have_count(1)
    result = results.first
    # Title, kind, date and an excerpt with the word highlighted, as text.
    expect(result.locator(".ec-search-result__link")).to_have_text(title)
    expect(result.locator(".ec-search-result__kind")).to_have_text(_front_matter_field(SEARCH_STORY, "kind"))
    expect(result.locator(".ec-search-result__date")).to_have_text(
        re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$")
    )
    expect(result.locator(".ec-search-result__excerpt mark").first).to_have_text(
        re.compile(rf"^{SEARCH_WORD}\W*$", re.IGNORECASE)
    )
    result.locator(".ec-search-result__link").click()

    page.wait_for_url(f"{site_url}stories/{SEARCH_STORY}/")
    expect(page.locator("article.md-content__inner h1")).to_have_text(title)


def test_story_without_consent_hides_the_customer_name(page: Page, site_url: str) -> None:
    source = _story_sources()[PRIVATE_STORY]
    assert re.search(r"^consent:\s*false\s*$", source, re.MULTILINE), f"{PRIVATE_STORY} should lack consent"
    assert PRIVATE_NAME in source, f"{PRIVATE_STORY} should name {PRIVATE_NAME} in its source"
    name_parts = PRIVATE_NAME.split()
    names = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, name_parts)) + r")(?!\w)", re.IGNORECASE)

    page.goto(f"{site_url}stories/{PRIVATE_STORY}/")
    content = page.locator("article.md-content__inner")
    expect(content.locator("h1")).to_be_visible()
    expect(content.locator("section.ec-card dd.ec-customer")).to_have_text(PRIVATE_LABEL)
    expect(content).to_contain_text(PRIVATE_LABEL)

    text = page.locator("body").inner_text()
    assert not names.search(text), f"the customer's name is visible on the page: {names.search(text)}"
    assert not names.search(page.title())
    html = page.content()
    assert not names.search(html), f"the customer's name is in the page's HTML: {names.search(html)}"

    # Nor can a reader find the story by searching for the customer's surname.
    assert _stories_mentioning(name_parts[-1]) == [PRIVATE_STORY]
    _search(page, name_parts[-1])
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^No results for", re.I))
    expect(page.locator(RESULTS)).to_have_count(0)


def test_search_filters_by_department_and_opens_a_story(page: Page, site_url: str, demo_site: Path) -> None:
    departments = {
        record["url"]: record["filters"].get("department", []) for record in search_records(demo_site)
    }
    page.goto(site_url)
    _search(page, FILTER_WORD)
    results = page.locator(RESULTS)
    summary = page.locator(STATUS)
    found = re.compile(rf"^(\d+) stor(y|ies) for “{FILTER_WORD}” since ")
    expect(summary).to_have_text(found)
    unfiltered = int(summary.inner_text().split()[0])

    page.get_by_role("combobox", name="Department").select_option(label=FILTER_DEPARTMENT)
    expect(summary).not_to_have_text(re.compile(rf"^{unfiltered} "))
    expect(summary).to_have_text(found)
    filtered = int(summary.inner_text().split()[0])
    assert 0 < filtered < unfiltered, (
        f"{FILTER_DEPARTMENT} should narrow {unfiltered} results, not to {filtered}"
    )

    # The first results of each period are shown, the rest on request: check those shown.
    links = results.locator(".ec-search-result__link")
    expect(links.first).to_be_visible()
    paths = [urlsplit(href).path for href in links.evaluate_all("(links) => links.map((a) => a.href)")]
    assert all(FILTER_DEPARTMENT in departments[path] for path in paths), paths

    title = links.first.inner_text()
    links.first.click()
    page.wait_for_url(re.compile(re.escape(f"{site_url}stories/") + r"[\w-]+/$"))
    content = page.locator("article.md-content__inner")
    expect(content.locator("h1")).to_have_text(title)
    expect(content.locator("section.ec-card a.ec-chip", has_text=FILTER_DEPARTMENT)).to_be_visible()


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_search_opens_with_materials_keys(page: Page, site_url: str, key: str) -> None:
    page.goto(f"{site_url}stories/{SEARCH_STORY}/")
    page.keyboard.press(key)
    search_input = page.locator(SEARCH_BOX)
    expect(search_input).to_be_focused()
    expect(search_input).to_have_value("")
    page.keyboard.type(SEARCH_WORD, delay=20)
    expect(page.locator(RESULTS)).to_have_count(1)


def test_a_title_made_of_markup_is_shown_as_text_in_search(browser: Browser, site: Site) -> None:
    title = "<img src=x onerror=\"document.title='pwned'\"><b>Sofa</b> scratched"
    site.add("2026/w47/markup-title.md", "The scratched sofa arrived <script>alert(1)</script>.", title=title)
    site.build("--strict")
    with _served(site.root / "site") as url, _local_page(browser, url) as page:
        page.goto(url)
        _search(page, "scratched")
        result = page.locator(RESULTS)
        expect(result).to_have_count(1)
        expect(result.locator(".ec-search-result__link")).to_have_text(title)
        expect(result.locator(".ec-search-result__excerpt mark").first).to_have_text(
            re.compile(r"^scratched\W*$")
        )
        assert result.locator("img, b, script").count() == 0
        assert page.title() != "pwned"


# One page of each type: what a reader can open.
PAGE_TYPES = [
    # MkDocs links the 404 page's assets from site_url's path, which this local server does not have:
    # the page still shows what it would ask for.
    "404.html",
    "",
    "departments/",
    f"departments/{DEPARTMENT.lower()}/",
    f"departments/{DEPARTMENT.lower()}/stories/",
    f"stories/{PRIVATE_STORY}/",
    "digests/",
    "digests/latest/",
    f"digests/latest/{DEPARTMENT.lower()}/",
    "touchpoints/",
    "touchpoints/delivery/",
    "kinds/complaint/",
    "channels/",
    "weeks/",
    "waiting/",
    "balance/",
    "attention/",
]


def test_no_page_asks_any_host_but_the_site(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    requested: list[str] = []
    outside: list[str] = []

    def record(route: Route) -> None:
        url = route.request.url
        requested.append(url)
        if url.startswith(site_url):
            route.continue_()
        else:
            # Refused, so the test needs no network: what counts is that it was asked for.
            outside.append(url)
            route.abort()

    context.route("**/*", record)
    page = context.new_page()
    try:
        for path in PAGE_TYPES:
            page.goto(site_url + path, wait_until="networkidle")
            expect(page.locator("article.md-content__inner h1")).to_be_visible()
        _search(page, "sofa")
        expect(page.locator(RESULTS).first).to_be_visible()
    finally:
        context.close()

    assert not outside, f"requests outside the site: {sorted(set(outside))}"
    assert any("/pagefind/" in url for url in requested), "search was loaded"
    assert len(requested) > len(PAGE_TYPES), "every page loads its stylesheets and scripts from the site"


def test_search_goes_back_in_time_shard_by_shard(browser: Browser, site: Site) -> None:
    site.configure("search_shard_size: 1")
    days = ["2026-09-07", "2026-09-14", "2026-09-21", "2026-10-05", "2026-10-12", "2026-11-16"]
    for number, day in enumerate(days):
        site.add(f"2026/p{number}.md", "The parcel came late.", title=f"Parcel {number}", date=day)
    site.build("--strict")
    with _served(site.root / "site") as url, _local_page(browser, url) as page:
        page.goto(url)
        _search(page, "parcel")
        status = page.locator(STATUS)
        # Four weeks are searched at first, newest first, one group of results per shard.
        expect(status).to_have_text(
            "4 stories for “parcel” since 21 Sep 2026; earlier stories not searched yet."
        )
        periods = page.locator(".ec-search__period")
        expect(periods).to_have_text(
            [
                "16 Nov 2026 – 16 Nov 2026: 1 story",
                "12 Oct 2026 – 12 Oct 2026: 1 story",
                "5 Oct 2026 – 5 Oct 2026: 1 story",
                "21 Sep 2026 – 21 Sep 2026: 1 story",
            ]
        )
        earlier = page.get_by_role("button", name="Search earlier stories (before 21 Sep 2026)")
        earlier.click()
        expect(status).to_have_text("6 stories for “parcel” since 7 Sep 2026.")
        expect(page.locator(RESULTS)).to_have_count(6)
        expect(earlier).to_be_hidden()

        # A week's filter searches only the shard that holds it.
        page.get_by_role("combobox", name="Week").select_option("2026-W38")
        expect(page.locator(".ec-search-result__link")).to_have_text(["Parcel 1"])
        expect(status).to_have_text("1 story for “parcel” since 14 Sep 2026.")

        # The arrow keys move from the box to the results and back.
        page.locator(SEARCH_BOX).focus()
        page.keyboard.press("ArrowDown")
        expect(page.locator(".ec-search-result__link").first).to_be_focused()
        page.keyboard.press("ArrowUp")
        expect(page.locator(SEARCH_BOX)).to_be_focused()
        page.keyboard.press("Escape")
        expect(page.locator(".ec-search__dialog")).to_be_hidden()
