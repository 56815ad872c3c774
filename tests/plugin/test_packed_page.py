"""A generated page's HTML is held compressed between being made and being written, and read back exact."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from emptychair.plugin.packed_page import PackedPage, packed
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page


@pytest.fixture
def page(tmp_path: Path) -> Page:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Packed\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    file = File("stories/parcel.md", str(tmp_path / "docs"), str(tmp_path / "site"), use_directory_urls=True)
    return Page("From the nav", file, config)


def _listing(rows: int) -> str:
    """A listing as large as a department's: one en dash makes Python hold every character in two bytes."""
    return "".join(
        f'<li><a href="../stories/story-{row}/">Parcel {row} left in the rain</a> 16–22 Nov ★★☆☆☆</li>\n'
        for row in range(rows)
    )


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<p>plain ASCII</p>",
        "<p>Łódź, 16–22 Nov, ★★☆☆☆, 🙂</p>",
        "<p>a lone surrogate \udc80 stays for MkDocs to replace when it writes</p>",
        _listing(500),
    ],
)
def test_content_reads_back_exactly_as_it_was_set(page: Page, html: str) -> None:
    made = packed(page)
    made.content = html
    assert made.content == html


def test_a_large_page_is_held_in_a_fraction_of_its_text(page: Page) -> None:
    html = _listing(2000)
    made = packed(page)
    made.content = html
    held = sum(sys.getsizeof(value) for value in vars(made).values() if isinstance(value, str | bytes))
    assert held < sys.getsizeof(html) / 10


def test_packing_keeps_the_page_mkdocs_and_the_navigation_hold(page: Page) -> None:
    page.content = "<p>made before</p>"
    made = packed(page)
    assert made is page and isinstance(page, PackedPage)
    assert page.file.page is page
    page.markdown = ""
    assert page.title == "From the nav"
    assert page.content == "<p>made before</p>"
    assert "content" not in vars(page)


def test_the_page_being_written_is_unpacked_once(page: Page, tmp_path: Path) -> None:
    # MkDocs writes one page at a time, and the page's key, the cached frame and the theme each read
    # its content: a listing of thousands of stories was decompressed four times over.
    made = packed(page)
    made.content = _listing(500)
    first = made.content
    assert made.content is first
    config = load_config(str(tmp_path / "mkdocs.yml"))
    other = packed(
        Page("Other", File("stories/other.md", str(tmp_path / "docs"), str(tmp_path), True), config)
    )
    other.content = "<p>other</p>"
    assert other.content == "<p>other</p>" and made.content == first
    made.content = "<p>changed</p>"
    assert made.content == "<p>changed</p>"
