"""An import from start to end: read, map, merge duplicates, then write only what changed and nobody edited."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from ..stories.loading import display_path
from ..stories.model import Directory
from .mapping import ImportMapping, check_columns
from .records import Record, record_id, to_record
from .sources import read_source, where
from .story_file import edited_since_import, imported_text, recorded_hash, week_folder
from .summary import Collision, ImportSummary

IMPORTED_DIR = "imported"
_IO_THREADS = 4
T = TypeVar("T")


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, rows: int) -> None: ...


@dataclass(frozen=True, slots=True)
class Planned:
    slug: str
    record: Record
    text: str
    digest: str


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
) -> ImportSummary:
    """Import one export. Raises SourceError or MappingError before anything is written."""
    shown = display_path(source_path, root)
    source = read_source(source_path, shown, encoding=mapping.encoding, delimiter=mapping.delimiter)
    check_columns(mapping, source.columns, shown)
    summary = ImportSummary(source=shown, dry_run=dry_run, rows_read=len(source.rows) + len(source.problems))
    summary.problems.extend(source.problems)
    if progress is not None:
        progress.start(len(source.rows))
    groups: dict[str, list[Planned]] = {}
    failed_keys: set[str] = set()
    for position, row in enumerate(source.rows, start=1):
        made = to_record(
            row.number, row.values, mapping, directory, where=where(shown, row.number), zone=zone
        )
        if isinstance(made, list):
            summary.problems.extend(made)
            failed_keys.add(record_id(mapping, row.values)[1])
        else:
            text, digest = imported_text(made.meta, made.body, mapping.source, made.id)
            groups.setdefault(made.key, []).append(Planned("", made, text, digest))
        if progress is not None and position % 100 == 0:
            progress.advance(100)
    if progress is not None:
        progress.advance(len(source.rows) % 100)
    summary.problems.sort(key=lambda problem: int(problem.path.rpartition(" ")[2]))
    folder = stories_dir / IMPORTED_DIR / mapping.source
    place = _Place(folder, display_path(folder, root), zone, _existing(folder))
    planned = _assign_slugs(groups, mapping.source, summary, place)
    _apply(planned, place, summary, dry_run)
    produced = {item.slug for item in planned} | {slug_for(mapping.source, key) for key in failed_keys}
    summary.missing_from_source = [
        place.shown(relative) for slug, relative in sorted(place.existing.items()) if slug not in produced
    ]
    return summary


@dataclass(frozen=True, slots=True)
class _Place:
    """The source's folder under stories/imported/, and the files already in it (slug -> path inside)."""

    folder: Path
    folder_shown: str
    zone: ZoneInfo
    existing: dict[str, str]

    def of(self, item: Planned) -> str:
        """Where the story is, or will be: an existing file stays where it is, even if its date moved."""
        return (
            self.existing.get(item.slug) or f"{week_folder(item.record.published, self.zone)}/{item.slug}.md"
        )

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


def _assign_slugs(
    groups: dict[str, list[Planned]], source: str, summary: ImportSummary, place: _Place
) -> list[Planned]:
    planned: list[Planned] = []
    owner: dict[str, str] = {}
    for key, rows in groups.items():
        base = slug_for(source, key)
        if owner.setdefault(base, key) != key:
            base = slug_for(source, key, length=10)
        distinct: dict[str, list[Planned]] = {}
        for item in rows:
            distinct.setdefault(item.digest, []).append(item)
        summary.duplicates_merged += len(rows) - len(distinct)
        kept = [
            Planned(
                f"{base}-{position + 1}" if position else base, same[0].record, same[0].text, same[0].digest
            )
            for position, same in enumerate(distinct.values())
        ]
        planned += kept
        if len(kept) > 1:
            summary.collisions.append(
                Collision(
                    id=rows[0].record.id,
                    rows=tuple(item.record.number for item in rows),
                    paths=tuple(place.shown(place.of(item)) for item in kept),
                )
            )
    return planned


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
    for path, text in writes:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def _slices(items: list[T]) -> list[list[T]]:
    return [items[start::_IO_THREADS] for start in range(_IO_THREADS)]


def _apply(planned: list[Planned], place: _Place, summary: ImportSummary, dry_run: bool) -> None:
    """Compare each story with its file, then write the new and changed ones nobody edited."""
    relatives = [place.of(item) for item in planned]
    paths = [os.path.join(place.folder, relative) for relative in relatives]
    known = [item.slug in place.existing for item in planned]
    # Thousands of small files: the disk, not Python, is the wait, and threads overlap it.
    with ThreadPoolExecutor(max_workers=_IO_THREADS) as pool:
        slices = _slices([path for path, is_known in zip(paths, known, strict=True) if is_known])
        read: dict[str, str | None] = {}
        for names, texts in zip(slices, pool.map(_read, slices), strict=True):
            read.update(zip(names, texts, strict=True))
        current = [read.get(path) for path in paths]
        writes: list[tuple[str, str]] = []
        for item, relative, path, is_known, text in zip(
            planned, relatives, paths, known, current, strict=True
        ):
            shown = place.shown(relative)
            if not is_known:
                summary.new.append(shown)
            elif text is None or (recorded_hash(text) != item.digest and edited_since_import(text)):
                summary.kept_local_edits.append(shown)
                continue
            elif recorded_hash(text) == item.digest:
                summary.unchanged += 1
                continue
            else:
                summary.updated.append(shown)
            writes.append((path, item.text))
        if dry_run:
            return
        for folder in sorted({os.path.dirname(path) for path, _ in writes}):
            os.makedirs(folder, exist_ok=True)
        list(pool.map(_write, _slices(writes)))
