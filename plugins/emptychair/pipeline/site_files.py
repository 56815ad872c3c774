"""What a build makes of MkDocs' file collection, as a plain function the plugin's `on_files` calls: the
site read once, its problems reported as strict mode wants, story sources swapped for generated pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from ..site.data import SiteData
from ..site.feeds import digest_feed_files, feed_uris
from ..site.pages import GeneratedPage, SitePlan, page_addresses, plan_pages
from ..site.renderer import PACKAGE_TEMPLATES, PageRenderer, make_environment
from ..site.search_index import RecordTemplate, SearchIndexError, SearchIndexJob, plan_shards
from ..site.shard_store import ShardStore
from ..site.today import Today
from ..stories.loading import display_path
from ..stories.problems import Problem
from ..stories.site_config import SiteConfigError
from ..themes.apart import ThemeProcess
from ..themes.weekly import labels_by_story
from .cache import SEARCH_SHARDS, BuildCache, HeldEntries, code_fingerprint, open_cache
from .kept_site import KeptSite
from .page_store import PageStore, content_context
from .search_shards import known_shards, shard_inputs
from .settings import Settings
from .stages import below_target, read_site, site_config_problems
from .story_nav import story_nav, story_page_uris
from .template_bytecode import CachedBytecode

log = get_plugin_logger(__name__)

STYLESHEET = "assets/emptychair/emptychair.css"
SEARCH_SCRIPT = "assets/emptychair/search.js"


@dataclass(frozen=True, slots=True)
class SiteFiles:
    files: Files
    """MkDocs' collection with story sources replaced by the site's generated pages, feeds and assets."""
    pages: dict[str, GeneratedPage]
    renderer: PageRenderer
    needs_attention: bool
    """Some story could not be published or has a warning: the Needs-attention page is worth a link."""
    store: PageStore | None = None
    """Pages from the build cache; its store stays open until the build ends (`PageStore.cache`)."""


def strict_failure(problems: list[Problem]) -> str:
    """Why a strict build stops: every problem, one a line, whatever the log level."""
    count = f"{len(problems):,} problem" + ("s" if len(problems) != 1 else "")
    return f"emptychair: strict mode: {count}, the site was not built:\n" + "\n".join(map(str, problems))


def read_and_report(
    settings: Settings,
    config: MkDocsConfig,
    cache: BuildCache | None = None,
    theme_process: ThemeProcess | None = None,
) -> SiteData:
    """The site's data, its problems logged as warnings (which `--strict` counts) or, in strict mode or
    under `balance.enforce: strict`, a failed build naming every one. mkdocs.yml's own `nav:` has its
    entries to story files pointed at their pages."""
    try:
        data = read_site(settings, cache=cache, theme_process=theme_process)
    except SiteConfigError as error:
        raise PluginError(f"emptychair cannot read site_config:\n{error}") from None
    found = [*data.problems, *site_config_problems(settings, data.directory)]
    if config.nav and not settings.set_nav:
        shown = display_path(Path(config.config_file_path or "mkdocs.yml"), settings.root)
        pages = story_page_uris(data.index.stories, settings.addresses)
        nav = story_nav(config.nav, pages, settings, config_shown=shown)
        config.nav = nav.nav
        found += nav.problems
    below = below_target(settings, data.balance)
    if settings.strict and (found or below):
        # MkDocs counts strict-mode warnings through its logger, which `-q` silences (mkdocs#4126).
        raise PluginError(strict_failure([*found, *below]))
    for problem in found:
        log.warning("%s", problem)
    if below and settings.balance.enforce == "strict":
        raise PluginError(
            "balance below target (balance.enforce: strict):\n"
            + "\n".join(problem.message for problem in below)
        )
    for problem in below:
        log.warning("%s", problem)
    return data


def site_files(
    settings: Settings,
    files: Files,
    config: MkDocsConfig,
    search: SearchIndexJob,
    old_site: Path | None = None,
    held: HeldEntries | None = None,
    theme_process: ThemeProcess | None = None,
) -> SiteFiles:
    """The build's collection of files; starts indexing the stories for search in `search`. `old_site`:
    the last build's files of the site folder, set aside for this build to take back (`kept_site`);
    `held`: the build cache's entries the last build of this process read (`mkdocs serve`);
    `theme_process`: the process to find themes in, left running (`read_site`)."""
    cache = None
    if settings.cache_dir is not None:
        # Only a build drops the entries it did not use. `mkdocs serve` builds for its own address, so a
        # `mkdocs build`'s pages (for site_url) are entries it never uses: dropped, the next build would
        # make them again; and the store rewritten smaller (VACUUM) held up the server's first rebuild by
        # 2.4-3.9 s at 10,000 stories, before its page was served.
        cache = open_cache(settings.cache_dir, prune=held is None, held=held)
    try:
        return _site_files(settings, files, config, search, cache, old_site, theme_process)
    except BaseException:
        if cache is not None:
            cache.close()
        raise


def added_file_uris(settings: Settings, data: SiteData) -> set[str]:
    """The source URI of every file `site_files` adds to the collection (pages, feeds, assets) and of
    the images it keeps from the stories folder, made from `data` without rendering any."""
    plan = _site_plan(settings, data)
    feeds = [uri for scope in data.digests for uri in feed_uris(scope, settings.addresses)]
    return {
        *page_addresses(plan),
        *(feeds if settings.site_url else ()),
        STYLESHEET,
        SEARCH_SCRIPT,
        *data.assets,
    }


def _site_plan(settings: Settings, data: SiteData) -> SitePlan:
    return SitePlan(
        data,
        settings.addresses,
        page_size=settings.page_size,
        feeds=bool(settings.site_url),
        today=settings.today,
    )


def _site_files(
    settings: Settings,
    files: Files,
    config: MkDocsConfig,
    search: SearchIndexJob,
    cache: BuildCache | None,
    old_site: Path | None,
    theme_process: ThemeProcess | None,
) -> SiteFiles:
    data = read_and_report(settings, config, cache, theme_process)
    addresses = settings.addresses
    pages = {page.src_uri: page for page in plan_pages(_site_plan(settings, data))}
    page_store = None
    # Not in the cache's keys: what our templates made after using the day is kept for that day only.
    today = Today(settings.today)
    if cache is not None:
        page_store = PageStore(cache, content_context(settings.theme_dirs, addresses), today, data.directory)
        page_store.site = KeptSite.open(cache, settings.site_dir, old_site)
        page_store.digests.know(data.index.stories, data.story_keys)
        page_store.fetch_contents(pages, {addresses.story(item.slug) for item in data.index.stories})
        page_store.fetch_summaries(data.index.stories)
    environment = make_environment(settings.theme_dirs)
    if cache is not None:
        environment.bytecode_cache = CachedBytecode(cache)
    renderer = PageRenderer(environment, addresses, data.directory, today, kept=page_store)
    try:
        _start_search(settings, data, search, page_store)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None

    # Story sources are replaced by their generated pages; a new Files avoids list.remove per story.
    sources = story_sources(settings)
    # Nothing else of the stories folder is copied: only the images `data.assets` allows.
    kept = Files(
        [
            file
            for file in files
            if file.src_uri not in sources
            and file.src_uri not in pages
            and (file.src_uri in data.assets or not _from_stories_folder(file, settings.stories_dir))
        ]
    )
    for src_uri, page in pages.items():
        # A leading newline: a body that opens with a '---' rule is not front matter to MkDocs.
        kept.append(File.generated(config, src_uri, content="\n" + page.markdown if page.markdown else ""))
    if settings.site_url:
        feeds = digest_feed_files(
            data.digests,
            renderer,
            site_name=settings.site_name,
            site_url=settings.site_url,
            limit=settings.feed_size,
            kept=page_store,
        )
        for src_uri, content in feeds.items():
            kept.append(File.generated(config, src_uri, content=content))
    else:
        log.info("site_url is not set in mkdocs.yml: digest feeds need absolute links, so none were made")
    for asset in (STYLESHEET, SEARCH_SCRIPT):
        source = PACKAGE_TEMPLATES.parent / "assets" / Path(asset).name
        kept.append(File.generated(config, asset, abs_src_path=str(source)))
    return SiteFiles(kept, pages, renderer, needs_attention=bool(data.problems), store=page_store)


def _start_search(
    settings: Settings, data: SiteData, search: SearchIndexJob, page_store: PageStore | None
) -> None:
    """Starts indexing the stories for search: with the cache, a shard whose inputs an earlier build
    indexed is taken from the last build's site folder or the shard store instead."""
    template = RecordTemplate(
        settings.theme_dirs,
        settings.addresses,
        data.directory,
        settings.today,
        settings.language,
        labels_by_story(data.themes),
    )
    store = None
    if settings.cache_dir is not None:
        store = ShardStore(settings.cache_dir / SEARCH_SHARDS, salt=code_fingerprint())
    shards = plan_shards(data.index.stories, settings.search_shard_size)
    if page_store is None:
        search.start(shards, template, settings.site_dir, store)
        return
    known = known_shards(page_store.cache, shard_inputs(shards, template, page_store.digests), page_store.day)
    copied = search.start(shards, template, settings.site_dir, store, known, page_store.site)
    log.info(
        "search: %d of %d shards kept from earlier builds, their records not made again"
        " (%d of them the last build's folders, moved back)",
        copied,
        len(shards),
        page_store.site.reused_folders if page_store.site is not None else 0,
    )


def _from_stories_folder(file: File, stories_dir: Path) -> bool:
    """A file MkDocs found in the docs folder (another plugin's generated files are not)."""
    return file.generated_by is None and Path(file.abs_src_path or "").is_relative_to(stories_dir)


def story_sources(settings: Settings) -> set[str]:
    """The collection's story and intro files, as MkDocs names them (relative to the docs folder)."""
    return {
        path.relative_to(settings.stories_dir).as_posix()
        for path in (*(settings.story_files or ()), *(settings.intro_files or ()))
    }


def without_stories(settings: Settings, files: Files) -> Files:
    """The collection without anything from the stories folder, for a build with the plugin disabled: a
    story is published only as the site makes it (consent, redaction), never as its raw file, and
    nothing else of the folder (HTML, SVG, links to special files) unchecked."""
    sources = story_sources(settings)
    return Files(
        [
            file
            for file in files
            if file.src_uri not in sources and not _from_stories_folder(file, settings.stories_dir)
        ]
    )
