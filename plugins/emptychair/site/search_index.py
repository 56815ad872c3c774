"""Published stories -> the site's search index: Pagefind indexes in shards of consecutive weeks.

Why shards: Pagefind's search in the browser costs (pages matching a word) x (their entries for it),
so one index of 100,000 stories took 16 s to answer a word found in a fifth of them (measured with
Pagefind 1.5.2 and 1.6.0), and its filters alone were 1.4 MB to download. A shard holds at most
`SHARD_SIZE` stories; the browser searches the newest shard first and older ones as the reader goes
back in time, so the first results cost the same at 1,000 stories as at 100,000.

Pagefind reads one small HTML record per story (the `search-record.html` template: the story's words,
its filters and the facts shown with a result), not the site's pages: nothing of the card, the
related stories or the theme around them is parsed. The records go straight to Pagefind's indexing
service from a process of our own, beside MkDocs building the pages (`SearchIndexJob`).
"""

from __future__ import annotations

import json
import multiprocessing
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any, Protocol

from pagefind.service import get_executable

from ..publishing.addresses import Addresses
from ..publishing.child_process import end_with_parent
from ..publishing.publish import PublishedStory
from ..stories.model import KINDS, SENTIMENTS, Directory
from ..stories.weeks import IsoWeek
from .contexts import SearchRecordContext
from .pagefind_service import (
    PagefindService,
    PagefindServiceError,
    lower_priority,
    service_environment,
)
from .renderer import PageRenderer, format_day, make_environment
from .shard_store import ShardStore
from .today import Today

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


def record_values(
    item: PublishedStory, directory: Directory, themes: Mapping[str, Sequence[str]] | None = None
) -> dict[str, list[str]]:
    """The filter values of a story's record, as the search box offers them; `themes` gives each
    story's theme labels."""
    story = item.story
    values = {
        "kind": [story.kind],
        "week": [str(item.week)],
        "department": [directory.departments[slug].name for slug in story.departments],
        "touchpoint": [directory.touchpoints[slug].name for slug in story.touchpoints],
    }
    if not story.is_memo:
        values["sentiment"] = [story.sentiment]
    if themes and item.slug in themes:
        values["theme"] = list(themes[item.slug])
    return values


def manifest(
    shards: Sequence[Shard], directory: Directory, themes: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Any]:
    """What the search box loads first: the shards, newest first, and every filter value there is."""
    found: dict[str, set[str]] = {
        "department": set(),
        "touchpoint": set(),
        "kind": set(),
        "sentiment": set(),
        "theme": set(),
    }
    weeks: set[IsoWeek] = set()
    for shard in shards:
        for item in shard.stories:
            weeks.add(item.week)
            for name, values in record_values(item, directory, themes).items():
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
            "theme": _options(sorted(found["theme"])),
            "week": [
                {"value": str(week), "label": f"{week}, {week.dates}"} for week in sorted(weeks, reverse=True)
            ],
        },
    }


def _options(values: Iterable[str]) -> list[dict[str, str]]:
    return [{"value": value, "label": value} for value in values]


@dataclass(frozen=True, slots=True)
class RecordTemplate:
    """How a story becomes its record for Pagefind: the (overridable) record template, looked up in the
    theme's folders as pages are. Plain data, so that the indexing process can make its own renderer."""

    theme_dirs: tuple[str, ...]
    addresses: Addresses
    directory: Directory
    today: date
    language: str
    themes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Story slug -> the labels of its themes, for the theme filter."""

    def renderer(self) -> tuple[Callable[[PublishedStory], str], Today]:
        """What renders a story's record, and the day as the template sees it (it counts its uses)."""
        pages = PageRenderer(make_environment(self.theme_dirs), self.addresses, self.directory, self.today)

        def render(item: PublishedStory) -> str:
            context = SearchRecordContext(
                item=item, language=self.language, filters=record_values(item, self.directory, self.themes)
            )
            return pages.render_template(RECORD_TEMPLATE, context, "")

        return render, pages.today


@dataclass(frozen=True)
class KnownShards:
    """What an earlier build learnt of each shard, from the build cache: a shard is found by what its
    records are made from (its stories, the record template, the site's addresses and directory, the
    code: `inputs`), so a shard whose inputs an earlier build indexed is copied from the shard store
    without its records being made again. `records`: input key -> the key of the records it gave."""

    inputs: Mapping[str, str]
    """Shard name -> its input key."""
    records: Mapping[str, str]


