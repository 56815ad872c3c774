"""The YAML mapping from an export's columns to story fields, checked whole before any row is read."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..stories.fields import DEFINED_IN, IMPORT_SOURCE, STORY_FIELDS, Field
from ..stories.front_matter import FrontMatterError, parse_yaml
from ..stories.model import Directory
from ..stories.problems import Problem, closest, did_you_mean, one_of
from ..stories.schema import allowed_values, read_field, show

BODY = "body"
"""The story's Markdown below its front matter: no field of the table, but mapped as one."""
SPEC_KEYS: tuple[str, ...] = ("column", "fallback", "value", "format", "max", "map", "default", "split")
MAPPING_KEYS: tuple[str, ...] = ("source", "id", "timezone", "encoding", "delimiter", "skip", "fields")
_SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MISSING: Any = object()
_NOT_TEXT = frozenset({"idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined"})
TODAY: Any = object()
"""`date: {value: today}`: the day a record is first imported."""


class MappingError(Exception):
    """The mapping cannot be used: every problem, one line each, and nothing has been written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """Where one story field comes from: a column (converted, cut, mapped) or a constant value."""

    name: str
    field: Field | None
    """The story field (or part) it fills, from the table; None for the body."""
    column: str | None = None
    value: Any = MISSING
    format: str | None = None
    max: int | None = None
    map: dict[str, Any] | None = None
    default: Any = MISSING
    split: str | None = None
    fallback: tuple[str, ...] = ()
    """Columns tried in order when `column` is empty: {column: Title, fallback: Review Text}."""
    parts: tuple[FieldSpec, ...] = ()
    """customer or follow_up given part by part: {name: col, segment: {value: Retail}}."""

    def columns(self) -> list[str]:
        own = [self.column, *self.fallback] if self.column else []
        return own + [column for part in self.parts for column in part.columns()]


@dataclass(frozen=True, slots=True)
class SkipRule:
    """`skip: {column: name, in: [HarbourPine]}`: rows whose cell is one of these are left out."""

    column: str
    values: frozenset[str]


@dataclass(frozen=True, slots=True)
class ImportMapping:
    shown: str
    source: str
    fields: tuple[FieldSpec, ...]
    id_columns: tuple[str, ...] | None = None
    """None: every mapped column together identifies a record."""
    timezone: ZoneInfo | None = None
    encoding: str | None = None
    delimiter: str | None = None
    skip: tuple[SkipRule, ...] = ()
    document: Any = field(default=None, compare=False, repr=False)
    """The mapping's YAML with its line numbers, for messages about columns found missing later."""

    def columns(self) -> list[str]:
        return list(dict.fromkeys(column for spec in self.fields for column in spec.columns()))


@dataclass
class _Reader:
    shown: str
    directory: Directory
    importable: dict[str, Field | None]
    """What `fields:` may name: every story field but `source` (which import writes itself), and the body."""
    document: Any = None
    problems: list[Problem] = field(default_factory=list)

    def report(self, where: tuple[str | int, ...], message: str) -> None:
        line = self.document.line_of(where) if self.document is not None else None
        name = ".".join(str(step) for step in where)
        self.problems.append(Problem(self.shown, message, field=name, line=line))


def importable_fields(table: tuple[Field, ...] = STORY_FIELDS) -> dict[str, Field | None]:
    """Each name a mapping's `fields:` may use, with the story field it fills: the table's fields but the
    record's own `source`, which import writes, then the body."""
    return {**{field.name: field for field in table if field.name != IMPORT_SOURCE.name}, BODY: None}


