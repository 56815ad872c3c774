"""Where people see themes, in a real build of a generated export: near the top of every digest (page,
feed, e-mail, Markdown), a page per theme with its trend and stories, and a theme filter in search."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from emptychair.cli.main import main
from emptychair.pipeline.project import load_project
from emptychair.pipeline.stages import read_site
from emptychair.site.pages import SitePlan, theme_pages
from selectolax.lexbor import LexborHTMLParser

from ..conftest import search_records
from .sites import build_corpus_site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("themes-site")
    build_corpus_site(root, 400, seed=9, weeks=2, site_url="https://voice.example.test/")
    return root


def page(root: Path, url: str) -> LexborHTMLParser:
    article = LexborHTMLParser((root / "site" / url / "index.html").read_text(encoding="utf-8"))
    content = article.css_first("article.md-content__inner")
    assert content is not None, url
    return LexborHTMLParser(content.html or "")


def test_a_digest_says_what_customers_talked_about_first(built: Path) -> None:
    digest = page(built, "digests/2026-W47")
    headings = [node.text() for node in digest.css("h2")]
    assert headings.index("What customers talked about") < headings.index("Customers waiting")
    themes = digest.css("li.ec-theme")
    assert 3 <= len(themes) <= 8
    first = " ".join(themes[0].text().split())
    assert " stories (" in first and " on 2026-W46), " in first and "% negative" in first
    assert themes[0].css("blockquote.ec-theme__quote")
    for link in digest.css("li.ec-theme > p > a"):
        target = (built / "site" / "digests" / "2026-W47" / link.attributes["href"]).resolve()
        assert (target / "index.html").is_file(), link.attributes["href"]


def test_a_department_digest_counts_its_own_stories(built: Path) -> None:
    company = page(built, "digests/2026-W47")
    operations = page(built, "digests/2026-W47/operations")
    counts = {
        node.css_first("a").text(): int(node.text().split(": ", 1)[1].split(" ")[0])
        for node in company.css("li.ec-theme > p")
    }
    rows = operations.css("li.ec-theme > p")
    assert rows
    for node in rows:
        label, count = node.css_first("a").text(), int(node.text().split(": ", 1)[1].split(" ")[0])
        assert label not in counts or count <= counts[label]


def test_a_theme_page_shows_its_trend_and_its_stories(built: Path) -> None:
    index = page(built, "themes")
    link = index.css_first("table.ec-themes-index tbody a")
    assert link is not None
    theme = page(built, "themes/" + link.attributes["href"].strip("/").split("/")[-1])
    weeks = [row.css_first("th").text() for row in theme.css("table.ec-theme-trend tbody tr")]
    assert weeks[0].startswith("2026-W47")
    assert theme.css("a[href*='stories/review-']")


def test_the_feed_summary_names_the_largest_themes(built: Path) -> None:
    feed = feedparser.parse((built / "site" / "feeds" / "company" / "atom.xml").read_bytes())
    assert "Customers talked most about " in feed.entries[0].summary


def test_search_filters_by_theme(built: Path) -> None:
    records = search_records(built / "site")
    themed = [record for record in records if record["filters"].get("theme")]
    assert len(themed) > len(records) / 2
    listed = json.loads((built / "site" / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    labels = {option["value"] for option in listed["filters"]["theme"]}
    assert labels == {label for record in themed for label in record["filters"]["theme"]}


def test_the_e_mail_and_markdown_carry_the_themes(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(built / "mkdocs.yml")
    assert (
        main(["digest", "-f", config, "--week", "2026-W47", "--format", "email", "--out", str(tmp_path)]) == 0
    )
    text = next(tmp_path.glob("*.txt")).read_text(encoding="utf-8")
    assert text.index("WHAT CUSTOMERS TALKED ABOUT") < text.index("CUSTOMERS WAITING")
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert "What customers talked about" in html
    capsys.readouterr()
    assert main(["digest", "-f", config, "--week", "2026-W47"]) == 0
    assert "## What customers talked about" in capsys.readouterr().out
    assert main(["digest", "-f", config, "--week", "2026-W47", "--format", "json"]) == 0
    themes = json.loads(capsys.readouterr().out)["themes"]
    assert themes and {"slug", "label", "count", "negative", "change", "quotes"} <= set(themes[0])


def test_a_department_has_its_own_themes(built: Path) -> None:
    department = page(built, "departments/operations")
    assert "What customers talked about" in [node.text() for node in department.css("h2")]
    rows = department.css("li.ec-theme > p > a")
    assert rows
    own = page(built, "departments/operations/themes")
    assert own.css_first("h1").text().startswith("Operations")
    company = {
        node.css_first("th a").text(): int(node.css("td")[2].text().replace(",", ""))
        for node in page(built, "themes").css("table.ec-themes-index tbody tr")
    }
    listed = own.css("table.ec-themes-index tbody tr")
    assert listed
    for node in listed:
        label, total = node.css_first("th a").text(), int(node.css("td")[2].text().replace(",", ""))
        assert 0 < total <= company[label]
        slug = node.css_first("th a").attributes["href"].strip("/").split("/")[-1]
        theme = page(built, f"departments/operations/themes/{slug}")
        assert f"{total} " in theme.css_first("p.ec-count").text()
        # Its weeks link to the department's digests.
        assert all("operations" in (link.attributes["href"] or "") for link in theme.css("table a"))
    # The department page's themes lead to the department's own theme pages; its digest too.
    for link in [*rows, *page(built, "digests/2026-W47/operations").css("li.ec-theme > p > a")]:
        assert "operations/themes/" in (link.attributes["href"] or "")


def test_the_themes_page_links_each_department_s_themes(built: Path) -> None:
    links = page(built, "themes").css("p.ec-themes-departments a")
    targets = {(built / "site/themes" / link.attributes["href"]).resolve() for link in links}
    assert (built / "site/departments/operations/themes").resolve() in targets
    assert all((target / "index.html").is_file() for target in targets)


def test_a_theme_listing_holds_its_trend_on_its_first_page_only(built: Path) -> None:
    # A new story changes its week's counts: with the trend on every page, every page of the theme's
    # listing was made again on every build (hundreds of pages at 100,000 stories).
    settings = load_project(built / "mkdocs.yml").settings
    plan = SitePlan(read_site(settings), settings.addresses, page_size=5)
    pages = [page.context for page in theme_pages(plan) if page.template == "emptychair/theme.html"]
    first = [context for context in pages if context["pager"].number == 1]
    later = [context for context in pages if context["pager"].number > 1]
    assert first and later
    assert all(context["trend"] is not None for context in first)
    assert all(context["trend"] is None for context in later)
