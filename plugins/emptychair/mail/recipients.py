"""Whom each digest goes to, and who of them still needs it: the send-once policy of any channel.

Plain functions of site_config's lists and the record of what went out, so a second channel (a chat
webhook, say) can sit beside e-mail and follow the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.headerregistry import Address
from pathlib import Path

from ..stories.model import COMPANY, Directory, Scope
from ..stories.problems import Problem
from ..stories.site_config import ConfigFileReader
from .addresses import parse_address
from .sent_record import Sending

DEPARTMENTS_FILE = "departments.yml"
POLICY_FILE = "policy.yml"


def list_setting(scope: Scope) -> str:
    """Where a scope's list is set, in words for a message."""
    if scope == COMPANY:
        return f"company_mailing_list in site_config/{POLICY_FILE}"
    return f"mailing_list of {scope} in site_config/{DEPARTMENTS_FILE}"


@dataclass(frozen=True)
class MailingLists:
    """Every scope's list as parsed addresses, and a problem for every entry that is not one address."""

    addresses: Mapping[Scope, tuple[Address, ...]]
    problems: list[Problem] = field(default_factory=list)


def read_mailing_lists(
    directory: Directory, site_config_dir: Path, *, root: Path, scopes: Iterable[Scope] | None = None
) -> MailingLists:
    """Parse the lists of `scopes` (default: the company's and every department's), all of them, so one
    bad entry is reported with every other before anything is sent. Problems name file, line and entry."""
    wanted = None if scopes is None else set(scopes)
    addresses: dict[Scope, tuple[Address, ...]] = {}
    places: list[tuple[Scope, tuple[str, ...], str, tuple[str | int, ...]]] = [
        (COMPANY, directory.company_mailing_list, POLICY_FILE, ("company_mailing_list",))
    ]
    places += [
        (Scope(slug), department.mailing_list, DEPARTMENTS_FILE, ("departments", position, "mailing_list"))
        for position, (slug, department) in enumerate(directory.departments.items())
    ]
    readers: dict[str, ConfigFileReader] = {}
    for scope, entries, file_name, where in places:
        if wanted is not None and scope not in wanted:
            continue
        parsed: list[Address] = []
        for position, entry in enumerate(entries):
            try:
                parsed.append(parse_address(entry, list_setting(scope)))
            except ValueError as error:
                reader = readers.get(file_name) or readers.setdefault(
                    file_name, ConfigFileReader(site_config_dir / file_name, root)
                )
                # A single address may be written without a list: then the setting itself is the entry.
                reader.report((*where, position) if _is_list(reader, where) else where, _reason(error))
        addresses[scope] = tuple(parsed)
    return MailingLists(addresses, [problem for reader in readers.values() for problem in reader.problems])


def mailing_list_problems(directory: Directory, site_config_dir: Path, *, root: Path) -> list[Problem]:
    """Every mailing list entry that is not one e-mail address, for `emptychair check`."""
    return read_mailing_lists(directory, site_config_dir, root=root).problems


def _is_list(reader: ConfigFileReader, where: tuple[str | int, ...]) -> bool:
    value = reader.data
    for step in where:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(value, list)


def _reason(error: ValueError) -> str:
    # parse_address names the setting first; the problem names it by file, line and field instead.
    return str(error).partition(": ")[2]


@dataclass(frozen=True)
class Due:
    """What one sending of a digest does: whom it goes to now, and who already has it."""

    to_send: tuple[Address, ...]
    already: Mapping[str, Sending]
    """Recipients the digest reached before -> the sending that reached them; not sent to again."""
    resent: tuple[str, ...] = ()
    """Recipients who had it and get it again, because the sender asked to resend."""


def due(recipients: tuple[Address, ...], delivered: Mapping[str, Sending], *, resend: bool) -> Due:
    """Each recipient gets a digest once: those it reached are left out unless `resend` says otherwise.

    A recipient refused last time, or added to the list since, is still due; so a re-run after a refusal
    reaches exactly those who did not get it.
    """
    if resend:
        again = tuple(address.addr_spec for address in recipients if address.addr_spec in delivered)
        return Due(to_send=recipients, already={}, resent=again)
    return Due(
        to_send=tuple(address for address in recipients if address.addr_spec not in delivered),
        already={
            address.addr_spec: delivered[address.addr_spec]
            for address in recipients
            if address.addr_spec in delivered
        },
    )
