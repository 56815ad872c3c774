"""A build into the last build's site folder moves back the files it would write again, byte for byte,
and the site is the one a build without the cache or the folder makes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from emptychair.pipeline.cache import CACHE_DIR
from emptychair.plugin.served_site_dir import IGNORED

from ..conftest import Site, search_records
from .test_build_cache import _outputs
from .test_unchanged_pages import _stories

_MOVED_BACK = re.compile(r"\((\d+) of them the last build's files, moved back\)")
_FOLDERS_MOVED_BACK = re.compile(r"\((\d+) of them the last build's folders, moved back\)")


def _moved_back(log: str, what: re.Pattern[str] = _MOVED_BACK) -> int:
    found = what.search(log)
    return int(found.group(1)) if found is not None else 0


def _build_and_compare(site: Site, name: str) -> str:
    """Builds into the site folder with the cache, and into a new folder without either: the same files.
    Returns the first build's log."""
    kept = site.build()
    cache, saved = site.root / CACHE_DIR, site.root / "saved-cache"
    shutil.move(cache, saved)
    try:
        site.build("-d", f"cold-{name}")
    finally:
        shutil.rmtree(cache)
        shutil.move(saved, cache)
    assert _outputs(site.root / "site") == _outputs(site.root / f"cold-{name}")
    assert search_records(site.root / "site") == search_records(site.root / f"cold-{name}")
    return kept.stderr


def _files(site_dir: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(site_dir).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in site_dir.rglob("*.html")
    }


def _untouched(before: dict[str, tuple[bytes, int]], after: dict[str, tuple[bytes, int]]) -> list[str]:
    """The files the last build's site had with the same modification time: each has the same bytes."""
    same = [path for path in after if path in before and after[path][1] == before[path][1]]
    assert [path for path in same if after[path][0] != before[path][0]] == []
    return same


def test_a_build_moves_back_the_last_build_s_unchanged_files_and_makes_the_same_site(site: Site) -> None:
    _stories(site)
    _build_and_compare(site, "first")
    page = site.root / "site/stories/older/index.html"

    # Nothing changed: every page this build would write is the last build's file, untouched.
    before = _files(site.root / "site")
    log = _build_and_compare(site, "again")
    assert len(_untouched(before, _files(site.root / "site"))) == _moved_back(log) >= 3, log
    assert "stories/older/index.html" in _untouched(before, _files(site.root / "site"))
    # The search index's shards (whole weeks) too.
    assert _moved_back(log, _FOLDERS_MOVED_BACK) == 1, log

    # A new story: the pages it leaves as they were are moved back, the others written again.
    before = _files(site.root / "site")
    site.add("2026/w47/new.md", "One more.", title="New one")
    log = _build_and_compare(site, "new")
    assert len(_untouched(before, _files(site.root / "site"))) == _moved_back(log) > 0, log
    assert (site.root / "site/stories/new/index.html").is_file()

    # A page changed in the site folder since (by hand, by another tool) is written again, and a search
    # shard with a file changed is not moved back either.
    page.write_text("<p>Changed by hand</p>", encoding="utf-8")
    entry = site.root / "site/pagefind/s0001/pagefind-entry.json"
    entry.write_text(entry.read_text(encoding="utf-8") + " ", encoding="utf-8")
    log = _build_and_compare(site, "edited-by-hand")
    assert "Changed by hand" not in page.read_text(encoding="utf-8")
    assert _moved_back(log, _FOLDERS_MOVED_BACK) == 0, log

    # The page around every story changes: none is moved back, each is written anew.
    overrides = site.root / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "copyright.html").write_text("<p>Our own footer</p>\n")
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    _build_and_compare(site, "footer")
    assert "Our own footer" in page.read_text(encoding="utf-8")


def test_the_files_set_aside_are_gone_after_the_build_and_hidden_ones_stay(site: Site) -> None:
    _stories(site)
    site.build()
    (site.root / "site/.git").mkdir()
    (site.root / "site/.git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    (site.root / "site/left-over.html").write_text("<p>From another build</p>")
    log = site.build().stderr
    assert _moved_back(log) >= 3, log
    # As MkDocs empties a site folder: every entry but the hidden ones.
    assert (site.root / "site/.git/HEAD").is_file()
    assert not (site.root / "site/left-over.html").exists()
    assert [path.name for path in site.root.iterdir() if path.name.startswith(".site-old-")] == []


def test_a_dirty_build_writes_over_the_site_and_sets_nothing_aside(site: Site) -> None:
    _stories(site)
    site.build()
    (site.root / "site/left-over.html").write_text("<p>From another build</p>")
    log = site.build("--dirty").stderr
    assert _moved_back(log) == 0, log
    assert (site.root / "site/left-over.html").is_file()
    assert (site.root / "site/stories/older/index.html").is_file()


def test_what_a_killed_build_set_aside_is_removed_by_the_next_and_nothing_else(site: Site) -> None:
    _stories(site)
    site.build()
    # A build killed half way (no event of MkDocs ran) leaves the folder it set aside beside the site.
    killed = site.root / ".site-old-killed"
    shutil.copytree(site.root / "site", killed)
    (killed / ".gitignore").write_text(IGNORED, encoding="utf-8")
    ours_not = site.root / ".site-old-yours"
    ours_not.mkdir()
    (ours_not / "notes.txt").write_text("Not emptychair's.")
    site.build()
    assert not killed.exists()
    assert (ours_not / "notes.txt").is_file()


def test_a_story_page_alone_in_its_folder_is_moved_back_with_it_and_nothing_else_comes_along(
    site: Site,
) -> None:
    _stories(site)
    site.build()
    older, parcel = site.root / "site/stories/older", site.root / "site/stories/parcel"
    folder_before = older.stat().st_ino
    # Put there since the last build (by hand, by another tool): a cold build would not have it.
    (parcel / "notes.txt").write_text("Not the site's.")
    _build_and_compare(site, "again")
    # One rename of the folder rather than a folder made anew and the file renamed into it.
    assert older.stat().st_ino == folder_before
    assert not (parcel / "notes.txt").exists()
    assert (parcel / "index.html").is_file()
