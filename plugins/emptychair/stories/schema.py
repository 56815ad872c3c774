"""The story schema: front matter in, a validated Story or a list of problems out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from itertools import pairwise
from typing import Any

from .front_matter import Document
from .model import (
    FOCUSES,
    FOLLOW_UP_STATUSES,
    KINDS,
    SENTIMENTS,
    Customer,
    Directory,
    FollowUp,
    ImportSource,
    Story,
)
from .problems import Problem, Severity, closest, did_you_mean, one_of

FIELDS: tuple[str, ...] = (
    "title",
    "date",
    "kind",
    "customer",
    "consent",
    "channel",
    "rating",
    "nps",
    "sentiment",
    "departments",
    "touchpoints",
    "author",
    "quote",
    "lesson",
    "follow_up",
    "tags",
    "featured",
    "draft",
    "focus",
    "source",
)
CUSTOMER_FIELDS: tuple[str, ...] = ("name", "organisation", "segment")
FOLLOW_UP_FIELDS: tuple[str, ...] = ("owner", "status", "due", "note", "closed")
SOURCE_FIELDS: tuple[str, ...] = ("name", "id", "hash")
DATE_EXAMPLE = "an ISO date or datetime such as 2026-11-17 or 2026-11-17T09:30:00Z"


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
    document: Document
    problems: list[Problem] = field(default_factory=list)

    def report(self, where: tuple[str | int, ...], message: str, severity: Severity = "error") -> None:
        name = ".".join(str(step) if isinstance(step, str) else f"[{step}]" for step in where)
        self.problems.append(
            Problem(
                path=self.path,
                field=name.replace(".[", "["),
                message=message,
                line=self.document.line_of(where),
                severity=severity,
            )
        )

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def _text(check: Checker, meta: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
    value = meta.get(key)
    if value is None:
        if required:
            check.report((key,), "required field is missing" if key not in meta else "must not be empty")
        return None
    if isinstance(value, (int, float, date)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        check.report((key,), f"{show(value)} is not a non-empty string")
        return None
    return value.strip()


def _flag(check: Checker, meta: Mapping[str, Any], key: str) -> bool:
    value = meta.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        check.report((key,), f"{show(value)} is not true or false")
        return False
    return value


def _whole_number(check: Checker, meta: Mapping[str, Any], key: str, low: int, high: int) -> int | None:
    value: object = meta.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        check.report((key,), f"{show(value)} is not an integer from {low} to {high}")
        return None
    return int(value)


def _choice(
    check: Checker, where: tuple[str | int, ...], value: object, allowed: tuple[str, ...]
) -> str | None:
    if not isinstance(value, str) or value not in allowed:
        check.report(where, f"{show(value)} is not one of {one_of(allowed)}{did_you_mean(value, allowed)}")
        return None
    return value


def _moment(check: Checker, where: tuple[str | int, ...], value: object) -> datetime | None:
    """A front-matter date as an aware datetime; a date or naive time is taken as UTC."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            try:
                value = date.fromisoformat(text)
            except ValueError:
                check.report(where, f"{show(value)} is not {DATE_EXAMPLE}")
                return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    check.report(where, f"{show(value)} is not {DATE_EXAMPLE}")
    return None


def _day(check: Checker, where: tuple[str | int, ...], value: object) -> date | None:
    moment = _moment(check, where, value)
    return None if moment is None else moment.date()


def _slug_list(
    check: Checker, meta: Mapping[str, Any], key: str, allowed: Mapping[str, object], where_defined: str
) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        check.report((key,), f"{show(value)} is not a list (write it as [{'a, b'}])")
        return ()
    valid: list[str] = []
    for position, item in enumerate(items):
        if isinstance(item, str) and item in allowed:
            if item not in valid:
                valid.append(item)
            continue
        where = (key,) if isinstance(value, str) else (key, position)
        hint = did_you_mean(item, allowed)
        names = one_of(allowed) if len(allowed) <= 12 else f"see {where_defined}"
        check.report(where, f"{show(item)} is not defined in {where_defined}{hint}; allowed: {names}")
    return tuple(valid)


