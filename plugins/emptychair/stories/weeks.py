"""ISO weeks: the unit every digest, archive and balance figure is counted in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

_WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True, slots=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @classmethod
    def of_datetime(cls, moment: datetime, zone: tzinfo) -> IsoWeek:
        """The week a moment falls in, as seen in the site's timezone."""
        return cls.of(moment.astimezone(zone).date())

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        match = _WEEK_PATTERN.match(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not an ISO week such as 2026-W47")
        year, week = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{text!r} is not a week of {year}") from None
        return cls(year, week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 7)

    @property
    def dates(self) -> str:
        """Its days as people say them: '16\u201322 Nov', '30 Nov\u20136 Dec'."""
        monday, sunday = self.monday, self.sunday
        if monday.month == sunday.month:
            return f"{monday.day}\u2013{sunday.day} {sunday:%b}"
        return f"{monday.day} {monday:%b}\u2013{sunday.day} {sunday:%b}"

    @property
    def label(self) -> str:
        """The ISO code with its dates, '2026-W47, 16\u201322 Nov': codes alone mean little to most readers."""
        return f"{self}, {self.dates}"

    def previous(self) -> IsoWeek:
        return IsoWeek.of(self.monday - timedelta(days=7))

    def span(self, count: int) -> list[IsoWeek]:
        """The `count` weeks ending with this one, oldest first."""
        weeks = [self]
        while len(weeks) < count:
            weeks.append(weeks[-1].previous())
        return weeks[::-1]

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"
