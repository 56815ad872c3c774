"""The site's directory as templates see it, noting what they read of it.

A page's content depends on a few facts of site_config/ (the names of its story's departments, the
name and title of who captured it), not on all of it: keying every page on the whole directory made a
new department description render every page again. Which facts a template reads is known only when it
runs, and a site's overrides may read anything, so the directory templates get notes every read, at
three depths: a whole field (iterated, counted, printed), whether a key is in it, and one attribute of
one entry. A rendering that reads the same facts, and finds them equal, takes the same path and makes
the same HTML: the build cache keys what it made by the facts read and their values
(`pipeline/page_store.py`), as `site/today.py` does for the day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from ..stories.model import Directory

Read = tuple[Any, ...]
"""One fact read: ("all", field), ("has", field, key), ("item", field, key) or ("attr", field, key, name)."""
Reads = tuple[Read, ...]
"""The facts one rendering read, sorted: the same renderings give the same tuple."""
_Made = TypeVar("_Made")


class DirectoryReads:
    """The directory for templates: every read is noted in the reads of the rendering under way (if
    one is: `noting`, or `start` and `stop`), and a nested rendering's (a story's summary in a listing)
    count for the one around it too."""

    __slots__ = ("_directory", "_open")

    def __init__(self, directory: Directory) -> None:
        self._directory = directory
        self._open: list[set[Read]] = []

    def start(self) -> None:
        """A rendering starts: its reads are noted from now on."""
        self._open.append(set())

    def stop(self) -> Reads:
        """The rendering started last is over: what it read (counted for the rendering around it too)."""
        reads = self._open.pop()
        self.note(reads)
        return tuple(sorted(reads, key=repr))

    def noting(self, make: Callable[[], _Made]) -> tuple[_Made, Reads]:
        """What `make` makes, and what it read (counted for a rendering around it too)."""
        self.start()
        try:
            made = make()
        finally:
            reads = self.stop()
        return made, reads

    def note(self, reads: set[Read] | Reads) -> None:
        """Reads made elsewhere (a summary made earlier, shown in the rendering under way)."""
        if self._open:
            self._open[-1].update(reads)

    def _read(self, read: Read) -> None:
        if self._open:
            self._open[-1].add(read)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self._directory, name)
        if isinstance(value, Mapping):
            return _FieldReads(self, name, value)
        self._read(("all", name))
        return value

    def __str__(self) -> str:
        self._read(("all", "*"))
        return str(self._directory)

    __repr__ = __str__


class _FieldReads(Mapping[Any, Any]):
    """One mapping of the directory (departments, touchpoints, people)."""

    __slots__ = ("_field", "_owner", "_value")

    def __init__(self, owner: DirectoryReads, field: str, value: Mapping[Any, Any]) -> None:
        self._owner, self._field, self._value = owner, field, value

    def _whole(self) -> Mapping[Any, Any]:
        self._owner._read(("all", self._field))
        return self._value

    def __getitem__(self, key: Any) -> Any:
        self._owner._read(("has", self._field, key))
        return _EntryReads(self._owner, self._field, key, self._value[key])

    def __contains__(self, key: object) -> bool:
        self._owner._read(("has", self._field, key))
        return key in self._value

    def get(self, key: Any, default: Any = None) -> Any:
        self._owner._read(("has", self._field, key))
        if key not in self._value:
            return default
        return _EntryReads(self._owner, self._field, key, self._value[key])

    def __iter__(self) -> Iterator[Any]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def keys(self) -> Any:
        return self._whole().keys()

    def items(self) -> Any:
        return self._whole().items()

    def values(self) -> Any:
        return self._whole().values()

    def __str__(self) -> str:
        return str(self._whole())

    __repr__ = __str__


class _EntryReads:
    """One entry of a mapping (a department, a touchpoint, a person): each attribute read is noted."""

    __slots__ = ("_field", "_key", "_owner", "_value")

    def __init__(self, owner: DirectoryReads, field: str, key: Any, value: Any) -> None:
        self._owner, self._field, self._key, self._value = owner, field, key, value

    def _whole(self) -> Any:
        self._owner._read(("item", self._field, self._key))
        return self._value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        self._owner._read(("attr", self._field, self._key, name))
        return getattr(self._value, name)

    def __eq__(self, other: object) -> bool:
        return bool(self._whole() == (other._whole() if isinstance(other, _EntryReads) else other))

    def __hash__(self) -> int:
        return hash(self._whole())

    def __bool__(self) -> bool:
        return bool(self._whole())

    def __str__(self) -> str:
        return str(self._whole())

    __repr__ = __str__


_ABSENT = ("absent",)


def read_values(directory: Directory, reads: Reads) -> tuple[Any, ...]:
    """What each fact read is in `directory` now: equal values for the same reads, the same HTML."""
    return tuple(_value(directory, read) for read in reads)


def _value(directory: Directory, read: Read) -> Any:
    kind, field, *rest = read
    if field == "*":
        return directory
    whole = getattr(directory, field, _ABSENT)
    if kind == "all" or not isinstance(whole, Mapping):
        return whole
    key = rest[0]
    if kind == "has":
        return key in whole
    if key not in whole:
        return _ABSENT
    entry = whole[key]
    return entry if kind == "item" else getattr(entry, rest[1], _ABSENT)
