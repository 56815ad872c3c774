"""A busy week: the digest summarises, stays small on the page and in the e-mail, and loses no story."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from emptychair.digests.summary import distinct_lessons, select_range
from emptychair.publishing.publish import PublishedStory
from emptychair.stories.model import FollowUp
from selectolax.lexbor import LexborHTMLParser

from ..conftest import REPO, Site, published_story

Texts = Callable[[LexborHTMLParser, str], list[str]]

TOUCHPOINTS = ["quotes", "billing", "refunds", "delivery"]
LESSONS = ["Vans need ramps.", "  vans need   ramps ", "Quotes need a date.", None]
BUSY = 40
"""Customer stories in 2026-W47, above the digest_max_stories of 8 set below."""


def busy_story(number: int) -> dict[str, object]:
    """Story `number` of the busy week: touchpoints, ratings, owners and lessons cycle at different rates."""
    rating = number % 5 + 1
    when = datetime(2026, 11, 16, 8, tzinfo=UTC) + timedelta(hours=3 * number)
    fields: dict[str, object] = {
        "title": f"Busy story {number:02d}",
        "date": when.isoformat().replace("+00:00", "Z"),
        "kind": ["complaint", "review", "praise", "call-note"][number % 4],
        "channel": ["phone", "email", "chat"][number % 3],
        "rating": rating,
        "touchpoints": [TOUCHPOINTS[number % 4]],
        "quote": f"What customer {number} said, in their own words.",
    }
    if LESSONS[number % 4]:
        fields["lesson"] = LESSONS[number % 4]
    if rating <= 2 and number % 3 == 0:
        fields["follow_up"] = {"owner": "ops-lead", "status": "open"}
    return fields


@pytest.fixture
def busy_week(site: Site) -> Site:
    for number in range(BUSY):
        site.add(f"2026/w47/busy-{number:02d}.md", **busy_story(number))
    site.add("2026/w46/before-a.md", title="Before A", date="2026-11-10", rating=1, touchpoints=["billing"])
    site.add("2026/w46/before-b.md", title="Before B", date="2026-11-11", rating=5, touchpoints=["delivery"])
    site.configure("digest_max_stories: 8\npage_size: 15\nbalance:\n  enforce: 'off'")
    return site


def sentiment_of(story: dict[str, object]) -> str:
    """As the README says: the kind decides for complaints and praise, then the rating."""
    if story["kind"] in ("complaint", "praise"):
        return "negative" if story["kind"] == "complaint" else "positive"
    rating = story["rating"]
    assert isinstance(rating, int)
    return "negative" if rating <= 2 else "neutral" if rating == 3 else "positive"


def story_links(page: LexborHTMLParser, selector: str) -> list[str]:
    return [node.attributes["href"] or "" for node in page.css(f"{selector} .ec-summary__title a")]


def slug_of(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


def resolve(base: str, href: str) -> str:
    """A relative link followed from the page at `base` (both directory URLs, relative to the site)."""
    parts = [part for part in base.split("/") if part]
    for part in href.split("/"):
        if part == "..":
            parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts) + "/"


def every_page_of(site: Site, url: str) -> list[str]:
    """A listing's pages, followed through its 'Older' links from the first."""
    urls = [url]
    while (next_link := site.content(urls[-1]).css_first("a[rel=next]")) is not None:
        urls.append(resolve(urls[-1], next_link.attributes["href"] or ""))
    return urls


