"""A project read the way `mkdocs build` reads it, for the commands: MkDocs' own loader, so INHERIT,
!ENV and option validation behave exactly as in a build."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.structure.files import Files, get_files

from ..stories.folder import folder_links
from .cache import CACHE_DIR
from .errors import CommandError
from .options import EmptyChairConfig
from .settings import Settings, settings_from_mkdocs


@dataclass(frozen=True, slots=True)
class Project:
    settings: Settings
    """Every option, validated, and what MkDocs' config says that the commands need."""
    mkdocs: MkDocsConfig | None
    """None when the folder has no mkdocs.yml: the layout's defaults are used."""
    mkdocs_warnings: tuple[str, ...] = ()
    """What MkDocs warned of while reading mkdocs.yml and the docs folder, in its words: a strict build
    fails on each (an unknown option, two files for one page)."""


def load_project(config_file: Path | None = None, *, window: int | None = None) -> Project:
    """The project of `config_file` (default ./mkdocs.yml), or the default layout when there is none."""
    path = config_file or Path("mkdocs.yml")
    if not path.is_file():
        if config_file is not None:
            raise FileNotFoundError(f"{config_file}: no such configuration file")
        root = Path.cwd().absolute()
        settings = Settings(
            root=root,
            stories_dir=root / "stories",
            site_config_dir=root / "site_config",
            cache_dir=root / CACHE_DIR,
        )
        return Project(settings, None)
    config, files, warnings = _read_mkdocs(path)
    plugin = config.plugins.get("emptychair")
    if plugin is None:
        options = EmptyChairConfig()
        options.load_dict({})
        options.validate()
    else:
        options = plugin.config
    settings = settings_from_mkdocs(config, options, files=files, window=window)
    return Project(settings, config, tuple(warnings))


def published_settings(config_file: Path | None, makes: str, *, window: int | None = None) -> Settings:
    """The settings of a command that shows what the site publishes (`makes`: a digest, the balance):
    refused, as the build publishes nothing, when the plugin is off (`enabled: false`)."""
    settings = load_project(config_file, window=window).settings
    if not settings.enabled:
        raise CommandError(
            f"enabled: false in {config_file or 'mkdocs.yml'}: the site publishes no story, so there is no "
            f"{makes} to show; remove enabled: false (or set it to true) first"
        )
    return settings


class _Collected(logging.Handler):
    """What MkDocs logs while a command reads the project, kept instead of printed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(record.getMessage())


@contextmanager
def mkdocs_messages() -> Iterator[_Collected]:
    """What MkDocs logs meanwhile, as warnings and errors in its words, kept instead of printed."""
    mkdocs_log = logging.getLogger("mkdocs")
    level, propagate = mkdocs_log.level, mkdocs_log.propagate
    collected = _Collected()
    mkdocs_log.addHandler(collected)
    mkdocs_log.setLevel(logging.WARNING)
    mkdocs_log.propagate = False
    try:
        yield collected
    finally:
        mkdocs_log.removeHandler(collected)
        mkdocs_log.setLevel(level)
        mkdocs_log.propagate = propagate


def _read_mkdocs(path: Path) -> tuple[MkDocsConfig, Files | None, list[str]]:
    """mkdocs.yml and the docs folder's collection as `mkdocs build` reads them, and what MkDocs warned
    of meanwhile (`--strict` fails on each)."""
    with mkdocs_messages() as said:
        try:
            config = load_config(config_file=str(path))
        except (ConfigurationError, Abort) as error:
            # MkDocs logs each invalid option (one line each, naming it), then aborts with a sentence
            # that names none: the command repeats the logged lines, as its error.
            raise CommandError("\n".join(f"{path}: {line}" for line in said.errors or [str(error)])) from None
        # MkDocs' walk follows links to folders, maybe forever: with one there, the stories are found
        # without it (and the link is reported).
        root = Path(config.config_file_path or ".").parent
        files = None if folder_links(Path(config.docs_dir), root=root) else get_files(config)
    return config, files, said.warnings
