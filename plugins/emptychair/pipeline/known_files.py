"""Which story files changed since the last build of this process (`mkdocs serve`), told by their state
(path, size, modification time, inode) as `git status` tells it, rather than by reading them all."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path

SETTLED_NS = 2_000_000_000
"""How long before it is read a file's modification time must be for its state to stand for its bytes:
a file written again in the same tick of the clock, at the same size, would look unchanged (git's
"racily clean" files)."""

FileState = tuple[str, str, str, int, int, int]
"""A story file's path, its paths as read (in the stories folder, shown), size, modification time, inode."""


class KnownFiles:
    """The story files' keys the last build of this process found (`HeldEntries.file_keys`), by their
    path, size, modification time and inode: 10,000 stats rather than 10,000 files read and digested."""

    def __init__(self, known: Mapping[FileState, tuple[str, bytes]] | None, context: str) -> None:
        """`known`: what the last build found (None: no build of this process keeps it)."""
        self._on, self._context = known is not None, context
        self._known = known if known is not None else {}
        self._now: dict[FileState, tuple[str, bytes]] = {}
        self._settled = time.time_ns() - SETTLED_NS

    def state(self, path: Path, relative: str, shown: str) -> FileState | None:
        if not self._on:
            return None
        try:
            found = os.stat(path)
        except OSError:
            return None
        return (str(path), relative, shown, found.st_size, found.st_mtime_ns, found.st_ino)

    def key(self, state: FileState | None) -> bytes | None:
        """The key of the file in `state` if the last build read it so (and with what reads it now)."""
        if state is None:
            return None
        known = self._known.get(state)
        if known is None or known[0] != self._context:
            return None
        self._now[state] = known
        return known[1]

    def read(self, state: FileState | None, key: bytes) -> None:
        """The file was read in `state` (taken before it was read) and its bytes have `key`."""
        if state is not None and state[4] < self._settled:
            self._now[state] = (self._context, key)

    def found(self) -> dict[FileState, tuple[str, bytes]]:
        """The keys found by this build, for the next."""
        return self._now
