"""Which digests have gone out, kept in a small JSON file so a re-run of the same week mails nobody twice."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from ..stories.model import Scope


@dataclass(frozen=True)
class Sending:
    """One digest handed to the SMTP server: when, as which message, and who got it."""

    sent_at: str
    message_id: str
    accepted: tuple[str, ...]
    refused: dict[str, str]


class SentRecord:
    """Sendings keyed by week and scope ('2026-W47/operations'), read from and written back to `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._sendings: dict[str, Sending] = {}
        if path.is_file():
            self._sendings = self._read(path)

    @staticmethod
    def key(week: str, scope: Scope) -> str:
        return f"{week}/{scope}"

    @staticmethod
    def _read(path: Path) -> dict[str, Sending]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return {
                key: Sending(
                    sent_at=str(entry["sent_at"]),
                    message_id=str(entry["message_id"]),
                    accepted=tuple(entry["accepted"]),
                    refused=dict(entry.get("refused") or {}),
                )
                for key, entry in data["sent"].items()
            }
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError(
                f"{path}: the record of sent digests is not readable ({error}); "
                "fix or delete it, knowing that every digest of the week may then be sent again"
            ) from None

    def get(self, week: str, scope: Scope) -> Sending | None:
        return self._sendings.get(self.key(week, scope))

    def add(self, week: str, scope: Scope, sending: Sending) -> None:
        """Record a sending and write the file at once, so a run cut short still remembers it."""
        self._sendings[self.key(week, scope)] = sending
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"sent": {key: asdict(entry) for key, entry in sorted(self._sendings.items())}}
        # Written beside the file and renamed over it: an interrupted write leaves the old record whole.
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".sent-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2)
            stream.write("\n")
        os.replace(temporary, self.path)
