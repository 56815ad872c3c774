"""A page set aside from MkDocs' page loop is written from its kept frame and content without being
decoded: the bytes must be those MkDocs writes of the same HTML, whatever characters it holds."""

from __future__ import annotations

import pytest
from emptychair.pipeline.packing import compress
from emptychair.pipeline.page_store import _framed
from emptychair.pipeline.unchanged_pages import is_blank, kept_page

CONTENT = "<h1>A story</h1><p>{}</p>"
PAGES = {
    "ascii": "plain words",
    "arrows, as the search box's help has on every page": "\u2193 moves down, \u2191 up",
    "emoji": "great service \U0001f600",
    "Korean, whose syllables start with the byte of a surrogate": "\ud55c\uad6d\uc5b4 \ud7a3",
    "a lone surrogate": "broken \udc80 text",
    "a lone high surrogate": "broken \ud800 text",
}


@pytest.mark.parametrize("text", PAGES.values(), ids=PAGES.keys())
@pytest.mark.parametrize("where", ["content", "frame", "both"])
def test_a_kept_page_is_written_as_mkdocs_writes_it(text: str, where: str) -> None:
    content = CONTENT.format(text if where != "frame" else "words")
    frame_text = text if where != "content" else "title"
    output = f"<html><head><title>{frame_text}</title></head><body>{content}</body></html>"
    entry = _framed(output, content)
    assert kept_page(entry, compress(content)) == output.encode("utf-8", errors="xmlcharrefreplace")


def test_a_page_whose_content_the_theme_does_not_print_is_its_frame() -> None:
    output = "<html>\u2193 no content here</html>"
    assert kept_page(_framed(output, "<p>not printed</p>"), compress("<p>not printed</p>")) == output.encode()


def test_what_is_not_a_kept_frame_is_none() -> None:
    assert kept_page((0, b"old two-part entry"), compress("x")) is None
    assert kept_page(None, compress("x")) is None


@pytest.mark.parametrize(
    ("page", "blank"),
    [
        ("", True),
        (" \n\t\r\x0b\x0c\x1c\x1d\x1e\x1f", True),
        ("\n\u3000\u00a0\u2028 ", True),
        ("\u3000x", False),
        ("\n<html></html>\n", False),
        ("\n\u00e9", False),
    ],
)
def test_a_page_is_left_unwritten_exactly_when_mkdocs_leaves_it(page: str, blank: bool) -> None:
    assert (not page.strip()) == blank
    assert is_blank(page.encode()) is blank
