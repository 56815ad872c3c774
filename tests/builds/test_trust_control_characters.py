"""Control characters pasted from old mail systems are removed when a file is read, for every output."""

from __future__ import annotations

import feedparser
import pytest
from emptychair.stories.front_matter import parse, without_control_characters

from ..conftest import Site, good_fields, story_text


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("Delivery\x01 was late", "Delivery was late"),
        ("tab\tnew\nline\r\nstay", "tab\tnew\nline\r\nstay"),
        ("form\x0cfeed, escape\x1b[0m, delete\x7f, C1\x9b", "formfeed, escape[0m, delete, C1"),
        ("ordinary text, “quotes” and é", "ordinary text, “quotes” and é"),
    ],
)
def test_control_characters_are_removed_and_whitespace_stays(text: str, clean: str) -> None:
    assert without_control_characters(text) == clean


def test_front_matter_with_a_control_character_is_read_with_the_same_line_numbers() -> None:
    document = parse("---\ntitle: Sofa\x01 late\nkind: complaint\n---\nBody\x02 here.\n")
    assert document.data == {"title": "Sofa late", "kind": "complaint"}
    assert document.body == "Body here.\n"
    assert document.line_of(("kind",)) == 3


def test_a_control_character_in_one_story_or_memo_does_not_stop_the_build(site: Site) -> None:
    site.add(
        "2026/w47/old-mail.md",
        "Pasted from the old system:\x01 the sofa\x1b arrived broken.",
        title="Sofa\x01 arrived broken",
        quote="It was\x02 split down the middle.",
        rating=1,
        follow_up={"owner": "ops-lead", "status": "open", "note": "Call\x03 back."},
    )
    site.write(
        "2026/w47/memo.md",
        "---\ntitle: Weekly\x01 note\ndate: 2026-11-18\nkind: memo\nauthor: ops-lead\n---\n"
        "A memo pasted with \x01 in it, about [the sofa](old-mail.md).\n",
    )
    site.add("2026/w47/plain.md", title="A plain story", date="2026-11-16")
    site.build("--strict")
    built = [path for path in (site.root / "site").rglob("*") if path.suffix in {".html", ".xml", ".json"}]
    dirty = [
        path.name for path in built if without_control_characters(text := path.read_text("utf-8")) != text
    ]
    assert dirty == []
    assert site.content("stories/old-mail/").css_first("h1").text() == "Sofa arrived broken"
    feed = feedparser.parse((site.root / "site/feeds/company/atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert "Weekly note" in feed.entries[0].content[0].value
    assert site.content("stories/plain/").css_first("h1").text() == "A plain story"


def test_story_text_helper_writes_what_is_read(site: Site) -> None:
    # The helper itself must not strip the characters: the test above depends on them reaching the file.
    path = site.write("2026/w47/raw.md", story_text("x\x01", **good_fields()))
    assert "\x01" in path.read_text("utf-8")
