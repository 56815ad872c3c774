"""The table of contents of a generated page, read from its rendered headings.

MkDocs builds a page's table of contents from its Markdown; generated pages have none (a story's body
was rendered once, in the publishing stage), so Material would show them without its "Skip to content"
link (the first entry is its target) and without "On this page". A regular expression is enough: the
HTML is our own templates' output and sanitised story bodies, headings are flat text with at most a
permalink, and it runs on every page of a large site.
"""

from __future__ import annotations

import re
from typing import TypedDict

TITLE_ID = "ec-title"
"""Given to a page's first <h1> when it has no id, so the skip link has somewhere to land."""

_HEADING = re.compile(r"<h([1-6])(\s[^>]*)?>(.*?)</h\1>", re.DOTALL)
_ID = re.compile(r'\sid="([^"]+)"')
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


class TocToken(TypedDict):
    """One heading, as Python-Markdown's `toc` extension (and MkDocs' `get_toc`) has it."""

    level: int
    id: str
    name: str
    children: list[TocToken]


def with_table_of_contents(html: str) -> tuple[str, list[TocToken]]:
    """The page, its first <h1> given an id if it lacked one, and MkDocs' toc tokens: the <h1>, with every
    later heading that has an id nested under it by level. Names stay HTML-escaped, as Material prints
    them raw."""
    tokens: list[TocToken] = []
    stack: list[TocToken] = []
    title_at: int | None = None
    for match in _HEADING.finditer(html):
        level, attributes, inner = int(match.group(1)), match.group(2) or "", match.group(3)
        found = _ID.search(attributes)
        name = " ".join(_TAG.sub("", _PERMALINK.sub("", inner)).split())
        if level == 1 and not tokens:
            if found is None:
                title_at = match.start() + 3
            token: TocToken = {
                "level": 1,
                "id": found.group(1) if found else TITLE_ID,
                "name": name,
                "children": [],
            }
        elif found is not None and level > 1:
            token = {"level": level, "id": found.group(1), "name": name, "children": []}
        else:
            continue
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    if title_at is not None:
        html = f'{html[:title_at]} id="{TITLE_ID}"{html[title_at:]}'
    return html, tokens


def anchor_ids(tokens: list[TocToken]) -> set[str]:
    """Every heading id of a table of contents, for MkDocs' validation of links to anchors."""
    return {token["id"] for token in tokens} | {
        anchor for token in tokens for anchor in anchor_ids(token["children"])
    }
