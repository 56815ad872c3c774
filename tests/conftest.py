"""Shared helpers: write small story sites into tmp_path and build them with the real MkDocs."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from emptychair.publishing.publish import PublishedStory
from emptychair.stories.model import Story
from emptychair.stories.weeks import IsoWeek
from selectolax.lexbor import LexborHTMLParser

# The real SMTP server fixtures, for every test module.
from .smtp_server import server, start_server  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def published_story(number: int, when: datetime, **fields: Any) -> PublishedStory:
    """A published story "Story N" (slug sNNN), a complaint unless `fields` say otherwise, in memory."""
    story = Story(
        slug=f"s{number:03d}",
        source=f"stories/s{number:03d}.md",
        src_uri=f"s{number:03d}.md",
        title=f"Story {number}",
        published=when,
        kind=fields.pop("kind", "complaint"),
        body="",
        **fields,
    )
    return PublishedStory(story, IsoWeek.of(when.date()), "", "")


def generate_corpus(out: Path, count: int) -> None:
    """The benchmark's generated stories and site_config, written into `out`."""
    generated = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "--count", str(count), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert generated.returncode == 0, generated.stderr


def story_text(body: str = "The customer told us what happened.", **fields: object) -> str:
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True)
    return f"---\n{front}---\n{body}\n"


def good_fields(**overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": "Parcel left in the rain",
        "date": "2026-11-17",
        "kind": "complaint",
        "customer": {"name": "Margaret Hughes", "segment": "Retail"},
        "consent": True,
        "channel": "phone",
        "rating": 2,
        "touchpoints": ["delivery"],
        "author": "sam-agent",
    }
    fields.update(overrides)
    return {key: value for key, value in fields.items() if value is not None}


@dataclass
class Site:
    root: Path

    @property
    def stories(self) -> Path:
        return self.root / "stories"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.stories / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def add(self, relative: str, body: str = "The customer told us what happened.", **fields: object) -> Path:
        return self.write(relative, story_text(body, **good_fields(**fields)))

    def configure(self, options: str) -> None:
        """Set emptychair options (YAML, as under `- emptychair:`), replacing those of the same name."""
        config = self.root / "mkdocs.yml"
        text = config.read_text()
        for key in yaml.safe_load(options):
            text = re.sub(rf"\n      {key}:.*(\n        .*)*", "", text)
        indented = "".join(f"      {line}\n" for line in options.strip().splitlines())
        config.write_text(
            text.replace("      site_config: site_config\n", "      site_config: site_config\n" + indented)
        )

    def override(self, relative: str, template: str) -> None:
        """A template of the site's own (theme.custom_dir: overrides), beside any written before."""
        path = self.root / "overrides" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template, encoding="utf-8")
        config = self.root / "mkdocs.yml"
        text = config.read_text()
        if "custom_dir:" not in text:
            config.write_text(text.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))

    def build(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-f", str(self.root / "mkdocs.yml"), *extra],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.root,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"mkdocs build failed:\n{result.stderr}")
        return result

    def page(self, url: str) -> LexborHTMLParser:
        path = self.root / "site" / url
        if url == "" or url.endswith("/"):
            path = path / "index.html"
        return LexborHTMLParser(path.read_text(encoding="utf-8"))

    def content(self, url: str) -> LexborHTMLParser:
        """The page's main content, without Material's navigation and header."""
        article = self.page(url).css_first("article.md-content__inner")
        assert article is not None, f"{url} has no content"
        return LexborHTMLParser(article.html or "")


# The demo is built "as of" one fixed day, so that builds made minutes (or a midnight) apart, by either
# host, can be compared page for page. The wheel test builds it as of today.
DEMO_EPOCH = "1795000000"


def build_demo_site(site_dir: Path, host: str = "mkdocs") -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build --strict` of the repository's own demo site into `site_dir` (or the same with
    `host` "properdocs")."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            host,
            "build",
            "--strict",
            "-f",
            str(REPO / "mkdocs.yml"),
            "-d",
            str(site_dir),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": DEMO_EPOCH},
        cwd=REPO,
    )


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site built once by MkDocs (strict), for every test that only reads it."""
    site_dir = tmp_path_factory.mktemp("demo-site")
    result = build_demo_site(site_dir)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed ({result.returncode}):\n{result.stderr}")
    return site_dir


# Pagefind's data files are gzip-compressed and start with this signature.
PAGEFIND_SIGNATURE = b"pagefind_dcd"


def _pagefind_data(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(PAGEFIND_SIGNATURE), f"{path} is not Pagefind data"
    return data[len(PAGEFIND_SIGNATURE) :]


def search_records(site_dir: Path, shards: str = "pagefind/*") -> list[dict[str, Any]]:
    """What Pagefind indexed, one record per story (url, content, meta, filters), from the fragments of
    every shard (or of the folder `shards` names, relative to `site_dir`)."""
    fragments = sorted(site_dir.glob(f"{shards}/fragment/*.pf_fragment"))
    return sorted((json.loads(_pagefind_data(path)) for path in fragments), key=lambda record: record["url"])


def search_data(site_dir: Path) -> str:
    """Every data file of the search index, decompressed, as text to look through."""
    paths = sorted(path for path in (site_dir / "pagefind").rglob("*") if path.suffix.startswith(".pf_"))
    assert paths, f"no search index in {site_dir}"
    return "\n".join(_pagefind_data(path).decode("utf-8", errors="replace") for path in paths)


MKDOCS_YML = """\
site_name: Test voice
site_url: https://voice.example.test/
docs_dir: stories
theme:
  name: material
  font: false
plugins:
  - emptychair:
      site_config: site_config
      today: "2026-11-22"
validation:
  nav:
    omitted_files: ignore
"""


@pytest.fixture
def site(tmp_path: Path) -> Site:
    shutil.copytree(FIXTURES / "site_config", tmp_path / "site_config")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (tmp_path / "stories").mkdir()
    return Site(tmp_path)


@pytest.fixture
def text_of() -> Callable[[LexborHTMLParser, str], list[str]]:
    def texts(tree: LexborHTMLParser, selector: str) -> list[str]:
        return [" ".join(node.text().split()) for node in tree.css(selector)]

    return texts
