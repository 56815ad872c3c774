#!/usr/bin/env python3
"""What watching the stories costs `mkdocs serve` while nothing changes: MkDocs' PollingObserver against
the inotify watch `serve_watch: auto` uses on a local Linux file system.

    .venv/bin/python benchmarks/serve_watch.py STORIES_DIR [--seconds 20] [--runs 2]

STORIES_DIR is a folder of stories, e.g. the `corpus/stories` a `benchmarks/run.py --keep` run leaves.
Each run starts one watcher on the whole folder, as the server does (polling every 0.5 s; inotify with the
events that make the server rebuild), waits --seconds with nothing changing, and prints how long the
watcher took to start and the CPU seconds the process used while it waited; runs are interleaved.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from emptychair.plugin.serve_watch import CHANGES
from watchdog.events import FileSystemEventHandler
from watchdog.observers.api import BaseObserver
from watchdog.observers.inotify import InotifyObserver
from watchdog.observers.polling import PollingObserver


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def idle_cost(kind: str, folder: str, seconds: float) -> tuple[float, float]:
    """Seconds to start the watcher, and CPU seconds it used over `seconds` of nothing changing."""
    observer: BaseObserver
    start = time.perf_counter()
    if kind == "polling":
        observer = PollingObserver(timeout=0.5)
        observer.schedule(FileSystemEventHandler(), folder, recursive=True)
    else:
        observer = InotifyObserver()
        observer.schedule(FileSystemEventHandler(), folder, recursive=True, event_filter=CHANGES)
    observer.start()
    started = time.perf_counter() - start
    before = _cpu()
    time.sleep(seconds)
    used = _cpu() - before
    observer.stop()
    observer.join()
    return started, used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stories", help="a folder of stories")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    files = sum(len(names) for _, _, names in os.walk(args.stories))
    print(f"{files} files below {args.stories}; load before: {os.getloadavg()[0]:.2f}")
    for run in range(1, args.runs + 1):
        for kind in ("polling", "inotify"):
            started, used = idle_cost(kind, args.stories, args.seconds)
            print(
                f"run {run} {kind:8} started in {started:.2f} s, CPU over {args.seconds:g} s idle: {used:.2f} s"
            )


if __name__ == "__main__":
    main()
