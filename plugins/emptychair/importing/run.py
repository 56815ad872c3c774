"""An import from start to end: read the export row by row, map, merge duplicates, then write only what
changed and nobody edited. A story's file follows its record's identity, never its row."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from ..stories.loading import display_path
from ..stories.model import Customer, Directory
from ..stories.problems import Problem
from ..stories.schema import named_in_slug
from .mapping import ImportMapping, check_columns
from .records import Record, record_id, skipped, to_record
from .sources import Row, Source, open_source, where
from .story_file import edited_since_import, imported_text, recorded_hash, week_folder
from .summary import Collision, ImportSummary
from .voices import Voices

IMPORTED_DIR = "imported"
_IO_THREADS = 4
_BATCH = 2000
_KEPT_CHARACTERS = 32_000_000
"""Mapped records kept from the first read up to about this much text; beyond it (a very large export),
the rest are mapped again while writing, so memory follows a row, not the file."""
_DATE_LINE = re.compile(r"^date: (.+)$", re.MULTILINE)
T = TypeVar("T")


class Progress(Protocol):
    def start(self, total: int | None) -> None: ...

    def advance(self, rows: int) -> None: ...


@dataclass(slots=True)
class _Entry:
    """One distinct record: its first row (the record itself while memory allows) and every row like it."""

    number: int
    key: str
    content: str
    record: Record | None
    rows: list[int] = field(default_factory=list)
    path: str = ""


def slug_for(source: str, key: str, *, length: int = 5) -> str:
    """From the source's name and the record's id only: a record's text may carry a customer's name."""
    return f"{source}-{hashlib.blake2b(key.encode('utf-8'), digest_size=length).hexdigest()}"


def import_export(
    source_path: Path,
    mapping: ImportMapping,
    directory: Directory,
    *,
    stories_dir: Path,
    root: Path,
    zone: ZoneInfo,
    dry_run: bool = False,
    progress: Progress | None = None,
    today: date | None = None,
) -> ImportSummary:
    """Import one export. Raises SourceError or MappingError before anything is written."""
    shown = display_path(source_path, root)
    source = open_source(source_path, shown, encoding=mapping.encoding, delimiter=mapping.delimiter)
    if source.kind == "csv":
        check_columns(mapping, source.columns, shown)
    run = _Run(mapping, directory, source, zone, today or datetime.now(zone).date(), progress)
    summary = ImportSummary(source=shown, dry_run=dry_run)
    groups = run.read(summary)
    if source.kind != "csv":
        check_columns(mapping, source.columns, shown)
    folder = stories_dir / IMPORTED_DIR / mapping.source
    place = _Place(folder, display_path(folder, root), zone, _existing(folder))
    produced = run.write(groups, place, summary, dry_run)
    produced |= {slug_for(mapping.source, key) for key in run.failed_keys}
    summary.missing_from_source = [
        place.shown(relative) for slug, relative in sorted(place.existing.items()) if slug not in produced
    ]
    _report_collisions(groups, summary, run)
    summary.notices += run.voices.notices(shown, mapping, directory)
    return summary


@dataclass
class _Run:
    mapping: ImportMapping
    directory: Directory
    source: Source
    zone: ZoneInfo
    today: date
    progress: Progress | None
    failed_keys: set[str] = field(default_factory=set)
    voices: Voices = field(default_factory=Voices)

    def _record(self, row: Row) -> Record | list[Problem]:
        return to_record(
            row.number,
            row.values,
            self.mapping,
            self.directory,
            where=where(self.source.shown, row.number),
            zone=self.zone,
            today=self.today,
        )

    def read(self, summary: ImportSummary) -> dict[str, dict[str, _Entry]]:
        """First read: every row mapped and checked; distinct records grouped by identity, then content."""
        groups: dict[str, dict[str, _Entry]] = {}
        kept = 0
        if self.progress is not None:
            self.progress.start(None)
        for item in self.source.rows():
            summary.rows_read += 1
            if self.progress is not None and summary.rows_read % 100 == 0:
                self.progress.advance(100)
            if isinstance(item, Problem):
                summary.problems.append(item)
                continue
            if skipped(self.mapping, item.values):
                summary.skipped += 1
                continue
            made = self._record(item)
            if isinstance(made, list):
                summary.problems.extend(made)
                self.failed_keys.add(record_id(self.mapping, item.values)[1])
                continue
            named = source_names(self.mapping.source, made)
            if named:
                summary.problems.append(
                    Problem(
                        where(self.source.shown, made.number),
                        f"the source name {self.mapping.source!r} contains the customer's name "
                        f"({', '.join(named)}), and story files are named after it; check refuses such "
                        "names: choose another source name in the mapping",
                        field="customer",
                    )
                )
                self.failed_keys.add(made.key)
                continue
            self.voices.add(made)
            group = groups.setdefault(made.key, {})
            entry = group.get(made.content)
            if entry is not None:
                entry.rows.append(made.number)
                summary.duplicates_merged += 1
                continue
            size = len(made.body) + sum(len(str(value)) for value in made.meta.values())
            keep = kept + size <= _KEPT_CHARACTERS
            kept += size if keep else 0
            group[made.content] = _Entry(
                made.number, made.key, made.content, made if keep else None, [made.number]
            )
        return groups

    def again(self, numbers: set[int]) -> Iterator[Record]:
        """The records of these rows, mapped again from the export, in row order."""
        if not numbers:
            return
        for item in self.source.rows():
            if isinstance(item, Row) and item.number in numbers:
                made = self._record(item)
                if isinstance(made, Record):
                    yield made

    def write(
        self, groups: dict[str, dict[str, _Entry]], place: _Place, summary: ImportSummary, dry_run: bool
    ) -> set[str]:
        """Each distinct record to its file, in row order, a batch at a time; the slugs it produced."""
        entries = sorted(
            (entry for group in groups.values() for entry in group.values()), key=lambda e: e.number
        )
        remapped = self.again({entry.number for entry in entries if entry.record is None})
        namer = _Namer(self.mapping.source, place, {key: len(group) > 1 for key, group in groups.items()})
        produced: set[str] = set()
        with ThreadPoolExecutor(max_workers=_IO_THREADS) as pool:
            for start in range(0, len(entries), _BATCH):
                batch = entries[start : start + _BATCH]
                records = [entry.record or next(remapped) for entry in batch]
                for entry in batch:
                    entry.record = None
                produced |= _apply(batch, records, namer, place, summary, dry_run, pool)
        return produced


@dataclass(frozen=True, slots=True)
class _Place:
    """The source's folder under stories/imported/, and the files already in it (slug -> path inside)."""

    folder: Path
    folder_shown: str
    zone: ZoneInfo
    existing: dict[str, str]

    def of(self, slug: str, record: Record) -> str:
        """Where the story is, or will be: an existing file stays where it is, even if its date moved."""
        return self.existing.get(slug) or f"{week_folder(record.published, self.zone)}/{slug}.md"

    def path(self, relative: str) -> str:
        return os.path.join(self.folder, relative)

    def shown(self, relative: str) -> str:
        return f"{self.folder_shown}/{relative}"


