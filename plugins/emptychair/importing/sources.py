"""Read an export into numbered rows, one at a time: CSV (delimiter sniffed, quoted newlines, BOM), JSON
Lines, JSON. Memory holds a row (and a block of the file), never the whole export, except a JSON array."""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..stories.front_matter import without_control_characters
from ..stories.problems import Problem

DELIMITERS = (",", ";", "\t")
JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_BLOCK = 1 << 20
# A cell of a whole export in one field is a broken quote, not a review: csv's own default is 128 KiB.
csv.field_size_limit(min(sys.maxsize, 1 << 26))


class SourceError(Exception):
    """The export cannot be read at all: one line naming the file, the row and what is wrong."""


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    """As a user finds it: a CSV's spreadsheet row (the header is row 1), a JSON Lines line, an array item."""
    values: dict[str, Any]


def where(shown: str, number: int) -> str:
    return f"{shown}:row {number}"


@dataclass(slots=True)
class Source:
    """An export that can be read row by row, as often as needed. A CSV's columns are known once it is
    opened; a JSON export's once it has been read through."""

    path: Path
    shown: str
    kind: str
    encoding: str
    delimiter: str | None = None
    columns: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[Row | Problem]:
        """Each record, or the Problem of a row that cannot be read as one (raises SourceError when the
        file as a whole cannot be read)."""
        if self.kind == "csv":
            return self._csv_rows()
        if self.kind == "jsonl":
            return self._json_lines()
        return self._json_array()

    def _lines(self, counter: list[int] | None = None) -> Iterator[str]:
        return _decoded_lines(self.path, self.shown, self.encoding, self.kind, counter)

    def _csv_rows(self) -> Iterator[Row | Problem]:
        done = [0]
        reader = csv.reader(self._lines(done), delimiter=self.delimiter or ",")
        try:
            next(reader, None)
            done[0] = 1
            width = len(self.columns)
            for number, record in enumerate(reader, start=2):
                done[0] = number
                if not any(cell.strip() for cell in record):
                    continue
                if len(record) > width:
                    yield Problem(
                        where(self.shown, number),
                        f"{len(record)} cells but the header has {width} columns; "
                        "is a quote left open on this row?",
                    )
                    continue
                yield Row(number, dict(zip(self.columns, record, strict=False)))
        except csv.Error as error:
            raise SourceError(f"{where(self.shown, reader.line_num)}: not readable as CSV: {error}") from None

    def _json_lines(self) -> Iterator[Row | Problem]:
        seen: dict[str, None] = {}
        for number, line in enumerate(self._lines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield Problem(where(self.shown, number), f"not valid JSON: {error.msg}")
                continue
            except (RecursionError, ValueError) as error:
                yield Problem(where(self.shown, number), _json_limit(error))
                continue
            yield _record(self.shown, number, record, seen)
        self.columns = list(seen)

    def _json_array(self) -> Iterator[Row | Problem]:
        text = "".join(self._lines())
        try:
            records = json.loads(text)
        except json.JSONDecodeError as error:
            raise SourceError(f"{self.shown}:line {error.lineno}: not valid JSON: {error.msg}") from None
        except (RecursionError, ValueError) as error:
            raise SourceError(f"{self.shown}: {_json_limit(error)}") from None
        del text
        if not isinstance(records, list):
            raise SourceError(f"{self.shown}: a JSON export must be an array of objects (or JSON Lines)")
        seen: dict[str, None] = {}
        for number, record in enumerate(records, start=1):
            yield _record(self.shown, number, record, seen)
        self.columns = list(seen)


def _json_limit(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "not readable as JSON: nested too deeply; an export row is an object of fields"
    return f"not readable as JSON: {str(error).split(';')[0]}"


def open_source(
    path: Path, shown: str, *, encoding: str | None = None, delimiter: str | None = None
) -> Source:
    """The export at `path`; a CSV's header is read (and checked) now."""
    with path.open("rb") as handle:
        start = handle.read(64)
    kind = _kind(path, start)
    source = Source(path, shown, kind, encoding or "utf-8-sig")
    if kind == "csv":
        header_line = next(source._lines(), "")
        source.delimiter = delimiter or sniff_delimiter(header_line.split("\n", 1)[0])
        header = next(csv.reader(source._lines(), delimiter=source.delimiter), None)
        if not header:
            raise SourceError(f"{shown}: the file is empty; a CSV export starts with a header row")
        columns = [name.strip() for name in header]
        twice = sorted(name for name, count in Counter(columns).items() if count > 1)
        if twice:
            raise SourceError(f"{where(shown, 1)}: the header names {', '.join(map(repr, twice))} twice")
        source.columns = columns
    return source


def _kind(path: Path, start: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in JSON_LINES_SUFFIXES:
        return "jsonl"
    if suffix == ".json":
        return "json" if start.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(b"[") else "jsonl"
    return "csv"


def _decoded_lines(
    path: Path, shown: str, encoding: str, kind: str, counter: list[int] | None
) -> Iterator[str]:
    """The file's lines (with their ends), decoded a block at a time. On a byte that is not valid in
    `encoding`: SourceError naming the byte, its position and the row (`counter[0]`: the last row read)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    carry = ""
    offset = 0
    with path.open("rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            pending = decoder.getstate()[0]
            try:
                text = decoder.decode(block, final=not block)
            except UnicodeDecodeError as error:
                position = offset - len(pending) + error.start
                before = carry + error.object[: error.start].decode(encoding, errors="replace")
                raise SourceError(
                    _decode_message(shown, kind, encoding, position, error, before, counter)
                ) from None
            offset += len(block)
            # Split at "\n" only: str.splitlines would also split a cell at U+2028 or a form feed.
            parts = (carry + without_control_characters(text)).split("\n")
            carry = parts.pop()
            for part in parts:
                yield part + "\n"
            if not block:
                if carry:
                    yield carry
                return


def _decode_message(
    shown: str,
    kind: str,
    encoding: str,
    position: int,
    error: UnicodeDecodeError,
    before: str,
    counter: list[int] | None,
) -> str:
    done = counter[0] if counter is not None else 0
    if kind == "csv":
        row = done + _csv_row_at(before) if done else _csv_row_at(before)
    else:
        row = done + before.count("\n") + 1
    place = where(shown, row) if kind != "json" else f"{shown}:line {row}"
    named = "UTF-8" if encoding == "utf-8-sig" else encoding
    bad = error.object[error.start]
    return (
        f"{place}: byte 0x{bad:02x} (position {position}) is not valid {named}; "
        "save the file as UTF-8, or name its encoding in the mapping, e.g. encoding: cp1252"
    )


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


def _record(shown: str, number: int, record: object, seen: dict[str, None]) -> Row | Problem:
    if not isinstance(record, dict):
        kind = "a list" if isinstance(record, list) else type(record).__name__
        return Problem(where(shown, number), f"is {kind}, not an object of fields")
    try:
        values = _flat(record)
    except RecursionError:
        return Problem(where(shown, number), _json_limit(RecursionError()))
    seen.update(dict.fromkeys(values))
    return Row(number, values)
