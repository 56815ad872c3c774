"""Generated pages from the build cache, so that a warm build renders only the pages that changed.

Two entries per page, each keyed by everything it is made from:
- a generated page's **content** (our templates' HTML and its table of contents), keyed by its typed
  context (a story page's story and the stories beside it, a listing's stories on that page and its
  pager, a digest...: `context_digests`), its address, title and template, the code and every template
  folder, and the facts of the site's directory its templates read, with their values (a department's
  name, not its description: `site/directory_reads.py`, `_noted`); and, when our templates used the day
  (an overdue follow-up, the days a story has waited), the day, checked on reading (`site/today.py`). A
  hit skips our templates. A listing whose page shows other stories than before (a new story shifts a
  newest-first listing) is rendered from each story's summary, kept by the story, the code, the template
  folders and what it read of the directory (`kept`).
- any generated page's **final HTML** (what the theme made of it), keyed by the page as the theme sees
  it when it renders: its content, title, metadata, table of contents, address and Markdown, the context
  other plugins gave it, and, once per build, mkdocs.yml (theme, palette, plugins and their settings,
  Markdown extensions, extra), the navigation, the template folders (custom_dir's files; an installed
  theme by its version), MkDocs', the theme's and the plugins' versions and our code. A hit skips the
  theme's templates, the most costly part of a build: Material's page around a story (navigation,
  header, translations) was 39% of a 10,000-story build.

Beside them: the key each page's final HTML had in the last build (so that the pages about to be
written are read together), each story's summary, and the digest feeds and their entries.

The theme still renders a page whose key cannot be written (`fingerprints.Unkeyable`: a plugin put
something of its own in the page's context), one in the navigation (the navigation marks it active) and
one MkDocs marks as a draft, as it renders every page without the cache. Other plugins' events all run as
before: they see every page's Markdown, content and context, and change the page that is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar, cast

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..publishing.publish import PublishedStory
from ..site.directory_reads import Reads, read_values
from ..site.pages import GeneratedPage
from ..site.renderer import PACKAGE_TEMPLATES
from ..site.toc import TocToken
from ..site.today import Today
from ..stories.model import Directory
from .cache import BuildCache, code_fingerprint, installed_packages, key_of, library_versions
from .context_digests import ContextDigests
from .facts import Facts
from .fingerprints import (
    Unkeyable,
    digest,
    navigation_repr,
    pages_repr,
    pickled_digest,
    plugin_versions,
    reads_content_only_to_print,
    strict_repr,
    template_dirs_fingerprint,
    template_snippets,
)
from .kept_site import KeptSite, file_key
from .packing import compress, compress_encoded, decompress, decompress_encoded, packed_now, unpacked
from .shared_frames import Forms, SharedFrames, family_parent, page_forms, reads_pages_as_known, without_forms

log = get_plugin_logger(__name__)

CACHED_PAGE_TEMPLATE = "emptychair/cached-page.html"
"""Prints the page the theme made (or the cache kept) as it is: MkDocs picks a page's template before the
page's context is ready to be keyed, so every page that may come from the cache gets this one."""
OUTPUT = "emptychair_page"
"""The context variable CACHED_PAGE_TEMPLATE prints."""
_PREFETCH = 500
_WRITE_EVERY = 500
"""Entries are written to the store in batches while pages are made: a cold build of 10,000 stories
would otherwise hold every new page in memory until the end."""
# The context MkDocs gives every page (mkdocs.commands.build.get_context); the rest is other plugins'.
_MKDOCS_CONTEXT = frozenset(
    {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version", "build_date_utc"}
    | {"config", "page"}
)
# What of a Page is keyed on its own below, or never reaches a template.
_PAGE_KEYED_APART = frozenset(
    {"file", "_held", "content", "toc", "meta", "markdown", "parent", "children", "previous_page"}
    | {"next_page", "_Page__active", "active", "present_anchor_ids", "links_to_anchors", "update_date"}
)
# Not read by any theme template, and different from one build to the next: left out of the key.
_CONFIG_APART = frozenset({"site_dir", "watch", "strict", "config_file_path"})
_FEED_LIBRARIES = library_versions(("feedgen", "lxml"))
_LISTS_PAGES = re.compile(r"(?<![\w.])pages\b")

_Made = TypeVar("_Made")
_Noted = tuple[object, str | None, Reads, str, str]
"""An entry: what was made, the day if it used it, what it read of the directory, those facts' digest,
and the whole directory's."""
ContentEntry = tuple[bytes, list[TocToken]]
"""A story page's content, compressed (lz4), and its table of contents."""


@dataclass
class _Shell:
    """What every page's final HTML depends on, once per build."""

    key: str
    build_date: bool
    """The templates print the build's date (build_date_utc): it is in every page's key."""
    update_date: bool
    lists_pages: bool
    content_printed: bool
    """The templates read a page's content only to print it and to look for an <h1> in it
    (`fingerprints.reads_content_only_to_print`): the page around the content is kept by that alone, and
    a page whose content changed (a listing a new story shifted, a story edited) is the kept page with
    its new content in it, not the theme's templates again."""
    pages: str | None = None
    shares_frames: bool = False
    """The templates read a page's title and address only as Material's do: pages that differ by little
    more share the page around their content within a build (`shared_frames`)."""


@dataclass(frozen=True, slots=True)
class _PageParts:
    """What a page's final HTML is keyed by: what is the same for every page of a build, its title and
    address, its other fields and context, its Markdown, and its content (or the content's shape)."""

    common: tuple[str, ...]
    address: str
    fields: str
    markdown: str
    content: str | bytes


@dataclass
class PageStore:
    """The cached pages of one build. `cache` stays open from `on_files` to the end of the build."""

    cache: BuildCache
    content_context: str
    today: Today
    """The day our templates see; an entry made after a use of it is kept for that day only."""
    directory: Directory
    """The site's directory: an entry is kept by what its templates read of it (`_noted`)."""
    contents: dict[str, tuple[bytes, ContentEntry | None, bool]] = field(default_factory=dict)
    """Each generated page's content key, what the cache held for it, and whether that used the day."""
    originals: dict[str, str] = field(default_factory=dict)
    """Pages that may come from the cache -> the template the theme would have rendered them with."""
    story_pages: set[str] = field(default_factory=set)
    other_pages: set[str] = field(default_factory=set)
    contents_reused: set[str] = field(default_factory=set)
    pages_reused: set[str] = field(default_factory=set)
    digests: ContextDigests = field(default_factory=ContextDigests)
    summaries: dict[str, tuple[PublishedStory, bytes, tuple[str, bool, Reads] | None]] = field(
        default_factory=dict
    )
    """By slug: the story, its summary's entry's key, and what the cache held for it (whether it used
    the day, what it read of the directory: `_noted`)."""
    _held: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)
    """Each page whose content we made or kept -> that content compressed, and its key: while no other
    plugin changed the content, the page holds these very bytes (`packing`), and its final page is keyed
    by the content's key rather than a digest of the whole content."""
    _firsts: dict[str, bytes] = field(default_factory=dict)
    """Each generated page's content entry's key: its inputs but the directory (`_noted`)."""
    _pointers: dict[str, bytes] = field(default_factory=dict)
    """Each page's entry that keeps the key its final page had in the last build with the same shell."""
    _expected: dict[str, bytes] | None = None
    """What the pointers held, read at the first page's (the shell is known then)."""
    _order: dict[str, int] = field(default_factory=dict)
    """The pages that may come from the cache, in the order MkDocs writes them."""
    _prefetched: dict[bytes, Any] = field(default_factory=dict)
    _shell: _Shell | None = None
    _parts: tuple[str, _PageParts] | None = None
    """The last page keyed and its key's parts: its family's key is made of them."""
    frames: SharedFrames = field(default_factory=SharedFrames)
    _unkeyable: str | None = None
    _unkeyable_content: str | None = None
    _written: int = 0
    _made_by_theme: int = 0
    _framed: int = 0
    _day: str = field(init=False, default="")
    """The day, as an entry made after a use of it holds it."""
    page_parts: dict[str, bytes] = field(default_factory=dict)
    """Each generated page's part of its key to the final page it had (`via_key`): what our
    on_page_markdown makes of it (title, template, search, feeds) and its Markdown."""
    aside: dict[str, tuple[File, bytes]] = field(default_factory=dict)
    """Pages set aside from MkDocs' page loop (`unchanged_pages`) -> their file and final page's key."""
    aside_allowed: bool = False
    """No other plugin sees pages: unchanged ones may be set aside, and what that needs is kept."""
    guessed_shell: str | None = None
    """The key of the shell (`_Shell.key`) the last build with the same mkdocs.yml had."""
    all_pages: Sequence[File] | None = None
    """Every page, those set aside included, as templates rendered on their own list them."""
    via_found: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """Each page's final key as the cache held it, with the shell key it was looked up under."""
    site: KeptSite | None = None
    """The last build's files of the site folder, and the manifest of this build's (`kept_site`)."""

    def __post_init__(self) -> None:
        self._day = self.today.plain().isoformat()
        self._facts = Facts(self.directory, partial(read_values, self.directory))

    @property
    def day(self) -> str:
        """The build's day, as an entry made after a use of it holds it."""
        return self._day

    def fetch_contents(self, pages: Mapping[str, GeneratedPage], stories: set[str]) -> None:
        """Looks up every generated page's content at once (one query rather than one per page); a page
        whose context cannot be keyed is rendered."""
        firsts: dict[str, bytes] = {}
        for src_uri, page in pages.items():
            try:
                parts = [
                    strict_repr(key) + "=" + self.digests.of(value) for key, value in page.context.items()
                ]
            except Unkeyable as error:
                self._unkeyable_content = self._unkeyable_content or f"{src_uri}: {error} in its context"
                continue
            firsts[src_uri] = key_of(
                "page-content", self.content_context, src_uri, page.title, page.template, *parts
            )
            self.page_parts[src_uri] = key_of(
                "page-part",
                src_uri,
                page.title,
                page.template,
                strict_repr((page.searchable, page.feeds)),
                digest(page.markdown),
            )
        self._firsts = firsts
        found = self.cache.get_many(list(firsts.values()))
        self.story_pages = set(stories)
        self.other_pages = set(pages) - self.story_pages
        self.contents = {}
        for src_uri, first in firsts.items():
            still = self._still_true(found.get(first))
            content = None if still is None else _content_entry(still[0])
            if content is None or still is None:
                self.contents[src_uri] = (first, None, False)
            else:
                self.contents[src_uri] = (key_of(first, still[3]), content, still[1])

    def fetch_summaries(self, stories: Sequence[PublishedStory]) -> None:
        """Looks up every story's summary at once: a listing that shows other stories than before is
        made of them (`kept`, `keep`)."""
        firsts = {
            item.slug: key_of("story-summary", self.content_context, self.digests.of(item))
            for item in stories
        }
        found = self.cache.get_many(list(firsts.values()))
        self.summaries = {}
        for item in stories:
            still = self._still_true(found.get(firsts[item.slug]))
            summary = None if still is None else _summary_entry(still[0])
            kept = None if summary is None or still is None else (summary, still[1], still[2])
            self.summaries[item.slug] = (item, firsts[item.slug], kept)

    def kept(self, item: PublishedStory) -> tuple[str, bool, Reads] | None:
        entry = self.summaries.get(item.slug)
        return entry[2] if entry is not None and entry[0] is item else None

    def keep(self, item: PublishedStory, html: str, used_day: bool, reads: Reads) -> None:
        entry = self.summaries.get(item.slug)
        if entry is not None and entry[0] is item:
            self._put(entry[1], self._noted(html, used_day, reads))

    def _noted(self, value: object, used_day: bool, reads: Reads) -> _Noted:
        """An entry of what a rendering made, having read `reads` of the directory: with the day if it
        used it, and the facts it read with their values. The same inputs (the entry's key) and the
        same facts give the same HTML: the templates take the same path through them
        (`site/directory_reads.py`)."""
        return value, self._day if used_day else None, reads, self._facts.of(reads), self._facts.whole

    def _still_true(self, entry: object) -> tuple[object, bool, Reads, str] | None:
        """What a `_noted` entry holds, whether it used the day, what it read of the directory and the
        digest of those facts, if it was made on this day or without the day, and every fact it read is
        as it was."""
        if not (isinstance(entry, tuple) and len(entry) == 5):
            return None
        value, day, reads, facts, directory = entry
        if day not in (None, self._day) or not self._facts.hold(reads, facts, directory):
            return None
        return value, day is not None, reads, cast(str, facts)

    def content(
        self, src_uri: str, render: Callable[[], tuple[str, list[TocToken], Reads]]
    ) -> tuple[str, list[TocToken]]:
        """A generated page's content and table of contents: from the cache, else rendered (and kept).
        `render` says too what the page read of the directory."""
        found = self.contents.pop(src_uri, None)
        if found is None:
            html, toc, _ = render()  # its context cannot be keyed
            return html, toc
        key, entry, used_day = found
        if entry is not None:
            self.contents_reused.add(src_uri)
            held, toc = entry
            html = unpacked(held)
        else:
            before = self.today.uses
            html, toc, reads = render()
            held = packed_now(html)
            used_day = self.today.uses > before
            first = self._firsts[src_uri]
            self._put(first, self._noted((held, toc), used_day, reads))
            # What the content is: its inputs and the facts of the directory it read.
            key = key_of(first, self._facts.of(reads))
        self._held[src_uri] = (held, self.held_key(key, used_day))
        return html, toc

    def held_key(self, key: bytes, used_day: bool) -> bytes:
        """What a page's content is: content made after a use of the day is that day's, and its key
        alone does not say what it is."""
        return key + self._day.encode() if used_day else key

    def via_key(self, shell: str, src_uri: str, held_key: bytes, file: File) -> bytes | None:
        """The key under which the key of a page's final HTML is kept: everything the final key is made
        of when no other plugin sees the page (`unchanged_pages`), the shell by its key."""
        part = self.page_parts.get(src_uri)
        if part is None:
            return None
        return key_of("final-page-via", shell, part, held_key, file.dest_uri, file.url)

    def shell_guess_key(self, config: MkDocsConfig) -> bytes:
        """Where the shell key of the last build with this very mkdocs.yml is kept."""
        return key_of("shell-guess", code_fingerprint(), _config_repr(config))

    def shell(self, context: dict[str, Any], config: MkDocsConfig, nav: Navigation) -> _Shell:
        """What every page's final HTML depends on, once per build, from any page's context."""
        return self._shell or self._make_shell(context, config, nav)

    def may_set_aside(self, shell: _Shell) -> bool:
        """Whether a page's final HTML can be known without MkDocs making its context: not if the
        templates print the build's date, a page's update date or the list of all pages."""
        return self.aside_allowed and not (shell.build_date or shell.update_date or shell.lists_pages)

    def choose(self, files: Files, generated: set[str]) -> None:
        """Gives every generated page that may come from the cache the template that prints it as kept.
        Every page's content is made by now: the digests of their contexts, which hold every story, and
        the summaries are let go before MkDocs writes the pages."""
        self.digests, self.summaries = ContextDigests(), {}
        for file in files.documentation_pages():
            page = file.page
            # A draft MkDocs marks in its content after the context is made: the theme renders it.
            if (
                file.src_uri not in generated
                or page is None
                or file.inclusion.value <= InclusionLevel.DRAFT.value
            ):
                continue
            # A page in the navigation is marked active in it, and has neighbours: the theme renders it.
            if page.parent is not None or page.previous_page is not None or page.next_page is not None:
                continue
            self.originals[file.src_uri] = page.meta.get("template", "main.html")
            page.meta["template"] = CACHED_PAGE_TEMPLATE
            self._order[file.src_uri] = len(self._order)

    def render(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation, env: Environment
    ) -> dict[str, Any]:
        """The page's final HTML into the context CACHED_PAGE_TEMPLATE prints: as kept, or rendered by the
        template the theme would have used, exactly as MkDocs renders it."""
        original = self.originals.pop(page.file.src_uri)
        page.meta["template"] = original
        # Read once: a page's content is held compressed (plugin/packed_page.py).
        content = page.content or ""
        key = self._page_key(context, page, content, config, nav, original)
        output = None
        if key is not None and self._shell is not None:
            output = final_page(self._final_entry(page.file.src_uri, self._shell, key), content)
        if output is not None:
            self._framed += 1
            self.pages_reused.add(page.file.src_uri)
            self._keep_via(page, key)
            self._will_write(page, key)
        else:
            family = self._family(page, content) if key is not None else None
            output = None if family is None else self.frames.page(*family, content)
            if output is None:
                self._made_by_theme += 1
                output = env.get_template(original).render(context)
                if family is not None:
                    self.frames.rendered(*family, output, content)
            # Kept by the content's shape alone only if the content is in it once, where it was printed.
            if key is not None and (
                self._shell is None or not self._shell.content_printed or _once(output, content)
            ):
                self._put(key, _framed(output, content))
                self._keep_via(page, key)
                self._will_write(page, key)
        context[OUTPUT] = Markup(output)
        return context

    def _keep_via(self, page: Page, key: bytes | None) -> None:
        """Keeps the key of the page's final HTML for the next build to find without the page's context."""
        shell, held = self._shell, self._held.get(page.file.src_uri)
        if key is None or shell is None or held is None or not self.may_set_aside(shell):
            return
        if self.via_found.get(page.file.src_uri) == (shell.key, key):
            return
        via = self.via_key(shell.key, page.file.src_uri, held[1], page.file)
        if via is not None:
            self._put(via, key)

    def _will_write(self, page: Page, key: bytes | None) -> None:
        """MkDocs writes the page as made: the site's manifest gets its file key, while no other plugin
        can change what is written and the page holds the content we made or kept."""
        held = self._held.get(page.file.src_uri)
        if self.site is None or key is None or held is None or not self.aside_allowed:
            return
        if getattr(page, "held", None) is held[0]:
            self.site.wrote(page.file.dest_uri, file_key(key, held[1]))

    def _final_entry(self, src_uri: str, shell: _Shell, key: bytes) -> object:
        """The kept final page of `key`. The key each page had in the last build with the same shell is
        kept (a pointer): while it is the same, the pages about to be written are looked up together (one
        query per _PREFETCH pages rather than one per page, a second of 10,000 stories' build). A page
        without a pointer had no final page made with this shell: nothing to look up (a cold build, or
        one after a change of mkdocs.yml or the theme, looked up every page alone, for nothing)."""
        expected = self._expected
        if expected is None:
            self._pointers = {uri: key_of("final-page-of", shell.key, uri) for uri in self._order}
            found = self.cache.get_many(list(self._pointers.values()))
            pointed = {uri: found.get(pointer) for uri, pointer in self._pointers.items()}
            expected = self._expected = {uri: key for uri, key in pointed.items() if isinstance(key, bytes)}
        if expected.get(src_uri) != key:
            pointer = self._pointers.get(src_uri)
            if pointer is not None:
                self._put(pointer, key)
            return None if src_uri not in expected else self.cache.get_many([key]).get(key)
        if key not in self._prefetched:
            at = self._order.get(src_uri, 0)
            coming = [expected.get(uri) for uri in list(self._order)[at : at + _PREFETCH]]
            self._prefetched = self.cache.get_many([key, *(other for other in coming if other is not None)])
        return self._prefetched.pop(key, None)

    def feeds(self, shown: tuple[Any, ...], make: Callable[[], tuple[bytes, bytes]]) -> tuple[bytes, bytes]:
        return self._made("digest-feeds", shown, make, _is_feeds)

    def feed_entry(self, shown: tuple[Any, ...], make: Callable[[], str]) -> str:
        return self._made("feed-entry", shown, make, _is_text)

    def _made(
        self, kind: str, shown: tuple[Any, ...], make: Callable[[], _Made], valid: Callable[[object], bool]
    ) -> _Made:
        """What `make` makes of `shown` (everything it shows), from the cache when an equal `shown` was
        made by the same templates, code and feedgen."""
        try:
            key = key_of(
                kind, self.content_context, self._facts.whole, _FEED_LIBRARIES, self.digests.of(shown)
            )
        except Unkeyable:
            return make()
        found = self._of_today(self.cache.get_many([key]).get(key))
        if valid(found):
            return cast(_Made, found)
        before = self.today.uses
        made = make()
        self._put(key, self._dated(made, self.today.uses > before))
        return made

    def _dated(self, value: object, used_day: bool) -> tuple[object, str | None]:
        """An entry: what was made, and the day it was made on if its templates used the day."""
        return value, self._day if used_day else None

    def _of_today(self, entry: object) -> object:
        """What an entry holds, if it was made without using the day or on this day; else None."""
        if isinstance(entry, tuple) and len(entry) == 2 and entry[1] in (None, self._day):
            return entry[0]
        return None

    def report(self) -> None:
        reused = len(self.story_pages & self.contents_reused & self.pages_reused)
        log.info("story pages: %d of %d from the build cache", reused, len(self.story_pages))
        log.info(
            "other pages: %d of %d contents from the build cache",
            len(self.other_pages & self.contents_reused),
            len(self.other_pages),
        )
        log.info(
            "pages made by the theme's templates: %d of %d (%d as a page like them, with their title,"
            " address and content put in; the others as kept, with their content put in)",
            self._made_by_theme,
            self._made_by_theme + self._framed + self.frames.shared,
            self.frames.shared,
        )
        for unkeyable in (self._unkeyable_content, self._unkeyable):
            if unkeyable is not None:
                log.info("pages were rendered without the build cache: %s", unkeyable)

    def _put(self, key: bytes, value: Any) -> None:
        self.cache.put(key, value)
        self._written += 1
        if self._written % _WRITE_EVERY == 0:
            self.cache.flush(drop_unused=False)

    def _page_key(
        self,
        context: dict[str, Any],
        page: Page,
        content: str,
        config: MkDocsConfig,
        nav: Navigation,
        template: str,
    ) -> bytes | None:
        if self._unkeyable is not None and self._shell is None:
            return None  # what every page depends on could not be keyed: no page is
        try:
            shell = self.shell(context, config, nav)
            extra = {key: value for key, value in context.items() if key not in _MKDOCS_CONTEXT}
            attributes = {name: value for name, value in vars(page).items() if name not in _PAGE_KEYED_APART}
            parts = _PageParts(
                (
                    shell.key,
                    template,
                    strict_repr((context["base_url"], context["extra_css"], context["extra_javascript"])),
                    strict_repr(context["build_date_utc"]) if shell.build_date else "",
                    strict_repr(page.update_date) if shell.update_date else "",
                    shell.pages or "",
                ),
                strict_repr((page.title, page.url, page.file.src_uri, page.file.dest_uri, page.is_homepage)),
                strict_repr((page.meta, page.toc, attributes, extra)),
                page.markdown or "",
                _content_shape(content) if shell.content_printed else self._content_digest(page, content),
            )
            self._parts = (page.file.src_uri, parts)
            return key_of(
                "final-page",
                *parts.common,
                parts.address,
                parts.fields,
                digest(parts.markdown),
                parts.content,
            )
        except Unkeyable as error:
            where = (
                f"{page.file.src_uri}: {error} in its context" if self._shell else f"{error} in mkdocs.yml"
            )
            self._unkeyable = self._unkeyable or where
            return None

    def _family(self, page: Page, content: str) -> tuple[bytes, Forms] | None:
        """The page's family (`shared_frames`) and what of it differs within the family; None if the
        page is rendered by the theme alone. Its key is its final page's but for its title and address,
        and its Markdown, which templates that read pages only as known ones do never read."""
        shell, made = self._shell, self._parts
        forms = page_forms(page) if shell is not None and shell.shares_frames else None
        if forms is None or made is None or made[0] != page.file.src_uri:
            return None
        parts = made[1]
        family = key_of(
            "frame-family",
            *parts.common,
            family_parent(forms),
            without_forms(parts.address, forms),
            without_forms(parts.fields, forms),
            parts.content,
        )
        return family, forms

    def _content_digest(self, page: Page, content: str) -> str | bytes:
        """What the page's content is: the key of the content we made or kept, while the page still holds
        it (no other plugin changed it), which saves a digest of every page's whole HTML."""
        ours = self._held.get(page.file.src_uri)
        if ours is not None and getattr(page, "held", None) is ours[0]:
            return b"ours:" + ours[1]
        return digest(content)

    def _make_shell(self, context: dict[str, Any], config: MkDocsConfig, nav: Navigation) -> _Shell:
        dirs = config.theme.dirs
        snippets = template_snippets(dirs)
        text = "\n".join(snippets)
        modules = tuple(type(plugin).__module__ for plugin in config.plugins.values())
        shell = _Shell(
            key=key_of(
                code_fingerprint(),
                plugin_versions(
                    ("mkdocs", "material", "jinja2", "markupsafe", *modules), installed_packages(self.cache)
                ),
                template_dirs_fingerprint(dirs),
                _config_repr(config),
                navigation_repr(nav),
                str(context["mkdocs_version"]),
            ).hex(),
            build_date="build_date_utc" in text,
            update_date="update_date" in text,
            lists_pages=bool(_LISTS_PAGES.search(text)),
            content_printed=reads_content_only_to_print(snippets),
        )
        shell.shares_frames = shell.content_printed and reads_pages_as_known(snippets)
        if shell.lists_pages:
            pages: list[File] = list(context["pages"])
            shell.pages = pages_repr(pages)
        self._shell = shell
        if self.may_set_aside(shell) and self.guessed_shell != shell.key:
            self._put(self.shell_guess_key(config), shell.key)
        return shell

    def written_as_kept(self, src_uri: str) -> None:
        """A page set aside was written as kept (`unchanged_pages`)."""
        self.contents.pop(src_uri, None)
        self.contents_reused.add(src_uri)
        self.pages_reused.add(src_uri)
        self._framed += 1


