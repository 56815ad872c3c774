"""An import from start to end: read, map, merge duplicates, then write only what changed and nobody edited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from ..stories.loading import display_path, story_files
from ..stories.model import Directory
from .mapping import ImportMapping, check_columns
from .records import Record, record_id, to_record
from .sources import read_source, where
from .story_file import edited_since_import, imported_text, recorded_hash, week_folder
from .summary import Collision, ImportSummary

IMPORTED_DIR = "imported"


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
    existing = {path.stem: path for path in story_files(folder)} if folder.is_dir() else {}
    planned = _assign_slugs(groups, mapping.source, summary, root, folder, existing, zone)
    for item in planned:
        _apply(item, existing, folder, zone, root, summary, dry_run)
    produced = {item.slug for item in planned} | {slug_for(mapping.source, key) for key in failed_keys}
    summary.missing_from_source = [
        display_path(path, root) for slug, path in sorted(existing.items()) if slug not in produced
    ]
    return summary


def _assign_slugs(
    groups: dict[str, list[Planned]],
    source: str,
    summary: ImportSummary,
    root: Path,
    folder: Path,
    existing: dict[str, Path],
    zone: ZoneInfo,
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
                base if position == 0 else f"{base}-{position + 1}",
                same[0].record,
                same[0].text,
                same[0].digest,
            )
            for position, same in enumerate(distinct.values())
        ]
        planned += kept
        if len(kept) > 1:
            summary.collisions.append(
                Collision(
                    id=rows[0].record.id,
                    rows=tuple(item.record.number for item in rows),
                    paths=tuple(display_path(_path_of(item, existing, folder, zone), root) for item in kept),
                )
            )
    return planned


def _path_of(item: Planned, existing: dict[str, Path], folder: Path, zone: ZoneInfo) -> Path:
    """Where the story is, or will be: an existing file stays where it is, even if its date moved."""
    found = existing.get(item.slug)
    if found is not None:
        return found
    return folder / week_folder(item.record.published, zone) / f"{item.slug}.md"


def _apply(
    item: Planned,
    existing: dict[str, Path],
    folder: Path,
    zone: ZoneInfo,
    root: Path,
    summary: ImportSummary,
    dry_run: bool,
) -> None:
    path = _path_of(item, existing, folder, zone)
    shown = display_path(path, root)
    if item.slug not in existing:
        summary.new.append(shown)
    else:
        try:
            current = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            summary.kept_local_edits.append(shown)
            return
        if recorded_hash(current) == item.digest:
            summary.unchanged += 1
            return
        if edited_since_import(current):
            summary.kept_local_edits.append(shown)
            return
        summary.updated.append(shown)
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.text, encoding="utf-8", newline="\n")
