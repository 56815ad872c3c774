"""One export row -> one story's front matter and body, validated by the stories' own schema."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..stories.fields import Coercion
from ..stories.front_matter import Document
from ..stories.model import Customer, Directory
from ..stories.problems import Problem
from ..stories.schema import show, validate_story
from .mapping import MISSING, TODAY, FieldSpec, ImportMapping
from .story_file import content_hash, markdown_text

_TIME_DIRECTIVES = re.compile(r"%[HIMSpXcfz]")
_WHOLE_NUMBER = re.compile(r"^[+-]?\d{1,18}(?:\.0*)?$")
_FLAGS = {
    "true": True,
    "yes": True,
    "y": True,
    "1": True,
    "false": False,
    "no": False,
    "n": False,
    "0": False,
}
_ADDRESSED = re.compile(r"^(?:\.?@\w{1,50}[:,]?\s+)+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RowError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Record:
    number: int
    id: str
    """As written to the story's `source.id`."""
    key: str
    """What identifies the record, unambiguously: the id columns' values, or the whole row."""
    content: str
    """A hash of what the story says (not where it came from): tells apart records sharing an id."""
    meta: dict[str, Any]
    body: str
    published: datetime
    dated_today: bool = False
    """`date: {value: today}`: the date is the day of the first import, kept from the file after that."""
    customer: Customer | None = None
    consent: bool = False


def record_id(mapping: ImportMapping, values: dict[str, Any]) -> tuple[str, str]:
    """(the id shown in the story, the exact key it stands for). Without `id:` in the mapping, the key is
    the whole row, every column, so that only identical rows are one record."""
    if mapping.id_columns is None:
        key = "\x1f".join(
            f"{column}\x1e{text}"
            for column, value in sorted(values.items())
            if (text := _identity_text(value)) is not None
        )
        return content_hash(key), key
    parts = [_text(values.get(column)) or "" for column in mapping.id_columns]
    return " / ".join(parts), "\x1f".join(parts)


def _identity_text(value: object) -> str | None:
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False) if value else None
    return _text(value)


def skipped(mapping: ImportMapping, values: dict[str, Any]) -> bool:
    """Whether a `skip:` rule of the mapping leaves this row out (e.g. the company's own posts)."""
    return any(_text(values.get(rule.column)) in rule.values for rule in mapping.skip)


def to_record(
    number: int,
    values: dict[str, Any],
    mapping: ImportMapping,
    directory: Directory,
    *,
    where: str,
    zone: ZoneInfo,
    today: date,
) -> Record | list[Problem]:
    shown_id, key = record_id(mapping, values)
    if mapping.id_columns is not None and not key.strip("\x1f"):
        names = ", ".join(repr(column) for column in mapping.id_columns)
        columns = f"column {names} is" if len(mapping.id_columns) == 1 else f"columns {names} are"
        message = f"{columns} empty; a record needs an id to be imported again safely"
        return [Problem(where, message, field="id")]
    meta: dict[str, Any] = {}
    body = ""
    dated_today = False
    try:
        for spec in mapping.fields:
            value = _field(spec, values, mapping.timezone or zone)
            if value is TODAY:
                value, dated_today = today.isoformat(), True
            if value is None:
                continue
            if spec.name == "body":
                body = markdown_text(value) if isinstance(value, str) else markdown_text(str(value))
            else:
                meta[spec.name] = value
    except RowError as error:
        return [Problem(where, str(error), field=error.field)]
    document = Document(data=meta, body=body, source="", first_line=1)
    story, problems = validate_story(document, path=where, slug="import", src_uri="", directory=directory)
    errors = [problem for problem in problems if problem.severity == "error"]
    if story is None or errors:
        return errors
    said = {name: value for name, value in meta.items() if not (dated_today and name == "date")}
    content = content_hash(json.dumps([said, body], sort_keys=True, ensure_ascii=False, default=str))
    return Record(
        number,
        shown_id,
        key,
        content,
        meta,
        body,
        story.published,
        dated_today,
        story.customer,
        story.consent,
    )


