"""Published stories -> the site's search index: Pagefind indexes in shards of consecutive weeks.

Why shards: Pagefind's search in the browser costs (pages matching a word) x (their entries for it),
so one index of 100,000 stories took 16 s to answer a word found in a fifth of them (measured with
Pagefind 1.5.2 and 1.6.0), and its filters alone were 1.4 MB to download. A shard holds at most
`SHARD_SIZE` stories; the browser searches the newest shard first and older ones as the reader goes
back in time, so the first results cost the same at 1,000 stories as at 100,000.

Pagefind reads one small HTML record per story (the `search-record.html` template: the story's words,
its filters and the facts shown with a result), not the site's pages: nothing of the card, the
related stories or the theme around them is parsed. The records go straight to Pagefind's indexing
service, beside MkDocs building the pages (`SearchIndexJob`).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from pagefind.service import get_executable

from ..publishing.addresses import Addresses
from ..publishing.publish import PublishedStory
from ..stories.model import KINDS, SENTIMENTS, Directory
from ..stories.weeks import IsoWeek
from .pagefind_service import PagefindService, PagefindServiceError, service_environment
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


def record_renderer(renderer: PageRenderer, directory: Directory, language: str) -> Callable[[PublishedStory], str]:
    """A story -> its record for Pagefind, from the (overridable) record template."""

    def render(item: PublishedStory) -> str:
        context = {"item": item, "language": language, "filters": record_values(item, directory)}
        return renderer.render_template(RECORD_TEMPLATE, context, "")

    return render


def record_url(addresses: Addresses, item: PublishedStory) -> str:
    """A story's record is found at the story's page, from the site's root."""
    return "/" + addresses.url(addresses.story(item.slug))


def _executable() -> Path:
    executable = get_executable()
    if executable is None:
        raise SearchIndexError(
            "Pagefind's indexer is not installed: install emptychair's dependencies again "
            "(pip install 'pagefind[bin]')"
        )
    return executable


class SearchIndexJob:
    """Indexes the shards with Pagefind's service in a thread of its own, so that Pagefind works while
    MkDocs builds the pages; `finish` waits for it, `cancel` stops it."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._error: SearchIndexError | None = None
        self._cancelled = threading.Event()
        self._service: PagefindService | None = None
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
        output.mkdir(parents=True)
        listed = manifest(shards, directory)
        (output / MANIFEST).write_text(
            json.dumps(listed, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8"
        )
        self._thread = threading.Thread(
            target=self._index,
            args=(executable, shards, render, addresses, output),
            name="emptychair-search",
            daemon=True,
        )
        self._thread.start()

    def finish(self) -> bool:
        """Wait for the index; False when there was no story to index."""
        if self._thread is None:
            return False
        self._thread.join()
        self._thread = None
        if self._error is not None:
            raise self._error
        return True

    def cancel(self) -> None:
        """Stop indexing (a failed build, or `mkdocs serve` starting again)."""
        self._cancelled.set()
        with self._lock:
            if self._service is not None:
                self._service.close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _index(
        self,
        executable: Path,
        shards: Sequence[Shard],
        render: Callable[[PublishedStory], str],
        addresses: Addresses,
        output: Path,
    ) -> None:
        try:
            # Pagefind also reads a pagefind.yml in its working directory: it runs in an empty one.
            with tempfile.TemporaryDirectory(prefix="emptychair-search-") as empty:
                for shard in shards:
                    # A service of its own for each shard: one that indexed a shard keeps the memory
                    # it took (166 MiB after the first 2,000 stories, 217 MiB after the second).
                    with self._lock:
                        if self._cancelled.is_set():
                            return
                        service = self._service = PagefindService(
                            executable, cwd=Path(empty), environment=service_environment()
                        )
                    with service:
                        self._index_shard(service, shard, render, addresses, output / shard.name)
            # Every shard's search code is the same: the search box imports it once, from here.
            shutil.copyfile(output / shards[-1].name / "pagefind.js", output / "pagefind.js")
        except PagefindServiceError as error:
            if not self._cancelled.is_set():
                self._error = SearchIndexError(f"the search index was not written: {error}")
        except OSError as error:
            self._error = SearchIndexError(f"the search index could not be written to {output}: {error}")
        finally:
            with self._lock:
                self._service = None

    @staticmethod
    def _index_shard(
        service: PagefindService,
        shard: Shard,
        render: Callable[[PublishedStory], str],
        addresses: Addresses,
        bundle: Path,
    ) -> None:
        index = service.new_index()
        # Records are rendered as they are sent: a shard's records are never all in memory at once.
        service.add_files(index, ((record_url(addresses, item), render(item)) for item in shard.stories))
        service.write_files(index, bundle.resolve())
        service.delete_index(index)
        for unused in UNUSED_BUNDLE_FILES:
            (bundle / unused).unlink(missing_ok=True)


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
