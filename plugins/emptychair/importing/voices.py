"""Who speaks in an export: authors whom most other records address are the company's own accounts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..stories.model import Directory
from .mapping import ImportMapping
from .records import Record

_HANDLE = re.compile(r"(?<![\w@])@(\w{1,50})")
LARGE_SHARE = 0.1
"""Mentioned in at least this share of the other records (and in at least MINIMUM of them)."""
MINIMUM = 5


@dataclass
class Voices:
    records: int = 0
    authors: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)
    """casefolded author -> the author as the export writes it."""
    mentions: Counter[str] = field(default_factory=Counter)

    def add(self, record: Record) -> None:
        self.records += 1
        if record.customer is not None:
            name = record.customer.name
            self.authors[name.casefold()] += 1
            self.names.setdefault(name.casefold(), name)
        quote = record.meta.get("quote")
        text = f"{quote if isinstance(quote, str) else ''}\n{record.body.replace(chr(92), '')}"
        if "@" in text:
            self.mentions.update({handle.casefold() for handle in _HANDLE.findall(text)})

    def company_accounts(self) -> list[tuple[str, int, int]]:
        """(author, rows they wrote, other records mentioning them) for authors most others address."""
        found = []
        for author, wrote in sorted(self.authors.items()):
            mentioned = self.mentions.get(author, 0)
            others = max(self.records - wrote, 1)
            if mentioned >= MINIMUM and mentioned / others >= LARGE_SHARE:
                found.append((self.names[author], wrote, mentioned))
        return found

    def notices(self, shown: str, mapping: ImportMapping, directory: Directory) -> list[str]:
        accounts = self.company_accounts()
        if not accounts:
            return []
        names = [name for name, _, _ in accounts]
        wrote = sum(count for _, count, _ in accounts)
        share = max(mentioned for _, _, mentioned in accounts) / max(self.records - wrote, 1)
        public = {handle.casefold() for handle in directory.public_handles}
        missing = [f'"@{name}"' for name in names if f"@{name}".casefold() not in public]
        fixes = []
        if missing:
            fixes.append(f"list them in site_config/policy.yml, public_handles: [{', '.join(missing)}]")
        column = _customer_column(mapping)
        if column is not None:
            fixes.append(
                f"leave their rows out in the mapping, skip: {{column: {column}, in: [{', '.join(names)}]}}"
            )
        return [
            f"{shown}: {_join(names)} wrote {wrote} {'row' if wrote == 1 else 'rows'} and "
            f"{'is' if len(names) == 1 else 'are'} mentioned in up to {share:.0%} of the other records: "
            f"the company's own {'account' if len(names) == 1 else 'accounts'}, not customers? "
            + "; ".join(fixes)
        ]


def _customer_column(mapping: ImportMapping) -> str | None:
    for spec in mapping.fields:
        if spec.name == "customer":
            if spec.column is not None:
                return spec.column
            return next((part.column for part in spec.parts if part.name == "customer.name"), None)
    return None


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