def load_mapping(
    path: Path, shown: str, directory: Directory, table: tuple[Field, ...] = STORY_FIELDS
) -> ImportMapping:
    """Read and check a mapping file against the table of story fields; raise MappingError naming every
    key that is wrong."""
    reader = _Reader(shown, directory, importable_fields(table))
    try:
        reader.document = parse_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise MappingError([Problem(shown, "file is not UTF-8; save it with UTF-8 encoding")]) from None
    except FrontMatterError as error:
        raise MappingError([Problem(shown, str(error), line=error.line)]) from None
    data = reader.document.data
    if not isinstance(data, dict):
        raise MappingError([Problem(shown, "must be a mapping with source, id, fields")])
    for key in data:
        if key not in MAPPING_KEYS:
            reader.report((str(key),), f"unknown key{_suggest(str(key), MAPPING_KEYS)}")
    source = data.get("source")
    if not isinstance(source, str) or not _SOURCE_NAME.match(source):
        reader.report(
            ("source",),
            f"{show(source)} is not a source name: lowercase letters, digits and hyphens, e.g. airline-tweets",
        )
    specs = _fields(reader, data.get("fields"))
    id_columns = _id_columns(reader, data.get("id", MISSING))
    mapping = ImportMapping(
        shown=shown,
        source=source if isinstance(source, str) else "",
        fields=specs,
        id_columns=id_columns,
        timezone=_timezone(reader, data.get("timezone")),
        encoding=_encoding(reader, data.get("encoding")),
        delimiter=_delimiter(reader, data.get("delimiter")),
        skip=_skip_rules(reader, data.get("skip")),
        document=reader.document,
    )
    if reader.problems:
        raise MappingError(reader.problems)
    return mapping


def check_columns(mapping: ImportMapping, columns: list[str], source_shown: str) -> None:
    """Every column the mapping names must be in the export; raise MappingError naming each one that is not."""
    reader = _Reader(mapping.shown, Directory({}, {}, {}), {}, mapping.document)
    listed = one_of(columns) if len(columns) <= 15 else f"{len(columns)} columns"
    named: list[tuple[tuple[str | int, ...], str]] = [
        (("fields", *part.name.split(".")), part.column)
        for spec in mapping.fields
        for part in (spec, *spec.parts)
        if part.column is not None
    ]
    named += [
        (("fields", *part.name.split("."), "fallback"), column)
        for spec in mapping.fields
        for part in (spec, *spec.parts)
        for column in part.fallback
    ]
    named += [(("id", position), column) for position, column in enumerate(mapping.id_columns or ())]
    named += [(("skip", position, "column"), rule.column) for position, rule in enumerate(mapping.skip)]
    available = set(columns)
    for where, column in named:
        if column not in available:
            hint = did_you_mean(column, columns)
            reader.report(where, f"no column {column!r} in {source_shown}{hint}; columns: {listed}")
    if reader.problems:
        raise MappingError(reader.problems)


def _suggest(key: str, allowed: tuple[str, ...]) -> str:
    match = closest(key, allowed)
    return f"; did you mean {match!r}?" if match else f"; allowed: {one_of(allowed)}"


def _fields(reader: _Reader, value: object) -> tuple[FieldSpec, ...]:
    if not isinstance(value, dict) or not value:
        reader.report(("fields",), "must map story fields to columns, e.g. title: {column: text, max: 80}")
        return ()
    names = tuple(reader.importable)
    specs: list[FieldSpec] = []
    for name, entry in value.items():
        if name not in reader.importable:
            reader.report(("fields", str(name)), f"unknown story field{_suggest(str(name), names)}")
            continue
        spec = _spec(reader, str(name), reader.importable[name], entry)
        if spec is not None:
            specs.append(spec)
    for name in _always_required(reader.importable):
        if name not in value:
            reader.report(("fields",), f"{name} is required: map it to a column or give a value")
    return tuple(specs)


def _always_required(importable: dict[str, Field | None]) -> list[str]:
    return [
        field.name
        for field in importable.values()
        if field is not None and field.required is not None and field.required.when == "always"
    ]


def _spec(reader: _Reader, name: str, field: Field | None, entry: object) -> FieldSpec | None:
    """One entry of `fields:`: a column's name, a mapping given part by part, or {column or value, options}."""
    where: tuple[str, ...] = ("fields", *name.split("."))
    if isinstance(entry, str):
        return FieldSpec(name, field, column=entry)
    if not isinstance(entry, dict):
        reader.report(where, f"{show(entry)} is not a column name or a mapping such as {{column: text}}")
        return None
    if field is not None and field.parts and not set(entry) & set(SPEC_KEYS):
        return _spec_by_parts(reader, name, field, entry)
    return _spec_with_options(reader, name, field, entry)


