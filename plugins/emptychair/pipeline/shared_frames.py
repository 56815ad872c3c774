"""The theme's page around a content, shared within a build by pages that differ only by their title and
address, so that a build without a kept page for them (a cold build, or one after mkdocs.yml changed)
renders Material's templates once or twice per kind of page, not once per story.

Material prints a page's title and address (escaped, or URL-encoded for its feedback widget) and reads
nothing else of them; the story pages of a site differ in little more. So the pages whose final HTML's
inputs (`PageStore._page_key`) are equal once their title and address are replaced by placeholders are one
*family*: the theme renders the first, and its output, with each place its title or address was printed
marked, is a frame with holes; the theme renders the second too, and only if the first's frame, filled
with the second's title and address, gives the second's output byte for byte does the family share the
frame. Its other pages are the frame filled with their own title, address and content.

It holds only while the templates read a page's title and address in known ways: every Jinja snippet of
the template folders that reads a page (but its content, table of contents and the other fields keyed as
they are) must be one of Material's (`_KNOWN_PAGE_READS`); a site's template that reads them otherwise (a
title's length, a filter of its own) leaves every page to the theme. A page whose title holds white space
that a filter would collapse, or that has an edit link (its address through a `replace` filter), is
rendered by the theme too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jinja2.filters import do_urlencode
from markupsafe import Markup
from mkdocs.structure.pages import Page

from .fingerprints import TEXT_LITERAL

_TRIES = 3
"""Pages a family's frame is learnt from before it is left to the theme: a title that is also text of the
page around it (a story named "Departments", as the navigation's entry) is no placeholder's place."""
_WAITING = 256
"""Frames held unchecked at most: a family's pages come close together (in the order of the site's
files)."""
_CONTENT = -1
_PLACEHOLDERS = ("\x00title\x00", "\x00title-url\x00", "\x00url\x00", "\x00src\x00", "\x00dest\x00")

# Fields of a page that are in a family's key as they are: a read of them is no read of a title or address.
_KEYED_AS_THEY_ARE = (
    r"toc|content|authors|categories|config|ancestors|previous_page|next_page|parent|is_homepage|children"
    r"|update_date"
)
_READS_PAGE = re.compile(r"\bpage\b(?!\s*\.\s*(?:" + _KEYED_AS_THEY_ARE + r")\b)")
_KNOWN_PAGE_READS = frozenset(
    {
        # Material 9: the title escaped (printed, or through striptags) or URL-encoded; the address printed.
        "{% elif page.title and not page.is_homepage %}",
        "{% if page.meta and page.meta.title %}",
        "{{ page.meta.title }}",
        "{{ page.title }}",
        "{{ page.title | striptags }}",
        "{{ page.title | d(config.site_name, true)}}",
        "{% set title = page.meta.title | urlencode %}",
        "{% set title = page.title | urlencode %}",
        '{% set url = "/" ~ page.url %}',
        "{% if page.canonical_url %}",
        "{{ page.canonical_url }}",
        # Pages in the navigation (never shared: `PageStore.choose`).
        "{% elif nav_item == page %}",
        "{% if page in nav_item.pages %}",
        "{% set nav_item = page %}",
        '{% set class = "md-nav__link--active" if index == page %}',
        # An edit link: a page with one is never shared.
        "{% if page.edit_url %}",
        '{% if "/blob/" in page.edit_url %}',
        "{{ page.edit_url }}",
        "{{ page.edit_url | replace('edit', 'blob') }}",
        "{{ page.edit_url | replace(part, 'raw') }}",
        # The page's metadata other than its title: in the family's key.
        "{% if page.meta %}",
        "{% if page.meta and page.meta.author %}",
        "{% if page.meta and page.meta.description %}",
        "{% if page.meta and page.meta.hide %}",
        '{% if "feedback" in page.meta.hide %}',
        "{% if page.meta.git_creation_date_localized %}",
        "{% if page.meta.git_revision_date_localized %}",
        "{% elif page.meta.revision_date %}",
        "{% set created = page.meta.git_creation_date_localized %}",
        "{% set updated = page.meta.git_revision_date_localized %}",
        "{% set updated = page.meta.revision_date %}",
        '{% set hidden = "hidden" if "footer" in page.meta.hide %}',
        '{% set hidden = "hidden" if "navigation" in page.meta.hide %}',
        '{% set hidden = "hidden" if "path" in page.meta.hide %}',
        '{% set hidden = "hidden" if "tags" in page.meta.hide %}',
        '{% set hidden = "hidden" if "toc" in page.meta.hide %}',
        "{{ page.meta.author }}",
        "{{ page.meta.description }}",
        "{{ page.meta.location }}",
        # Ours (site/templates/theme): the digest pages' feeds, in their metadata.
        "{% for feed in page.meta.emptychair_feeds %}",
    }
)


def reads_pages_as_known(snippets: list[str]) -> bool:
    """Whether the templates read a page's title and address only as Material's do (`_KNOWN_PAGE_READS`):
    printed escaped or URL-encoded, and nothing else of them."""
    for snippet in snippets:
        plain = TEXT_LITERAL.sub("''", snippet)
        if _READS_PAGE.search(plain) and " ".join(snippet.split()) not in _KNOWN_PAGE_READS:
            return False
    return True


Forms = tuple[str, ...]
"""A page's title escaped and URL-encoded, its address, source and destination: what of a page the
templates print (`_PLACEHOLDERS`, in that order)."""


def page_forms(page: Page) -> Forms | None:
    """What of `page` differs within its family, as the templates print it; None: the page is not shared
    (no escaped title of ours, white space a filter would collapse, an edit link, or the home page)."""
    title = page.meta.get("title")
    url = page.url
    if not isinstance(title, Markup) or page.title != title or page.edit_url is not None:
        return None
    if page.is_homepage or not url.endswith("/"):
        return None
    text = str(title)
    if not text or text != " ".join(text.split()):
        return None
    return (text, do_urlencode(title), url, page.file.src_uri, page.file.dest_uri)


def family_parent(forms: Forms) -> str:
    """The folder a page's address is in: pages in different folders link the navigation's pages
    differently, so they are no family."""
    return forms[2].rstrip("/").rpartition("/")[0]


def without_forms(text: str, forms: Forms) -> str:
    """`text` with a page's title and address replaced by placeholders: equal for two pages of a family."""
    for form, placeholder in sorted(zip(forms, _PLACEHOLDERS, strict=True), key=lambda pair: -len(pair[0])):
        text = text.replace(form, placeholder)
    return text


