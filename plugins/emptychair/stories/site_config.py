"""Departments, touchpoints, people and channels, read once from site_config/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import phonenumbers

from .front_matter import Document, FrontMatterError, parse_yaml
from .loading import display_path
from .model import (
    COMPANY,
    DEFAULT_CHANNELS,
    DEFAULT_PHONE_REGION,
    SLUG,
    Department,
    Directory,
    Person,
    Touchpoint,
)
from .problems import Problem


class SiteConfigError(Exception):
    """site_config/ cannot be used: nothing can be validated against it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


class ConfigFileReader:
    def __init__(self, path: Path, root: Path) -> None:
        self.shown = display_path(path, root)
        self.problems: list[Problem] = []
        self.document: Document | None = None
        try:
            self.document = parse_yaml(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.problems.append(Problem(self.shown, "file is missing"))
        except UnicodeDecodeError:
            self.problems.append(Problem(self.shown, "file is not UTF-8; save it with UTF-8 encoding"))
        except FrontMatterError as error:
            self.problems.append(Problem(self.shown, str(error), line=error.line))

    @property
    def data(self) -> Any:
        return None if self.document is None else self.document.data

    def report(self, where: tuple[str | int, ...], message: str) -> None:
        name = ".".join(str(step) for step in where)
        line = self.document.line_of(where) if self.document else None
        self.problems.append(Problem(self.shown, message, field=name, line=line))


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return value.strip() if isinstance(value, str) else ""


def _read_people(reader: ConfigFileReader) -> dict[str, Person]:
    people: dict[str, Person] = {}
    entries = (reader.data or {}).get("people") if isinstance(reader.data, dict) else None
    if reader.document is not None and not isinstance(entries, dict):
        reader.report(("people",), "must be a mapping of person ids to {name, department, leader, email}")
        return people
    for person_id, entry in (entries or {}).items():
        where = ("people", str(person_id))
        if not isinstance(entry, dict) or not _text(entry, "name"):
            reader.report(where, "needs at least a name, e.g. {name: Jo Bloggs, department: sales}")
            continue
        leader = entry.get("leader", False)
        if not isinstance(leader, bool):
            reader.report((*where, "leader"), f"{leader!r} is not true or false")
            leader = False
        people[str(person_id)] = Person(
            id=str(person_id),
            name=_text(entry, "name"),
            title=_text(entry, "title"),
            department=_text(entry, "department") or None,
            leader=leader,
            email=_text(entry, "email") or None,
        )
    return people


def _read_departments(reader: ConfigFileReader) -> tuple[dict[str, Department], dict[str, Touchpoint]]:
    departments: dict[str, Department] = {}
    touchpoints: dict[str, Touchpoint] = {}
    entries = reader.data.get("departments") if isinstance(reader.data, dict) else None
    if reader.document is not None and not isinstance(entries, list):
        reader.report(("departments",), "must be a list of departments, each with slug, name and touchpoints")
        return departments, touchpoints
    for position, entry in enumerate(entries or []):
        where: tuple[str | int, ...] = ("departments", position)
        slug = _department_slug(reader, where, entry, departments)
        if slug is None:
            continue
        owned = _read_touchpoints(reader, where, entry, slug, touchpoints)
        mailing_list = entry.get("mailing_list") or []
        if isinstance(mailing_list, str):
            mailing_list = [mailing_list]
        departments[slug] = Department(
            slug=slug,
            name=_text(entry, "name"),
            description=_text(entry, "description"),
            lead=_text(entry, "lead") or None,
            mailing_list=tuple(str(address) for address in mailing_list),
            touchpoints=tuple(owned),
        )
    return departments, touchpoints


def _department_slug(
    reader: ConfigFileReader, where: tuple[str | int, ...], entry: Any, departments: dict[str, Department]
) -> str | None:
    """The entry's slug, when it has one and a name, and the slug is new and not the company's."""
    slug = _text(entry, "slug") if isinstance(entry, dict) else ""
    if not slug or not SLUG.fullmatch(slug) or not _text(entry, "name"):
        reader.report(where, "needs a slug (lowercase letters, digits, hyphens) and a name")
        return None
    if slug in departments:
        reader.report((*where, "slug"), f"{slug!r} is defined twice")
        return None
    if slug == COMPANY:
        reader.report(
            (*where, "slug"),
            f"{slug!r} is reserved for the whole company's digest and feeds; choose another slug",
        )
        return None
    return slug


def _read_touchpoints(
    reader: ConfigFileReader,
    where: tuple[str | int, ...],
    entry: dict[str, Any],
    department: str,
    touchpoints: dict[str, Touchpoint],
) -> list[str]:
    """A department's touchpoints, added to `touchpoints` (each belongs to one department); their slugs."""
    owned: list[str] = []
    for index, point in enumerate(entry.get("touchpoints") or []):
        point_slug = _text(point, "slug") if isinstance(point, dict) else ""
        if not point_slug or not SLUG.fullmatch(point_slug):
            reader.report((*where, "touchpoints", index), "needs a slug (lowercase letters, digits, hyphens)")
            continue
        if point_slug in touchpoints:
            owner = touchpoints[point_slug].department
            reader.report(
                (*where, "touchpoints", index), f"touchpoint {point_slug!r} already belongs to {owner!r}"
            )
            continue
        touchpoints[point_slug] = Touchpoint(
            slug=point_slug,
            name=_text(point, "name") or point_slug,
            department=department,
            description=_text(point, "description"),
        )
        owned.append(point_slug)
    return owned


def _read_channels(reader: ConfigFileReader) -> tuple[str, ...]:
    if reader.document is None or not isinstance(reader.data, dict) or "channels" not in reader.data:
        return DEFAULT_CHANNELS
    channels = reader.data["channels"]
    if not isinstance(channels, list) or not channels or not all(isinstance(c, str) for c in channels):
        reader.report(("channels",), "must be a non-empty list of channel names")
        return DEFAULT_CHANNELS
    # A channel names a folder of the site (channels/phone/), as a department does.
    for position, channel in enumerate(channels):
        if not SLUG.fullmatch(channel):
            fix = re.sub(r"[^a-z0-9]+", "-", channel.lower()).strip("-")
            instead = f": write {fix!r}" if fix else ""
            reader.report(
                ("channels", position),
                f"{channel!r} is not a slug (lowercase letters, digits, hyphens){instead}",
            )
    return tuple(channels)


_HANDLE = re.compile(r"^@\w{1,50}$")


def _read_public_handles(reader: ConfigFileReader) -> tuple[str, ...]:
    handles = reader.data.get("public_handles") if isinstance(reader.data, dict) else None
    if handles is None:
        return ()
    if not isinstance(handles, list) or not all(isinstance(h, str) and _HANDLE.match(h) for h in handles):
        reader.report(
            ("public_handles",), "must be a list of the company's handles, each like '@harbourpine'"
        )
        return ()
    return tuple(handles)


DEFAULT_WAITING_DAYS = 90


def _read_waiting_days(reader: ConfigFileReader) -> int:
    days = reader.data.get("waiting_days") if isinstance(reader.data, dict) else None
    if days is None:
        return DEFAULT_WAITING_DAYS
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 3650:
        reader.report(
            ("waiting_days",),
            f"{days!r} is not a whole number of days from 1 to 3650; e.g. 90: unanswered stories older "
            "than that leave the waiting tables and are counted on one line",
        )
        return DEFAULT_WAITING_DAYS
    return int(days)


def _read_phone_region(reader: ConfigFileReader) -> str:
    region = reader.data.get("phone_region") if isinstance(reader.data, dict) else None
    if region is None:
        return DEFAULT_PHONE_REGION
    if not isinstance(region, str) or region not in phonenumbers.SUPPORTED_REGIONS:
        instead = " (the United Kingdom is GB)" if region in ("UK", "uk") else ""
        reader.report(
            ("phone_region",),
            f"{region!r} is not a country code: two capital letters as in ISO 3166, e.g. GB, US, DE{instead}",
        )
        return DEFAULT_PHONE_REGION
    return region


def load_directory(site_config_dir: Path, *, root: Path) -> Directory:
    """Read site_config/; raise SiteConfigError listing every problem when it cannot be used."""
    people_reader = ConfigFileReader(site_config_dir / "people.yml", root)
    departments_reader = ConfigFileReader(site_config_dir / "departments.yml", root)
    policy_path = site_config_dir / "policy.yml"
    policy_reader = ConfigFileReader(policy_path, root) if policy_path.exists() else None

    people = _read_people(people_reader)
    departments, touchpoints = _read_departments(departments_reader)
    channels = _read_channels(policy_reader) if policy_reader else DEFAULT_CHANNELS
    company_list = _read_company_list(policy_reader) if policy_reader else ()
    public_handles = _read_public_handles(policy_reader) if policy_reader else ()
    waiting_days = _read_waiting_days(policy_reader) if policy_reader else DEFAULT_WAITING_DAYS
    phone_region = _read_phone_region(policy_reader) if policy_reader else DEFAULT_PHONE_REGION

    # Cross-references are only worth checking once both files could be read.
    if people_reader.document is not None and departments_reader.document is not None:
        _check_references(people_reader, departments_reader, people, departments)
    problems = people_reader.problems + departments_reader.problems
    if policy_reader:
        problems += policy_reader.problems
    if problems:
        raise SiteConfigError(problems)
    return Directory(
        departments=departments,
        touchpoints=touchpoints,
        people=people,
        channels=channels,
        company_mailing_list=company_list,
        public_handles=public_handles,
        waiting_days=waiting_days,
        phone_region=phone_region,
    )


def _read_company_list(reader: ConfigFileReader) -> tuple[str, ...]:
    """Who receives the company's digest: one address or a list."""
    company_list = reader.data.get("company_mailing_list") if isinstance(reader.data, dict) else None
    if isinstance(company_list, str):
        company_list = [company_list]
    if company_list is not None and not isinstance(company_list, list):
        reader.report(("company_mailing_list",), "must be a list of e-mail addresses")
        company_list = None
    return tuple(str(address) for address in company_list or ())


def _check_references(
    people_reader: ConfigFileReader,
    departments_reader: ConfigFileReader,
    people: dict[str, Person],
    departments: dict[str, Department],
) -> None:
    """A department's lead is a person; a person's department is a department."""
    for position, department in enumerate(departments.values()):
        if department.lead is not None and department.lead not in people:
            departments_reader.report(
                ("departments", position, "lead"), f"{department.lead!r} is not a person id in people.yml"
            )
    for person in people.values():
        if person.department is not None and person.department not in departments:
            people_reader.report(
                ("people", person.id, "department"),
                f"{person.department!r} is not a department in departments.yml",
            )
