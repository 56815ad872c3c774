"""The story schema: front matter in, a validated Story or a list of problems out. Which fields a story
has, and what each allows, is declared once in `fields.STORY_FIELDS`; this module reads each by its type."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from itertools import pairwise
from typing import Any

from .choice_reads import ChoiceReads
from .fields import (
    DATE_EXAMPLE,
    DEFINED_IN,
    FIELD_BY_PATH,
    FIELD_NAMES,
    STORY_FIELDS,
    Field,
    FieldType,
    Required,
)
from .front_matter import Document
from .model import Choices, Customer, Directory, FollowUp, ImportSource, Story
from .problems import Problem, Severity, closest, did_you_mean, one_of

FIELDS: tuple[str, ...] = FIELD_NAMES
ALWAYS_REQUIRED: tuple[Field, ...] = tuple(
    field for field in STORY_FIELDS if field.required and field.required.when == "always"
)


def show(value: object) -> str:
    """A value as its author would recognise it in a message."""
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


@dataclass
class Checker:
    """Collects problems for one file, each located at the line of the field it is about."""

    path: str
    document: Document | None
    """None for a value alone (a question `new` asks): its problems have no line."""
    problems: list[Problem] = dataclasses.field(default_factory=list)

    def report(self, where: tuple[str | int, ...], message: str, severity: Severity = "error") -> None:
        name = ".".join(str(step) if isinstance(step, str) else f"[{step}]" for step in where)
        self.problems.append(
            Problem(
                path=self.path,
                field=name.replace(".[", "["),
                message=message,
                line=None if self.document is None else self.document.line_of(where),
                severity=severity,
            )
        )

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


Where = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Reading:
    """What reading one story's fields needs besides a field and its value."""

    check: Checker
    choices: Choices | ChoiceReads
    meta: Mapping[str, Any]
    slug: str
    values: dict[str, Any]
    """The story's own fields read so far, by attribute: what a later field's rule may depend on."""


def _text(reading: _Reading, field: Field, where: Where, value: object) -> str | None:
    if isinstance(value, (int, float, date)) and not isinstance(value, bool):
        value = str(value)
    return _strict_text(reading, field, where, value)