def test_a_busy_week_digest_summarises_and_links_to_every_story(busy_week: Site, text_of: Texts) -> None:
    busy_week.build("--strict")
    page = busy_week.content("digests/2026-W47/")
    stories = {f"busy-{number:02d}": busy_story(number) for number in range(BUSY)}
    assert text_of(page, "h2") == [
        "What customers talked about",
        "Customers waiting",
        "This week in numbers",
        f"Where the {BUSY} stories came from",
        "A selection of this week's stories",
        "What we learned",
    ]
    counts = {
        table.css_first("caption").text(): {
            row.css_first("th").text(): [cell.text().strip() for cell in row.css("td")]
            for row in table.css("tbody tr")
        }
        for table in page.css("table.ec-counts")
    }
    assert counts["By touchpoint"] == {
        "Quotes": ["10", "0", "+10"],
        "Billing": ["10", "1", "+9"],
        "Refunds": ["10", "0", "+10"],
        "Delivery": ["10", "1", "+9"],
    }
    assert counts["By sentiment"] == {
        "positive": ["18", "0", "+18"],
        "neutral": ["4", "0", "+4"],
        "negative": ["18", "2", "+16"],
    }
    assert counts["By channel"]["phone"] == ["14", "2", "+12"]

    selection = [slug_of(href) for href in story_links(page, ".ec-digest-stories")]
    assert len(selection) == 8
    chosen = [stories[slug] for slug in selection]
    assert {tuple(story["touchpoints"]) for story in chosen} == {(slug,) for slug in TOUCHPOINTS}  # type: ignore[call-overload]
    assert {sentiment_of(story) for story in chosen} == {"negative", "neutral", "positive"}
    unowned = [
        slug
        for slug, story in sorted(stories.items(), reverse=True)
        if sentiment_of(story) == "negative" and "follow_up" not in story
    ]
    # Negative stories nobody has taken on lead, newest first; the other places show the range, newest first.
    leading = [slug for slug in selection if slug in unowned]
    assert selection[: len(leading)] == leading == [slug for slug in unowned if slug in leading]
    assert leading[0] == unowned[0]
    rest = selection[len(leading) :]
    assert rest == sorted(rest, reverse=True)

    assert text_of(page, ".ec-digest-lessons li") == [
        "Quotes need a date. (Busy story 38)",
        "vans need ramps (Busy story 37)",
    ]
    more = page.css_first(".ec-digest-more a")
    assert " ".join(more.text().split()) == f"and {BUSY - 8} more stories of 2026-W47 →"
    listing = resolve("digests/2026-W47/", more.attributes["href"] or "")
    assert listing == "weeks/2026-W47/"

    # Nothing lost: the week's listing, page after page, holds every story of the week once.
    pages = every_page_of(busy_week, listing)
    assert len(pages) == 3
    listed = [slug_of(href) for url in pages for href in story_links(busy_week.content(url), ".ec-list")]
    assert sorted(listed) == sorted(stories)
    department = every_page_of(busy_week, "departments/finance/weeks/2026-W47/")
    finance = [
        slug_of(href) for url in department for href in story_links(busy_week.content(url), ".ec-list")
    ]
    assert sorted(finance) == sorted(
        slug
        for slug, story in stories.items()
        if story["touchpoints"] != ["quotes"] and story["touchpoints"] != ["delivery"]
    )

    # A quiet week's digest stays as it was: every story, no counts, no week listing.
    quiet = busy_week.content("digests/2026-W46/")
    assert text_of(quiet, ".ec-digest-stories .ec-summary__title") == ["Before B", "Before A"]
    assert quiet.css("table.ec-counts") == [] and quiet.css_first(".ec-digest-more") is None
    assert not (busy_week.root / "site/weeks/2026-W46").exists()


def test_the_busy_digest_email_and_markdown_link_to_the_rest(busy_week: Site) -> None:
    out = busy_week.root / "out"
    run = [sys.executable, "-m", "emptychair", "digest", "--week", "2026-W47"]
    email = [*run, "--department", "finance", "--format", "email", "--out", str(out)]
    result = subprocess.run(email, capture_output=True, text=True, cwd=busy_week.root)
    assert result.returncode == 0, result.stderr
    html = LexborHTMLParser((out / "digest-2026-W47-finance.html").read_text(encoding="utf-8"))
    # Finance has 20 stories (billing and refunds): 8 chosen, all 8 in the e-mail (well within its budget).
    assert len(html.css(".ec-digest-stories .ec-summary")) == 8
    listing = "https://voice.example.test/departments/finance/weeks/2026-W47/"
    assert html.css_first(".ec-digest-more a").attributes["href"] == listing
    text = (out / "digest-2026-W47-finance.txt").read_text(encoding="utf-8")
    assert f"And 12 more stories of 2026-W47: {listing}" in text
    assert (
        "BY TOUCHPOINT (2026-W47, previous week, change)\n- Billing: 10, 1, +9\n- Refunds: 10, 0, +10\n"
        in text
    )
    markdown = subprocess.run(
        [*run, "--format", "markdown"], capture_output=True, text=True, cwd=busy_week.root
    )
    assert markdown.returncode == 0, markdown.stderr
    more = f"[And {BUSY - 8} more stories of 2026-W47](https://voice.example.test/weeks/2026-W47/)"
    assert more in markdown.stdout
    assert "| Billing | 10 | 1 | +9 |" in markdown.stdout
    as_json = subprocess.run([*run, "--format", "json"], capture_output=True, text=True, cwd=busy_week.root)
    digest = json.loads(as_json.stdout)
    assert (len(digest["stories"]), digest["more_stories"]) == (8, BUSY - 8)
    assert digest["week_listing"] == "https://voice.example.test/weeks/2026-W47/"


