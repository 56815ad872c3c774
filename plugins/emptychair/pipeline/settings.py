"""One settings value for a whole run, made once: from the plugin's options in a build, or from a
project's mkdocs.yml (read by MkDocs' own loader) in a command."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from ..balance.report import BalanceSettings
from ..digests.weekly import MAX_STORIES
from ..publishing.addresses import Addresses
from ..stories.model import DIGESTS_DIR
from .cache import CACHE_DIR
from .options import EmailConfig, EmptyChairConfig
from .page_urls import mkdocs_url

# Used when a project has no mkdocs.yml: what MkDocs itself would render with.
DEFAULT_MARKDOWN_EXTENSIONS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True, slots=True)
class EmailSettings:
    """How `emptychair digest --send` delivers digests: the `email` options."""

    sender: str
    reply_to: str | None
    smtp_host: str
    smtp_port: int
    starttls: bool
    user: str | None
    password_env: str
    sent_record: str


def email_settings(options: EmailConfig | None = None) -> EmailSettings:
    """The `email` options as settings; without options, their defaults (declared in `options`)."""
    if options is None:
        options = EmailConfig()
        options.load_dict({})
        options.validate()
    return EmailSettings(**{name: options[name] for name in EmailSettings.__dataclass_fields__})


@dataclass(frozen=True, slots=True)
class Settings:
    root: Path
    """The folder of mkdocs.yml: paths in messages are shown relative to it."""
    stories_dir: Path
    site_config_dir: Path
    story_files: tuple[Path, ...] | None = None
    """The story files MkDocs collected (exclude_docs and other plugins applied); None: every `.md`
    below `stories_dir`."""
    intro_files: tuple[Path, ...] | None = None
    """Digest intros, likewise."""
    timezone: str = "UTC"
    addresses: Addresses = field(default_factory=lambda: Addresses(mkdocs_url))
    markdown_extensions: Sequence[Any] = DEFAULT_MARKDOWN_EXTENSIONS
    markdown_configs: Mapping[str, Any] = field(default_factory=dict)
    balance: BalanceSettings = field(default_factory=BalanceSettings)
    today: date = field(default_factory=lambda: build_date())
    include_drafts: bool = False
    workers: int | None = None
    page_size: int = 100
    digest_max_stories: int = MAX_STORIES
    """Above this many customer stories in a week, a digest summarises."""
    feed_size: int = 20
    search_shard_size: int = 2000
    site_name: str = ""
    site_url: str = ""
    """The site's address, as mkdocs.yml gives it; empty when none is set (then no feeds are made)."""
    theme_dirs: tuple[str, ...] = ()
    """Where templates are looked up first: the theme's folders, custom_dir first."""
    cache_dir: Path | None = None
    """Where the build cache is kept (`.cache/emptychair` of the project); None: no cache."""
    language: str = "en"
    """The theme's language: the language of the search index."""
    site_dir: Path = Path("site")
    """Where MkDocs writes the site (the search index goes into it)."""
    strict: bool = False
    """`mkdocs build --strict` (or `strict: true`): every warning fails the build."""
    enabled: bool = True
    """False: the plugin makes nothing (the `enabled` option)."""
    set_nav: bool = False
    """The plugin sets the navigation: mkdocs.yml has none and the `nav` option is on."""
    serve_watch: str = "auto"
    """How `mkdocs serve` notices a change (`plugin.serve_watch`)."""
    email: EmailSettings = field(default_factory=email_settings)


def build_date(configured: str | None = None, timezone: str = "UTC") -> date:
    """The day the site is built 'as of': configured, else SOURCE_DATE_EPOCH (reproducible builds), else
    today in the site's timezone (a Monday-morning run east of UTC is still Sunday in UTC)."""
    if configured:
        return date.fromisoformat(configured)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(ZoneInfo(timezone)).date()


def balance_settings(options: EmptyChairConfig, *, window: int | None = None) -> BalanceSettings:
    """The core's balance settings from the plugin's options; `window` overrides the configured one."""
    balance = options.balance
    return BalanceSettings(
        target=balance.target,
        window=window or balance.window,
        enforce=balance.enforce,
        max_internal_per_digest=balance.max_internal_per_digest,
    )


def settings_from_mkdocs(
    config: MkDocsConfig,
    options: EmptyChairConfig,
    *,
    files: Iterable[File] | None = None,
    serving: bool = False,
    window: int | None = None,
) -> Settings:
    """The settings of a build or a command, from MkDocs' validated config and the plugin's options.

    `files` are MkDocs' collection of the docs folder; stories and intros are taken from it, so
    `exclude_docs` and other plugins' changes to the collection apply.
    """
    root = Path(config.config_file_path or ".").parent.absolute()
    extensions: list[Any] = list(config.markdown_extensions)
    settings = Settings(
        root=root,
        stories_dir=Path(config.docs_dir).absolute(),
        site_config_dir=root / options.site_config,
        timezone=options.timezone,
        addresses=Addresses(mkdocs_url, use_directory_urls=config.use_directory_urls),
        markdown_extensions=tuple(extensions),
        markdown_configs=dict(config.mdx_configs),
        balance=balance_settings(options, window=window),
        today=build_date(options.today, options.timezone),
        include_drafts=serving,
        workers=options.workers,
        page_size=options.page_size,
        digest_max_stories=options.digest_max_stories,
        feed_size=options.feed_size,
        search_shard_size=options.search_shard_size,
        site_name=config.site_name,
        site_url=config.site_url or "",
        theme_dirs=tuple(config.theme.dirs),
        cache_dir=root / CACHE_DIR,
        language=str(config.theme.get("language") or "en"),
        site_dir=Path(config.site_dir).absolute(),
        strict=bool(config.strict),
        enabled=options.enabled,
        set_nav=config.nav is None and options.nav,
        serve_watch=options.serve_watch,
        email=email_settings(options.email),
    )
    return settings if files is None else with_collected_files(settings, files, serving=serving)


def with_collected_files(settings: Settings, files: Iterable[File], *, serving: bool = False) -> Settings:
    """`settings` with the stories and intros of MkDocs' collection (what `mkdocs serve` shows when
    `serving`: drafts too)."""
    wanted = InclusionLevel.is_in_serve if serving else InclusionLevel.is_included
    pages = [
        file
        for file in files
        if file.src_uri.endswith(".md") and file.abs_src_path and wanted(file.inclusion)
    ]
    intros_prefix = DIGESTS_DIR + "/"
    return replace(
        settings,
        story_files=tuple(
            Path(str(file.abs_src_path)) for file in pages if not file.src_uri.startswith(intros_prefix)
        ),
        intro_files=tuple(
            Path(str(file.abs_src_path)) for file in pages if file.src_uri.startswith(intros_prefix)
        ),
    )
