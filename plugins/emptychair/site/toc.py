"""The table of contents of a generated page, read from its rendered headings.

MkDocs builds a page's table of contents from its Markdown; generated pages have none, so Material
would show them without its "Skip to content" link (the first entry is its target) and without "On
this page". A regular expression is enough: the HTML is our own templates' output, headings are
flat text with at most a permalink, and it runs on every page of a large site.
"""

from __future__ import annotations

import re
from typing import Any

TITLE_ID = "ec-title"
"""Given to a page's first <h1> when it has no id, so the skip link has somewhere to land."""

_HEADING = re.compile(r"<h([12])(\s[^>]*)?>(.*?)</h\1>", re.DOTALL)
_ID = re.compile(r'\sid="([^"]+)"')
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def with_table_of_contents(html: str) -> tuple[str, list[dict[str, Any]]]:
    """The page, its first <h1> given an id if it lacked one, and MkDocs' toc tokens: the <h1>, with
    every <h2> that has an id as its children. Names stay HTML-escaped, as Material prints them raw."""
    tokens: list[dict[str, Any]] = []
    title_at: tuple[int, int] | None = None
    for match in _HEADING.finditer(html):
        level, attributes, inner = int(match.group(1)), match.group(2) or "", match.group(3)
        found = _ID.search(attributes)
        name = " ".join(_TAG.sub("", _PERMALINK.sub("", inner)).split())
        if level == 1 and not tokens:
            if found is None:
                title_at = (match.start(), match.start() + 3)
            tokens.append(
                {"level": 1, "id": found.group(1) if found else TITLE_ID, "name": name, "children": []}
            )
        elif level == 2 and found is not None:
            token: dict[str, Any] = {"level": 2, "id": found.group(1), "name": name, "children": []}
            (tokens[0]["children"] if tokens else tokens).append(token)
    if title_at is not None:
        start, end = title_at
        html = f'{html[:end]} id="{TITLE_ID}"{html[end:]}'
    return html, tokens
