"""What import and new write: front matter the stories' own loader reads back exactly, and text that
stays text when the site renders it."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest
from emptychair.importing.records import shorten
from emptychair.importing.sources import Row, open_source
from emptychair.importing.story_file import (
    edited_since_import,
    front_matter,
    imported_text,
    markdown_text,
    recorded_hash,
    slugify,
)
from emptychair.stories.front_matter import parse, parse_yaml

AWKWARD = [
    "plain words",
    "yes",
    "No",
    "null",
    "~",
    "",
    "123",
    "4.5",
    "0x1F",
    "2026-11-17",
    "2026-11-17T09:30:00+00:00",
    "a: b",
    "a #b",
    "#tag",
    "- dash",
    "lead space",
    " lead",
    "trail ",
    'it\'s "quoted"',
    "@at",
    "`tick",
    "%percent",
    "!bang",
    "*star",
    "&amp",
    "|pipe",
    ">fold",
    "[list]",
    "{map}",
    "a, b",
    "back\\slash",
    "tab\there",
    "one\ntwo",
    "one\n\ntwo\n   indented",
    "ends with newline\n",
    "\nstarts with newline",
    "trailing space \nline",
    "---\n...\n---",
    "Zo\u00eb \u0141ukasz Y\u0131lmaz \u4e2d\u6587 \U0001f600",
    "nel\x85line sep\u2028para\u2029c1",
    "caf\u00e9\r\nwindows",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_every_text_reads_back_exactly(text: str) -> None:
    meta = {"title": text, "tags": [text, "ok"], "customer": {"name": text}, "rating": 3, "consent": False}
    assert parse_yaml(front_matter(meta)).data == meta


def test_random_text_reads_back_exactly() -> None:
    # Control characters never get this far: sources.py removes them as the export is read.
    rng = random.Random(7)
    alphabet = "ab yes:#-'\"\\\n\t{}[],&*!|>%@`\u00e9\u2028\x850123456789."
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        meta = {"quote": text, "tags": [text]}
        assert parse_yaml(front_matter(meta)).data == meta, repr(text)


def test_the_recorded_hash_tells_a_hand_edit_from_an_untouched_file() -> None:
    text, digest = imported_text({"title": "Late", "date": "2026-11-17"}, "Body.", "shop", "R1")
    assert recorded_hash(text) == digest
    assert parse(text).data["source"] == {"name": "shop", "id": "R1", "hash": digest}
    assert not edited_since_import(text)
    assert edited_since_import(text.replace("Body.", "Body, edited."))
    assert edited_since_import(text.replace(f'  hash: "{digest}"\n', ""))


def test_export_text_is_shown_as_text_not_markup() -> None:
    text = "<b>hi</b> & *stars* _under_ [link](x) `code` {: .x}\n# heading\n> quote\n- item\n1. first\n    code\n===\n!!! note"
    html = markdown.markdown(markdown_text(text), extensions=["attr_list", "admonition", "tables"])
    assert html.count("<p>") == 1
    for tag in ("<b>", "<em>", "<a ", "<code>", "<h1>", "<blockquote>", "<li>", "<pre>", "<div"):
        assert tag not in html


def test_slug_from_the_title_leaves_the_customers_name_out() -> None:
    assert slugify("Margaret's sofa left in the rain", leave_out="Margaret Hughes") == "sofa-left-in-the-rain"
    assert slugify("Zo\u00eb Hart", leave_out="Zo\u00eb Hart") == "story"


def test_titles_are_cut_at_a_word_boundary_with_an_ellipsis() -> None:
    assert shorten("Short enough", 20) == "Short enough"
    assert shorten("The driver rang the wrong bell, twice", 32) == "The driver rang the wrong bell\u2026"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("export.csv", "id,text\n1,bell\x07 and \x9bcsi\n"),
        ("export.jsonl", '{"id": 1, "text": "bell\\u0007 and \\u009bcsi"}\n'),
    ],
)
def test_an_exports_control_characters_are_gone_when_it_is_read(
    tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (row,) = open_source(path, name).rows()
    assert isinstance(row, Row)
    assert row.values["text"] == "bell and csi"
