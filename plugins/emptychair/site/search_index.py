"""Published stories -> the site's search index: Pagefind indexes in shards of consecutive weeks.

Why shards: Pagefind's search in the browser costs (pages matching a word) x (their entries for it),
so one index of 100,000 stories took 16 s to answer a word found in a fifth of them (measured with
Pagefind 1.5.2 and 1.6.0), and its filters alone were 1.4 MB to download. A shard holds at most
`SHARD_SIZE` stories; the browser searches the newest shard first and older ones as the reader goes
back in time, so the first results cost the same at 1,000 stories as at 100,000.

Pagefind reads one small HTML record per story (the `search-record.html` template: the story's words,
its filters and the facts shown with a result), not the site's pages: nothing of the card, the
related stories or the theme around them is parsed. Indexing runs in Pagefind's own processes, beside
MkDocs building the pages (`SearchIndexJob`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from pagefind.service import get_executable

from ..publishing.addresses import Addresses
from ..publishing.publish import PublishedStory
from ..stories.model import KINDS, SENTIMENTS, Directory
from ..stories.weeks import IsoWeek
from .renderer import PageRenderer, format_day

SEARCH_DIR = "pagefind"
"""Where the shards, their manifest and Pagefind's search code go, relative to the site."""
MANIFEST = "shards.json"
SHARD_SIZE = 2_000
"""Stories per shard at most (the plugin's `search_shard_size`). A word found in every story of a full
shard is answered in about 110 ms in Chromium here (measured); the common case is far less."""
RECORD_TEMPLATE = "emptychair/search-record.html"
# Of what Pagefind writes into each bundle, the browser needs the index, the search code and its worker.
# Its ready-made UIs are not used: our search box drives Pagefind's JavaScript API.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says which and what it printed."""


@dataclass(frozen=True, slots=True)
class Shard:
    """Stories of consecutive weeks, oldest first, searched together."""

    name: str
    stories: tuple[PublishedStory, ...]

    @property
    def weeks(self) -> list[IsoWeek]:
        return sorted({item.week for item in self.stories})


def plan_shards(stories: Iterable[PublishedStory], size: int = SHARD_SIZE) -> list[Shard]:
    """Shards from the oldest week on, whole weeks together while they fit in `size`; a week with more
    stories than that is cut into shards of its own. Numbered from the oldest, so a new week's stories
    change only the newest shards."""
    ordered = sorted(stories, key=lambda item: (item.week, item.story.published, item.slug))
    batches: list[list[PublishedStory]] = []
    current: list[PublishedStory] = []
    for _, in_week in groupby(ordered, key=lambda item: item.week):
        week = list(in_week)
        if current and len(current) + len(week) > size:
            batches.append(current)
            current = []
        if len(week) > size:
            batches.extend(week[start : start + size] for start in range(0, len(week), size))
        else:
            current.extend(week)
    if current:
        batches.append(current)
    return [Shard(f"s{number:04d}", tuple(batch)) for number, batch in enumerate(batches, start=1)]


def record_values(item: PublishedStory, directory: Directory) -> dict[str, list[str]]:
    """The filter values of a story's record, as the search box offers them."""
    story = item.story
    values = {
        "kind": [story.kind],
        "week": [str(item.week)],
        "department": [directory.departments[slug].name for slug in story.departments],
        "touchpoint": [directory.touchpoints[slug].name for slug in story.touchpoints],
    }
    if not story.is_memo:
        values["sentiment"] = [story.sentiment]
    return values


def manifest(shards: Sequence[Shard], directory: Directory) -> dict[str, Any]:
    """What the search box loads first: the shards, newest first, and every filter value there is."""
    found: dict[str, set[str]] = {"department": set(), "touchpoint": set(), "kind": set(), "sentiment": set()}
    weeks: set[IsoWeek] = set()
    for shard in shards:
        for item in shard.stories:
            weeks.add(item.week)
            for name, values in record_values(item, directory).items():
                if name != "week":
                    found[name].update(values)
    return {
        "shards": [
            {
                "path": f"{shard.name}/",
                "stories": len(shard.stories),
                "from": format_day(shard.stories[0].story.published),
                "to": format_day(shard.stories[-1].story.published),
                "weeks": [str(week) for week in shard.weeks],
            }
            for shard in reversed(shards)
        ],
        "filters": {
            "department": _options(sorted(found["department"])),
            "touchpoint": _options(sorted(found["touchpoint"])),
            "kind": _options(kind for kind in KINDS if kind in found["kind"]),
            "sentiment": _options(value for value in SENTIMENTS if value in found["sentiment"]),
            "week": [{"value": str(week), "label": f"{week}, {week.dates}"} for week in sorted(weeks, reverse=True)],
        },
    }


def _options(values: Iterable[str]) -> list[dict[str, str]]:
    return [{"value": value, "label": value} for value in values]


def record_path(addresses: Addresses, item: PublishedStory) -> str:
    """Where a story's record goes in its shard's folder: Pagefind gives it the story page's URL."""
    url = addresses.url(addresses.story(item.slug))
    return url + "index.html" if url.endswith("/") or not url else url


