"""The build's day as templates see it, counting its uses.

A page kept in the build cache is made again on another day only when its templates used the day (an
overdue follow-up, the days a story has waited): keying every page on the day made the first build of
each day render every story page again (10,000 stories: 29 s instead of 12 s). Whether a template uses
the day is known only when it runs, and a site's overrides may use it anywhere, so the day counts its
uses: printed, compared, subtracted, or any of its attributes read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

# Asked by Jinja and Python of any value without using what it holds (`isinstance` reads __class__).
_NOT_A_USE = frozenset({"__class__", "__dict__"})


class Today(date):
    """A date that counts how often it is used. Pickled, it is a plain date."""

    uses: int
    _day: date

    def __new__(cls, day: date) -> Today:
        self = super().__new__(cls, day.year, day.month, day.day)
        vars(self).update(uses=0, _day=date(day.year, day.month, day.day))
        return self

    def plain(self) -> date:
        """The day, without counting a use."""
        day: date = vars(self)["_day"]
        return day

    def use(self) -> None:
        """Counts a use made elsewhere (a kept page made from it)."""
        vars(self)["uses"] += 1

    def _used(self) -> date:
        self.use()
        return self.plain()

    def __getattribute__(self, name: str) -> Any:
        if name in _DATE_DUNDERS or not (name.startswith("_") or name in _OWN):
            object.__getattribute__(self, "use")()
        return super().__getattribute__(name)

    def __str__(self) -> str:
        return str(self._used())

    def __repr__(self) -> str:
        return repr(self._used())

    def __format__(self, spec: str) -> str:
        return format(self._used(), spec)

    def __hash__(self) -> int:
        return hash(self._used())

    def __eq__(self, other: object) -> bool:
        return self._used() == other

    def __ne__(self, other: object) -> bool:
        return self._used() != other

    def __lt__(self, other: Any) -> bool:
        return bool(self._used() < other)

    def __le__(self, other: Any) -> bool:
        return bool(self._used() <= other)

    def __gt__(self, other: Any) -> bool:
        return bool(self._used() > other)

    def __ge__(self, other: Any) -> bool:
        return bool(self._used() >= other)

    def __add__(self, other: Any) -> Any:
        return self._used() + other

    def __radd__(self, other: Any) -> Any:
        return other + self._used()

    def __sub__(self, other: Any) -> Any:
        return self._used() - other

    def __rsub__(self, other: Any) -> Any:
        return other - self._used()

    def __reduce__(self) -> tuple[type[date], tuple[int, int, int]]:
        day = self._used()
        return date, (day.year, day.month, day.day)

    def __reduce_ex__(self, protocol: Any) -> tuple[type[date], tuple[int, int, int]]:
        return self.__reduce__()


_OWN = frozenset({"uses", "plain", "use"})
# Date methods a template could reach by name (`today.__sub__(x)`): a use like any other.
_DATE_DUNDERS = frozenset(name for name in vars(date) if name.startswith("__") and name not in _NOT_A_USE)