def _spec_by_parts(reader: _Reader, name: str, field: Field, entry: dict[Any, Any]) -> FieldSpec:
    """`customer: {name: col, segment: {value: Retail}}`: each part an entry of its own."""
    part_names = tuple(part.name for part in field.parts)
    parts = []
    for key, part_entry in entry.items():
        if key not in part_names:
            reader.report(("fields", name, str(key)), f"unknown field{_suggest(str(key), part_names)}")
            continue
        part = _spec(reader, f"{name}.{key}", field.part(key), part_entry)
        if part is not None:
            parts.append(part)
    return FieldSpec(name, field, parts=tuple(parts))


def _spec_with_options(
    reader: _Reader, name: str, field: Field | None, entry: dict[Any, Any]
) -> FieldSpec | None:
    """`{column: text, max: 80}` or `{value: review}`: where the value comes from and how it is read."""
    where: tuple[str, ...] = ("fields", *name.split("."))
    for key in entry:
        if key not in SPEC_KEYS:
            reader.report((*where, str(key)), f"unknown key{_suggest(str(key), SPEC_KEYS)}")
    column, value = entry.get("column"), entry.get("value", MISSING)
    if (column is None) == (value is MISSING):
        reader.report(where, "needs either column (a column name) or value (a constant), not both")
        return None
    if column is not None and not isinstance(column, str):
        reader.report((*where, "column"), f"{show(column)} is not a column name")
        return None
    text_format = _format(reader, where, field, entry.get("format"))
    most = _most(reader, where, entry.get("max"))
    table = _value_map(reader, where, entry.get("map"))
    split = _split(reader, where, entry.get("split"))
    fallback = _column_list(reader, (*where, "fallback"), entry.get("fallback"))
    if fallback and column is None:
        reader.report((*where, "fallback"), "goes with column: the columns tried when that one is empty")
    if value == "today" and field is not None and field.type == "moment":
        value = TODAY
    spec = FieldSpec(
        name,
        field,
        column=column,
        value=value,
        format=text_format,
        max=most,
        map=table,
        default=entry.get("default", MISSING),
        split=split,
        fallback=fallback,
    )
    _check_constants(reader, where, spec)
    return spec


def _format(reader: _Reader, where: tuple[str, ...], field: Field | None, value: object) -> str | None:
    """A date column's strptime pattern."""
    is_date = field is not None and field.coercion == "date"
    if value is not None and (not is_date or not isinstance(value, str)):
        reader.report(
            (*where, "format"), "only a date field takes a format, a strptime pattern such as %d/%m/%Y"
        )
    return value if isinstance(value, str) else None


def _most(reader: _Reader, where: tuple[str, ...], value: object) -> int | None:
    """How many characters a text may keep: longer ones are cut at a word."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 10):
        reader.report((*where, "max"), f"{show(value)} is not a whole number of characters, at least 10")
    return value if isinstance(value, int) else None


def _value_map(reader: _Reader, where: tuple[str, ...], value: object) -> dict[str, Any] | None:
    """The export's values to story values: {Late Delivery: [delivery]}."""
    if value is not None and not isinstance(value, dict):
        reader.report(
            (*where, "map"), f"{show(value)} is not a mapping from the export's values to story values"
        )
        return None
    return {str(key): item for key, item in value.items()} if value else None


def _split(reader: _Reader, where: tuple[str, ...], value: object) -> str | None:
    """What separates a list's items in one cell."""
    if value is not None and (not isinstance(value, str) or not value):
        reader.report((*where, "split"), f"{show(value)} is not a separator such as ','")
    return value if isinstance(value, str) else None