def _person(check: Checker, where: tuple[str | int, ...], value: object, directory: Directory) -> str | None:
    if isinstance(value, str) and value in directory.people:
        return value
    hint = did_you_mean(value, directory.people)
    check.report(where, f"{show(value)} is not a person id in site_config/people.yml{hint}")
    return None


def _customer(check: Checker, meta: Mapping[str, Any], kind: str | None) -> Customer | None:
    value = meta.get("customer")
    if value is None:
        if kind is not None and kind != "memo":
            check.report(
                ("customer",),
                f"required for kind {kind!r}: a name, or a mapping with name and optional organisation, segment",
            )
        return None
    if isinstance(value, str) and value.strip():
        return Customer(name=value.strip())
    if not isinstance(value, dict):
        check.report(
            ("customer",), f"{show(value)} is not a name or a mapping with name, organisation, segment"
        )
        return None
    report_unknown_fields(check, value, CUSTOMER_FIELDS, ("customer",))
    parts: dict[str, str | None] = {}
    for key in CUSTOMER_FIELDS:
        part = value.get(key)
        if part is not None and (not isinstance(part, str) or not part.strip()):
            check.report(("customer", key), f"{show(part)} is not a non-empty string")
            part = None
        parts[key] = part.strip() if isinstance(part, str) else None
    name = parts["name"]
    if name is None:
        if "name" not in value:
            check.report(("customer",), "name: required field is missing")
        return None
    return Customer(name=name, organisation=parts["organisation"], segment=parts["segment"])


def _follow_up(check: Checker, meta: Mapping[str, Any], directory: Directory) -> FollowUp | None:
    value = meta.get("follow_up")
    if value is None:
        return None
    if not isinstance(value, dict):
        check.report(("follow_up",), f"{show(value)} is not a mapping with owner, status, due, note")
        return None
    report_unknown_fields(check, value, FOLLOW_UP_FIELDS, ("follow_up",))
    owner = None
    if value.get("owner") is None:
        check.report(
            ("follow_up", "owner"),
            "required: every follow-up needs an owner (a person id from site_config/people.yml)",
        )
    else:
        owner = _person(check, ("follow_up", "owner"), value["owner"], directory)
    status = _choice(check, ("follow_up", "status"), value.get("status", "open"), FOLLOW_UP_STATUSES)
    due = None if value.get("due") is None else _day(check, ("follow_up", "due"), value["due"])
    closed = None if value.get("closed") is None else _day(check, ("follow_up", "closed"), value["closed"])
    note = value.get("note")
    if note is not None and not isinstance(note, str):
        check.report(("follow_up", "note"), f"{show(note)} is not a string")
        note = None
    if owner is None or status is None:
        return None
    return FollowUp(owner=owner, status=status, due=due, note=note.strip() if note else None, closed=closed)


def _import_source(check: Checker, meta: Mapping[str, Any]) -> ImportSource | None:
    value = meta.get("source")
    if value is None:
        return None
    if not isinstance(value, dict):
        check.report(("source",), f"{show(value)} is not a mapping with name, id, hash (written by import)")
        return None
    report_unknown_fields(check, value, SOURCE_FIELDS, ("source",))
    parts: list[str] = []
    for key in SOURCE_FIELDS:
        part = value.get(key)
        if isinstance(part, int) and not isinstance(part, bool):
            part = str(part)
        if part is None:
            check.report(("source",), f"{key}: required field is missing; import writes name, id and hash")
        elif not isinstance(part, str) or not part.strip():
            check.report(("source", key), f"{show(part)} is not a non-empty string")
        else:
            parts.append(part)
    if len(parts) < len(SOURCE_FIELDS):
        return None
    return ImportSource(*parts)


def _tags(check: Checker, meta: Mapping[str, Any]) -> tuple[str, ...]:
    value = meta.get("tags")
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        check.report(("tags",), f"{show(value)} is not a list of strings")
        return ()
    tags: list[str] = []
    for position, item in enumerate(items):
        if isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
            tags.append(str(item).strip())
        else:
            check.report(("tags", position), f"{show(item)} is not a non-empty string")
    return tuple(dict.fromkeys(tags))


