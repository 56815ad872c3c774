"""The second host: ProperDocs 1.6.x, the maintained fork of MkDocs 1.x, builds the demo (strict) into the
same pages as MkDocs does. The one difference is the generator <meta> each host names itself in."""

from __future__ import annotations

import re
from pathlib import Path

from ..conftest import build_demo_site, search_records

# MkDocs: "mkdocs-1.6.1, mkdocs-material-9.x"; ProperDocs: "mkdocs-ProperDocs 1.6.7, mkdocs-material-9.x".
_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
# Pagefind names its data files after their content and does not yet write them the same way twice
# (issue 20, "Search"): the search is compared by its records instead.
_SEARCH = "pagefind/"


def _site_files(site_dir: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(site_dir.rglob("*")):
        name = path.relative_to(site_dir).as_posix()
        if path.is_file() and not name.startswith(_SEARCH):
            data = path.read_bytes()
            files[name] = _GENERATOR.sub(b"", data) if name.endswith(".html") else data
    return files


def test_properdocs_builds_the_demo_page_for_page_as_mkdocs(tmp_path: Path, demo_site: Path) -> None:
    # Both builds are made as of the same day (DEMO_EPOCH): MkDocs' is the one the other tests read.
    sites = {"mkdocs": demo_site, "properdocs": tmp_path / "properdocs"}
    built = build_demo_site(sites["properdocs"], host="properdocs")
    assert built.returncode == 0, built.stderr
    assert "ProperDocs 1.6." in (sites["properdocs"] / "index.html").read_text(encoding="utf-8")

    by_mkdocs, by_properdocs = _site_files(sites["mkdocs"]), _site_files(sites["properdocs"])
    assert sorted(by_mkdocs) == sorted(by_properdocs)
    assert len([name for name in by_mkdocs if name.endswith(".html")]) > 100
    assert [name for name in by_mkdocs if by_mkdocs[name] != by_properdocs[name]] == []
    assert search_records(sites["mkdocs"]) == search_records(sites["properdocs"])
