"""Every story field, declared once: what it holds, what it allows, how `new`'s flags and an import turn
text into it, and its line in the README. The validator (`schema.py`), `emptychair new`, the importer and
the README's table of fields all read `STORY_FIELDS`; a test holds the README to it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from .model import FOCUSES, FOLLOW_UP_STATUSES, KINDS, SENTIMENTS
from .problems import one_of

FieldType = Literal[
    "text",
    "strict-text",
    "id",
    "note",
    "moment",
    "day",
    "choice",
    "flag",
    "whole-number",
    "slugs",
    "person",
    "tags",
    "mapping",
]
"""How a value is read and what its message says when it is wrong:
text: a non-empty string, stripped (a number or a date is taken as its text); strict-text: a non-empty
string only; id: a non-empty string or a whole number, as written; note: any string, stripped (empty is
none); moment: an ISO date or datetime (an aware datetime, UTC when no timezone is given); day: the same,
kept as its date; choice: one of `choices` or of what `defined_in` names; flag: true or false; whole-number:
an integer from `low` to `high`; slugs: a list (or one) of what `defined_in` names; person: a person id;
tags: a list (or one) of non-empty strings; mapping: the fields of `parts`."""

Defined = Literal["channels", "departments", "touchpoints", "people"]
"""What site_config/ defines, for a field whose allowed values are a site's own: the `Directory`'s
attribute that holds them."""

DEFINED_IN: Mapping[Defined, str] = {
    "channels": "site_config/policy.yml",
    "departments": "site_config/departments.yml",
    "touchpoints": "site_config/departments.yml",
    "people": "site_config/people.yml",
}
"""The file each of those lists is written in, as messages name it."""

Coercion = Literal["text", "one-line", "whole-number", "flag", "list", "date", "none"]
"""How text typed as a flag of `emptychair new` or found in an export's column becomes the field's value
before the validator checks it: as it is, on one line, an integer, true or false, a comma-separated (or
`split`) list, an ISO date, or not at all (a mapping is coerced part by part; one that may be written as
one text, as that part)."""

_WHOLE_NUMBER = re.compile(r"^[+-]?\d+$")
DATE_EXAMPLE = "an ISO date or datetime such as 2026-11-17 or 2026-11-17T09:30:00Z"


@dataclass(frozen=True, slots=True)
class Required:
    """When a field must have a value, and what its message says when it has none."""

    when: Literal["always", "not-memo", "memo", "no-touchpoints"] = "always"
    """always; for every kind but a memo (once the kind is known); for a memo; for every kind but a memo
    when the story names no touchpoints."""
    missing: str = "required field is missing"
    """When the field is not written at all; `{kind}` stands for the story's kind, quoted."""
    empty: str | None = None
    """When the field is written without a value; None: the same as `missing`."""
    at_parent: bool = False
    """A part of a mapping reported at the mapping's line, as 'part: message'."""


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a story's front matter (or a part of one of its mappings)."""

    name: str
    type: FieldType
    readme: str = ""
    """Its rule in the README's table of fields; `{choices}`, `{low}`, `{high}`, `{defined_in}` stand for
    its own."""
    attribute: str = ""
    """The attribute of the validated value (Story, Customer, FollowUp, ImportSource) it becomes; '' is
    its name."""
    choices: tuple[str, ...] = ()
    defined_in: Defined | None = None
    default: object = None
    """Its value when the field is not written at all (a field with a default must not be left empty)."""
    required: Required | None = None
    low: int | None = None
    """The least value allowed: a whole number's, or (room for) a date's year."""
    high: int | None = None
    """The greatest value allowed: a whole number's, or (room for) a date's year."""
    longest: int | None = None
    """(Room for) the most characters a text may have."""
    parts: tuple[Field, ...] = ()
    """A mapping's own fields, in the order they are checked and written."""
    shorthand: str | None = None
    """A mapping that may be written as one text, standing for this part (a customer: just a name)."""
    flag_part: str | None = None
    """The part of a mapping whose flag is the mapping's own (`--follow-up OWNER`); the others are
    `--<mapping>-<part>`."""
    shape: str = ""
    """What a mapping may be, as its message says: 'is not <shape>'."""
    one_line: bool = False
    """An import joins the field's lines and spaces into one line."""
    flag: bool = True
    """`emptychair new` has a flag for it."""
    flag_help: str = ""
    """The flag's help; '' is the choices, when there are some."""

    @property
    def key(self) -> str:
        return self.attribute or self.name

    @property
    def coercion(self) -> Coercion:
        """How text from a flag or an export's column becomes this field's value."""
        if self.type in ("moment", "day"):
            return "date"
        if self.type == "whole-number":
            return "whole-number"
        if self.type == "flag":
            return "flag"
        if self.type in ("slugs", "tags"):
            return "list"
        if self.type == "mapping":
            return self.part(self.shorthand).coercion if self.shorthand else "none"
        return "one-line" if self.one_line else "text"

    @property
    def help(self) -> str | None:
        if self.flag_help:
            return self.flag_help
        if self.type == "whole-number":
            return f"{self.low}..{self.high}"
        return ", ".join(self.choices) if self.choices else None

    def from_flag(self, text: str) -> object:
        """What a flag's (or an answer's) text gives this field: a whole number when it is one, a
        comma-separated list, or the text; the validator then checks it."""
        if self.coercion == "whole-number":
            return int(text) if _WHOLE_NUMBER.match(text.strip()) else text
        if self.coercion == "list":
            return [item.strip() for item in text.split(",") if item.strip()]
        return text

    def part(self, name: str) -> Field:
        return next(part for part in self.parts if part.name == name)

    def readme_line(self) -> str:
        """Its row in the README's table of fields."""
        own = {
            "{choices}": _or_list(self.choices),
            "{low}": str(self.low),
            "{high}": str(self.high),
            "{defined_in}": DEFINED_IN[self.defined_in] if self.defined_in else "",
        }
        rule = self.readme
        for placeholder, value in own.items():
            rule = rule.replace(placeholder, value)
        return f"| `{self.name}` | {rule} |"


