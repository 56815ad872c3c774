"""A generated export with known topics, written as a site and built by a real `mkdocs build`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from .test_themes import corpus


def write_corpus_site(root: Path, records: list[Any], *, site_url: str | None = None) -> None:
    """The generated `records` as a site in `root`, with the repository's site_config."""
    corpus.write_site(records, root)
    config: dict[str, Any] = {"site_name": "Themes"}
    if site_url is not None:
        config["site_url"] = site_url
    config |= {
        "docs_dir": "stories",
        "theme": {"name": "material", "font": False},
        "plugins": [{"emptychair": {"site_config": "site_config", "today": "2026-11-23"}}],
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")


def build_site(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build` of the site in `root` (into `root / "site"` unless `extra` says otherwise)."""
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *extra],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert built.returncode == 0, built.stderr
    return built


def build_corpus_site(
    root: Path, count: int, *, seed: int, weeks: int = 1, site_url: str | None = None
) -> None:
    """`count` generated stories over `weeks` as a site in `root`, built into `root / "site"`."""
    write_corpus_site(root, corpus.generate(count, seed=seed, weeks=weeks), site_url=site_url)
    build_site(root, "-q")
