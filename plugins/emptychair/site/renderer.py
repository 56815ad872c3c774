"""Jinja templates shipped in the package; a site's custom_dir overrides any of them by name."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache, partial
from html import unescape
from pathlib import Path
from typing import Any, Protocol

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..publishing.addresses import Addresses, root_prefix
from ..publishing.publish import PublishedStory
from ..publishing.rendering import ROOT, with_root
from ..stories.model import KIND_NAMES, Directory
from .contexts import Helpers, PageTitle, StorySummaryContext
from .directory_reads import DirectoryReads, Reads
from .pages import GeneratedPage
from .today import Today

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
MACROS = "emptychair/partials/macros.html"
THEME_TEMPLATES = PACKAGE_TEMPLATES / "theme"
"""Page templates for the theme's own environment. A folder of their own: MkDocs copies every file of a
theme folder that is not HTML into the site, and the e-mail's text template is not for publishing."""


def make_environment(override_dirs: Sequence[str | Path] = ()) -> Environment:
    """Templates are looked up in `override_dirs` first (the theme's dirs, custom_dir first), then here."""
    loader = FileSystemLoader([*map(str, override_dirs), str(PACKAGE_TEMPLATES)])
    environment = Environment(
        loader=loader,
        # HTML is escaped; the plain-text e-mail and Markdown digest are not HTML and must not be.
        autoescape=select_autoescape(
            enabled_extensions=("html", "xml"), default_for_string=True, default=False
        ),
        undefined=StrictUndefined,
        # A new environment is made for every build, `mkdocs serve` included: no need to stat each
        # template file again on every one of thousands of renders.
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["day"] = format_day
    environment.filters["plain"] = plain_text
    environment.filters["thousands"] = "{:,}".format
    environment.filters["md"] = markdown_text
    environment.globals["KIND_NAMES"] = KIND_NAMES
    return environment


def plain_text(html: str) -> str:
    """Text of an already sanitized HTML fragment, for plain-text outputs."""
    text = re.sub(r"<[^>]+>", "", re.sub(r"</p>|<br\s*/?>|</li>", "\n", html))
    return re.sub(r"\n{3,}", "\n\n", unescape(text)).strip()


# What would start HTML, a link, code or an entity in Markdown. '<' becomes an entity, as every
# Markdown flavour reads it (Python-Markdown does not take a backslash before '<').
_MARKDOWN_MARKUP = re.compile(r"[\\`\[\]]|<|&(?=#?\w+;)")
_MARKDOWN_PLAIN = {"<": "&lt;", "&": "&amp;"}


def markdown_text(text: str) -> str:
    """Text as a Markdown document says it: '<img onerror=...>' stays words, never HTML."""
    return _MARKDOWN_MARKUP.sub(lambda m: _MARKDOWN_PLAIN.get(m.group()) or "\\" + m.group(), text)


def format_day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return _day(value.date() if isinstance(value, datetime) else value)


@lru_cache(maxsize=4096)
def _day(value: date) -> str:
    # Pages show the same few hundred days tens of thousands of times; strftime is slow.
    return f"{value.day} {value:%b %Y}"


class KeptSummaries(Protocol):
    """Story summaries an earlier build made (the build cache)."""

    def kept(self, item: PublishedStory) -> tuple[str, bool, Reads] | None:
        """The summary made of an equal story by the same templates, whether it used the day and what it
        read of the directory; None when there is none (or it used another day, or read what changed)."""

    def keep(self, item: PublishedStory, html: str, used_day: bool, reads: Reads) -> None:
        """A summary just made, for the next build; `used_day`: its templates used the day; `reads`: what
        they read of the directory."""


class PageRenderer:
    """Renders a generated page's template with links relative to where the page is served."""

    def __init__(
        self,
        environment: Environment,
        addresses: Addresses,
        directory: Directory,
        today: date,
        kept: KeptSummaries | None = None,
    ):
        self.environment = environment
        self.addresses = addresses
        self.directory = directory
        self.directory_reads = DirectoryReads(directory)
        """The directory as templates see it: what one rendering reads of it is noted."""
        self.today = today if isinstance(today, Today) else Today(today)
        """Counts its uses: whatever a template makes after a use depends on the day."""
        self._kept = kept
        self._summaries: dict[str, tuple[str, Reads]] = {}
        self._day_users: set[str] = set()
        self._helpers: dict[str, Helpers] = {}

    def _summary(self, item: PublishedStory) -> str:
        """A story's summary with links from ROOT, rendered on first use: listings show each story many times."""
        summary = self._summaries.get(item.slug)
        if summary is None:
            kept = self._kept.kept(item) if self._kept is not None else None
            if kept is not None:
                html, used_day, reads = kept
            else:
                before = self.today.uses
                html, reads = self.directory_reads.noting(
                    partial(
                        self.render_template,
                        "emptychair/partials/story-summary.html",
                        StorySummaryContext(item=item),
                        ROOT,
                    )
                )
                used_day = self.today.uses > before
                if self._kept is not None:
                    self._kept.keep(item, html, used_day, reads)
            if used_day:
                self._day_users.add(item.slug)
            summary = self._summaries[item.slug] = (html, reads)
        if item.slug in self._day_users:
            # A page showing it shows the day too: it is kept for this day only.
            self.today.use()
        # And what the summary read of the directory.
        self.directory_reads.note(summary[1])
        return summary[0]

    def render(self, page: GeneratedPage) -> str:
        """A page's content, its links relative to where the page is served."""
        context = {**page.context, **PageTitle(page_title=page.title)}
        return self.render_template(page.template, context, root_prefix(self.addresses.url(page.src_uri)))

    def render_noting(self, page: GeneratedPage) -> tuple[str, Reads]:
        """`render`, and what the page's templates read of the directory (its summaries' reads too)."""
        return self.directory_reads.noting(partial(self.render, page))

    def render_template(self, name: str, context: Mapping[str, Any], root: str) -> str:
        """Any template, its links made from `root`: a relative prefix on a page, site_url in feeds and e-mail."""
        helpers = self._helpers.get(root)
        if helpers is None:
            helpers = self._helpers[root] = self._make_helpers(root)
        return self.environment.get_template(name).render({**context, **helpers})

    def _make_helpers(self, root: str) -> Helpers:
        """What templates call to link and embed, for pages served at one depth: a site has few depths."""

        def link(src_uri: str) -> str:
            return root + self.addresses.url(src_uri) or "./"

        def story_link(item: PublishedStory) -> str:
            return link(self.addresses.story(item.slug))

        def body(html: str) -> Markup:
            # Already sanitized when the story was published.
            return Markup(with_root(html, root))

        def summary(item: PublishedStory) -> Markup:
            return Markup(with_root(self._summary(item), root))

        helpers = Helpers(
            link=link,
            story_link=story_link,
            body=body,
            summary=summary,
            addresses=self.addresses,
            directory=self.directory_reads,
            today=self.today,
            ec=None,
        )
        # The building blocks of macros.html (a site's own, if it overrides it), made once per depth for
        # the templates rendered once per story: importing it `with context` in each of those made its
        # module anew every time, half a second of a 10,000-story build. Its macros use only the helpers.
        helpers["ec"] = self.environment.get_template(MACROS).make_module(dict(helpers))
        return helpers
