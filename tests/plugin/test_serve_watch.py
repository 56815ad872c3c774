"""Which folders `serve_watch: auto` lets the system watch: those on a local file system, by the mount
table of the process. A change made on the far side of a network share or of a container's or WSL's
mount of a host folder is never reported there, so those stay polled. And the watcher the server is
given: folders by the system, files polled."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from emptychair.plugin.serve_watch import ServeWatcher, local_file_system
from watchdog.events import FileSystemEventHandler
from watchdog.observers.inotify import InotifyObserver
from watchdog.observers.polling import PollingObserver

# /proc/self/mountinfo as Linux writes it (fields 5 and 9: mount point, file system type).
MOUNTINFO = "\n".join(
    [
        "24 1 252:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw",
        "30 24 0:25 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw",
        "41 24 0:40 / /srv/share rw,relatime shared:20 - nfs4 files:/export rw,vers=4.2",
        "42 24 0:41 / /mnt/c rw,noatime - 9p drvfs rw,aname=drvfs;path=C:\\",
        "43 24 0:42 / /workspace rw,relatime - fuse.grpcfuse grpcfuse rw",
        "44 41 252:2 / /srv/share/local rw,relatime - xfs /dev/vdb1 rw",
        "45 24 0:43 / /media/team\\040docs rw,relatime - virtiofs myfs rw",
        "46 24 0:44 / /home/sam/docs\\040local rw - btrfs /dev/vdc rw",
    ]
)


@pytest.mark.parametrize(
    ("path", "local"),
    [
        ("/home/sam/voice/stories", True),  # the root's ext4
        ("/dev/shm/voice", True),  # tmpfs
        ("/srv/share/voice/stories", False),  # nfs
        ("/srv/share/local/stories", True),  # xfs mounted inside the share: the deepest mount counts
        ("/srv/shared/stories", True),  # a sibling whose name begins like the share's is not in it
        ("/mnt/c/Users/sam/voice", False),  # WSL's mount of a Windows folder
        ("/workspace/stories", False),  # Docker Desktop's mount of a host folder
        ("/media/team docs/stories", False),  # a mount point with a space, written \040
        ("/home/sam/docs local/stories", True),
    ],
)
def test_a_folder_is_watched_by_the_system_only_on_a_local_file_system(path: str, local: bool) -> None:
    assert local_file_system(path, MOUNTINFO) is local


def test_without_a_mount_table_every_folder_is_polled() -> None:
    assert local_file_system("/home/sam/voice", "") is False


def test_the_server_s_watcher_hears_a_saved_story_from_the_system_and_polls_files(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    stories.mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n")
    heard: list[str] = []
    handler = FileSystemEventHandler()
    handler.on_any_event = lambda event: heard.append(str(event.src_path))  # type: ignore[method-assign]
    watcher = ServeWatcher(PollingObserver(timeout=0.1), InotifyObserver(), lambda path: True)
    try:
        folder = watcher.schedule(handler, str(stories), recursive=True)
        watcher.schedule(handler, str(config))
        assert watcher.watched == {str(stories): "native", str(config): "polling"}
        watcher.start()
        watcher.start()  # MkDocs starts its observer once; the system's was started with the watcher
        (stories / "parcel.md").write_text("late")
        _wait_for(lambda: str(stories / "parcel.md") in heard)
        config.write_text("site_name: y\n")
        _wait_for(lambda: str(config) in heard)
        watcher.unschedule(folder)
        assert watcher.watched == {str(config): "polling"}
    finally:
        watcher.stop()
        watcher.join()


def _wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "the watcher heard nothing"
        time.sleep(0.05)
