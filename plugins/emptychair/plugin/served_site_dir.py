"""The site folder between two builds (of `mkdocs serve`, and of `mkdocs build` with the build cache).

Before every build MkDocs empties it file by file (`clean_directory`): at 10,000 stories that is
22,000 unlinks and 12,000 rmdirs on the disk of /tmp, measured at 138 s of a 317 s rebuild on a busy
machine, before a page is written. Moving the last build's entries into a folder beside it is one rename
per entry of the top level; the build takes back the files it would write again (`kept_site`), and the
rest is removed once it is over: by `mkdocs serve` in a process of its own, by a build before it ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)


IGNORED = "# emptychair: the last build's files, set aside while the site is built again\n*\n"


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
    try:
        aside = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
        # Beside the site of `mkdocs build`, in the project: out of `git status` while it is there.
        (aside / ".gitignore").write_text(IGNORED, encoding="utf-8")
    except OSError as error:
        log.debug("%s is left for MkDocs to empty: %s", site_dir, error)
        return None
    for name in names:
        try:
            os.rename(site_dir / name, aside / name)
        except OSError as error:
            log.debug("%s stays for MkDocs to remove: %s", site_dir / name, error)
    return aside


def left_behind(site_dir: Path) -> list[Path]:
    """The folders an earlier build of `site_dir` set aside and did not remove (it was killed): those
    beside it that hold our .gitignore, word for word."""
    found = []
    for folder in sorted(site_dir.parent.glob(f".{site_dir.name}-old-*")):
        try:
            if (folder / ".gitignore").read_text(encoding="utf-8") == IGNORED:
                found.append(folder)
        except (OSError, UnicodeDecodeError):
            continue
    return found


class OldSites:
    """The sites set aside before each rebuild, removed once the rebuild is over, by `rm` in a process of
    its own at the lowest priority (where there is one): while the rebuild runs, the removal would compete
    with it for the disk, and the reader waits for the rebuild. A thread removing them (Windows) holds
    Python's lock between two files: at 10,000 stories it took 1.3 s from the next rebuild."""

    def __init__(self) -> None:
        self._waiting: list[Path] = []
        self._removing: list[Path] = []
        self._latest: Path | None = None
        self._workers: list[subprocess.Popen[bytes] | threading.Thread] = []

    @property
    def latest(self) -> Path | None:
        """The last build's files, set aside before this build, until it is over."""
        return self._latest

    def set_aside(self, site_dir: Path) -> None:
        # Removed with this build's.
        self._waiting += [folder for folder in left_behind(site_dir) if folder not in self._removing]
        self._latest = set_aside(site_dir)
        if self._latest is not None:
            self._waiting.append(self._latest)

    def remove(self, *, wait: bool = False) -> None:
        """Starts removing what was set aside (the build is over); with `wait`, until it is gone."""
        self._latest = None
        if wait:
            self.finish()
            return
        waiting, self._waiting = self._waiting, []
        self._workers = [worker for worker in self._workers if _running(worker)]
        if waiting:
            self._removing = [folder for folder in self._removing if folder.exists()] + waiting
            self._workers.append(_start_removing(waiting))

    def finish(self) -> None:
        """Removes every old site and waits until it is gone: `mkdocs serve` removes its own folder when
        it stops, and a server killed after a timeout (the removal is the slowest part on a busy
        machine) left old sites behind in /tmp."""
        for worker in self._workers:
            if isinstance(worker, threading.Thread):
                worker.join()
            else:
                worker.wait()
        for folder in [*self._removing, *self._waiting]:
            shutil.rmtree(folder, ignore_errors=True)
        self._waiting, self._removing, self._workers = [], [], []


def _start_removing(folders: list[Path]) -> subprocess.Popen[bytes] | threading.Thread:
    rm = shutil.which("rm") if os.name == "posix" else None
    if rm is not None:
        try:
            process = subprocess.Popen(
                [rm, "-rf", "--", *map(str, folders)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as error:
            log.debug("old sites are removed by a thread: %s", error)
        else:
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, process.pid, 19)
            return process
    thread = threading.Thread(target=_remove, args=(folders,), name="emptychair-old-site", daemon=True)
    thread.start()
    return thread


def _running(worker: subprocess.Popen[bytes] | threading.Thread) -> bool:
    return worker.is_alive() if isinstance(worker, threading.Thread) else worker.poll() is None


def _remove(folders: list[Path]) -> None:
    # Behind the build: a reader waits for the build, not for this (Linux sets a thread's own priority).
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
