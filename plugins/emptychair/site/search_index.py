"""The built site's story pages -> Pagefind's search index, written into the site beside them.

Pagefind reads the finished HTML: what it indexes, filters on and shows is marked up in the story
templates (`data-pagefind-body`, `-ignore`, `-filter`, `-meta`). The browser then fetches only the
index chunks and excerpts a query needs, so a search costs the same at 100 stories as at 100,000.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pagefind.service import get_executable

# Where the index and Pagefind's own search UI go, relative to the site; the search partial loads
# them from there.
SEARCH_DIR = "pagefind"
# Only story pages are searched: listings and digests repeat the stories. Reading just these files
# also spares Pagefind the megabytes of listing and digest HTML of a large site.
STORY_PAGES = "stories/**/*.html"


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says which and what it printed."""


def build_search_index(site_dir: Path) -> bool:
    """Index the story pages under `site_dir` into `site_dir/pagefind/`, replacing any earlier index.

    False when the site has no story page to index (Pagefind refuses to write an empty index).
    """
    executable = get_executable()
    if executable is None:
        raise SearchIndexError(
            "Pagefind's indexer is not installed: install emptychair's dependencies again "
            "(pip install 'pagefind[bin]')"
        )
    # An index from an earlier build would leave fragments of deleted or changed stories behind.
    shutil.rmtree(site_dir / SEARCH_DIR, ignore_errors=True)
    if not any(site_dir.glob(STORY_PAGES)):
        return False
    # Pagefind also reads PAGEFIND_* variables and a pagefind.yml in its working directory: the
    # index must depend on neither, so it runs in an empty directory without them.
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    command = [
        str(executable),
        "--site",
        str(site_dir.resolve()),
        "--glob",
        STORY_PAGES,
        "--output-subdir",
        SEARCH_DIR,
        "--quiet",
    ]
    with tempfile.TemporaryDirectory(prefix="emptychair-pagefind-") as empty:
        result = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=empty)
    if result.returncode != 0:
        printed = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"Pagefind could not index {site_dir} (exit {result.returncode}):\n{printed}")
    return True