def _or_list(choices: tuple[str, ...]) -> str:
    quoted = [f"`{choice}`" for choice in choices]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else "".join(quoted)


CUSTOMER = Field(
    "customer",
    "mapping",
    readme="required for every kind but `memo`: a name, or `{name, organisation, segment}`",
    required=Required(
        "not-memo",
        "required for kind {kind}: a name, or a mapping with name and optional organisation, segment",
    ),
    parts=(
        Field(
            "name",
            "strict-text",
            required=Required(at_parent=True),
            one_line=True,
            flag_help="the customer's name (never used in the file name)",
        ),
        Field("organisation", "strict-text", one_line=True),
        Field("segment", "strict-text", one_line=True),
    ),
    shorthand="name",
    flag_part="name",
    shape="a name or a mapping with name, organisation, segment",
)

FOLLOW_UP = Field(
    "follow_up",
    "mapping",
    readme="`{owner, status, due, note, closed}`; an owner is required; `closed` is the day it was done",
    parts=(
        Field(
            "owner",
            "person",
            defined_in="people",
            required=Required(
                missing="required: every follow-up needs an owner (a person id from site_config/people.yml)"
            ),
            flag_help="the follow-up's owner (a person id)",
        ),
        Field("status", "choice", choices=FOLLOW_UP_STATUSES, default="open"),
        Field("due", "day", flag_help="ISO date"),
        Field("note", "note"),
        Field("closed", "day", flag_help="ISO date: the day it was done"),
    ),
    flag_part="owner",
    shape="a mapping with owner, status, due, note",
)