def _strict_text(reading: _Reading, field: Field, where: Where, value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        reading.check.report(where, f"{show(value)} is not a non-empty string")
        return None
    return _within_length(reading, field, where, value.strip())


def _within_length(reading: _Reading, field: Field, where: tuple[str | int, ...], text: str) -> str | None:
    if field.longest is not None and len(text) > field.longest:
        reading.check.report(
            where, f"is {len(text):,} characters long; at most {field.longest:,} are allowed: shorten it"
        )
        return None
    return text


def _id(reading: _Reading, field: Field, where: Where, value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        reading.check.report(where, f"{show(value)} is not a non-empty string")
        return None
    return value


def _note(reading: _Reading, field: Field, where: Where, value: object) -> str | None:
    if not isinstance(value, str):
        reading.check.report(where, f"{show(value)} is not a string")
        return None
    return _within_length(reading, field, where, value.strip()) if value else None


def _flag(reading: _Reading, field: Field, where: Where, value: object) -> bool:
    if not isinstance(value, bool):
        reading.check.report(where, f"{show(value)} is not true or false")
        return False
    return value


def _whole_number(reading: _Reading, field: Field, where: Where, value: object) -> int | None:
    low, high = field.low, field.high
    assert low is not None and high is not None, f"{field.name}: a whole number needs low and high"
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        reading.check.report(where, f"{show(value)} is not an integer from {low} to {high}")
        return None
    return int(value)


def _allowed(field: Field, choices: Choices | ChoiceReads) -> Collection[str]:
    """What a field allows: its own choices, or the list site_config/ defines for it, in its order."""
    if field.defined_in is None:
        return field.choices
    allowed: Collection[str] = getattr(choices, field.defined_in)
    return allowed


def allowed_values(field: Field, directory: Directory) -> tuple[str, ...]:
    """What a field allows, in order: its own choices, or what site_config/ defines for it."""
    return tuple(_allowed(field, directory.choices))


def _choice(reading: _Reading, field: Field, where: Where, value: object) -> str | None:
    allowed = _allowed(field, reading.choices)
    if not isinstance(value, str) or value not in allowed:
        reading.check.report(
            where, f"{show(value)} is not one of {one_of(allowed)}{did_you_mean(value, allowed)}"
        )
        return None
    return value


def _moment(reading: _Reading, field: Field, where: Where, value: object) -> datetime | None:
    """A front-matter date as an aware datetime; a date or naive time is taken as UTC."""
    written = value.strip() if isinstance(value, str) else str(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            try:
                value = date.fromisoformat(text)
            except ValueError:
                reading.check.report(where, f"{show(value)} is not {DATE_EXAMPLE}")
                return None
    if not isinstance(value, date):
        reading.check.report(where, f"{show(value)} is not {DATE_EXAMPLE}")
        return None
    if field.low is not None and field.high is not None and not field.low <= value.year <= field.high:
        reading.check.report(where, f"{written} is not a date from {field.low} to {field.high}")
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.combine(value, time(), tzinfo=UTC)


def _day(reading: _Reading, field: Field, where: Where, value: object) -> date | None:
    moment = _moment(reading, field, where, value)
    return None if moment is None else moment.date()


def _slugs(reading: _Reading, field: Field, where: Where, value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        reading.check.report(where, f"{show(value)} is not a list (write it as [{'a, b'}])")
        return ()
    allowed = _allowed(field, reading.choices)
    where_defined = DEFINED_IN[field.defined_in] if field.defined_in else ""
    valid: list[str] = []
    for position, item in enumerate(items):
        if isinstance(item, str) and item in allowed:
            if item not in valid:
                valid.append(item)
            continue
        located: tuple[str | int, ...] = where if isinstance(value, str) else (*where, position)
        hint = did_you_mean(item, allowed)
        names = one_of(allowed) if len(allowed) <= 12 else f"see {where_defined}"
        reading.check.report(
            located, f"{show(item)} is not defined in {where_defined}{hint}; allowed: {names}"
        )
    return tuple(valid)


def _person(reading: _Reading, field: Field, where: Where, value: object) -> str | None:
    people = reading.choices.people
    if isinstance(value, str) and value in people:
        return value
    hint = did_you_mean(value, people)
    reading.check.report(where, f"{show(value)} is not a person id in site_config/people.yml{hint}")
    return None


def _tags(reading: _Reading, field: Field, where: Where, value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        reading.check.report(where, f"{show(value)} is not a list of strings")
        return ()
    tags: list[str] = []
    for position, item in enumerate(items):
        if isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
            tag = _within_length(reading, field, (*where, position), str(item).strip())
            tags.extend([tag] if tag else [])
        else:
            reading.check.report((*where, position), f"{show(item)} is not a non-empty string")
    return tuple(dict.fromkeys(tags))


MAPPINGS: Mapping[str, Callable[..., object]] = {
    "customer": Customer,
    "follow_up": FollowUp,
    "source": ImportSource,
}
"""What each mapping field of a story becomes, made from its parts by keyword."""


def _mapping(reading: _Reading, field: Field, where: Where, value: object) -> object:
    if field.shorthand is not None and isinstance(value, str) and value.strip():
        return MAPPINGS[field.name](**{field.shorthand: value.strip()})
    if not isinstance(value, dict):
        reading.check.report(where, f"{show(value)} is not {field.shape}")
        return None
    report_unknown_fields(reading.check, value, _PART_NAMES[field.name], where)
    parts = _read_fields(reading, _PART_STEPS[field.name], value, {})
    if any(parts[key] is None for key in _NEEDED_PARTS[field.name]):
        return None
    return MAPPINGS[field.name](**parts)


Reader = Callable[[_Reading, Field, Where, object], object]
READERS: Mapping[FieldType, Reader] = {
    "text": _text,
    "strict-text": _strict_text,
    "id": _id,
    "note": _note,
    "moment": _moment,
    "day": _day,
    "choice": _choice,
    "flag": _flag,
    "whole-number": _whole_number,
    "slugs": _slugs,
    "person": _person,
    "tags": _tags,
    "mapping": _mapping,
}
"""How each type of field is read; each reports what is wrong with a value at the value's line."""


def _applies(required: Required, reading: _Reading) -> bool:
    kind = reading.values.get("kind")
    if required.when == "always":
        return True
    if required.when == "memo":
        return kind == "memo"
    known_and_not_memo = kind is not None and kind != "memo"
    if required.when == "not-memo":
        return known_and_not_memo
    return known_and_not_memo and "touchpoints" not in reading.meta


def _report_missing(reading: _Reading, field: Field, where: Where, *, written: bool) -> None:
    required = field.required
    if required is None or not _applies(required, reading):
        return
    message = required.empty if written and required.empty is not None else required.missing
    message = message.replace("{kind}", repr(reading.values.get("kind")))
    if required.at_parent:
        reading.check.report(where[:-1], f"{field.name}: {message}")
    else:
        reading.check.report(where, message)


def _read_fields(
    reading: _Reading, steps: tuple[_Step, ...], meta: Mapping[str, Any], values: dict[str, Any]
) -> dict[str, Any]:
    """Each field's value (None when it has none, or a wrong one), its problems reported on the way."""
    for step in steps:
        field = step.field
        value = meta.get(field.name)
        if value is not None:
            values[step.key] = step.reader(reading, field, step.where, value)
        elif field.default is not None:
            # A field with a default takes it when left out, and must not be left empty.
            value = meta.get(field.name, field.default)
            values[step.key] = step.reader(reading, field, step.where, value)
        else:
            values[step.key] = None
            if field.required is not None:
                _report_missing(reading, field, step.where, written=field.name in meta)
        if step.then is not None:
            step.then(reading)
    return values


@dataclass(frozen=True, slots=True)
class _Step:
    """Reading one field, worked out once from the table rather than for every story."""

    field: Field
    where: Where
    key: str
    reader: Reader
    then: Callable[[_Reading], None] | None


def _steps(fields: tuple[Field, ...], parent: Where = ()) -> tuple[_Step, ...]:
    return tuple(
        _Step(
            field,
            (*parent, field.name),
            field.key,
            READERS[field.type],
            RULES_AFTER.get((*parent, field.name)),
        )
        for field in fields
    )


KIND_SENTIMENT = {"complaint": "negative", "praise": "positive"}
"""What a story says without being told: a complaint is negative, praise positive, whatever the rating."""


def implied_sentiment(kind: str, rating: int | None) -> str:
    """A story's sentiment when it gives none: its kind's, else its rating's, else neutral."""
    if kind in KIND_SENTIMENT:
        return KIND_SENTIMENT[kind]
    if rating is None:
        return "neutral"
    return "negative" if rating <= 2 else "neutral" if rating == 3 else "positive"


def _words(text: str) -> list[str]:
    """Lowercase ASCII words, as a name would be written into a file name ('Zoë' -> 'zoe')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [word for word in re.split(r"[^a-z0-9]+", ascii_text) if word]


def named_in_slug(slug: str, customer: Customer) -> list[str]:
    """The words of a customer's name (any one) or organisation (two in a row, or its only one) in a slug.

    A handle (`gabs_tweets`, one word joined by _ or .) names its owner only whole: its pieces are
    often common words ('tweets') that name nobody. Import checks its own file names with this too."""
    slug_words = _words(slug)
    pairs = set(pairwise(slug_words))
    name = customer.name.strip()
    if re.fullmatch(r"@?\w+(?:[._]\w+)+", name):
        pieces = _words(name)
        whole = all(pair in pairs for pair in pairwise(pieces))
        found = ["-".join(pieces)] if whole and pieces[0] in slug_words else []
    else:
        found = [word for word in _words(name) if len(word) > 1 and word in slug_words]
    organisation = _words(customer.organisation or "")
    if len(organisation) == 1 and organisation[0] in slug_words:
        found.append(organisation[0])
    found += [f"{first}-{second}" for first, second in pairwise(organisation) if (first, second) in pairs]
    return list(dict.fromkeys(found))


def _check_file_name(reading: _Reading) -> None:
    """A story's file name is its public address: it must not name a customer who has not consented."""
    customer, consent, slug = reading.values["customer"], reading.values["consent"], reading.slug
    if customer is None or consent:
        return
    named = named_in_slug(slug, customer)
    if not named:
        return
    rest = [word for word in _words(slug) if not any(word in part.split("-") for part in named)]
    example = "-".join(rest) or "what-happened"
    reading.check.report(
        ("customer",),
        f"the file name {slug + '.md'!r} contains the customer's name ({', '.join(named)}) but consent is "
        f"false, and the file name is the story's public address: rename the file, e.g. {example}.md "
        "(or set consent: true if the customer agreed to be named)",
    )


RULES_AFTER: Mapping[Where, Callable[[_Reading], None]] = {("consent",): _check_file_name}
"""Rules about more than one field, each checked once the last field it reads has been read."""


_STORY_STEPS = _steps(STORY_FIELDS)
_MAPPINGS = tuple(field for field in STORY_FIELDS if field.parts)
_PART_STEPS = {field.name: _steps(field.parts, (field.name,)) for field in _MAPPINGS}
_PART_NAMES = {field.name: tuple(part.name for part in field.parts) for field in _MAPPINGS}
_NEEDED_PARTS = {
    field.name: tuple(part.key for part in field.parts if part.required or part.default is not None)
    for field in _MAPPINGS
}
"""A mapping is made only when each part that is required, or has a default, has a value."""


def read_value(path: str, value: object, directory: Directory) -> tuple[Any, list[Problem]]:
    """One field's value alone (a part's, by its dotted name), read as a story's is, with its problems."""
    return read_field(FIELD_BY_PATH[path], path, value, directory)


def read_field(field: Field, path: str, value: object, directory: Directory) -> tuple[Any, list[Problem]]:
    """A value of `field` (named `path`, dotted for a part) alone, read as a story's is, with its problems."""
    check = Checker("", None)
    value = READERS[field.type](
        _Reading(check, directory.choices, {}, "", {}), field, tuple(path.split(".")), value
    )
    return value, check.problems


def report_unknown_fields(
    check: Checker, meta: Mapping[Any, Any], known: tuple[str, ...], parent: tuple[str, ...] = ()
) -> None:
    """A warning per field the schema does not know, suggesting the nearest known one."""
    for key in meta:
        if key not in known:
            match = closest(str(key), known)
            suggestion = f"did you mean {match!r}?" if match else f"allowed: {one_of(known)}"
            check.report((*parent, str(key)), f"unknown field; {suggestion}", "warning")


def validate_story(
    document: Document,
    *,
    path: str,
    slug: str,
    src_uri: str,
    directory: Directory,
    choices: ChoiceReads | None = None,
) -> tuple[Story | None, list[Problem]]:
    """Check every field of one story and return it, with every problem found in one pass. With
    `choices`, the directory's choices are read through it (it notes what this story read)."""
    check = Checker(path, document)
    meta = document.data
    if meta is None:
        check.problems.append(
            Problem(
                path,
                f"front matter is empty: a story needs at least {', '.join(f.name for f in ALWAYS_REQUIRED)}",
                line=1,
            )
        )
        return None, check.problems
    if not isinstance(meta, dict):
        check.problems.append(
            Problem(
                path,
                f"front matter must be a mapping of fields, found {show(meta)}",
                line=document.first_line,
            )
        )
        return None, check.problems

    report_unknown_fields(check, meta, FIELDS)
    allowed = choices if choices is not None else directory.choices
    reading = _Reading(check, allowed, meta, slug, {})
    values = _read_fields(reading, _STORY_STEPS, meta, reading.values)
    if not check.ok or any(values[field.key] is None for field in ALWAYS_REQUIRED):
        return None, check.problems
    if values["sentiment"] is None:
        values["sentiment"] = implied_sentiment(values["kind"], values["rating"])
    touchpoints = values["touchpoints"] or ()
    wanted = {allowed.touchpoints[slug] for slug in touchpoints} | set(values["departments"] or ())
    # In site_config's order; one department needs no order (nor a look at every other).
    values["departments"] = (
        tuple(department for department in wanted if department in allowed.departments)
        if len(wanted) <= 1
        else tuple(department for department in allowed.departments if department in wanted)
    )
    given = {key: value for key, value in values.items() if value is not None}
    story = Story(slug=slug, source=path, src_uri=src_uri, body=document.body, **given)
    return story, check.problems
