"""A real build: a story without consent shows no contact of its customer, however it is written, in
any of its texts; the ordinary numbers around them stay."""

from __future__ import annotations

from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser

from ..conftest import Site

Texts = Callable[[LexborHTMLParser, str], list[str]]

CONTACTS = {
    "title": "Ring 07700–900235 x12",
    "body": "Write to jo (at) example (dot) com or JO[AT]EXAMPLE[DOT]COM, see linkedin.com/in/jo-bloggs, "
    "or ring 0171/234 5678 about order 123456789 (£1,299.99, 2,000 stories, 2026-11-17 at 14:30).",
    "quote": "I am on x.com/jobloggs and tiktok.com/@jobloggs, and jo＠example．com.",
    "lesson": "Call (555) 123-4567 ext. 12 before 5 pm.",
    "note": "Ring +44 (0)20 7946 0958 or 07700—900235, or https://www.facebook.com/jo.bloggs.77.",
}

LEAKS = ("07700", "900235", "234 5678", "123-4567", "7946", "bloggs", "example", "[at]", "(at)", "＠")


def test_a_story_without_consent_shows_no_contact_however_it_is_written(site: Site, text_of: Texts) -> None:
    site.add(
        "2026/w47/reach-me.md",
        CONTACTS["body"],
        title=CONTACTS["title"],
        quote=CONTACTS["quote"],
        lesson=CONTACTS["lesson"],
        consent=False,
        follow_up={"owner": "ops-lead", "status": "open", "note": CONTACTS["note"]},
    )
    site.build()
    page = site.content("stories/reach-me/")
    shown = " ".join(
        text
        for selector in ("h1", ".ec-body", ".ec-quote", ".ec-lesson", ".ec-follow-up__note")
        for text in text_of(page, selector)
    )
    for leak in LEAKS:
        assert leak.casefold() not in shown.casefold(), f"{leak!r} in {shown!r}"
    assert text_of(page, "h1") == ["Ring [phone withheld]"]
    assert text_of(page, ".ec-body") == [
        "Write to [e-mail withheld] or [e-mail withheld], see [profile withheld], or ring [phone withheld] "
        "about order 123456789 (£1,299.99, 2,000 stories, 2026-11-17 at 14:30)."
    ]
    for withheld in site.root.joinpath("site").rglob("*"):
        if withheld.suffix in {".html", ".xml", ".json"}:
            text = withheld.read_text(encoding="utf-8")
            assert "900235" not in text and "bloggs" not in text, withheld
