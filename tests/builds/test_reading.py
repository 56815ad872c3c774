"""Pages read as a person would write them: the customer's words first, tenses that match the
follow-up, listings that end with a link saying where it leads."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from ..conftest import Site

Texts = Callable[[LexborHTMLParser, str], list[str]]


def test_story_page_gives_the_customers_words_before_the_facts(site: Site) -> None:
    site.add(
        "2026/w47/parcel.md",
        "She found the parcel soaked on the doorstep.",
        quote="I paid for next-day delivery, not next-day puddle.",
        lesson="Drivers cannot see the safe-place note.",
        follow_up={"owner": "ops-lead", "status": "open"},
    )
    site.build("--strict")
    blocks = site.content("stories/parcel/").css(".ec-quote, .ec-body, .ec-card, .ec-lesson, .ec-follow-up")
    in_order = [(node.attributes.get("class") or "").split()[0] for node in blocks]
    assert in_order == ["ec-quote", "ec-body", "ec-card", "ec-lesson", "ec-follow-up"]


def test_the_follow_up_heading_matches_where_it_stands(site: Site, text_of: Texts) -> None:
    headings = {
        "open": "What we are doing about it",
        "in-progress": "What we are doing about it",
        "done": "What we did about it",
    }
    for status in headings:
        site.add(f"2026/w47/{status}.md", title=status, follow_up={"owner": "ops-lead", "status": status})
    site.build("--strict")
    for status, heading in headings.items():
        assert text_of(site.content(f"stories/{status}/"), "#follow-up") == [heading]


def test_listings_end_with_a_named_way_back(site: Site) -> None:
    site.add("2026/w47/parcel.md")
    site.build("--strict")
    for url, up, href in [
        ("touchpoints/delivery/", "← All touchpoints", "touchpoints/"),
        ("kinds/complaint/", "← All kinds of story", "kinds/"),
        ("channels/phone/", "← All channels", "channels/"),
        ("departments/operations/stories/", "← Operations", "departments/operations/"),
        ("departments/operations/waiting/", "← Operations", "departments/operations/"),
        ("waiting/", "← Home", ""),
    ]:
        links = site.content(url).css("a")
        assert "Up" not in [" ".join(node.text().split()) for node in links], url
        target = urljoin(f"https://x.test/{url}", links[-1].attributes["href"] or "")
        assert (" ".join(links[-1].text().split()), target) == (up, f"https://x.test/{href}"), url
