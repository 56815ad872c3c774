"""The MkDocs plugin: thin glue between MkDocs events and the plain functions of this package."""

from __future__ import annotations

from pathlib import Path
from types import MethodType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from ..pipeline.options import EmptyChairConfig, balance_settings
from ..pipeline.site_data import build_date, read_site
from ..publishing.addresses import Addresses
from ..site.feeds import digest_feed_files
from ..site.pages import GeneratedPage, SitePlan, plan_pages
from ..site.renderer import PACKAGE_TEMPLATES, PageRenderer, make_environment
from ..site.search_index import SearchIndexError, build_search_index
from ..stories.intros import DIGESTS_DIR
from ..stories.loading import story_files
from ..stories.site_config import SiteConfigError

log = get_plugin_logger(__name__)

STYLESHEET = "assets/emptychair/emptychair.css"
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

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Drafts are for authors previewing with `mkdocs serve`, never for a published build.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.pages = {}
        self.renderer = None
        self.default_nav = config.nav is None and self.config.nav
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        # The search partials (Pagefind in Material's header) come before the theme's own and after
        # the site's custom_dir, which can still override them.
        if str(PACKAGE_TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(PACKAGE_TEMPLATES))
        if "material/search" in config.plugins:
            log.info("Material's search plugin is not needed: emptychair's search replaces it in the header")
        if self.default_nav:
            config.nav = _navigation(attention=False)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        root = Path(config.config_file_path or ".").parent
        stories_dir = Path(config.docs_dir)
        addresses = Addresses(use_directory_urls=config.use_directory_urls)
        today = build_date(self.config.today)
        balance = balance_settings(self.config.balance)
        try:
            data = read_site(
                stories_dir,
                root / self.config.site_config,
                root=root,
                timezone=self.config.timezone,
                addresses=addresses,
                include_drafts=self.serving,
                markdown_extensions=config.markdown_extensions,
                markdown_configs=config.mdx_configs,
                balance=balance,
                today=today,
                workers=self.config.workers,
            )
        except SiteConfigError as error:
            raise PluginError(f"emptychair cannot read site_config:\n{error}") from None
        for problem in data.problems:
            log.warning("%s", problem)
        if self.default_nav and data.problems:
            config.nav = _navigation(attention=True)
        findings = [finding.message() for finding in data.balance.findings]
        if findings and balance.enforce == "strict":
            raise PluginError("balance below target (balance.enforce: strict):\n" + "\n".join(findings))
        if balance.enforce == "warn":
            for message in findings:
                log.warning("balance: %s", message)
        plan = SitePlan(
            index=data.index,
            addresses=addresses,
            today=today,
            page_size=self.config.page_size,
            rejected=data.rejected,
            digests=data.digests,
            memo_focus=data.memo_focus,
            balance=data.balance,
            warnings=[problem for problem in data.problems if problem.severity == "warning"],
        )
        self.pages = {page.src_uri: page for page in plan_pages(plan)}
        self.renderer = PageRenderer(make_environment(config.theme.dirs), addresses, data.directory, today)

        # Story sources are replaced by their generated pages; a new Files avoids list.remove per story.
        sources = {path.relative_to(stories_dir).as_posix() for path in story_files(stories_dir)}
        sources |= {
            path.relative_to(stories_dir).as_posix() for path in (stories_dir / DIGESTS_DIR).rglob("*.md")
        }
        kept = Files(
            [file for file in files if file.src_uri not in sources and file.src_uri not in self.pages]
        )
        for src_uri in self.pages:
            kept.append(File.generated(config, src_uri, content=""))
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
        kept.append(
            File.generated(
                config, STYLESHEET, abs_src_path=str(PACKAGE_TEMPLATES.parent / "assets/emptychair.css")
            )
        )
        return kept

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if page.file.src_uri in self.pages:
            # A generated page has no Markdown; its content comes from on_page_content. Skipping
            # MkDocs' render spares building a Markdown converter per page, thousands of them.
            page.render = MethodType(_render_nothing, page)  # type: ignore[method-assign]
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta["title"] = generated.title
            if not generated.searchable:
                page.meta["search"] = {"exclude": True}
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None or self.renderer is None:
            return html
        return self.renderer.render(generated)

    # Last, after every other plugin's on_page_context: one that reads or indexes page.content sees
    # the story's words, not its card, follow-up or related stories (facts and navigation).
    @event_priority(-100)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.chrome and self.renderer is not None and page.content:
            page.content = self.renderer.render_chrome(generated, page.content)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            indexed = build_search_index(Path(config.site_dir))
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        if not indexed:
            log.info("no story page to search yet, so no search index was written")

    def on_shutdown(self) -> None:
        self.pages = {}
        self.renderer = None


def _navigation(*, attention: bool) -> list[dict[str, str]]:
    return [dict(entry) for entry in (*DEFAULT_NAV, *([ATTENTION_NAV] if attention else []))]


def _render_nothing(page: Page, config: MkDocsConfig, files: Files) -> None:
    page.content = ""
    page.toc = get_toc([])
    page.present_anchor_ids = set()


__all__ = ["EmptyChairPlugin"]
