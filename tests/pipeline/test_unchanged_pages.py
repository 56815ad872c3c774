"""Unchanged pages are written from the build cache outside MkDocs' page loop, and the site is the one a
build without the cache makes: listed in the sitemap, made again when the page around them changed in a
way mkdocs.yml does not show, and left to MkDocs whenever another plugin sees pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from emptychair.pipeline.cache import CACHE_DIR
from selectolax.lexbor import LexborHTMLParser

from ..conftest import Site
from .test_build_cache import _cold_and_warm_log, _outputs

_ASIDE = re.compile(r"pages written as kept, outside MkDocs' page loop: (\d+)")


def _aside(log: str) -> int:
    found = _ASIDE.search(log)
    return int(found.group(1)) if found is not None else 0


def _hook(site: Site, source: str, nav: str = "") -> None:
    """A hooks.py of `source` in the site's mkdocs.yml, with `nav` after it."""
    (site.root / "hooks.py").write_text(source, encoding="utf-8")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - hooks.py\n" + nav)


def _stories(site: Site) -> None:
    site.add("2026/w47/parcel.md", "The parcel was late.", title="Parcel")
    site.add("2026/w47/quote.md", "A quick quote, thank you.", title="Quote", touchpoints=["quotes"])
    site.add("2026/w46/older.md", "An older one.", title="Older", date="2026-11-10")


def test_unchanged_pages_are_written_as_kept_and_listed_in_the_sitemap(site: Site) -> None:
    _stories(site)
    site.build()
    site.add("2026/w47/new.md", "One more.", title="New one")
    log = _cold_and_warm_log(site, "new")
    # The new story's page, and every listing it shifts, are made; the older stories' pages are not.
    assert _aside(log) >= 3, log
    sitemap = (site.root / "warm-new/sitemap.xml").read_text("utf-8")
    for slug in ("parcel", "quote", "older", "new"):
        assert f"https://voice.example.test/stories/{slug}/</loc>" in sitemap


def test_pages_set_aside_are_made_again_when_the_navigation_changed(site: Site) -> None:
    # Another plugin adds a page of its own (no page events) that the navigation names by its heading:
    # the heading changes the navigation on every page, though mkdocs.yml and the stories did not change.
    about = (
        "import pathlib\n"
        "from mkdocs.structure.files import File\n"
        "def on_files(files, config):\n"
        "    about = pathlib.Path(config.config_file_path).parent / 'about.txt'\n"
        "    files.append(File.generated(config, 'about.md', content=about.read_text()))\n"
        "    return files\n"
    )
    _hook(site, about, nav="nav:\n  - index.md\n  - about.md\n")
    (site.root / "about.txt").write_text("# About us\n\nWho we are.\n", encoding="utf-8")
    _stories(site)
    site.build()
    (site.root / "about.txt").write_text("# Who we are\n\nWho we are.\n", encoding="utf-8")
    log = _cold_and_warm_log(site, "renamed")
    assert _aside(log) == 0, log
    page = LexborHTMLParser((site.root / "warm-renamed/stories/older/index.html").read_text("utf-8"))
    assert "Who we are" in [" ".join(node.text().split()) for node in page.css("nav a")]
    # And the next build, with the same navigation, sets them aside again.
    again = site.build("-d", "again")
    assert _aside(again.stderr) >= 3
    assert _outputs(site.root / "again") == _outputs(site.root / "warm-renamed")


def test_every_page_goes_through_the_page_loop_while_another_plugin_sees_pages(site: Site) -> None:
    seen_pages = (
        "import pathlib\n"
        "def on_post_page(output, page, config):\n"
        "    seen = pathlib.Path(config.config_file_path).parent / 'seen.txt'\n"
        "    with seen.open('a') as out:\n"
        "        out.write(page.file.src_uri + '\\n')\n"
        "    return output\n"
    )
    _hook(site, seen_pages)
    _stories(site)
    site.build()
    seen = site.root / "seen.txt"
    seen.unlink()
    again = site.build("-d", "again")
    assert _aside(again.stderr) == 0
    assert "every page goes through MkDocs' page loop: the plugin hooks.py sees pages" in again.stderr
    assert {"stories/parcel.md", "stories/quote.md", "stories/older.md"} <= set(seen.read_text().split())