def _text(value: object) -> str | None:
    if value is None or isinstance(value, (list, dict)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _CONTROL.sub("", str(value)).strip()
    return text or None


def _field(spec: FieldSpec, values: dict[str, Any], zone: ZoneInfo) -> Any:
    """One story field's value from a row: its parts', its constant, or its column's cell."""
    if spec.parts:
        return _parts(spec, values, zone)
    if spec.value is not MISSING:
        return _constant(spec)
    column, raw = _first_filled(spec, values)
    if _coercion(spec) == "list":
        return _list(spec, raw)
    text = _cell_text(raw)
    if spec.map is not None:
        return _mapped(spec, text, raw)
    if text is None and spec.default is MISSING and spec.name == "date":
        raise RowError("date", f"column {column!r} is empty; every story needs a date")
    if text is None:
        return None if spec.default is MISSING else spec.default
    return _from_text(spec, text, zone)


def _coercion(spec: FieldSpec) -> Coercion:
    return "text" if spec.field is None else spec.field.coercion  # the body is no field: text


def _parts(spec: FieldSpec, values: dict[str, Any], zone: ZoneInfo) -> Any:
    """A mapping given part by part; only its shorthand part given is written as that (a customer's name)."""
    parts = {part.name.split(".")[1]: _field(part, values, zone) for part in spec.parts}
    parts = {key: value for key, value in parts.items() if value is not None}
    shorthand = spec.field.shorthand if spec.field is not None else None
    if shorthand is not None and set(parts) == {shorthand}:
        return parts[shorthand]
    return parts or None


def _constant(spec: FieldSpec) -> Any:
    value = spec.value
    return [value] if _coercion(spec) == "list" and isinstance(value, str) else value


def _first_filled(spec: FieldSpec, values: dict[str, Any]) -> tuple[str, object]:
    """The column and its cell: the spec's own, or the first of its fallbacks with text when it has none."""
    assert spec.column is not None
    column, raw = spec.column, values.get(spec.column)
    for other in spec.fallback:
        if _text(raw) is not None:
            break
        column, raw = other, values.get(other)
    return column, raw


def _from_text(spec: FieldSpec, text: str, zone: ZoneInfo) -> Any:
    """A cell's text as the field's type takes it: a date, a whole number, a flag or (cut) text."""
    coercion = _coercion(spec)
    if coercion == "date":
        return _date(spec, text, zone)
    if coercion == "whole-number":
        return int(text.partition(".")[0]) if _WHOLE_NUMBER.match(text) else show_number(text)
    if coercion == "flag":
        return _FLAGS.get(text.lower(), text)
    if coercion == "one-line":
        text = " ".join(text.split())
    if spec.name == "title":
        # "@HarbourPine my sofa is late": whom a post addresses is not what happened.
        text = _ADDRESSED.sub("", text) or text
    return shorten(text, spec.max) if spec.max else text


def _cell_text(raw: object) -> str | None:
    """A cell as the text it stands for: exports (social tools above all) write `&amp;` for `&`; decoded
    here once, the story's own escaping then shows `&` wherever the story goes."""
    text = _text(raw)
    return html.unescape(text) if text is not None and "&" in text else text


def show_number(text: str) -> str:
    """A cell that is not a whole number, as the validator will quote it: a 400-digit one cut short."""
    return text if len(text) <= 40 else f"{text[:20]}… ({len(text)} characters)"


def _mapped(spec: FieldSpec, text: str | None, raw: object) -> Any:
    assert spec.map is not None
    if text is not None and text in spec.map:
        return spec.map[text]
    if spec.default is not MISSING:
        return spec.default
    if text is None:
        return None
    raise RowError(
        spec.name,
        f"{show(text)} has no entry in the mapping's map and there is no default; add one of the two",
    )


def _list(spec: FieldSpec, raw: object) -> list[Any] | None:
    if isinstance(raw, list):
        items = [text for text in (_text(item) for item in raw) if text is not None]
    else:
        text = _cell_text(raw)
        items = [] if text is None else [text] if spec.split is None else text.split(spec.split)
        items = [item.strip() for item in items if item.strip()]
    result: list[Any] = []
    for item in items:
        value = _mapped(spec, item, raw) if spec.map is not None else item
        for one in value if isinstance(value, list) else [value]:
            if one is not None and one not in result:
                result.append(one)
    if not result:
        if spec.default is MISSING:
            return None
        return spec.default if isinstance(spec.default, list) else [spec.default]
    return result


def _date(spec: FieldSpec, text: str, zone: ZoneInfo) -> str:
    """An ISO date, or an ISO datetime with its offset (the mapping's timezone when the export gives none)."""
    if spec.format is not None:
        try:
            moment = datetime.strptime(text, spec.format)
        except ValueError:
            raise RowError(spec.name, f"{show(text)} does not match {spec.format}") from None
        has_time = bool(_TIME_DIRECTIVES.search(spec.format))
    else:
        try:
            if len(text) == 10:
                return date.fromisoformat(text).isoformat()
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise RowError(
                spec.name,
                f"{show(text)} is not an ISO 8601 date such as 2026-11-17 or 2026-11-17T09:30:00Z; "
                'give the column\'s format in the mapping, e.g. format: "%d/%m/%Y %H:%M"',
            ) from None
        has_time = True
    if not has_time:
        return moment.date().isoformat()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    try:
        moment.astimezone(UTC)
    except OverflowError:
        # Year 1 with an offset east of UTC: its moment falls before the first day Python can hold.
        raise RowError(spec.name, f"{show(text)} is outside the range of dates a story can have") from None
    return moment.isoformat()


def shorten(text: str, most: int) -> str:
    """At most `most` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= most:
        return text
    cut = text[: most - 1]
    space = cut.rfind(" ")
    if not text[most - 1].isspace() and space > most // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "…"