def record_renderer(renderer: PageRenderer, directory: Directory, language: str) -> Callable[[PublishedStory], str]:
    """A story -> its record for Pagefind, from the (overridable) record template."""

    def render(item: PublishedStory) -> str:
        context = {"item": item, "language": language, "filters": record_values(item, directory)}
        return renderer.render_template(RECORD_TEMPLATE, context, "")

    return render


def write_records(
    shards: Sequence[Shard],
    render: Callable[[PublishedStory], str],
    addresses: Addresses,
    records_dir: Path,
) -> None:
    """Each shard's records into `records_dir/<shard>/`, for Pagefind to read."""
    for shard in shards:
        folder = records_dir / shard.name
        for item in shard.stories:
            path = folder / record_path(addresses, item)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(item), encoding="utf-8")


def _executable() -> Path:
    executable = get_executable()
    if executable is None:
        raise SearchIndexError(
            "Pagefind's indexer is not installed: install emptychair's dependencies again "
            "(pip install 'pagefind[bin]')"
        )
    return executable


class SearchIndexJob:
    """Indexes the shards' records with Pagefind in a thread of its own, so that Pagefind's processes run
    while MkDocs builds the pages; `finish` waits for it. The records are written by `start`."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._error: SearchIndexError | None = None
        self._cancelled = threading.Event()
        self._running: subprocess.Popen[str] | None = None
        self._work: tempfile.TemporaryDirectory[str] | None = None
        self._lock = threading.Lock()

    def start(
        self,
        shards: Sequence[Shard],
        render: Callable[[PublishedStory], str],
        addresses: Addresses,
        directory: Directory,
        site_dir: Path,
    ) -> None:
        executable = _executable()
        output = site_dir / SEARCH_DIR
        # An index from an earlier build (`--dirty`, `mkdocs serve`) would leave deleted stories behind.
        shutil.rmtree(output, ignore_errors=True)
        if not shards:
            return
        self._work = tempfile.TemporaryDirectory(prefix="emptychair-search-")
        work = Path(self._work.name)
        write_records(shards, render, addresses, work / "records")
        output.mkdir(parents=True)
        (output / MANIFEST).write_text(
            json.dumps(manifest(shards, directory), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
            encoding="utf-8",
        )
        names = [shard.name for shard in shards]
        self._thread = threading.Thread(
            target=self._index, args=(executable, work, names, output), name="emptychair-search", daemon=True
        )
        self._thread.start()

    def finish(self) -> bool:
        """Wait for the index; False when there was no story to index."""
        if self._thread is None:
            return False
        self._thread.join()
        self._thread = None
        self._cleanup()
        if self._error is not None:
            raise self._error
        return True

    def cancel(self) -> None:
        """Stop indexing (a failed build, or `mkdocs serve` starting again)."""
        self._cancelled.set()
        with self._lock:
            if self._running is not None:
                self._running.terminate()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._cleanup()

    def _cleanup(self) -> None:
        if self._work is not None:
            self._work.cleanup()
            self._work = None

    def _index(self, executable: Path, work: Path, names: list[str], output: Path) -> None:
        try:
            for name in names:
                if self._cancelled.is_set():
                    return
                self._run_pagefind(executable, work, work / "records" / name, output / name)
                for unused in UNUSED_BUNDLE_FILES:
                    (output / name / unused).unlink(missing_ok=True)
            # Every shard's search code is the same: the search box imports it once, from here.
            shutil.copyfile(output / names[-1] / "pagefind.js", output / "pagefind.js")
        except SearchIndexError as error:
            self._error = error
        except OSError as error:
            self._error = SearchIndexError(f"the search index could not be written to {output}: {error}")

    def _run_pagefind(self, executable: Path, work: Path, records: Path, bundle: Path) -> None:
        # Pagefind also reads PAGEFIND_* variables and a pagefind.yml in its working directory: the
        # index must depend on neither, so it runs in an empty directory without them.
        environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
        empty = work / "empty"
        empty.mkdir(exist_ok=True)
        command = [str(executable), "--site", str(records), "--output-path", str(bundle.resolve()), "--quiet"]
        with self._lock:
            if self._cancelled.is_set():
                return
            self._running = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment, cwd=empty
            )
        printed, _ = self._running.communicate()
        code = self._running.returncode
        with self._lock:
            self._running = None
        if code != 0 and not self._cancelled.is_set():
            raise SearchIndexError(f"Pagefind could not index {bundle.name} (exit {code}):\n{printed.strip()}")


def build_search_index(
    stories: Iterable[PublishedStory],
    render: Callable[[PublishedStory], str],
    addresses: Addresses,
    directory: Directory,
    site_dir: Path,
    *,
    size: int = SHARD_SIZE,
) -> bool:
    """The whole index, written into `site_dir` before returning; False when there is no story."""
    job = SearchIndexJob()
    job.start(plan_shards(stories, size), render, addresses, directory, site_dir)
    return job.finish()


def shard_names(site_dir: Path) -> Iterator[str]:
    """The shards a built site has, newest first, as its manifest lists them."""
    listed = json.loads((site_dir / SEARCH_DIR / MANIFEST).read_text(encoding="utf-8"))
    for shard in listed["shards"]:
        yield str(shard["path"]).rstrip("/")
