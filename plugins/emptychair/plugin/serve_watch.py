"""How `mkdocs serve` notices a saved story.

MkDocs watches with watchdog's PollingObserver: every half second it walks and stats every file below the
docs folder, in a thread of the server's process. At 10,000 stories that walk took 7.3 s of the 17.3 s
around one rebuild (py-spy, load ~2), taking Python's lock from the rebuild itself; at 100,000 stories it
would never pause. Polling is MkDocs' choice because it works everywhere: network shares, Docker's and
WSL's mounts of a host's folders, where the kernel reports no change (mkdocs/mkdocs#2477).

`serve_watch: auto` (the default) keeps polling there and lets Linux's inotify watch every folder on a
local file system: the kernel tells the server what changed, and nothing is walked. `native` uses the
platform's own watcher for every folder (inotify, FSEvents, ReadDirectoryChangesW); `polling` leaves
MkDocs as it is. Files (mkdocs.yml) stay polled: an editor's save replaces the file, which an inotify
watch on the old file would not see, and one file costs nothing to poll.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

log = get_plugin_logger(__name__)

MOUNTINFO = Path("/proc/self/mountinfo")
LOCAL_FILE_SYSTEMS = frozenset(
    {"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "ramfs", "overlay", "zfs", "f2fs", "jfs", "bcachefs"}
)
"""File systems on which inotify reports every change made on this machine. Not network ones (nfs,
cifs), nor the mounts of another machine's folders (9p and drvfs in WSL, fuse, virtiofs and vboxsf in
containers and virtual machines): a change made on the other side is never reported there."""
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,
]
"""What makes the server rebuild. Not a file being opened or read: MkDocs rebuilds on any event, and
every build opens every story, so a rebuild would wake the next one forever."""


class ServeWatcher:
    """The server's observer (MkDocs calls schedule, unschedule, start, stop and join): folders the
    `natively` test accepts are watched by `native`, the rest by `polling`, MkDocs' own."""

    def __init__(self, polling: BaseObserver, native: BaseObserver, natively: Callable[[str], bool]) -> None:
        self.polling, self.native, self.natively = polling, native, natively
        self._by: dict[ObservedWatch, BaseObserver] = {}
        self.watched: dict[str, str] = {}
        """Each path watched -> how ("native" or "polling")."""
        # Started now: a watch it cannot set up (too many folders for the system's inotify limit) is an
        # error here, in `schedule`, where the folder can still be polled instead.
        self.native.start()

    def schedule(
        self, event_handler: FileSystemEventHandler, path: str, *, recursive: bool = False, **_: Any
    ) -> ObservedWatch:
        if os.path.isdir(path):
            if self.natively(path):
                try:
                    watch = self.native.schedule(
                        event_handler, path, recursive=recursive, event_filter=CHANGES
                    )
                except OSError as error:
                    log.info("%s is polled for changes: the system's watch failed (%s)", path, error)
                else:
                    return self._keep(watch, self.native, path, "native")
            else:
                log.info("%s is polled for changes: it is not on a local file system", path)
        watch = self.polling.schedule(event_handler, path, recursive=recursive)
        return self._keep(watch, self.polling, path, "polling")

    def _keep(self, watch: ObservedWatch, observer: BaseObserver, path: str, how: str) -> ObservedWatch:
        self._by[watch] = observer
        self.watched[path] = how
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        self._by.pop(watch).unschedule(watch)
        self.watched.pop(watch.path, None)

    def start(self) -> None:
        if not self.polling.is_alive():
            self.polling.start()

    def stop(self) -> None:
        for observer in (self.polling, self.native):
            if observer.is_alive():
                observer.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in (self.polling, self.native):
            if observer.ident is not None:
                observer.join(timeout)


def watch_natively(server: LiveReloadServer, mode: str) -> bool:
    """Gives `server` a ServeWatcher for `mode` ("auto" or "native") and moves the watches MkDocs set up
    to it (and the ones it sets up later go to it); False when the server's watches cannot be read (a
    server other than MkDocs' and ProperDocs') or `auto` is not on Linux."""
    watched = getattr(server, "_watched_paths", None)
    if not isinstance(watched, dict) or (mode == "auto" and not sys.platform.startswith("linux")):
        return False
    natively = (lambda path: True) if mode == "native" else local_file_system
    counts = {str(path): int(count) for path, count in watched.items()}
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    watcher = ServeWatcher(server.observer, Observer(), natively)
    server.observer = cast(Any, watcher)
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)
    return True


def local_file_system(path: str, mountinfo: str | None = None) -> bool:
    """Whether `path` is on a local file system (LOCAL_FILE_SYSTEMS) by the mount table of this process
    (`/proc/self/mountinfo`, or `mountinfo`); False when that cannot be told."""
    try:
        table = MOUNTINFO.read_text(encoding="utf-8") if mountinfo is None else mountinfo
    except OSError:
        return False
    real = os.path.realpath(path)
    best, kind = "", ""
    for line in table.splitlines():
        fields = line.split(" ")
        if "-" not in fields[6:]:
            continue
        mount_point = _unescaped(fields[4])
        after = fields.index("-", 6)
        if _contains(mount_point, real) and len(mount_point) >= len(best):
            best, kind = mount_point, fields[after + 1] if len(fields) > after + 1 else ""
    return kind in LOCAL_FILE_SYSTEMS


def _contains(mount_point: str, path: str) -> bool:
    return path == mount_point or path.startswith(mount_point.rstrip("/") + "/")


def _unescaped(field: str) -> str:
    """A mount point as the kernel writes it: space, tab, newline and backslash as octal escapes."""
    for escape, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(escape, char)
    return field
