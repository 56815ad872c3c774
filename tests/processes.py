"""Processes as Linux shows them in /proc: who started them, and whether they still run."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def spawned_children(pid: int) -> list[int]:
    """The processes `pid` started through multiprocessing's spawn, but its resource tracker."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid) and b"spawn_main" in command:
            found.append(int(status.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextmanager
def killed_after(code: str, *args: str) -> Iterator[tuple[subprocess.Popen[str], IO[str]]]:
    """Python running `code` with `args`, and its standard output; killed (SIGKILL, as a CI job's
    timeout or a stopped container ends a build) when the `with` ends. Its output is not read to its
    end: a process it left behind would hold that pipe open."""
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    try:
        yield process, process.stdout
    finally:
        process.kill()
        process.wait()
        process.stdout.close()


def assert_ended(pids: list[int], what: str) -> None:
    """Every process of `pids` ends within 10 s."""
    deadline = time.monotonic() + 10
    while left := [pid for pid in pids if alive(pid)]:
        assert time.monotonic() < deadline, f"still running after the build was killed ({what}): {left}"
        time.sleep(0.1)
