"""`emptychair import`: an export (CSV, JSON Lines, JSON) and a mapping in, story files out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..importing.mapping import MappingError, load_mapping
from ..importing.run import import_export
from ..importing.sources import SourceError
from ..pipeline.project import load_project
from ..stories.loading import display_path
from ..stories.site_config import SiteConfigError, load_directory


class _Bar:
    """rich's progress bar on the terminal's stderr; gone once the import is done."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress

        self._progress = Progress(console=Console(stderr=True), transient=True)
        self._task: Any = None

    def start(self, total: int | None) -> None:
        self._progress.start()
        self._task = self._progress.add_task("Importing rows", total=total)

    def advance(self, rows: int) -> None:
        self._progress.advance(self._task, rows)

    def stop(self) -> None:
        self._progress.stop()


def run_import(arguments: argparse.Namespace) -> int:
    project = load_project(arguments.config).settings
    root = Path.cwd()
    if not arguments.source.is_file():
        print(f"{arguments.source}: no such file", file=sys.stderr)
        return 2
    if not arguments.mapping.is_file():
        print(f"{arguments.mapping}: no such mapping file", file=sys.stderr)
        return 2
    try:
        directory = load_directory(arguments.site_config or project.site_config_dir, root=root)
        mapping = load_mapping(arguments.mapping, display_path(arguments.mapping, root), directory)
        bar = _Bar() if arguments.format == "text" and sys.stderr.isatty() else None
        try:
            summary = import_export(
                arguments.source,
                mapping,
                directory,
                stories_dir=arguments.stories or project.stories_dir,
                root=root,
                zone=ZoneInfo(project.timezone),
                dry_run=arguments.dry_run,
                progress=bar,
            )
        finally:
            if bar is not None:
                bar.stop()
    except (SiteConfigError, MappingError) as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("nothing was imported", file=sys.stderr)
        return 2
    except SourceError as error:
        print(error, file=sys.stderr)
        print("nothing was imported", file=sys.stderr)
        return 2
    if arguments.format == "json":
        json.dump(summary.as_dict(), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for line in summary.findings():
            print(line)
        print(summary.text())
    return 1 if summary.failed else 0


def add_import_arguments(commands: Any) -> None:
    command = commands.add_parser(
        "import",
        help="turn an export (CSV, JSON Lines, JSON) into story files, again and again safely",
        description="Import an export through a YAML mapping into stories/imported/<source>/. "
        "Re-importing changes only what changed; files edited by hand are kept. Exit 1 when a row failed.",
    )
    command.add_argument("source", type=Path, help="the export: .csv (or .tsv, .txt), .jsonl, .json")
    command.add_argument(
        "--mapping", type=Path, required=True, help="the YAML mapping, e.g. site_config/imports/x.yml"
    )
    command.add_argument("--dry-run", action="store_true", help="write nothing; say what would happen")
    command.add_argument("--format", choices=("text", "json"), default="text")
    command.add_argument("--config", "-f", type=Path, help="mkdocs.yml (default: ./mkdocs.yml)")
    command.add_argument("--stories", type=Path, help="the stories folder (default: docs_dir of mkdocs.yml)")
    command.add_argument("--site-config", type=Path, help="the site_config folder (default: from mkdocs.yml)")
    command.set_defaults(run=run_import)