def _config_repr(config: MkDocsConfig) -> str:
    return strict_repr({key: value for key, value in config.items() if key not in _CONFIG_APART})


def content_context(theme_dirs: tuple[str, ...], *values: Any) -> str:
    """What every story page's content depends on in a build: our code, the template folders our
    templates are looked up in, and `values` (the renderer's addresses). Not the day: an entry made after
    a use of it is dated (`PageStore._dated`); nor the directory: a page's entry says what it read of it
    (`PageStore._noted`)."""
    return "\n".join(
        [
            code_fingerprint(),
            template_dirs_fingerprint([*theme_dirs, str(PACKAGE_TEMPLATES)]),
            *(pickled_digest(value) for value in values),
        ]
    )


def _is_feeds(entry: object) -> bool:
    return isinstance(entry, tuple) and len(entry) == 2 and all(isinstance(part, bytes) for part in entry)


def _is_text(entry: object) -> bool:
    return isinstance(entry, str)


def _summary_entry(entry: object) -> str | None:
    return entry if isinstance(entry, str) else None


def _content_entry(entry: object) -> ContentEntry | None:
    if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], bytes):
        return entry
    return None


def _content_shape(content: str) -> str:
    """What templates that only print a page's content and look for an <h1> in it see of it."""
    return "empty" if not content else "with-h1" if "<h1" in content else "without-h1"


