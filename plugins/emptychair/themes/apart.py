"""Each week's themes found in a process of its own, started for them and ended after.

The finding (`discover`: scikit-learn's TF-IDF and NMF) is imported only there: scikit-learn and the parts
of SciPy it loads hold about 100 MiB once imported, and a module stays until its process ends. In a
build's process they were held while every page is made, for a second of work: a cold build of 10,000
stories peaked at 392 MiB with them, 255 MiB without (benchmarks/run.py's measure, medians of 3)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from ..publishing.child_process import end_with_parent
from .found import FoundTheme

_Name = TypeVar("_Name")


class ThemeProcess:
    """The process `discover` runs in, which can be started before the texts are known: scikit-learn
    takes about a second to import, and a warm build after one new story at 10,000 stories waited 1.4 s
    for one week's themes, 0.05 s of them finding them. Started early (`start`), it imports while the
    build reads and publishes the stories. `close` lets it go without waiting for it. `mkdocs serve` keeps
    one for all its rebuilds: each found a week's themes in a new process, a second of its wait for the
    page and three of CPU to import scikit-learn again."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ThemeProcess:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def start(self) -> None:
        if self._pool is not None:
            return
        try:
            # spawn, not fork: `mkdocs serve` has threads, and forking those can deadlock.
            pool = ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn"), initializer=end_with_parent
            )
            pool.submit(_discover, ())  # imports what finding themes needs, and finds none
        except (OSError, BrokenProcessPool):
            return
        self._pool = pool

    def discover(self, texts: Mapping[_Name, Sequence[str]]) -> dict[_Name, list[FoundTheme]]:
        """`discover` of each entry's texts, in this process's other one. The results are the same as in
        this process: one thread, the same sums in the same order."""
        if not texts:
            return {}
        self.start()
        try:
            if self._pool is None:
                raise OSError("no process")
            found = list(self._pool.map(_discover, texts.values()))
        except (OSError, BrokenProcessPool):
            # No second process on this machine (a sandbox without semaphores or fork), or it ended: found
            # here, and a next `start` tries a new one.
            self.close()
            found = [_discover(week) for week in texts.values()]
        return dict(zip(texts, found, strict=True))

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def discover_apart(texts: Mapping[_Name, Sequence[str]]) -> dict[_Name, list[FoundTheme]]:
    """`discover` of each entry's texts, in a process started for them and ended after (its memory goes
    with it)."""
    with ThemeProcess() as process:
        return process.discover(texts)


def _discover(texts: Sequence[str]) -> list[FoundTheme]:
    from .discover import discover  # in the process that finds the themes, not in the one that asks

    return discover(texts)