def test_a_page_of_another_plugin_links_to_a_page_set_aside(site: Site) -> None:
    # MkDocs renders this page itself and looks its links up among the documentation files: a story's
    # page set aside is still one of them, at its own address.
    about = (
        "from mkdocs.structure.files import File\n"
        "def on_files(files, config):\n"
        "    text = '# About\\n\\nSee [the parcel](stories/parcel.md#what-happened).\\n'\n"
        "    files.append(File.generated(config, 'about.md', content=text))\n"
        "    return files\n"
    )
    _hook(site, about, nav="nav:\n  - index.md\n  - about.md\n")
    _stories(site)
    site.add("2026/w47/parcel.md", "## What happened\n\nThe parcel was late.", title="Parcel")
    site.build("--strict")
    again = site.build("--strict", "-d", "again")
    assert _aside(again.stderr) >= 3, again.stderr
    assert "parcel" not in again.stderr, again.stderr
    page = LexborHTMLParser((site.root / "again/about/index.html").read_text("utf-8"))
    links = [node.attributes.get("href") for node in page.css("article a")]
    assert "../stories/parcel/#what-happened" in links, links


def test_a_link_to_an_anchor_a_page_set_aside_lacks_fails_a_strict_build_as_without_the_cache(
    site: Site,
) -> None:
    # MkDocs checks a link's anchor against the page it leads to, with `validation: anchors: warn` a
    # warning that fails a strict build: a page set aside has the anchors of the content it was kept with.
    about = (
        "from mkdocs.structure.files import File\n"
        "def on_files(files, config):\n"
        "    text = '# About\\n\\n[Here](stories/parcel.md#what-happened), [there](stories/parcel.md#nowhere).\\n'\n"
        "    files.append(File.generated(config, 'about.md', content=text))\n"
        "    return files\n"
    )
    _hook(site, about, nav="nav:\n  - index.md\n  - about.md\nvalidation:\n  anchors: warn\n")
    site.add("2026/w47/parcel.md", "## What happened\n\nThe parcel was late.", title="Parcel")
    site.add("2026/w46/older.md", "An older one.", title="Older", date="2026-11-10")
    site.build()
    missing = "contains a link 'stories/parcel.md#nowhere', but the doc 'stories/parcel.md' does not contain"
    for site_dir in ("cold", "warm"):
        if site_dir == "cold":
            shutil.rmtree(site.root / CACHE_DIR)
        built = site.build("--strict", "-d", site_dir, check=False)
        assert built.returncode == 1, built.stderr
        assert missing in built.stderr, built.stderr
        assert "#what-happened" not in built.stderr, built.stderr
    assert _aside(built.stderr) >= 2, built.stderr


def _properdocs(site: Site, site_dir: str) -> str:
    built = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", site_dir],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        cwd=site.root,
    )
    assert built.returncode == 0, built.stderr
    return built.stderr


def test_properdocs_sets_pages_aside_into_the_site_of_a_build_without_the_cache(site: Site) -> None:
    _stories(site)
    _properdocs(site, "first")
    site.add("2026/w47/new.md", "One more.", title="New one")
    shutil.move(site.root / CACHE_DIR, site.root / "kept-cache")
    _properdocs(site, "cold")
    shutil.rmtree(site.root / CACHE_DIR)
    shutil.move(site.root / "kept-cache", site.root / CACHE_DIR)
    warm = _properdocs(site, "warm")
    assert _aside(warm) >= 3, warm
    assert _outputs(site.root / "warm") == _outputs(site.root / "cold")