def _existing(folder: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for here, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        inside = os.path.relpath(here, folder).replace(os.sep, "/")
        for name in sorted(names):
            if name.endswith(".md") and not name.startswith("."):
                found[name[:-3]] = name if inside == "." else f"{inside}/{name}"
    return found


@dataclass
class _Namer:
    """A record's file name from its identity alone. Its id, when no other record of the export shares
    it; its id and a hash of its content when one does (the file it already has is kept either way), so
    that re-sorting, appending or removing rows never moves a story to another record's file."""

    source: str
    place: _Place
    collides: dict[str, bool]
    owner: dict[str, str] = field(default_factory=dict)

    def candidates(self, record: Record) -> tuple[str, str]:
        base = slug_for(self.source, record.key)
        if self.owner.setdefault(base, record.key) != record.key:
            base = slug_for(self.source, record.key, length=10)
        apart = slug_for(self.source, f"{record.key}\x1e{record.content}")
        return _unnamed(base, record, self.source), _unnamed(apart, record, self.source)

    def choose(self, record: Record, names: tuple[str, str], base_is_this_record: bool) -> str:
        """`names`: the record's candidates; `base_is_this_record`: the file named by its id alone is
        this record's, as import wrote it."""
        base, apart = names
        if apart in self.place.existing:
            return apart
        if not self.collides[record.key]:
            return base
        return base if base_is_this_record else apart


def _apply(
    batch: list[_Entry],
    records: list[Record],
    namer: _Namer,
    place: _Place,
    summary: ImportSummary,
    dry_run: bool,
    pool: ThreadPoolExecutor,
) -> set[str]:
    """Compare a batch of records with their files, then write the new and changed ones nobody edited."""
    candidates = [namer.candidates(record) for record in records]
    current = _read_current(candidates, place, pool)
    produced: set[str] = set()
    writes: list[tuple[str, str]] = []
    for entry, record, names in zip(batch, records, candidates, strict=True):
        slug, relative, text, digest, old = _file_for(record, names, namer, place, current)
        produced.add(slug)
        entry.path = place.shown(relative)
        if _counted(summary, entry.path, slug in place.existing, old, digest):
            writes.append((place.path(relative), text))
    if not dry_run:
        for folder in sorted({os.path.dirname(path) for path, _ in writes}):
            os.makedirs(folder, exist_ok=True)
        list(pool.map(_write, _slices(writes)))
    return produced


def _read_current(
    candidates: list[tuple[str, str]], place: _Place, pool: ThreadPoolExecutor
) -> dict[str, str | None]:
    """The text of every existing file the batch's records may go to, by path."""
    wanted = sorted(
        {place.path(place.existing[slug]) for names in candidates for slug in names if slug in place.existing}
    )
    # Thousands of small files: the disk, not Python, is the wait, and threads overlap it.
    current: dict[str, str | None] = {}
    for paths, texts in zip(_slices(wanted), pool.map(_read, _slices(wanted)), strict=True):
        current.update(zip(paths, texts, strict=True))
    return current


def _file_for(
    record: Record, names: tuple[str, str], namer: _Namer, place: _Place, current: dict[str, str | None]
) -> tuple[str, str, str, str, str | None]:
    """Which file a record goes to (its slug and path in the folder), what that file should say (its
    text and the hash recorded in it) and what it says now (None: no such file)."""
    base = names[0]
    base_text = current.get(place.path(place.existing[base])) if base in place.existing else None
    text, digest = _text_for(record, namer.source, base_text)
    slug = namer.choose(record, names, base_text is not None and recorded_hash(base_text) == digest)
    relative = place.of(slug, record)
    old = current.get(place.path(relative)) if slug in place.existing else None
    if slug in place.existing and record.dated_today and old is not base_text:
        text, digest = _text_for(record, namer.source, old)
    return slug, relative, text, digest, old


def _counted(summary: ImportSummary, shown: str, exists: bool, old: str | None, digest: str) -> bool:
    """Count the record as new, kept (edited by hand), unchanged or updated; whether to write its file."""
    if not exists or (old is not None and _unfinished(old)):
        summary.new.append(shown)
    elif old is None or (recorded_hash(old) != digest and edited_since_import(old)):
        summary.kept_local_edits.append(shown)
        return False
    elif recorded_hash(old) == digest:
        summary.unchanged += 1
        return False
    else:
        summary.updated.append(shown)
    return True


def _text_for(record: Record, source: str, existing: str | None) -> tuple[str, str]:
    """The file for `record`; dated by its first import (`date: {value: today}`), the date its file has."""
    meta = record.meta
    if record.dated_today and existing is not None:
        found = _DATE_LINE.search(existing.split("\n---\n", 1)[0])
        if found:
            meta = {**meta, "date": found.group(1).strip().strip("'\"")}
    return imported_text(meta, record.body, source, record.id)


def _unnamed(slug: str, record: Record, source: str) -> str:
    """A slug `check` accepts: one that names the customer (a hash can spell a name) is hashed again."""
    customer = record.customer
    if customer is None or record.consent:
        return slug
    # The source's own name was checked once (source_names); only the hash can be a name's word.
    spelled = slug.rpartition("-")[2]
    if spelled not in customer.name.lower() and spelled not in (customer.organisation or "").lower():
        return slug
    tries = 0
    while named_in_slug(slug, customer) and tries < 8:
        tries += 1
        slug = slug_for(source, f"{slug}\x1e{tries}")
    return slug


@functools.lru_cache(maxsize=4096)
def _source_names(source: str, customer: Customer) -> tuple[str, ...]:
    return tuple(named_in_slug(f"{source}-0", customer))


def source_names(source: str, record: Record) -> tuple[str, ...]:
    """The words of the customer's name that the source's own name holds (no file name can avoid them)."""
    if record.customer is None or record.consent:
        return ()
    return _source_names(source, record.customer)


def _unfinished(text: str) -> bool:
    """An empty or cut-off file (an import killed while writing, before writes were atomic): not written."""
    return not text.strip() or (text.startswith("---\n") and "\n---" not in text[4:])


def _report_collisions(groups: dict[str, dict[str, _Entry]], summary: ImportSummary, run: _Run) -> None:
    for group in groups.values():
        if len(group) > 1:
            entries = sorted(group.values(), key=lambda entry: entry.number)
            rows = tuple(sorted(number for entry in entries for number in entry.rows))
            summary.collisions.append(
                Collision(
                    id=entries[0].key.replace("\x1f", " / "), rows=rows, paths=tuple(e.path for e in entries)
                )
            )
    summary.collisions.sort(key=lambda collision: collision.rows[0])
    if len(summary.collisions) > 5 and run.mapping.id_columns is not None:
        summary.better_id = _better_id(run, groups)


def _better_id(run: _Run, groups: dict[str, dict[str, _Entry]]) -> tuple[str, ...] | None:
    """The fewest columns (at most 3) that, with the mapping's id, tell apart every record sharing an id."""
    assert run.mapping.id_columns is not None
    wanted = {entry.number for group in groups.values() if len(group) > 1 for entry in group.values()}
    wanted = set(sorted(wanted)[:5000])
    others = [column for column in run.source.columns if column not in run.mapping.id_columns][:200]
    cells: list[tuple[str, ...]] = []
    for item in run.source.rows():
        if isinstance(item, Row) and item.number in wanted:
            cells.append(
                tuple(str(item.values.get(column, "")) for column in (*run.mapping.id_columns, *others))
            )
    first = len(run.mapping.id_columns)
    chosen: list[int] = []
    for _ in range(3):

        def distinct(extra: int) -> int:
            return len({(row[:first], *(row[i] for i in (*chosen, extra))) for row in cells})

        best = max(range(first, first + len(others)), key=distinct, default=None)
        if best is None:
            return None
        chosen.append(best)
        if distinct(best) == len(cells):
            return (*run.mapping.id_columns, *(others[i - first] for i in chosen))
    return None


def _read(paths: list[str]) -> list[str | None]:
    texts: list[str | None] = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as handle:
                texts.append(handle.read())
        except UnicodeDecodeError:
            texts.append(None)
    return texts


def _write(writes: list[tuple[str, str]]) -> None:
    """Each file whole or not at all: written beside, then renamed over (an interrupted import leaves
    no half-written story)."""
    process = os.getpid()
    for path, text in writes:
        folder, name = os.path.split(path)
        # Hidden (stories and import pass over dot files) and this process's own.
        temporary = os.path.join(folder, f".{name}.{process}.tmp")
        data = memoryview(text.encode("utf-8"))
        # os.open and os.write: a third of the system calls of open(), which count at 10,000 files.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            while data:
                data = data[os.write(handle, data) :]
        except BaseException:
            os.close(handle)
            os.unlink(temporary)
            raise
        os.close(handle)
        os.replace(temporary, path)


def _slices(items: list[T]) -> list[list[T]]:
    return [items[start::_IO_THREADS] for start in range(_IO_THREADS)]
