"""Unchanged pages written from the build cache, outside MkDocs' page loop.

MkDocs reads, renders and writes every page of a build, one at a time, in two loops: at 10,000 stories a
warm build spent 3.7 s of its 8.9 s there (py-spy), though nearly every page was the one the cache kept.
A page is set aside from those loops (`PageFiles`, in `on_nav`) when its content and the key of its final
HTML are both in the cache; its final HTML is written in `on_env` as kept, byte for byte what MkDocs would
have written. It stays one of the documentation files: a page MkDocs renders may link to it.

Only while no other plugin sees pages (page, environment or template events): another plugin must still
see every story's Markdown, content and context. The key of a page's final HTML is found without the
page's context (`PageStore.via_key`): from its content's key, its part (`PageStore.page_parts`), its
address and the shell of the last build with the same mkdocs.yml (`PageStore.shell_guess_key`). The
shell (theme, navigation, template folders, versions) is known for sure only once MkDocs has read every
page: in `on_env` it is made again, and if it is not the one guessed, the pages set aside go back to
MkDocs (`put_back`), which then builds them as it builds every page.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import PluginCollection, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from ..site.toc import TocToken, anchor_ids
from .fingerprints import Unkeyable
from .kept_site import file_key
from .packing import decompress_encoded
from .page_store import PageStore, final_page_encoded

log = get_plugin_logger(__name__)

PAGE_EVENTS = (
    *("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page"),
    *("env", "pre_template", "template_context", "post_template"),
)
"""The events in which a plugin sees pages or what is made of them, after the navigation."""
_BATCH = 500


class PageFiles(Files):
    """MkDocs' collection of files, whose page loops skip the pages set aside. A link to one of them is
    still found among the documentation files, at its own address."""

    def __init__(self, files: Iterable[File]) -> None:
        super().__init__(files)
        self.aside: set[str] = set()
        """The pages set aside, by their source path."""

    def documentation_pages(
        self, *, inclusion: Callable[[InclusionLevel], bool] = InclusionLevel.is_included
    ) -> Sequence[File]:
        pages = super().documentation_pages(inclusion=inclusion)
        return [file for file in pages if file.src_uri not in self.aside] if self.aside else pages


def other_listener(plugins: PluginCollection, ours: object) -> str | None:
    """The name of another plugin that sees pages, if one does."""
    for event in PAGE_EVENTS:
        for method in plugins.events.get(event, []):
            if getattr(method, "__self__", None) is not ours:
                # A hook is a module, its handler a plain function.
                names = (
                    name for name, plugin in plugins.items() if getattr(plugin, f"on_{event}", None) == method
                )
                return next(names, repr(method))
    return None


def set_aside(store: PageStore, files: Files, config: MkDocsConfig, listener: str | None) -> None:
    """Sets aside from MkDocs' page loops every generated page whose content and final HTML the cache
    holds."""
    if listener is not None:
        log.info("every page goes through MkDocs' page loop: the plugin %s sees pages", listener)
        return
    if not isinstance(files, PageFiles):
        return  # another plugin's on_files, after ours, made a collection of its own
    try:
        guess_key = store.shell_guess_key(config)
    except Unkeyable:
        return  # no page's final HTML is kept either (`PageStore._page_key`)
    store.aside_allowed = True
    guessed = store.cache.get_many([guess_key]).get(guess_key)
    if not isinstance(guessed, str):
        return
    store.guessed_shell = guessed
    candidates: dict[str, tuple[File, bytes, list[TocToken]]] = {}
    for file in files.documentation_pages():
        found = store.contents.get(file.src_uri)
        page = file.page
        # A page in the navigation is marked active in it, and a draft in its content: MkDocs makes them.
        if (
            found is None
            or found[1] is None
            or page is None
            or file.inclusion.value <= InclusionLevel.DRAFT.value
            or page.parent is not None
            or page.previous_page is not None
            or page.next_page is not None
        ):
            continue
        key, _, used_day = found
        via = store.via_key(guessed, file.src_uri, store.held_key(key, used_day), file)
        if via is not None:
            candidates[file.src_uri] = (file, via, found[1][1])
    finals = store.cache.get_many([via for _, via, _ in candidates.values()])
    for src_uri, (file, via, toc) in candidates.items():
        final = finals.get(via)
        if isinstance(final, bytes):
            store.via_found[src_uri] = (guessed, final)
            store.aside[src_uri] = (file, final)
            # MkDocs checks the anchors of links to the page against these, as on_page_content sets them.
            if file.page is not None:
                file.page.present_anchor_ids = anchor_ids(toc)
    if store.aside:
        # Templates MkDocs renders on their own (sitemap.xml) list every page: `all_pages`.
        store.all_pages = files.documentation_pages()
        files.aside = set(store.aside)


def write_aside(store: PageStore, files: Files, config: MkDocsConfig, nav: Navigation) -> list[File]:
    """Writes every page set aside as kept; returns those that must go back to MkDocs after all (the
    shell is not the one guessed, or a kept page is missing), already back in its page loop."""
    if not store.aside or not isinstance(files, PageFiles):
        return []
    shell = store.shell(cast(dict[str, Any], get_context(nav, files, config)), config, nav)
    aside, store.aside = list(store.aside.values()), {}
    if shell.key != store.guessed_shell or not store.may_set_aside(shell):
        back = [file for file, _ in aside]
    else:
        back = []
        for start in range(0, len(aside), _BATCH):
            back += _write(store, aside[start : start + _BATCH])
    for file in back:
        store.via_found.pop(file.src_uri, None)
        files.aside.discard(file.src_uri)
    written = len(aside) - len(back)
    reused = store.site.reused if store.site is not None else 0
    log.info(
        "pages written as kept, outside MkDocs' page loop: %d (%d of them the last build's files, moved back)",
        written,
        reused,
    )
    return back


def _write(store: PageStore, batch: Sequence[tuple[File, bytes]]) -> list[File]:
    site = store.site
    to_write: list[tuple[File, bytes, bytes | None]] = []
    for file, final in batch:
        found = store.contents.get(file.src_uri)
        kept = None if found is None else file_key(final, store.held_key(found[0], found[2]))
        # The last build's file, if it holds these very bytes (`kept_site`).
        if site is not None and kept is not None and site.reuse(file.dest_uri, kept):
            store.written_as_kept(file.src_uri)
        else:
            to_write.append((file, final, kept))
    entries = store.cache.get_many([final for _, final, _ in to_write])
    back = []
    for file, final, kept in to_write:
        found = store.contents.get(file.src_uri)
        held = found[1] if found is not None else None
        output = kept_page(entries.get(final), held[0]) if held is not None else None
        if output is None:
            back.append(file)
            continue
        state = None
        if not is_blank(output):
            state = write_page(output, file.abs_dest_path)
        if site is not None and kept is not None:
            site.wrote(file.dest_uri, kept, state)
        store.written_as_kept(file.src_uri)
    return back


def write_page(content: bytes, path: str) -> os.stat_result:
    """What `mkdocs.utils.write_file` does, in half its time (a story's folder is new: one mkdir, not
    makedirs' look up the tree; no buffered file object): 11,700 pages of a warm build at 10,000 stories.
    Returns the file's state once written, for the manifest of the site's files (`kept_site`)."""
    folder = os.path.dirname(path)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(descriptor, view) :]
        return os.fstat(descriptor)
    finally:
        os.close(descriptor)


_SPACES = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
"""The characters below 128 that `str.strip` removes."""


def kept_page(entry: object, content: bytes) -> bytes | None:
    """The bytes MkDocs writes of a page (mkdocs.commands.build._build_page), from its kept final entry
    and its content as held (compressed); None if the entry is not one."""
    output = final_page_encoded(entry, decompress_encoded(content))
    return None if output is None else _as_mkdocs_writes(output)


def is_blank(page: bytes) -> bool:
    """Whether MkDocs leaves the page unwritten: nothing but white space in it (`str.strip`)."""
    rest = page.lstrip(_SPACES)
    return not rest or (rest[0] >= 0x80 and not page.decode("utf-8", "surrogatepass").strip())


def _as_mkdocs_writes(page: bytes) -> bytes:
    """The page as MkDocs writes it (`output.encode("utf-8", errors="xmlcharrefreplace")`, in
    mkdocs.commands.build._build_page), from its bytes as `compress` encodes them: the same bytes, but a
    lone surrogate, which surrogatepass left as three bytes from 0xED 0xA0 on and MkDocs writes as a
    character reference (0xED also leads Korean syllables: those pages take the long way, unchanged)."""
    if b"\xed" not in page:
        return page
    return page.decode("utf-8", "surrogatepass").encode("utf-8", errors="xmlcharrefreplace")
