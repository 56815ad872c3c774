"""Markdown to safe HTML, once per story; the result is reused by every page, feed and e-mail."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ROOT = "/.emptychair-root/"
"""Links inside rendered story HTML start here; each output swaps it for its own way to the site root.

A story's body is rendered once and shown on its page, in digests, listings, feeds and e-mails, each
at its own depth or with site_url. Rendering it again per place with MkDocs' own URL functions would
repeat the Markdown work each time: 0.36 ms a story (redaction and Markdown, median of 3 runs of
2,000 generated stories, one process), against one string replacement."""

_ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    tag: set(attributes) for tag, attributes in nh3.ALLOWED_ATTRIBUTES.items()
}
_ALLOWED_ATTRIBUTES["*"] = _ALLOWED_ATTRIBUTES.get("*", set()) | {"class", "id", "title"}
_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {"details", "summary"}
# The ids a heading or footnote gets from Markdown, or an author from an attribute list. The theme finds
# its own elements and scripts by ids starting with "_" (__search, __config): an element of a story with
# such an id would stand in for them, and any id becomes a property of `window` (DOM clobbering).
_SAFE_ID = re.compile(r"[A-Za-z0-9][\w:.-]*")
# Classes a story's own Markdown makes (admonitions, footnotes, code languages, tables, permalinks). Any
# other (md-dialog, md-banner, ec-...) would let a story draw the theme's own dialogs and banners and fake
# a prompt, so it is dropped.
STORY_CLASSES = frozenset(
    {
        *("admonition", "admonition-title", "note", "abstract", "summary", "tldr", "info", "todo", "tip"),
        *("hint", "important", "success", "check", "done", "question", "help", "faq", "warning"),
        *("caution", "attention", "failure", "fail", "missing", "danger", "error", "bug", "example"),
        *("quote", "cite", "footnote", "footnote-ref", "footnote-backref", "footnotes", "headerlink"),
        *("toclink", "toc", "codehilite", "highlight", "linenos"),
    }
)
_CODE_LANGUAGE = re.compile(r"language-[A-Za-z0-9_+#.-]{1,30}")
_FIRST_PARAGRAPH = re.compile(r"<p>.*?</p>", re.DOTALL)
_TOC_NAMES = frozenset({"toc", "markdown.extensions.toc"})
# Anything that could make a heading or a [TOC] marker; most stories have none of it.
_MAYBE_HEADING = re.compile(r"#|<h|\[TOC\]|^[ \t]*(?:=+|-+)[ \t]*$", re.MULTILINE | re.IGNORECASE)

LinkResolver = Callable[[str, str], str | None]
"""(story src_uri, relative link target) -> site path of the target, or None when nothing is there."""
Links = tuple[tuple[str, str | None], ...]
"""The relative link targets a body resolved, each with what it led to (None: nowhere)."""


def sanitize(html: str) -> str:
    """Strip anything that could run in a reader's browser, keep ordinary formatting."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=_safe_attribute,
        link_rel="noopener noreferrer",
    )


def _safe_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and not _SAFE_ID.fullmatch(value):
        return None
    if attribute == "class":
        kept = [name for name in value.split() if name in STORY_CLASSES or _CODE_LANGUAGE.fullmatch(name)]
        return " ".join(kept) or None
    return value


def with_root(html: str, root: str) -> str:
    """Point a rendered fragment's site links at `root` ('../../' on a page, site_url in an e-mail)."""
    return html.replace(ROOT, root)


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown, resolve: LinkResolver) -> None:
        super().__init__(md)
        self.resolve = resolve
        self.src_uri = ""
        self.broken: list[str] = []
        self.resolved: list[tuple[str, str | None]] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                target = element.get(attribute)
                if not target or not _is_relative(target):
                    continue
                address, _, fragment = target.partition("#")
                resolved = self.resolve(self.src_uri, address) if address else None
                if address:
                    self.resolved.append((address, resolved))
                if address and resolved is None:
                    self.broken.append(target)
                    continue
                if resolved is not None:
                    element.set(attribute, ROOT + resolved + (f"#{fragment}" if fragment else ""))


def _is_relative(target: str) -> bool:
    parts = urlsplit(target)
    return not (parts.scheme or parts.netloc or target.startswith(("/", "#")))


class _LinkExtension(Extension):
    def __init__(self, resolve: LinkResolver) -> None:
        super().__init__()
        self.resolve = resolve
        self.processor: _LinkRewriter | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.processor = _LinkRewriter(md, self.resolve)
        # After the inline patterns have made the links, before serialising.
        md.treeprocessors.register(self.processor, "emptychair-links", 5)


class _Converter:
    """A Markdown instance and the link rewriter registered in it."""

    def __init__(self, resolve: LinkResolver, extensions: Sequence[str | Extension], configs: dict[str, Any]):
        self.links = _LinkExtension(resolve)
        self.markdown = markdown.Markdown(extensions=[*extensions, self.links], extension_configs=configs)


class StoryRenderer:
    """One Markdown instance for all stories: building one per story costs more than the conversion.

    Bodies without a heading skip the `toc` extension, which would only walk the whole tree to
    find none (a seventh of the conversion).
    """

    def __init__(
        self,
        resolve: LinkResolver,
        extensions: Sequence[str | Extension] = ("tables", "fenced_code", "sane_lists"),
        extension_configs: Mapping[str, Any] | None = None,
    ) -> None:
        configs = dict(extension_configs or {})
        self._full = _Converter(resolve, extensions, configs)
        without_toc = [name for name in extensions if not (isinstance(name, str) and name in _TOC_NAMES)]
        self._plain = self._full
        if len(without_toc) < len(extensions):
            plain_configs = {name: config for name, config in configs.items() if name not in _TOC_NAMES}
            self._plain = _Converter(resolve, without_toc, plain_configs)

    def render(self, src_uri: str, text: str) -> tuple[str, list[str]]:
        """Safe HTML of a story body, and the relative links in it that lead nowhere."""
        html, broken, _ = self.render_with_links(src_uri, text)
        return html, broken

    def render_with_links(self, src_uri: str, text: str) -> tuple[str, list[str], Links]:
        """`render`, and every relative link it resolved with where it led: the HTML depends on the other
        stories and files only through these, so a cache checks them again before reusing it."""
        converter = self._full if _MAYBE_HEADING.search(text) else self._plain
        processor = converter.links.processor
        assert processor is not None
        processor.src_uri = src_uri
        processor.broken = []
        processor.resolved = []
        html = converter.markdown.reset().convert(text)
        return sanitize(html), list(processor.broken), tuple(processor.resolved)


EXCERPT_MIN_CHARACTERS = 60
"""Shorter opening paragraphs ("Hello all,") say nothing in a listing; the excerpt starts after them."""


def first_paragraph(html: str) -> str:
    paragraphs: list[str] = _FIRST_PARAGRAPH.findall(html)
    for paragraph in paragraphs:
        if len(paragraph) - 7 >= EXCERPT_MIN_CHARACTERS:
            return paragraph
    return paragraphs[0] if paragraphs else ""


def resolve_relative(src_uri: str, target: str) -> str:
    """A link written in `src_uri`, as a path from the docs root."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), target))
