"""A project read the way `mkdocs build` reads it, for the commands: MkDocs' own loader, so INHERIT,
!ENV and option validation behave exactly as in a build."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.structure.files import get_files

from .cache import CACHE_DIR
from .errors import CommandError
from .options import EmptyChairConfig
from .settings import Settings, settings_from_mkdocs


@dataclass(frozen=True, slots=True)
class Project:
    settings: Settings
    options: EmptyChairConfig
    """The plugin's validated options (e-mail settings among them)."""
    mkdocs: MkDocsConfig | None
    """None when the folder has no mkdocs.yml: the layout's defaults are used."""


def load_project(config_file: Path | None = None, *, window: int | None = None) -> Project:
    """The project of `config_file` (default ./mkdocs.yml), or the default layout when there is none."""
    path = config_file or Path("mkdocs.yml")
    if not path.is_file():
        if config_file is not None:
            raise FileNotFoundError(f"{config_file}: no such configuration file")
        options = EmptyChairConfig()
        options.load_dict({})
        options.validate()
        root = Path.cwd().absolute()
        settings = Settings(
            root=root,
            stories_dir=root / "stories",
            site_config_dir=root / "site_config",
            cache_dir=root / CACHE_DIR,
        )
        return Project(settings, options, None)
    config = _load_mkdocs_config(path)
    plugin = config.plugins.get("emptychair")
    if plugin is None:
        options = EmptyChairConfig()
        options.load_dict({})
        options.validate()
    else:
        options = plugin.config
    files = get_files(config)
    return Project(settings_from_mkdocs(config, options, files=files, window=window), options, config)


def _load_mkdocs_config(path: Path) -> MkDocsConfig:
    # MkDocs logs each invalid option before raising; the command says it once, in its own words.
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.CRITICAL)
    try:
        return load_config(config_file=str(path))
    except ConfigurationError as error:
        raise CommandError(f"{path}: {error}") from None
    finally:
        mkdocs_log.setLevel(level)
