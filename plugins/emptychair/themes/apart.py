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

from .found import FoundTheme

_Name = TypeVar("_Name")


def discover_apart(texts: Mapping[_Name, Sequence[str]]) -> dict[_Name, list[FoundTheme]]:
    """`discover` of each entry's texts, in a process started for them and ended after (its memory goes
    with it). The results are the same as in this process: one thread, the same sums in the same order."""
    if not texts:
        return {}
    try:
        # spawn, not fork: `mkdocs serve` has threads, and forking those can deadlock.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            found = list(pool.map(_discover, texts.values()))
    except (OSError, BrokenProcessPool):
        # No second process on this machine (a sandbox without semaphores or fork): found here.
        found = [_discover(week) for week in texts.values()]
    return dict(zip(texts, found, strict=True))


def _discover(texts: Sequence[str]) -> list[FoundTheme]:
    from .discover import discover  # in the process that finds the themes, not in the one that asks

    return discover(texts)