Learnt = dict[str, tuple[str, bool]]
"""Input key -> the key of the records it gave, and whether making them used the day."""


class KeptFolders(Protocol):
    """The last build's site folder, set aside: a shard it holds of the same records is moved back
    (`pipeline.kept_site`), rather than copied from the shard store and every file of it read."""

    def reuse_folder(self, dest: str, key: str) -> bool: ...


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
    """Indexes the shards in a process of its own, beside MkDocs building the pages: rendering and
    sending 10,000 records and reading Pagefind's replies is about 1.2 s of Python, which in a thread of
    the build's process the GIL took from MkDocs (measured). `finish` waits for it, `cancel` stops it."""

    def __init__(self) -> None:
        self._process: multiprocessing.process.BaseProcess | None = None
        self._work: tempfile.TemporaryDirectory[str] | None = None
        self._indexed = False
        self._inputs: Mapping[str, str] = {}
        self.learnt: Learnt = {}
        """After `finish`: what the indexing process learnt of the shards it made (`KnownShards`)."""
        self.folders: dict[str, str] = {}
        """After `finish`: each shard's folder in the site -> the key of the records it holds."""

    def start(
        self,
        shards: Sequence[Shard],
        template: RecordTemplate,
        site_dir: Path,
        store: ShardStore | None = None,
        known: KnownShards | None = None,
        kept: KeptFolders | None = None,
    ) -> int:
        """Index `shards` into `site_dir`; with a `store`, a shard indexed before is copied from it, and
        with `known`, a shard whose inputs an earlier build indexed is copied here, without a process.
        Returns how many shards were copied so."""
        executable = _executable()
        output = site_dir / SEARCH_DIR
        # An index from an earlier build (`--dirty`, `mkdocs serve`) would leave deleted stories behind.
        shutil.rmtree(output, ignore_errors=True)
        if not shards:
            return 0
        output.mkdir(parents=True)
        listed = manifest(shards, template.directory, template.themes)
        (output / MANIFEST).write_text(
            json.dumps(listed, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
            encoding="utf-8",
        )
        self._indexed = True
        todo = [shard for shard in shards if not self._restored(shard, output, store, known, kept)]
        if not todo:
            try:
                _finished(output, shards, store)
            except OSError as error:
                raise SearchIndexError(
                    f"the search index could not be written to {output}: {error}"
                ) from None
            return len(shards)
        inputs = dict(known.inputs) if known is not None else {}
        self._inputs = {shard.name: inputs[shard.name] for shard in todo if shard.name in inputs}
        self._work = tempfile.TemporaryDirectory(prefix="emptychair-search-")
        work = Path(self._work.name)
        # The stories go through a file, not the process's pipe: start() would wait for the new process
        # to read 20 MB (10,000 stories) from a pipe before returning.
        with (work / "shards.pickle").open("wb") as stories:
            pickle.dump((todo, template, store, inputs), stories, protocol=pickle.HIGHEST_PROTOCOL)
        # spawn, not fork: `mkdocs serve` has threads, and forking those can deadlock.
        self._process = multiprocessing.get_context("spawn").Process(
            target=index_shards, args=(executable, work, output), name="emptychair-search", daemon=True
        )
        self._process.start()
        if self._process.pid is not None:
            lower_priority(self._process.pid)
        return len(shards) - len(todo)

    def _restored(
        self,
        shard: Shard,
        output: Path,
        store: ShardStore | None,
        known: KnownShards | None,
        kept: KeptFolders | None,
    ) -> bool:
        """Whether the shard was moved back from the last build's site or copied from the store, by what
        an earlier build learnt of its inputs."""
        if store is None or known is None:
            return False
        records = known.records.get(known.inputs.get(shard.name, ""))
        if records is None:
            return False
        folder = _shard_folder(shard.name)
        if kept is not None and kept.reuse_folder(folder, records):
            store.used.add(records)
        elif not store.restore_key(records, output / shard.name):
            return False
        self.folders[folder] = records
        return True

    def finish(self) -> bool:
        """Wait for the index; False when there was no story to index."""
        if self._process is None:
            return self._indexed
        self._process.join()
        code, self._process = self._process.exitcode, None
        try:
            assert self._work is not None
            problem = Path(self._work.name) / "error.txt"
            if problem.exists():
                raise SearchIndexError(problem.read_text(encoding="utf-8"))
            if code != 0:
                raise SearchIndexError(f"the search index was not written: its process ended with {code}")
            learnt = Path(self._work.name) / "learnt.json"
            if learnt.exists():
                self.learnt = {
                    key: (value[0], value[1]) for key, value in json.loads(learnt.read_text()).items()
                }
            for name, inputs in self._inputs.items():
                if inputs in self.learnt:
                    self.folders[_shard_folder(name)] = self.learnt[inputs][0]
        finally:
            self._cleanup()
        return True

    def cancel(self) -> None:
        """Stop indexing (a failed build, or `mkdocs serve` starting again). Pagefind's service ends
        with it: its input closes."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None
        self._cleanup()

    def _cleanup(self) -> None:
        if self._work is not None:
            self._work.cleanup()
            self._work = None


def index_shards(executable: Path, work: Path, output: Path) -> None:
    """The indexing process: every shard's records to Pagefind, each shard into its bundle. It ends
    with the build that started it (a build killed mid-index leaves it no minutes of work to finish),
    and then removes `work` (the stories it was given: 20 MB at 10,000 stories), which that build would
    have removed."""
    end_with_parent(work)
    try:
        with (work / "shards.pickle").open("rb") as stories:
            shards, template, store, inputs = pickle.load(stories)
        render, today = template.renderer()
        # Pagefind also reads a pagefind.yml in its working directory: it runs in an empty one.
        empty = work / "empty"
        empty.mkdir()
        learnt: Learnt = {}
        for shard in shards:
            before = today.uses
            records = [(record_url(template.addresses, item), render(item)) for item in shard.stories]
            bundle = output / shard.name
            if store is not None and store.restore(records, bundle):
                kept = store.key(records)
            else:
                # A service of its own for each shard: one that indexed a shard keeps the memory it took
                # (166 MiB after the first 2,000 stories, 217 MiB after the second).
                with PagefindService(executable, cwd=empty, environment=service_environment()) as service:
                    _index_shard(service, records, bundle)
                for unused in UNUSED_BUNDLE_FILES:
                    (bundle / unused).unlink(missing_ok=True)
                if store is None:
                    continue
                kept = store.keep(records, bundle)
            if shard.name in inputs:
                learnt[inputs[shard.name]] = (kept, today.uses > before)
        (work / "learnt.json").write_text(json.dumps(learnt), encoding="utf-8")
        _finished(output, shards, store)
    except PagefindServiceError as error:
        (work / "error.txt").write_text(f"the search index was not written: {error}", encoding="utf-8")
    except OSError as error:
        message = f"the search index could not be written to {output}: {error}"
        (work / "error.txt").write_text(message, encoding="utf-8")


def _shard_folder(name: str) -> str:
    """A shard's folder, by its path in the site."""
    return f"{SEARCH_DIR}/{name}"


def _finished(output: Path, shards: Sequence[Shard], store: ShardStore | None) -> None:
    if store is not None:
        store.prune()
    # Every shard's search code is the same: the search box imports it once, from here.
    shutil.copyfile(output / shards[-1].name / "pagefind.js", output / "pagefind.js")


def _index_shard(service: PagefindService, records: Sequence[tuple[str, str]], bundle: Path) -> None:
    # Records go in the same order every build, so pages get the same numbers and fragments the same
    # bytes. Pagefind (1.5.2) still writes each filter's values, and the filters in its metadata, in the
    # order of a hash map it seeds at random in each run: two cold builds of the same stories differ in
    # filter/*.pf_filter, the .pf_meta and pagefind-entry.json whatever the order given (measured), so
    # only the build cache (ShardStore), which restores a shard byte for byte, keeps them the same.
    index = service.new_index()
    service.add_files(index, records)
    service.write_files(index, bundle.resolve())


def build_search_index(
    stories: Iterable[PublishedStory], template: RecordTemplate, site_dir: Path, *, size: int = SHARD_SIZE
) -> bool:
    """The whole index, written into `site_dir` before returning; False when there is no story."""
    job = SearchIndexJob()
    job.start(plan_shards(stories, size), template, site_dir)
    return job.finish()
