"""A project's site read the way its mkdocs.yml says, for the commands that work outside MkDocs."""

from __future__ import annotations

from ..publishing.addresses import Addresses
from ..stories.site_config import SiteConfigError
from .errors import CommandError
from .options import EmptyChairConfig, balance_settings
from .project import Project
from .site_data import SiteData, build_date, read_site


def plugin_config(project: Project) -> EmptyChairConfig:
    """The plugin's options from mkdocs.yml, validated as MkDocs would."""
    config = EmptyChairConfig()
    config.load_dict(dict(project.options or {}))
    failed, _ = config.validate()
    if failed:
        problems = "; ".join(f"{name}: {error}" for name, error in failed)
        raise CommandError(f"mkdocs.yml, plugin emptychair: {problems}")
    return config


def read_project(project: Project, options: EmptyChairConfig, *, window: int | None = None) -> SiteData:
    config = project.config or {}
    names, configs = project.markdown()
    try:
        return read_site(
            project.stories_dir,
            project.site_config_dir,
            root=project.root,
            timezone=options.timezone,
            addresses=Addresses(use_directory_urls=bool(config.get("use_directory_urls", True))),
            markdown_extensions=names,
            markdown_configs=configs,
            balance=balance_settings(options.balance, window=window),
            today=build_date(options.today),
            digest_max_stories=options.digest_max_stories,
        )
    except SiteConfigError as error:
        raise CommandError(f"cannot read site_config:\n{error}") from None
