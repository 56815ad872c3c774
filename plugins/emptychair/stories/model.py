"""The validated data every output is made from. Free of MkDocs types."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NewType

KIND_NAMES: Mapping[str, str] = {
    "story": "Stories",
    "review": "Reviews",
    "complaint": "Complaints",
    "praise": "Praise",
    "call-note": "Call notes",
    "memo": "Leader memos",
}
"""Each kind of story and what a listing of them is called."""
KINDS: tuple[str, ...] = tuple(KIND_NAMES)
SENTIMENTS: tuple[str, ...] = ("positive", "neutral", "negative")
FOCUSES: tuple[str, ...] = ("customer", "internal")
FOLLOW_UP_STATUSES: tuple[str, ...] = ("open", "in-progress", "done")
DEFAULT_CHANNELS: tuple[str, ...] = (
    "email",
    "phone",
    "chat",
    "social",
    "review-site",
    "survey",
    "in-person",
    "letter",
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""What makes a web address: story file names, department and touchpoint slugs."""
DIGESTS_DIR = "digests"
"""The folder of the stories directory that holds digest intros, not stories."""

Scope = NewType("Scope", str)
"""Who a digest, a feed or a list of customers waiting is for: the whole company (`COMPANY`) or one
department, by its slug. A type of its own, so a scope is never confused with any other text."""
COMPANY = Scope("company")
"""The scope of the whole company's digest and feeds: reserved, no department may have it as its slug."""


def scope_of(department: str | None) -> Scope:
    """The scope of a department's slug, or the company's when there is none."""
    return Scope(department) if department else COMPANY


@dataclass(frozen=True, slots=True)
class Touchpoint:
    slug: str
    name: str
    department: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Department:
    slug: str
    name: str
    description: str = ""
    lead: str | None = None
    mailing_list: tuple[str, ...] = ()
    touchpoints: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    title: str = ""
    department: str | None = None
    leader: bool = False
    email: str | None = None


DEFAULT_PHONE_REGION = "GB"


@dataclass(frozen=True, slots=True)
class Directory:
    """Departments, touchpoints, people and channels, as defined once in site_config/."""

    departments: Mapping[str, Department]
    touchpoints: Mapping[str, Touchpoint]
    people: Mapping[str, Person]
    channels: tuple[str, ...] = DEFAULT_CHANNELS
    company_mailing_list: tuple[str, ...] = ()
    """Who receives the company-wide digest."""
    public_handles: tuple[str, ...] = ()
    """The company's own social handles ('@harbourpine'): shown in stories, where other handles are masked."""
    waiting_days: int = 90
    """How long a customer's unanswered story counts as "still waiting": older ones are counted, not listed."""
    phone_region: str = DEFAULT_PHONE_REGION
    """ISO 3166 country whose phone numbers stories write without a country code (07700 900123)."""
    choices: Choices = field(init=False, repr=False, compare=False)
    """What validating a story may read of all this (made from the rest)."""

    def __post_init__(self) -> None:
        choices = Choices(
            departments=dict.fromkeys(self.departments),
            touchpoints={slug: touchpoint.department for slug, touchpoint in self.touchpoints.items()},
            people=dict.fromkeys(self.people),
            channels=self.channels,
        )
        object.__setattr__(self, "choices", choices)


@dataclass(frozen=True, slots=True)
class Choices:
    """All that validating a story reads of site_config/: the ids a story may name, in their order,
    and each touchpoint's department. A story file's entry in the build cache is keyed on these alone,
    so that a department's description or a person's e-mail address does not validate every story
    again; validation is given nothing else (`stories.schema`)."""

    departments: Mapping[str, None]
    touchpoints: Mapping[str, str]
    """Each touchpoint's slug -> its department's slug."""
    people: Mapping[str, None]
    channels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    organisation: str | None = None
    segment: str | None = None


@dataclass(frozen=True, slots=True)
class FollowUp:
    owner: str
    status: str = "open"
    due: date | None = None
    note: str | None = None
    closed: date | None = None
    """When it was done; digests list the follow-ups closed in their week."""

    @property
    def is_done(self) -> bool:
        return self.status == "done"


@dataclass(frozen=True, slots=True)
class ImportSource:
    """Where an imported story came from, and a hash of the file as import last wrote it."""

    name: str
    id: str
    hash: str


@dataclass(frozen=True, slots=True)
class Story:
    """One validated story file, exactly as its author wrote it (names included)."""

    slug: str
    source: str
    src_uri: str
    title: str
    published: datetime
    kind: str
    body: str
    customer: Customer | None = None
    consent: bool = False
    channel: str | None = None
    rating: int | None = None
    nps: int | None = None
    sentiment: str = "neutral"
    departments: tuple[str, ...] = ()
    touchpoints: tuple[str, ...] = ()
    author: str | None = None
    quote: str | None = None
    lesson: str | None = None
    follow_up: FollowUp | None = None
    tags: tuple[str, ...] = ()
    featured: bool = False
    draft: bool = False
    focus: str | None = None
    """A memo's own word on what it is about: 'customer' or 'internal' (else the classifier decides)."""
    imported_from: ImportSource | None = None
    """The `source` field of a story written by `emptychair import`."""

    @property
    def is_memo(self) -> bool:
        return self.kind == "memo"

    @property
    def is_waiting(self) -> bool:
        """A negative story nobody has closed: no follow-up yet, or one that is not done."""
        return self.sentiment == "negative" and (self.follow_up is None or not self.follow_up.is_done)
