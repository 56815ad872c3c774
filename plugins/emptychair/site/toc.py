"""A story page's table of contents, from the headings of its already rendered body."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import TypedDict



class TocToken(TypedDict):
    """One heading, as Python-Markdown's `toc` extension (and MkDocs' `get_toc`) has it."""

    level: int
    id: str
    name: str
    children: list[TocToken]


_HEADINGS = {"h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


class _Headings(HTMLParser):
    """Each heading with an id (the `toc` extension gives them one), its text without permalink anchors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._in_permalink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _HEADINGS and attributes.get("id"):
            self._open, self._text = (_HEADINGS[tag], str(attributes["id"])), []
        elif tag == "a" and self._open and "headerlink" in (attributes.get("class") or "").split():
            self._in_permalink = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_permalink = False
        elif self._open and tag in _HEADINGS:
            level, anchor = self._open
            self.found.append((level, anchor, " ".join("".join(self._text).split())))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and not self._in_permalink:
            self._text.append(data)


def toc_tokens(body_html: str) -> list[TocToken]:
    """Headings nested as Python-Markdown's `toc` extension gives them, for MkDocs' `get_toc`."""
    if "<h" not in body_html:
        return []
    parser = _Headings()
    parser.feed(body_html)
    parser.close()
    tokens: list[TocToken] = []
    stack: list[TocToken] = []
    for level, anchor, name in parser.found:
        token: TocToken = {"level": level, "id": anchor, "name": name, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return tokens
