"""What validating one story read of site_config/'s choices.

A valid story asks only whether the ids it names are defined (its touchpoints, departments, author,
follow-up owner) and which department each of its touchpoints belongs to; a story with a mistake reads
whole lists (to say what is allowed and what was meant). The build cache keeps each story file's
validation by the facts it read and their values (`pipeline/stages.py`): a new person in people.yml
validates again only the stories that name that id, not every story.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

from .model import Choices

Read = tuple[Any, ...]
"""("has", field, id), ("item", field, id) or ("all", field)."""
Reads = tuple[Read, ...]


class ChoiceReads:
    """Choices as one validation sees them, each fact it reads noted (`reads`)."""

    __slots__ = ("_noted", "channels", "departments", "people", "touchpoints")

    def __init__(self, choices: Choices) -> None:
        self._noted: set[Read] = set()
        self.departments = _Ids("departments", choices.departments, self._noted)
        self.touchpoints = _Ids("touchpoints", choices.touchpoints, self._noted)
        self.people = _Ids("people", choices.people, self._noted)
        self.channels = _Ids("channels", choices.channels, self._noted)

    def reads(self) -> Reads:
        """The facts read so far, sorted: the same validation gives the same tuple."""
        return tuple(sorted(self._noted, key=repr))


class _Ids(Collection[Any]):
    """One list of ids (a mapping of them, or a tuple)."""

    __slots__ = ("_field", "_ids", "_noted")

    def __init__(self, field: str, ids: Mapping[str, Any] | tuple[str, ...], noted: set[Read]) -> None:
        self._field, self._ids, self._noted = field, ids, noted

    def __contains__(self, key: object) -> bool:
        self._noted.add(("has", self._field, key))
        return key in self._ids

    def __getitem__(self, key: str) -> Any:
        self._noted.add(("item", self._field, key))
        assert isinstance(self._ids, Mapping)
        return self._ids[key]

    def __iter__(self) -> Iterator[Any]:
        self._noted.add(("all", self._field))
        return iter(self._ids)

    def __len__(self) -> int:
        self._noted.add(("all", self._field))
        return len(self._ids)


def fact_values(choices: Choices, reads: Reads) -> tuple[Any, ...]:
    """What each fact read is in `choices` now: equal values, the same validation."""
    return tuple(_value(choices, read) for read in reads)


def _value(choices: Choices, read: Read) -> Any:
    kind, field, *rest = read
    ids = getattr(choices, field)
    if kind == "has":
        return rest[0] in ids
    if kind == "item":
        return ids.get(rest[0], ("absent",))
    return tuple(ids.items()) if isinstance(ids, Mapping) else tuple(ids)