def _check_constants(reader: _Reader, where: tuple[str, ...], spec: FieldSpec) -> None:
    field = spec.field
    if field is None:
        return  # the body: any text
    if spec.value is not MISSING and spec.value is not TODAY:
        _check_constant(reader, (*where, "value"), spec.name, field, spec.value)
    for key, item in (spec.map or {}).items():
        _check_constant(reader, (*where, "map", key), spec.name, field, item)
    if spec.default is not MISSING:
        _check_constant(reader, (*where, "default"), spec.name, field, spec.default)


def _check_constant(
    reader: _Reader, where: tuple[str | int, ...], name: str, field: Field, value: object
) -> None:
    """Constants are checked once here, as the schema reads the field, so a value it refuses is one
    mapping error, not thousands of failed rows."""
    if value is None:
        return  # no value: the row gives the field none
    if field.choices or field.defined_in:
        _check_defined(reader, where, field, value)
        return
    for problem in read_field(field, name, value, reader.directory)[1]:
        # A part of a mapping or an item of a list is named before what is wrong with it.
        inner = (problem.field or name).removeprefix(name).lstrip(".")
        reader.report(where, f"{inner}: {problem.message}" if inner else problem.message)


def _check_defined(reader: _Reader, where: tuple[str | int, ...], field: Field, value: object) -> None:
    """A constant of a field whose values are listed (its choices, or site_config's): named with where
    the list is."""
    allowed = allowed_values(field, reader.directory)
    defined = f" in {DEFINED_IN[field.defined_in]}" if field.defined_in else ""
    for item in value if isinstance(value, list) else [value]:
        if item not in allowed:
            names = one_of(allowed) if len(allowed) <= 12 else f"see {defined.strip()[3:]}"
            reader.report(
                where, f"{show(item)} is not defined{defined}{did_you_mean(item, allowed)}; allowed: {names}"
            )


def _id_columns(reader: _Reader, value: object) -> tuple[str, ...] | None:
    if value is MISSING or value is None:
        return None
    columns = [value] if isinstance(value, str) else value
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
        reader.report(("id",), f"{show(value)} is not a list of column names, e.g. [tweet_id]")
        return None
    return tuple(columns)


def _column_list(reader: _Reader, where: tuple[str | int, ...], value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    columns = [value] if isinstance(value, str) else value
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
        reader.report(where, f"{show(value)} is not a column name or a list of them, tried in order")
        return ()
    return tuple(columns)


def _skip_rules(reader: _Reader, value: object) -> tuple[SkipRule, ...]:
    if value is None:
        return ()
    rules: list[SkipRule] = []
    for position, entry in enumerate(value if isinstance(value, list) else [value]):
        where: tuple[str | int, ...] = ("skip", position) if isinstance(value, list) else ("skip",)
        column, values = (entry.get("column"), entry.get("in")) if isinstance(entry, dict) else (None, None)
        if (
            not isinstance(entry, dict)
            or set(entry) != {"column", "in"}
            or not isinstance(column, str)
            or not isinstance(values, list)
            or not values
            or not all(isinstance(item, (str, int)) for item in values)
        ):
            reader.report(
                where,
                f"{show(entry)} is not a rule such as {{column: name, in: [HarbourPine, HarbourPine_Help]}}",
            )
            continue
        rules.append(SkipRule(column, frozenset(str(item) for item in values)))
    return tuple(rules)


def _timezone(reader: _Reader, value: object) -> ZoneInfo | None:
    if value is None:
        return None
    try:
        return ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        reader.report(("timezone",), f"{show(value)} is not a timezone name such as Europe/London")
        return None


def _encoding(reader: _Reader, value: object) -> str | None:
    if value is None:
        return None
    try:
        info = codecs.lookup(str(value))
    except LookupError:
        info = None
    # base64, rot13, idna and the like are codecs too, but they do not turn bytes into text.
    if info is None or not getattr(info, "_is_text_encoding", True) or info.name in _NOT_TEXT:
        reader.report(
            ("encoding",), f"{show(value)} is not a text encoding Python knows, such as cp1252 or latin-1"
        )
        return None
    return info.name


def _delimiter(reader: _Reader, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 1:
        reader.report(("delimiter",), f"{show(value)} is not one character, such as ';'")
        return None
    return value
