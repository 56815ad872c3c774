"""The MkDocs plugin: thin glue between MkDocs events and the plain functions of this package."""

from __future__ import annotations

import gc
from pathlib import Path

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..pipeline.cache import SEARCH_SHARDS, code_fingerprint
from ..pipeline.options import EmptyChairConfig
from ..pipeline.settings import settings_from_mkdocs
from ..pipeline.stages import read_site
from ..publishing.addresses import Addresses
from ..site.feeds import FEED_PAGE_TEMPLATE, digest_feed_files, feed_links
from ..site.pages import GeneratedPage, SitePlan, plan_pages
from ..site.renderer import PACKAGE_TEMPLATES, THEME_TEMPLATES, PageRenderer, make_environment
from ..site.search_index import RecordTemplate, SearchIndexError, SearchIndexJob, plan_shards
from ..site.shard_store import ShardStore
from ..site.toc import anchor_ids, with_table_of_contents
from ..stories.site_config import SiteConfigError
from .packed_page import packed

log = get_plugin_logger(__name__)

STYLESHEET = "assets/emptychair/emptychair.css"
SEARCH_SCRIPT = "assets/emptychair/search.js"
# Material renders the whole navigation into every page: a short one keeps large sites fast.
# Touchpoints, kinds, channels and the weekly archive are linked from the home page, the digests
# and every story instead.
DEFAULT_NAV: list[dict[str, str]] = [
    {"Home": Addresses.home},
    {"Departments": Addresses.departments},
    {"Digests": Addresses.digests},
    {"Balance": Addresses.balance},
]
# Shown in the navigation only while a story could not be published or has a warning.
ATTENTION_NAV = {"Needs attention": Addresses.attention}


class EmptyChairPlugin(BasePlugin[EmptyChairConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.pages: dict[str, GeneratedPage] = {}
        self.renderer: PageRenderer | None = None
        self.default_nav = False
        self.search = SearchIndexJob()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Drafts are for authors previewing with `mkdocs serve`, never for a published build.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.pages = {}
        self.renderer = None
        # `mkdocs serve` starts again while the last build's index may still be running.
        self.search.cancel()
        self.search = SearchIndexJob()
        self.default_nav = config.nav is None and self.config.nav
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        # Our theme templates (the search box in Material's header, the page with feeds) come after the
        # site's custom_dir, which can still override them, and before the theme's own.
        if str(THEME_TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_TEMPLATES))
        if "material/search" in config.plugins:
            log.info("Material's search plugin is not needed: emptychair's search replaces it in the header")
        if self.default_nav:
            config.nav = _navigation(attention=False)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Reading the stories makes objects that live until the pages are written, and Python's cycle
        # collector walked all of them again and again: 0.8 s of a 10,000-story build. It pauses while
        # they are made and leaves them out after (frozen); given back after the build, so
        # `mkdocs serve` frees one build's data before the next.
        gc.disable()
        try:
            kept = self._files(files, config)
            gc.freeze()
        finally:
            gc.enable()
        return kept

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        settings = settings_from_mkdocs(config, self.config, files=files, serving=self.serving)
        addresses, today, balance = settings.addresses, settings.today, settings.balance
        try:
            data = read_site(settings)
        except SiteConfigError as error:
            raise PluginError(f"emptychair cannot read site_config:\n{error}") from None
        findings = [finding.message() for finding in data.balance.findings]
        below_target = [f"balance: {message}" for message in findings] if balance.enforce != "off" else []
        warnings = [str(problem) for problem in data.problems]
        if config.strict and (warnings or below_target):
            # MkDocs counts strict-mode warnings through its logger, which `-q` silences (mkdocs#4126).
            raise PluginError(strict_failure(warnings + below_target))
        for warning in warnings:
            log.warning("%s", warning)
        if findings and balance.enforce == "strict":
            raise PluginError("balance below target (balance.enforce: strict):\n" + "\n".join(findings))
        for warning in below_target:
            log.warning("%s", warning)
        if self.default_nav and data.problems:
            config.nav = _navigation(attention=True)
        plan = SitePlan(data, addresses, page_size=settings.page_size, feeds=bool(config.site_url))
        self.pages = {page.src_uri: page for page in plan_pages(plan)}
        self.renderer = PageRenderer(make_environment(config.theme.dirs), addresses, data.directory, today)
        language = str(config.theme.get("language") or "en")
        try:
            template = RecordTemplate(tuple(config.theme.dirs), addresses, data.directory, today, language)
            store = None
            if settings.cache_dir is not None:
                store = ShardStore(settings.cache_dir / SEARCH_SHARDS, salt=code_fingerprint())
            self.search.start(
                plan_shards(data.index.stories, self.config.search_shard_size),
                template,
                Path(config.site_dir),
                store,
            )
        except SearchIndexError as error:
            raise PluginError(str(error)) from None

        # Story sources are replaced by their generated pages; a new Files avoids list.remove per story.
        sources = {
            path.relative_to(settings.stories_dir).as_posix()
            for path in (*(settings.story_files or ()), *(settings.intro_files or ()))
        }
        kept = Files(
            [file for file in files if file.src_uri not in sources and file.src_uri not in self.pages]
        )
        for src_uri, page in self.pages.items():
            # A leading newline: a body that opens with a '---' rule is not front matter to MkDocs.
            kept.append(
                File.generated(config, src_uri, content="\n" + page.markdown if page.markdown else "")
            )
        if config.site_url:
            feeds = digest_feed_files(
                data.digests,
                self.renderer,
                site_name=config.site_name,
                site_url=config.site_url,
                limit=self.config.feed_size,
            )
            for src_uri, content in feeds.items():
                kept.append(File.generated(config, src_uri, content=content))
        else:
            log.info("site_url is not set in mkdocs.yml: digest feeds need absolute links, so none were made")
        for asset in (STYLESHEET, SEARCH_SCRIPT):
            source = PACKAGE_TEMPLATES.parent / "assets" / Path(asset).name
            kept.append(File.generated(config, asset, abs_src_path=str(source)))
        return kept

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
        # Material's "Skip to content" link and "On this page" come from the table of contents.
        html, toc = with_table_of_contents(self.renderer.render(generated))
        page.toc = get_toc(toc)
        page.present_anchor_ids = anchor_ids(toc)
        return html

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Every page's content is made by now: the planned pages and the published stories they hold
        # are not needed while MkDocs writes the pages out.
        self.pages = {}
        self.renderer = None
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            indexed = self.search.finish()
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        finally:
            gc.unfreeze()
        if not indexed:
            log.info("no story to search yet, so no search index was written")

    def on_build_error(self, *, error: Exception) -> None:
        self.search.cancel()
        gc.unfreeze()

    def on_shutdown(self) -> None:
        self.search.cancel()
        gc.unfreeze()
        self.pages = {}
        self.renderer = None


def strict_failure(warnings: list[str]) -> str:
    """Why a strict build stops: every problem, one a line, whatever the log level."""
    count = f"{len(warnings)} problem" + ("s" if len(warnings) != 1 else "")
    return f"emptychair: strict mode: {count}, the site was not built:\n" + "\n".join(warnings)


def _navigation(*, attention: bool) -> list[dict[str, str]]:
    return [dict(entry) for entry in (*DEFAULT_NAV, *([ATTENTION_NAV] if attention else []))]


__all__ = ["EmptyChairPlugin"]
