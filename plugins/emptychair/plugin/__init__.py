"""The MkDocs plugin: thin glue between MkDocs events and the plain functions of this package."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from jinja2 import Environment
from markupsafe import escape
from mkdocs.commands.build import _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from ..pipeline.cache import HeldEntries
from ..pipeline.options import EmptyChairConfig
from ..pipeline.page_store import PageStore
from ..pipeline.search_shards import remember_shards
from ..pipeline.settings import Settings, settings_from_mkdocs
from ..pipeline.site_files import STYLESHEET, site_files, without_stories
from ..pipeline.template_bytecode import CachedBytecode
from ..pipeline.unchanged_pages import PageFiles, other_listener, set_aside, write_aside
from ..publishing.addresses import Addresses
from ..site.directory_reads import Reads
from ..site.feeds import FEED_PAGE_TEMPLATE, feed_links
from ..site.pages import GeneratedPage
from ..site.renderer import THEME_TEMPLATES, PageRenderer
from ..site.search_index import SearchIndexError, SearchIndexJob
from ..site.toc import TocToken, anchor_ids, with_table_of_contents
from ..stories.folder import folder_links
from ..themes.apart import ThemeProcess
from .idle_collection import IdleCollection
from .packed_page import packed
from .served_site_dir import OldSites

if TYPE_CHECKING:
    # Only `mkdocs serve` has a server: a build does not import it (MkDocs' server and watchdog, 45 ms).
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)

# Material renders the whole navigation into every page: a short one keeps large sites fast.
# Touchpoints, kinds, channels, the weekly archive and each theme's page are linked from the home
# page, the digests, the themes page and every story instead.
DEFAULT_NAV: list[dict[str, str]] = [
    {"Home": Addresses.home},
    {"Departments": Addresses.departments},
    {"Digests": Addresses.digests},
    {"Themes": Addresses.themes},
    {"Balance": Addresses.balance},
]
# Shown in the navigation only while a story could not be published or has a warning.
ATTENTION_NAV = {"Needs attention": Addresses.attention}


class EmptyChairPlugin(BasePlugin[EmptyChairConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.dirty: bool | None = None
        self.old_sites = OldSites()
        # `mkdocs serve` rebuilds in this process: what one build read from the cache, the next reads
        # from memory.
        self.held = HeldEntries()
        self.settings: Settings | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.renderer: PageRenderer | None = None
        self.search = SearchIndexJob()
        self.themes = ThemeProcess()
        self.store: PageStore | None = None
        self.env: Environment | None = None
        self.nav: Navigation | None = None
        self.idle_collection = IdleCollection()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Drafts are for authors previewing with `mkdocs serve`, never for a published build.
        # MkDocs keeps this plugin object for every config `mkdocs serve` loads again (the plugin has
        # on_startup), so what is set here holds for every rebuild.
        self.serving = command == "serve"
        # `--dirty` writes over the last build's files instead of removing them first.
        self.dirty = dirty

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # MkDocs empties the site folder next, file by file: the last build's files are moved out of its
        # way at once, for this build to take back those it would write again (kept_site), and removed
        # once it is over (served_site_dir). Not when MkDocs was not started by its command line, which
        # says whether the build is --dirty.
        settings = self.settings
        keeps_files = settings is not None and settings.enabled
        if self.dirty is False and (self.serving or keeps_files):
            self.old_sites.set_aside(Path(config.site_dir))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # A rebuild starting: the collection the last build left for an idle moment waits for the next.
        self.idle_collection.cancel()
        self.pages = {}
        self.renderer = None
        self._close_store()
        # `mkdocs serve` starts again while the last build's index may still be running.
        self.search.cancel()
        self.search = SearchIndexJob()
        settings = self.settings = settings_from_mkdocs(config, self.config, serving=self.serving)
        if not settings.enabled:
            log.info(
                "enabled: false in mkdocs.yml: stories are left out of the site and nothing is made of them"
            )
            return config
        # A week's themes are found again whenever its stories change, by a process that imports
        # scikit-learn first (about two seconds): started now, it imports while MkDocs collects the files
        # and the stories are read, and `mkdocs serve` keeps it for every rebuild.
        self.themes.start()
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        # Our theme templates (the search box in Material's header, the page with feeds) come after the
        # site's custom_dir, which can still override them, and before the theme's own.
        if str(THEME_TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_TEMPLATES))
        if "material/search" in config.plugins:
            log.info("Material's search plugin is not needed: emptychair's search replaces it in the header")
        if settings.set_nav:
            config.nav = _navigation(attention=False)
        # MkDocs collects the files after this, following links to folders: maybe forever.
        links = folder_links(settings.stories_dir, root=settings.root)
        if links:
            raise PluginError("emptychair: the site was not built:\n" + "\n".join(map(str, links)))
        # `mkdocs serve` rebuilds when site_config/ changes, as it does for the stories.
        if settings.site_config_dir.is_dir() and str(settings.site_config_dir) not in config.watch:
            config.watch.append(str(settings.site_config_dir))
        return config

    # Late: the stories are taken from MkDocs' collection as other plugins leave it (files they add
    # or exclude under the docs folder count), so this runs after theirs.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Settings again, from the config as every plugin's on_config left it, with the collection.
        settings = settings_from_mkdocs(config, self.config, files=files, serving=self.serving)
        if not settings.enabled:
            return without_stories(settings, files)
        # Reading the stories makes objects that live until the pages are written, and Python's cycle
        # collector walked all of them again and again: 0.8 s of a 10,000-story build. It pauses while
        # they are made and leaves them out after (frozen); given back after the build, so
        # `mkdocs serve` frees one build's data before the next.
        gc.disable()
        try:
            held = self.held if self.serving else None
            made = site_files(settings, files, config, self.search, self.old_sites.latest, held, self.themes)
            gc.freeze()
        finally:
            gc.enable()
            if not self.serving:
                self.themes.close()
        self.pages, self.renderer, self.store = made.pages, made.renderer, made.store
        # Whether we set the navigation was decided before we set it, in on_config.
        if self.settings is not None and self.settings.set_nav and made.needs_attention:
            config.nav = _navigation(attention=True)
        return PageFiles(made.files)

    # Last: a page another plugin's on_nav put in the navigation is not set aside.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        if self.store is not None:
            set_aside(self.store, files, config, other_listener(config.plugins, self))
        return nav

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        return packed(page) if page.file.src_uri in self.pages else page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            # MkDocs and Material treat a page title as HTML (header, <title>, navigation, search
            # results); ours is text from stories and site_config. Markup, so `| e` does not escape twice.
            page.meta["title"] = escape(generated.title)
            if not generated.searchable:
                page.meta["search"] = {"exclude": True}
            if generated.feeds is not None and self.renderer is not None:
                page.meta["template"] = FEED_PAGE_TEMPLATE
                page.meta["emptychair_feeds"] = feed_links(
                    generated.feeds, self.renderer.addresses, self.renderer.directory
                )
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None or self.renderer is None:
            return html
        renderer = self.renderer

        def render() -> tuple[str, list[TocToken], Reads]:
            html, reads = renderer.render_noting(generated)
            # Material's "Skip to content" link and "On this page" come from the table of contents.
            return (*with_table_of_contents(html), reads)

        if self.store is None:
            html, toc, _ = render()
        else:
            html, toc = self.store.content(page.file.src_uri, render)
        page.toc = get_toc(toc)
        page.present_anchor_ids = anchor_ids(toc)
        return html

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Every page's content is made by now: the planned pages and the published stories they hold
        # are not needed while MkDocs writes the pages out.
        if self.store is not None and self.nav is not None:
            # Pages set aside that must be made after all are made as MkDocs makes every page, by the
            # function of its page loop (no public API reads one page).
            for file in write_aside(self.store, files, config, self.nav):
                assert file.page is not None
                _populate_page(file.page, config, files)
        if self.store is not None:
            self.store.choose(files, set(self.pages))
            env.bytecode_cache = CachedBytecode(self.store.cache)
        self.pages = {}
        self.renderer = None
        self.env = env
        return env

    # Last: a page's final HTML is keyed by its context as every other plugin left it.
    @event_priority(-100)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if self.store is None or self.env is None or page.file.src_uri not in self.store.originals:
            return context
        self.store.render(cast(dict[str, Any], context), page, config, nav, self.env)
        return context

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        # A template MkDocs renders on its own (sitemap.xml) lists the pages set aside too.
        if self.store is not None and self.store.all_pages is not None:
            context["pages"] = self.store.all_pages
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.settings is None or not self.settings.enabled:
            self.old_sites.remove(wait=not self.serving)
            return
        try:
            indexed = self.search.finish()
            if self.store is not None:
                remember_shards(self.store.cache, self.search.learnt, self.store.day)
                if self.store.site is not None:
                    self.store.site.save(self.search.folders)
                self.held.next_build()
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        finally:
            # A build's command waits for what it set aside to be gone; `mkdocs serve` serves meanwhile.
            self.old_sites.remove(wait=not self.serving)
            if self.serving:
                self.idle_collection.after_build()
            else:
                gc.unfreeze()
            if self.store is not None:
                self.store.report()
            self._close_store()
        if not indexed:
            log.info("no story to search yet, so no search index was written")

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        from .serve_watch import watch_natively

        settings = self.settings
        mode = settings.serve_watch if settings is not None and settings.enabled else "polling"
        if mode != "polling" and watch_natively(server, mode):
            log.info("serve_watch: %s: folders are watched by the system, not polled", mode)
        return server

    def on_build_error(self, *, error: Exception) -> None:
        if not self.serving:
            self.themes.close()
        self.old_sites.remove(wait=not self.serving)
        self.search.cancel()
        gc.unfreeze()
        self._close_store()

    def on_shutdown(self) -> None:
        self.themes.close()
        self.idle_collection.cancel()
        self.search.cancel()
        self.old_sites.finish()
        gc.unfreeze()
        self.pages = {}
        self.renderer = None
        self._close_store()

    def _close_store(self) -> None:
        """The build cache is written (what this build made) and closed when the build ends or fails."""
        store, self.store, self.env, self.nav = self.store, None, None, None
        if store is not None:
            store.cache.close()


def _navigation(*, attention: bool) -> list[dict[str, str]]:
    return [dict(entry) for entry in (*DEFAULT_NAV, *([ATTENTION_NAV] if attention else []))]


__all__ = ["EmptyChairPlugin"]