IMPORT_SOURCE = Field(
    "source",
    "mapping",
    readme="written by `emptychair import`: `{name, id, hash}` of the record a story came from",
    attribute="imported_from",
    parts=tuple(
        Field(
            name,
            "id",
            required=Required(
                missing="required field is missing; import writes name, id and hash", at_parent=True
            ),
        )
        for name in ("name", "id", "hash")
    ),
    shape="a mapping with name, id, hash (written by import)",
    flag=False,
)

STORY_FIELDS: tuple[Field, ...] = (
    Field(
        "title",
        "text",
        readme="required: the story's headline",
        required=Required(empty="must not be empty"),
        one_line=True,
    ),
    Field(
        "date",
        "moment",
        readme="required: an ISO date or datetime such as `2026-11-17` or `2026-11-17T09:30:00Z`; "
        "no timezone means UTC",
        attribute="published",
        required=Required(empty=f"must not be empty; use {DATE_EXAMPLE}"),
        flag_help="ISO date or datetime (default: today in the site's timezone)",
    ),
    Field(
        "kind",
        "choice",
        readme="required: {choices}",
        choices=KINDS,
        required=Required(missing=f"required field is missing; one of {one_of(KINDS)}"),
    ),
    CUSTOMER,
    Field(
        "consent",
        "flag",
        readme='`false` by default: the site shows "Customer from Retail" (or initials), never the name or '
        "organisation, and masks e-mail addresses, phone numbers and @handles in the text (see "
        "[Security and privacy](#security-and-privacy))",
    ),
    Field(
        "channel",
        "choice",
        readme="one of `{defined_in}`'s `channels`",
        defined_in="channels",
        flag_help="one of site_config/policy.yml's channels",
    ),
    Field("rating", "whole-number", readme="integer {low}..{high}", low=1, high=5),
    Field("nps", "whole-number", readme="integer {low}..{high}", low=0, high=10),
    Field(
        "sentiment",
        "choice",
        readme="{choices}; when left out, the kind decides (a `complaint` is negative, `praise` positive), "
        "then `rating` (1-2 negative, 3 neutral, 4-5 positive), else neutral",
        choices=SENTIMENTS,
    ),
    Field(
        "departments",
        "slugs",
        readme="slugs from `{defined_in}`; required when no touchpoints are given; a memo's audience "
        "(none means everyone)",
        defined_in="departments",
        required=Required(
            "no-touchpoints",
            "required when no touchpoints are given: which departments does this story concern?",
        ),
        flag_help="comma-separated department slugs",
    ),
    Field(
        "touchpoints",
        "slugs",
        readme="slugs from `{defined_in}`; each implies its department",
        defined_in="touchpoints",
        flag_help="comma-separated touchpoint slugs",
    ),
    Field(
        "author",
        "person",
        readme="a person id from `{defined_in}` (required for memos)",
        defined_in="people",
        required=Required("memo", "required for a memo: the person id of the leader who wrote it"),
        flag_help="a person id from site_config/people.yml",
    ),
    Field("quote", "text", readme="the customer's own words"),
    Field("lesson", "text", readme="what we learned"),
    FOLLOW_UP,
    Field("tags", "tags", readme="words to group stories by", flag_help="comma-separated"),
    Field(
        "featured",
        "flag",
        readme="its week's digest leads with it, unless the week's intro picks its own",
    ),
    Field("draft", "flag", readme="shown by `mkdocs serve` only"),
    Field("focus", "choice", readme="memos only: {choices}, overriding the classifier", choices=FOCUSES),
    IMPORT_SOURCE,
)
"""A story's fields, in the order they are checked, reported and written."""


def field_paths(fields: tuple[Field, ...] = STORY_FIELDS) -> Iterator[tuple[str, Field]]:
    """Every field and part by its dotted name ('customer.name'), each mapping before its parts."""
    for field in fields:
        yield field.name, field
        for part in field.parts:
            yield f"{field.name}.{part.name}", part


FIELD_BY_PATH: Mapping[str, Field] = dict(field_paths())
"""A field or a part by its dotted name, as an import's mapping names it."""
FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in STORY_FIELDS)