def test_digest_max_stories_must_be_at_least_one(site: Site) -> None:
    site.add("2026/w47/one.md")
    site.configure("digest_max_stories: 0")
    result = site.build(check=False)
    assert result.returncode != 0
    assert "digest_max_stories" in result.stderr and "0 is not a whole number of at least 1" in result.stderr


def published(
    number: int, sentiment: str, touchpoints: tuple[str, ...], *, owner: str | None = None
) -> PublishedStory:
    when = datetime(2026, 11, 16, tzinfo=UTC) + timedelta(hours=number)
    follow_up = FollowUp(owner) if owner else None
    return published_story(number, when, sentiment=sentiment, touchpoints=touchpoints, follow_up=follow_up)


def newest_first(items: list[PublishedStory]) -> list[PublishedStory]:
    return sorted(items, key=lambda item: (item.story.published, item.slug), reverse=True)


def test_selection_represents_every_touchpoint_and_sentiment_with_unowned_negatives_first() -> None:
    items = newest_first(
        [published(n, "negative", ("delivery",)) for n in range(20)]
        + [published(n, "negative", ("delivery",), owner="ops-lead") for n in range(20, 40)]
        + [published(40, "positive", ("billing",)), published(41, "neutral", ("delivery",))]
        + [published(n, "positive", ("quotes", "refunds")) for n in range(42, 60)]
        + [published(60, "neutral", ("billing",))]
    )

    def slugs(limit: int) -> list[str]:
        return [item.slug for item in select_range(items, limit)]

    # Unowned negatives lead, newest first; s060 and s059 bring the sentiments and touchpoints not yet shown,
    # ahead of newer unowned negatives that bring nothing new; the places left go down the ranking.
    assert slugs(6) == ["s019", "s018", "s017", "s016", "s060", "s059"]
    assert slugs(3) == ["s019", "s060", "s059"]
    assert slugs(2) == ["s019", "s060"]
    assert slugs(6) == [item.slug for item in select_range(list(items), 6)]
    assert select_range(items[:3], 6) == items[:3]


def test_lessons_are_told_once_by_their_newest_story() -> None:
    items = newest_first([published(n, "negative", ("delivery",)) for n in range(4)])
    lessons = ["Vans need ramps.", "vans  need ramps", "Quotes need a date", "Vans need ramps!"]
    taught = [
        PublishedStory(replace(item.story, lesson=lesson), item.week, "", "")
        for item, lesson in zip(items, lessons, strict=True)
    ]
    assert [item.slug for item in distinct_lessons(taught)] == ["s003", "s001"]


PAGE_LIMIT = 300_000
EMAIL_LIMIT = 100_000


