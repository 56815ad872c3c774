"""What an import did, for people (one line per finding, then the counts) and for machines (JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..stories.problems import Problem

COUNTS: tuple[tuple[str, str], ...] = (
    ("rows_read", "rows read"),
    ("new", "new"),
    ("updated", "updated"),
    ("unchanged", "unchanged"),
    ("skipped", "skipped by the mapping"),
    ("kept_local_edits", "kept local edits"),
    ("duplicates_merged", "duplicates merged"),
    ("id_collisions", "id collisions"),
    ("failed", "failed"),
    ("missing_from_source", "missing from source (kept)"),
)


MANY_COLLISIONS = 5
"""More ids than this shared by different records: one line for all of them, not one each."""


@dataclass(frozen=True, slots=True)
class Collision:
    """Rows sharing an id with different content: each became its own story."""

    id: str
    rows: tuple[int, ...]
    paths: tuple[str, ...]


@dataclass(slots=True)
class ImportSummary:
    source: str
    dry_run: bool = False
    rows_read: int = 0
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept_local_edits: list[str] = field(default_factory=list)
    duplicates_merged: int = 0
    collisions: list[Collision] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """One per failed row."""
    missing_from_source: list[str] = field(default_factory=list)
    skipped: int = 0
    """Rows a `skip:` rule of the mapping left out."""
    notices: list[str] = field(default_factory=list)
    """What the export suggests about the mapping or site_config (e.g. the company's own accounts)."""
    better_id: tuple[str, ...] | None = None
    """Columns that would tell apart the records sharing an id, when many do."""

    @property
    def failed(self) -> int:
        return len(self.problems)

    def counts(self) -> dict[str, int]:
        return {
            "rows_read": self.rows_read,
            "new": len(self.new),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "kept_local_edits": len(self.kept_local_edits),
            "duplicates_merged": self.duplicates_merged,
            "id_collisions": len(self.collisions),
            "failed": self.failed,
            "missing_from_source": len(self.missing_from_source),
        }

    def findings(self) -> list[str]:
        """Everything a person should look at, one line each, in the style of `emptychair check`."""
        lines = [str(problem) for problem in self.problems]
        lines += self._collision_lines()
        lines += [
            f"{path}: kept local edits; the record changed in {self.source} since the last import"
            for path in self.kept_local_edits
        ]
        lines += [
            f"{path}: its record is no longer in {self.source}; the file is kept"
            for path in self.missing_from_source
        ]
        return lines + self.notices

    def _collision_lines(self) -> list[str]:
        if len(self.collisions) > MANY_COLLISIONS:
            shared = sum(len(collision.rows) for collision in self.collisions)
            stories = sum(len(collision.paths) for collision in self.collisions)
            first = self.collisions[0]
            example = ", ".join(str(row) for row in first.rows[:3])
            better = (
                f"; id: [{', '.join(self.better_id)}] would tell them apart"
                if self.better_id
                else "; no few columns of the export tell them apart"
            )
            return [
                f"{self.source}: {len(self.collisions)} ids are shared by rows with different content "
                f"({shared} rows, e.g. {first.id!r} by rows {example}); kept as {stories} stories, each named "
                f"by its id and content{better}"
            ]
        lines = []
        for collision in self.collisions:
            rows = ", ".join(str(row) for row in collision.rows[:20])
            more = f" and {len(collision.rows) - 20} more" if len(collision.rows) > 20 else ""
            lines.append(
                f"{self.source}: id {collision.id!r} is shared by rows {rows}{more} with different content; "
                f"kept as {len(collision.paths)} stories"
            )
        return lines

    def text(self) -> str:
        counts = self.counts()
        width = max(len(label) for _, label in COUNTS)
        heading = f"{self.source}: {'dry run, nothing written' if self.dry_run else 'imported'}"
        if self.rows_read and not any(counts[key] for key in ("new", "updated", "failed")):
            heading += "; nothing changed"
        rows = [f"  {label:<{width}}  {counts[key]:>6}" for key, label in COUNTS]
        return "\n".join([heading, *rows])

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            **self.counts(),
            "new_files": self.new,
            "updated_files": self.updated,
            "kept_local_edit_files": self.kept_local_edits,
            "missing_from_source_files": self.missing_from_source,
            "collisions": [
                {"id": c.id, "rows": list(c.rows), "paths": list(c.paths)} for c in self.collisions
            ],
            "problems": [problem.as_dict() for problem in self.problems],
            "notices": self.notices,
            "better_id": list(self.better_id) if self.better_id else None,
        }
