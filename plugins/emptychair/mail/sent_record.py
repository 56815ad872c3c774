"""Who has received which digest, kept in a small JSON file so a re-run of a week mails nobody twice."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..stories.model import Scope


@dataclass(frozen=True)
class Sending:
    """One digest handed to the SMTP server: when, as which message, and who got it."""

    sent_at: str
    message_id: str
    accepted: tuple[str, ...]
    refused: dict[str, str]


class RecordError(Exception):
    """The record cannot be read or written: a sentence saying which file and what to do."""


class SentRecord:
    """Sendings keyed by week and scope ('2026-W47/operations'), read from and written back to `path`.

    A digest may go out in several sendings (the first refused a recipient, a re-run reached them), so
    each key holds a list; who got the digest is every address some sending of it reached.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._sendings: dict[str, list[Sending]] = self._read(path) if path.is_file() else {}

    @staticmethod
    def key(week: str, scope: Scope) -> str:
        return f"{week}/{scope}"

    @staticmethod
    def _read(path: Path) -> dict[str, list[Sending]]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return {
                key: [_sending(entry) for entry in (entries if isinstance(entries, list) else [entries])]
                for key, entries in data["sent"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise RecordError(
                f"{path}: the record of sent digests is not readable ({error}); "
                "fix or delete it, knowing that every digest of the week may then be sent again"
            ) from None

    def sendings(self, week: str, scope: Scope) -> tuple[Sending, ...]:
        return tuple(self._sendings.get(self.key(week, scope), ()))

    def delivered(self, week: str, scope: Scope) -> dict[str, Sending]:
        """Every address the digest reached -> the first sending that reached it."""
        reached: dict[str, Sending] = {}
        for sending in self.sendings(week, scope):
            for address in sending.accepted:
                reached.setdefault(address, sending)
        return reached

    def ensure_writable(self) -> None:
        """Raise RecordError unless the record's folder takes a new file: checked before anything is sent,
        since a digest sent and not recorded would go out again on every re-run."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, probe = tempfile.mkstemp(dir=self.path.parent, prefix=".sent-", suffix=".probe")
            os.close(handle)
            os.unlink(probe)
        except OSError as error:
            raise RecordError(self._unwritable(error, "nothing was sent")) from None

    def add(self, week: str, scope: Scope, sending: Sending) -> None:
        """Record a sending and write the file at once, so a run cut short still remembers it."""
        self._sendings.setdefault(self.key(week, scope), []).append(sending)
        data = {
            "sent": {
                key: [asdict(entry) for entry in entries] for key, entries in sorted(self._sendings.items())
            }
        }
        try:
            self._write(data)
        except OSError as error:
            listed = ", ".join(sending.accepted)
            raise RecordError(
                self._unwritable(
                    error, f"the digest went to {listed} and a re-run would send it to them again"
                )
            ) from None

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the file and renamed over it: an interrupted write leaves the old record whole.
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".sent-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream, indent=2)
                stream.write("\n")
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _unwritable(self, error: OSError, consequence: str) -> str:
        reason = error.strerror or str(error)
        return f"{self.path}: cannot write the record of sent digests ({reason}); {consequence}"


def _sending(entry: dict[str, Any]) -> Sending:
    return Sending(
        sent_at=str(entry["sent_at"]),
        message_id=str(entry["message_id"]),
        accepted=tuple(str(address) for address in entry["accepted"]),
        refused={str(address): str(reason) for address, reason in (entry.get("refused") or {}).items()},
    )