def _distinct(forms: Forms) -> bool:
    """Each place a form was printed says which: no title form is part of another form, nor an address
    part of a title. (An address is part of another the same way on every page of a family: the page's
    address begins its destination.)"""
    titles, addresses = forms[:2], forms[2:]
    return len(set(forms)) == len(forms) and not any(
        a in b or b in a for a in titles for b in (*addresses, *(other for other in titles if other != a))
    )


_Piece = str | int


def _holes(output: str, content: str, forms: Forms) -> list[_Piece] | None:
    """`output` as text and holes: where the content, and each form, was printed. None if the content is
    not there once."""
    at = output.find(content) if content else -1
    if at < 0 or output.find(content, at + 1) >= 0:
        return None
    pattern = re.compile("|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)))
    index = {form: number for number, form in enumerate(forms)}
    pieces: list[_Piece] = []
    for part in (output[:at], output[at + len(content) :]):
        start = 0
        for found in pattern.finditer(part):
            pieces += [part[start : found.start()], index[found.group(0)]]
            start = found.end()
        pieces += [part[start:], _CONTENT]
    return pieces[:-1]


def _filled(pieces: list[_Piece], forms: Forms, content: str) -> str:
    return "".join(
        piece if isinstance(piece, str) else content if piece == _CONTENT else forms[piece]
        for piece in pieces
    )


@dataclass
class _Family:
    learnt: list[_Piece] | None = None
    """The frame of the last page the theme rendered, not checked yet."""
    frame: list[_Piece] | None = None
    """The frame, checked: the family shares it."""
    tries: int = 0


@dataclass
class SharedFrames:
    """The families of one build and their frames."""

    families: dict[bytes, _Family] = field(default_factory=dict)
    shared: int = 0
    _waiting: dict[bytes, None] = field(default_factory=dict)
    """Families with a frame not checked yet, oldest first: most pages that are not stories are alone in
    their family, and their frames would be held to the build's end."""

    def page(self, family: bytes, forms: Forms, content: str) -> str | None:
        """The page's final HTML from its family's frame, if the family shares one."""
        found = self.families.get(family)
        if found is None or found.frame is None:
            return None
        self.shared += 1
        return _filled(found.frame, forms, content)

    def rendered(self, family: bytes, forms: Forms, output: str, content: str) -> None:
        """The theme rendered a page of the family: the first teaches the frame, the next checks it."""
        found = self.families.setdefault(family, _Family())
        if found.frame is not None or found.tries >= _TRIES or not _distinct(forms):
            return
        learnt, found.learnt = found.learnt, None
        self._waiting.pop(family, None)
        if learnt is not None:
            found.tries += 1
            if _filled(learnt, forms, content) == output:
                found.frame = learnt
                return
        found.learnt = _holes(output, content, forms)
        if found.learnt is not None:
            self._waiting[family] = None
            if len(self._waiting) > _WAITING:
                oldest = next(iter(self._waiting))
                del self._waiting[oldest]
                self.families[oldest].learnt = None
