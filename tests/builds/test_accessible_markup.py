"""What assistive technology reads, in the built HTML: sentiment in words, ratings as labelled images,
weeks with their dates, headings without gaps."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser

from ..conftest import Site

Texts = Callable[[LexborHTMLParser, str], list[str]]


def test_sentiment_ratings_weeks_and_headings(site: Site, text_of: Texts) -> None:
    site.add("2026/w47/late-van.md", title="Late van", rating=1)
    site.add("2026/w47/kind-driver.md", title="Kind driver", rating=5, kind="praise", date="2026-11-18")
    site.add("2026/w46/so-so.md", title="So so", rating=3, kind="review", date="2026-11-10")
    site.build("--strict")

    listing = site.content("touchpoints/delivery/")
    summaries = {
        " ".join(node.css_first("h3").text().split()): node for node in listing.css("article.ec-summary")
    }
    words = {
        title: text_of(LexborHTMLParser(node.html or ""), ".ec-sentiment")
        for title, node in summaries.items()
    }
    assert words == {"Kind driver": ["positive"], "Late van": ["negative"], "So so": ["neutral"]}
    stars = summaries["Late van"].css_first(".ec-stars")
    assert stars.attributes["role"] == "img"
    assert stars.attributes["aria-label"] == "Rated 1 out of 5"
    levels = [int(node.tag[1]) for node in listing.css("h1, h2, h3")]
    assert levels[0] == 1 and all(after <= before + 1 for before, after in itertools.pairwise(levels))

    card = site.content("stories/late-van/").css_first("section.ec-card .ec-stars")
    assert card.attributes["role"] == "img" and card.attributes["aria-label"] == "Rated 1 out of 5"

    archive = site.content("weeks/")
    assert text_of(archive, ".ec-figures tbody td:first-child") == [
        "2026-W47, 16\u201322 Nov",
        "2026-W46, 9\u201315 Nov",
    ]
    index = site.content("digests/")
    assert text_of(index, ".ec-digests tbody th") == ["2026-W47, 16\u201322 Nov", "2026-W46, 9\u201315 Nov"]
    # Each week once; per week, only the departments that had stories, each linked once.
    departments = [[a.text() for a in row.css("td a")] for row in index.css(".ec-digests tbody tr")]
    assert departments == [["Operations"], ["Operations"]]
    assert text_of(index, ".ec-digests tbody td:last-child") == ["Operations 2", "Operations 1"]


def test_weeks_are_named_with_their_dates_on_cards_and_digest_links(site: Site, text_of: Texts) -> None:
    site.add("2026/w46/earlier.md", title="Earlier parcel", date="2026-11-10")
    site.add("2026/w47/later.md", title="Later parcel", date="2026-11-17")
    site.build("--strict")
    card = " ".join(site.content("stories/later/").css_first("section.ec-card").text().split())
    assert "(2026-W47, 16–22 Nov)" in card
    links = text_of(site.content("digests/2026-W47/"), "a")
    assert "← 2026-W46, 9–15 Nov" in links