def _once(output: str, content: str) -> bool:
    at = output.find(content) if content else -1
    return not content or (at >= 0 and output.find(content, at + 1) < 0)


def _framed(output: str, content: str) -> tuple[int, int, bytes]:
    """The final HTML without the page's content, which the theme prints as it is: stored once, in the
    page's content entry (or, for other pages, rendered anyway), not twice. Where the content goes, in
    characters and in bytes as `compress` encodes them; -1: not found in it."""
    at = output.find(content) if content else -1
    if at < 0:
        return -1, -1, compress(output)
    head = output[:at].encode("utf-8", "surrogatepass")
    tail = output[at + len(content) :].encode("utf-8", "surrogatepass")
    return at, len(head), compress_encoded(head + tail)


def _is_frame(entry: object) -> bool:
    return isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[2], bytes)


def final_page(entry: object, content: str) -> str | None:
    """A page's final HTML from its kept entry (`_framed`) and its content; None if not an entry."""
    if not _is_frame(entry):
        return None
    at, _, packed = cast(tuple[int, int, bytes], entry)
    frame = decompress(packed)
    return frame if at < 0 else frame[:at] + content + frame[at:]


def final_page_encoded(entry: object, content: bytes) -> bytes | None:
    """`final_page` encoded as `compress` encodes text, from its content so encoded: a page is written
    without being decoded and encoded again (every page holds a character beyond ASCII, and 11,700
    pages of 27 KB went through Python's slow path twice in a warm build)."""
    if not _is_frame(entry):
        return None
    _, at, packed = cast(tuple[int, int, bytes], entry)
    frame = decompress_encoded(packed)
    return frame if at < 0 else frame[:at] + content + frame[at:]