def test_a_week_of_600_stories_keeps_pages_and_emails_small(tmp_path: Path) -> None:
    """The benchmark's one-week corpus, built for real: summarising pages and e-mails stay bounded."""
    count = 600
    generator = REPO / "benchmarks" / "generate.py"
    generated = subprocess.run(
        [sys.executable, str(generator), "--count", str(count), "--shape", "week", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert generated.returncode == 0, generated.stderr
    config = {
        "site_name": "Busy week",
        "site_url": "https://voice.example.test/",
        "docs_dir": "stories",
        "theme": {"name": "material"},
        "plugins": ["search", {"emptychair": {"site_config": "site_config", "today": "2026-11-23"}}],
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert built.returncode == 0, built.stderr
    site = tmp_path / "site"
    pages = [
        site / "index.html",
        site / "balance/index.html",
        *site.glob("digests/2026-W47/**/index.html"),
        *site.glob("departments/*/index.html"),
    ]
    sizes = {page.relative_to(site).as_posix(): page.stat().st_size for page in pages}
    assert len(sizes) > 10 and max(sizes.values()) <= PAGE_LIMIT, sizes
    company = LexborHTMLParser((site / "digests/2026-W47/index.html").read_text(encoding="utf-8"))
    assert len(company.css(".ec-digest-stories .ec-summary")) == 25
    listed = int(company.css_first(".ec-digest-more a").text().split()[1].replace(",", ""))
    assert listed > count - 100
    for page in site.glob("departments/*/index.html"):
        department = LexborHTMLParser(page.read_text(encoding="utf-8"))
        assert len(department.css("table.ec-follow-ups tbody tr")) <= 10
    marketing = LexborHTMLParser((site / "departments/marketing/index.html").read_text(encoding="utf-8"))
    all_follow_ups = marketing.css_first("a[href$='departments/marketing/follow-ups/']")
    total = int(all_follow_ups.text().split()[1])
    assert total > 10
    listing = LexborHTMLParser(
        (site / "departments/marketing/follow-ups/index.html").read_text(encoding="utf-8")
    )
    assert listing.css_first(".ec-count").text().startswith(f"{total} stories")

    # The company digest and the department with the most touchpoints: the largest e-mails.
    for scope in [None, "customer-service"]:
        command = [sys.executable, "-m", "emptychair", "digest", "--week", "2026-W47", "--format", "email"]
        command += ["--out", str(tmp_path / "email")] + (["--department", scope] if scope else [])
        written = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env)
        assert written.returncode == 0, written.stderr
    mail = LexborHTMLParser((tmp_path / "email/digest-2026-W47-company.html").read_text(encoding="utf-8"))
    # The e-mail shows the first of the page's 25 that fit its byte budget (its themes quote more) and
    # sends the reader to the page for the rest.
    shown = len(mail.css(".ec-digest-stories .ec-summary"))
    assert 0 < shown < 25
    page_link = mail.css_first(".ec-digest-selection a").attributes["href"]
    assert page_link == "https://voice.example.test/digests/2026-W47/"
    mail_more = int(mail.css_first(".ec-digest-more a").text().split()[1].replace(",", ""))
    assert mail_more == listed + 25 - shown
    emails = {path.name: path.stat().st_size for path in (tmp_path / "email").iterdir()}
    assert len(emails) == 6
    assert max(emails.values()) <= EMAIL_LIMIT, emails
    # A summary's e-mail is cut only as far as its budget needs: one more story would not fit.
    assert emails["digest-2026-W47-company.eml"] > EMAIL_LIMIT - 5_000, emails


LONG = 30
"""Stories in 2026-W47 whose quote, lesson and title are as long as the schema allows; half (billing and
refunds) are Finance's."""


def long_story(number: int) -> dict[str, object]:
    # Accented text: quoted-printable writes each é as =C3=A9, six bytes, in both parts of the e-mail.
    words = f"Été {number:02d} déçu "
    return {
        **busy_story(number),
        "title": f"Long story {number:02d} " + "é" * 270,
        "quote": (words * 400)[:5000],
        "lesson": (f"Leçon {number:02d} " + "é" * 5000)[:5000],
    }


@pytest.mark.parametrize("summarised", [True, False])
def test_an_email_of_very_long_stories_stays_within_its_byte_budget_and_says_how_many_more(
    site: Site, summarised: bool
) -> None:
    for number in range(LONG):
        site.add(f"2026/w47/long-{number:02d}.md", **long_story(number))
    # Summarising (more stories than digest_max_stories), or the whole week listed.
    site.configure(f"digest_max_stories: {8 if summarised else LONG}\nbalance:\n  enforce: 'off'")
    out = site.root / "out"
    run = [sys.executable, "-m", "emptychair", "digest", "--week", "2026-W47", "--department", "finance"]
    result = subprocess.run(
        [*run, "--format", "email", "--out", str(out)], capture_output=True, text=True, cwd=site.root
    )
    assert result.returncode == 0, result.stderr
    sent = (out / "digest-2026-W47-finance.eml").read_bytes()
    assert len(sent) <= EMAIL_LIMIT, len(sent)
    # The page's digest keeps every story it lists; the e-mail drops some and says how many, with a link.
    page = json.loads(subprocess.run([*run, "--format", "json"], capture_output=True, cwd=site.root).stdout)
    on_page = len(page["stories"]) + len(page["featured"])
    assert on_page == (8 if summarised else LONG // 2)
    html = LexborHTMLParser((out / "digest-2026-W47-finance.html").read_text(encoding="utf-8"))
    in_email = len(html.css(".ec-digest-stories .ec-summary, .ec-digest-featured .ec-summary"))
    assert 0 < in_email < on_page
    more = html.css_first(".ec-digest-more a")
    left = int(more.text().split()[1].replace(",", ""))
    assert left == LONG // 2 - in_email
    link = "https://voice.example.test/departments/finance/weeks/2026-W47/" if summarised else page["url"]
    assert more.attributes["href"] == link
    text = (out / "digest-2026-W47-finance.txt").read_text(encoding="utf-8")
    assert f"And {left} more stories of 2026-W47: {link}" in text
    # `--format html` previews the e-mail's HTML: fitted to the same budget.
    preview = subprocess.run([*run, "--format", "html"], capture_output=True, text=True, cwd=site.root)
    assert preview.returncode == 0, preview.stderr
    shown = LexborHTMLParser(preview.stdout).css(
        ".ec-digest-stories .ec-summary, .ec-digest-featured .ec-summary"
    )
    assert 0 < len(shown) < on_page
