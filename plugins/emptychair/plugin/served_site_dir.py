"""The folder `mkdocs serve` serves from, between two builds.

Before every rebuild MkDocs empties it file by file (`clean_directory`): at 10,000 stories that is
22,000 unlinks and 12,000 rmdirs on the disk of /tmp, measured at 138 s of a 317 s rebuild on a busy
machine, before a page is written. Moving the last build's entries into a folder beside it is one rename
per entry of the top level; the old files are removed by a thread once the rebuild is over.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)


def set_aside(site_dir: Path) -> Path | None:
    """Moves what MkDocs would remove from `site_dir` (every entry but the hidden ones, which
    `clean_directory` keeps) into a new folder beside it, on the same disk; that folder, or None when
    there was nothing to move. An entry that cannot be moved is left for MkDocs to remove."""
    try:
        names = sorted(name for name in os.listdir(site_dir) if not name.startswith("."))
    except OSError:
        return None
    if not names:
        return None
    aside = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
    for name in names:
        try:
            os.rename(site_dir / name, aside / name)
        except OSError as error:
            log.debug("%s stays for MkDocs to remove: %s", site_dir / name, error)
    return aside


class OldSites:
    """The sites set aside before each rebuild, removed by a background thread once the rebuild is over:
    while it runs, the removal would compete with it for the disk, and the reader waits for it."""

    def __init__(self) -> None:
        self._waiting: list[Path] = []
        self._removing: list[Path] = []
        self._threads: list[threading.Thread] = []

    def set_aside(self, site_dir: Path) -> None:
        folder = set_aside(site_dir)
        if folder is not None:
            self._waiting.append(folder)

    def remove(self) -> None:
        """Starts removing what was set aside (the build is over)."""
        waiting, self._waiting = self._waiting, []
        self._threads = [thread for thread in self._threads if thread.is_alive()]
        if waiting:
            self._removing = [folder for folder in self._removing if folder.exists()] + waiting
            thread = threading.Thread(
                target=_remove, args=(waiting,), name="emptychair-old-site", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def finish(self) -> None:
        """Removes every old site, here and at full speed, and waits until it is gone: `mkdocs serve`
        removes its own folder when it stops, and a server killed after a timeout (the background thread
        is the slowest on a busy machine) left old sites behind in /tmp."""
        for folder in [*self._removing, *self._waiting]:
            shutil.rmtree(folder, ignore_errors=True)
        self._waiting, self._removing = [], []
        for thread in self._threads:
            thread.join()
        self._threads = []


def _remove(folders: list[Path]) -> None:
    # Behind the build: a reader waits for the build, not for this (Linux sets a thread's own priority).
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
