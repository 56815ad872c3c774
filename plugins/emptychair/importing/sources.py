"""Read an export into numbered rows: CSV (delimiter sniffed, quoted newlines, BOM), JSON Lines, JSON."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..stories.front_matter import without_control_characters
from ..stories.problems import Problem

DELIMITERS = (",", ";", "\t")
JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})


class SourceError(Exception):
    """The export cannot be read at all: one line naming the file, the row and what is wrong."""


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    """As a user finds it: a CSV's spreadsheet row (the header is row 1), a JSON Lines line, an array item."""
    values: dict[str, Any]


@dataclass(slots=True)
class Source:
    shown: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Rows that could not be read as records (reported and counted as failed)."""


def where(shown: str, number: int) -> str:
    return f"{shown}:row {number}"


def read_source(
    path: Path, shown: str, *, encoding: str | None = None, delimiter: str | None = None
) -> Source:
    raw = path.read_bytes()
    kind = _kind(path, raw)
    text = _decode(raw, shown, kind, encoding)
    if kind == "csv":
        return _read_csv(text, shown, delimiter)
    if kind == "jsonl":
        return _read_json_lines(text, shown)
    return _read_json_array(text, shown)


def _kind(path: Path, raw: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in JSON_LINES_SUFFIXES:
        return "jsonl"
    if suffix == ".json":
        return "json" if raw.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(b"[") else "jsonl"
    return "csv"


def _decode(raw: bytes, shown: str, kind: str, encoding: str | None) -> str:
    try:
        # Control characters (from old mail systems) would be removed when the story is read anyway;
        # removed here, what import writes is what the site shows, and re-imports compare alike.
        return without_control_characters(raw.decode(encoding or "utf-8-sig"))
    except UnicodeDecodeError as error:
        prefix = raw[: error.start].decode(encoding or "utf-8-sig", errors="replace")
        row = _csv_row_at(prefix) if kind == "csv" else prefix.count("\n") + 1
        place = where(shown, row) if kind != "json" else f"{shown}:line {row}"
        named = encoding or "UTF-8"
        raise SourceError(
            f"{place}: byte 0x{raw[error.start]:02x} (position {error.start}) is not valid {named}; "
            "save the file as UTF-8, or name its encoding in the mapping, e.g. encoding: cp1252"
        ) from None


def _csv_row_at(prefix: str) -> int:
    """The spreadsheet row in which the text after `prefix` begins (quoted newlines stay in their row)."""
    rows = sum(1 for _ in csv.reader(io.StringIO(prefix, newline="")))
    ends_row = prefix.endswith(("\n", "\r")) and prefix.count('"') % 2 == 0
    return rows + 1 if ends_row or not prefix else rows


def sniff_delimiter(header: str) -> str:
    """The delimiter the header line uses most: header names rarely hold commas, cells often do."""
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _read_csv(text: str, shown: str, delimiter: str | None) -> Source:
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or sniff_delimiter(header_line))
    records: Iterator[list[str]] = iter(reader)
    try:
        header = next(records, None)
        if not header:
            raise SourceError(f"{shown}: the file is empty; a CSV export starts with a header row")
        columns = [name.strip() for name in header]
        twice = sorted({name for name in columns if columns.count(name) > 1})
        if twice:
            raise SourceError(f"{where(shown, 1)}: the header names {', '.join(map(repr, twice))} twice")
        source = Source(shown, columns)
        for number, record in enumerate(records, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(columns):
                source.problems.append(
                    Problem(
                        where(shown, number),
                        f"{len(record)} cells but the header has {len(columns)} columns; "
                        "is a quote left open on this row?",
                    )
                )
                continue
            source.rows.append(Row(number, dict(zip(columns, record, strict=False))))
    except csv.Error as error:
        raise SourceError(f"{where(shown, reader.line_num)}: not readable as CSV: {error}") from None
    return source


def _flat(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects become dotted column names: {"user": {"name": ...}} -> user.name."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flat(value, f"{name}."))
        else:
            # A JSON escape ("\u0001") makes a control character too.
            flat[name] = without_control_characters(value) if isinstance(value, str) else value
    return flat


def _add_record(source: Source, number: int, record: object, seen: dict[str, None]) -> None:
    if not isinstance(record, dict):
        kind = "a list" if isinstance(record, list) else type(record).__name__
        source.problems.append(Problem(where(source.shown, number), f"is {kind}, not an object of fields"))
        return
    values = _flat(record)
    seen.update(dict.fromkeys(values))
    source.rows.append(Row(number, values))


def _read_json_lines(text: str, shown: str) -> Source:
    source = Source(shown, [])
    seen: dict[str, None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            source.problems.append(Problem(where(shown, number), f"not valid JSON: {error.msg}"))
            continue
        _add_record(source, number, record, seen)
    source.columns = list(seen)
    return source


def _read_json_array(text: str, shown: str) -> Source:
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(f"{shown}:line {error.lineno}: not valid JSON: {error.msg}") from None
    if not isinstance(records, list):
        raise SourceError(f"{shown}: a JSON export must be an array of objects (or JSON Lines)")
    source = Source(shown, [])
    seen: dict[str, None] = {}
    for number, record in enumerate(records, start=1):
        _add_record(source, number, record, seen)
    source.columns = list(seen)
    return source
