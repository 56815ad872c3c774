"""`emptychair clean`: remove the build cache, so the next build starts from nothing (the send record
beside it stays: it says which digests went out)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..pipeline.cache import clean_cache
from ..pipeline.project import load_project


def add_clean_arguments(commands: Any) -> None:
    clean = commands.add_parser(
        "clean",
        help="remove the build cache (.cache/emptychair/); the record of sent digests stays",
        description="Remove the build cache, so the next build reads and renders every story again.",
    )
    clean.add_argument("--config", "-f", type=Path, help="mkdocs.yml (default: ./mkdocs.yml)")
    clean.set_defaults(run=run_clean)


def run_clean(arguments: argparse.Namespace) -> int:
    settings = load_project(arguments.config).settings
    folder = settings.cache_dir
    if folder is None:
        print("this project keeps no build cache")
        return 0
    removed = clean_cache(folder)
    print(
        f"removed the build cache from {folder}: " + ", ".join(path.name for path in removed)
        if removed
        else "no build cache to remove"
    )
    return 0