KIND_SENTIMENT = {"complaint": "negative", "praise": "positive"}
"""What a story says without being told: a complaint is negative, praise positive, whatever the rating."""


def _sentiment(check: Checker, meta: Mapping[str, Any], kind: str | None, rating: int | None) -> str:
    value = meta.get("sentiment")
    if value is not None:
        return _choice(check, ("sentiment",), value, SENTIMENTS) or "neutral"
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


def _check_file_name(check: Checker, slug: str, customer: Customer | None, consent: bool) -> None:
    """A story's file name is its public address: it must not name a customer who has not consented."""
    if customer is None or consent:
        return
    named = named_in_slug(slug, customer)
    if not named:
        return
    rest = [word for word in _words(slug) if not any(word in part.split("-") for part in named)]
    example = "-".join(rest) or "what-happened"
    check.report(
        ("customer",),
        f"the file name {slug + '.md'!r} contains the customer's name ({', '.join(named)}) but consent is "
        f"false, and the file name is the story's public address: rename the file, e.g. {example}.md "
        "(or set consent: true if the customer agreed to be named)",
    )


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
) -> tuple[Story | None, list[Problem]]:
    """Check every field of one story and return it, with every problem found in one pass."""
    check = Checker(path, document)
    meta = document.data
    if meta is None:
        check.problems.append(
            Problem(path, "front matter is empty: a story needs at least title, date, kind", line=1)
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
    title = _text(check, meta, "title", required=True)
    published = None
    if meta.get("date") is None:
        check.report(
            ("date",),
            "required field is missing" if "date" not in meta else f"must not be empty; use {DATE_EXAMPLE}",
        )
    else:
        published = _moment(check, ("date",), meta["date"])
    kind = None
    if meta.get("kind") is None:
        check.report(("kind",), f"required field is missing; one of {one_of(KINDS)}")
    else:
        kind = _choice(check, ("kind",), meta["kind"], KINDS)
    customer = _customer(check, meta, kind)
    consent = _flag(check, meta, "consent")
    _check_file_name(check, slug, customer, consent)
    channel = (
        None
        if meta.get("channel") is None
        else _choice(check, ("channel",), meta["channel"], directory.channels)
    )
    rating = _whole_number(check, meta, "rating", 1, 5)
    nps = _whole_number(check, meta, "nps", 0, 10)
    sentiment = _sentiment(check, meta, kind, rating)
    departments = _slug_list(check, meta, "departments", directory.departments, "site_config/departments.yml")
    touchpoints = _slug_list(check, meta, "touchpoints", directory.touchpoints, "site_config/departments.yml")
    if kind is not None and kind != "memo" and "departments" not in meta and "touchpoints" not in meta:
        check.report(
            ("departments",),
            "required when no touchpoints are given: which departments does this story concern?",
        )
    author = None if meta.get("author") is None else _person(check, ("author",), meta["author"], directory)
    if kind == "memo" and meta.get("author") is None:
        check.report(("author",), "required for a memo: the person id of the leader who wrote it")
    quote = _text(check, meta, "quote")
    lesson = _text(check, meta, "lesson")
    follow_up = _follow_up(check, meta, directory)
    tags = _tags(check, meta)
    featured = _flag(check, meta, "featured")
    draft = _flag(check, meta, "draft")
    focus = None if meta.get("focus") is None else _choice(check, ("focus",), meta["focus"], FOCUSES)
    imported_from = _import_source(check, meta)

    if not check.ok or title is None or published is None or kind is None:
        return None, check.problems
    implied = tuple(directory.touchpoints[t].department for t in touchpoints)
    routed = tuple(d for d in directory.departments if d in departments or d in implied)
    story = Story(
        slug=slug,
        source=path,
        src_uri=src_uri,
        title=title,
        published=published,
        kind=kind,
        body=document.body,
        customer=customer,
        consent=consent,
        channel=channel,
        rating=rating,
        nps=nps,
        sentiment=sentiment,
        departments=routed,
        touchpoints=touchpoints,
        author=author,
        quote=quote,
        lesson=lesson,
        follow_up=follow_up,
        tags=tags,
        featured=featured,
        draft=draft,
        focus=focus,
        imported_from=imported_from,
    )
    return story, check.problems
