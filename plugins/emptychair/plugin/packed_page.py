"""The MkDocs page of a generated page: no Markdown render of its own, and its HTML held compressed.

MkDocs makes every page's HTML before it writes the first, so a whole site's HTML is held at once. Ours
is large (listings, digests) and Python held nearly all of it at two bytes a character (one en dash or
star in a page does that to every character of it): 172 MiB for the 11,429 pages of 10,000 stories,
half the build's peak memory. LZ4 holds the same HTML in 29 MiB and costs 0.13 s to compress it and
0.05 s for each reading (zlib: 21 MiB, but 0.58 s and 0.24 s; UTF-8 alone: 87 MiB). Every reader of
`page.content` (the theme, other plugins, MkDocs) gets the exact same text.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..pipeline.packing import packed as packed_html
from ..pipeline.packing import unpacked


class PackedPage(Page):
    """A page whose content comes from on_page_content and is held compressed until it is written."""

    _held: str | bytes | None = None

    @property
    def content(self) -> str | None:
        held = self._held
        return unpacked(held) if isinstance(held, bytes) else held

    @content.setter
    def content(self, html: str | None) -> None:
        # A page is empty until on_page_content gives it its HTML, once: only that is worth compressing.
        self._held = packed_html(html) if html else html

    @property
    def held(self) -> str | bytes | None:
        """The content as held: compressed once the page has any (`pipeline.packing`)."""
        return self._held

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """A generated page has no Markdown to render: its content comes from on_page_content, and a
        story's body was rendered once, in the publishing stage. MkDocs' own render builds a Markdown
        converter per page even for empty Markdown: measured at 0.59 ms a page (median of 5 runs of
        2,000 pages, demo mkdocs.yml), about 6.6 s for a site of 10,000 stories, a fifth of what plain
        Material takes to build it."""
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()


def packed(page: Page) -> PackedPage:
    """MkDocs' page of a generated file, made a PackedPage in place: MkDocs and the navigation hold this
    very object (with a title from `nav`, its neighbours and parent), so a new one would not do."""
    content = page.__dict__.pop("content", None)
    page.__class__ = PackedPage
    assert isinstance(page, PackedPage)
    page.content = content
    return page
