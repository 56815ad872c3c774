"""What is wrong with a file: one message naming file, line, field, value and what is allowed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    message: str
    field: str | None = None
    line: int | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = self.message if self.field is None else f"{self.field}: {self.message}"
        return f"{where}: {what}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
            "text": str(self),
        }


def closest(value: str, allowed: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(value: object, allowed: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when one allowed value is close to a mistyped one, else ''."""
    match = closest(value, allowed) if isinstance(value, str) else None
    return f" (did you mean {match!r}?)" if match else ""


def one_of(allowed: Iterable[str]) -> str:
    return ", ".join(allowed)
