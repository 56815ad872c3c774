#!/usr/bin/env python3
"""How long the build cache takes to give back every entry of a store, as a warm build asks for them (in
lists of keys, each list in no order the file knows of).

    .venv/bin/python benchmarks/cache_reads.py PATH/.cache/emptychair [--runs 3]

A store left by `run.py --keep` (its `warm-cache`) is the one a warm build of that corpus reads. With
PYTHONPATH on a `plugins/` folder of another revision (`git archive REV plugins | tar -x -C DIR`), the
same store is read by that revision's code: run both in turn to compare. Reads only: the store is
copied to a temporary folder first and is not changed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from emptychair.pipeline.cache import STORE, BuildCache

BATCH = 100_000
"""Keys per call: about a warm build's largest (every story's entry of one kind)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a .cache/emptychair folder")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(args.folder / STORE, Path(work) / STORE)
        with sqlite3.connect(Path(work) / STORE) as connection:
            keys = [key for (key,) in connection.execute("SELECT key FROM entries")]
        random.Random(1).shuffle(keys)
        times = []
        for run in range(args.runs):
            with BuildCache(Path(work)) as cache:
                start = time.perf_counter()
                found = sum(len(cache.get_many(keys[at : at + BATCH])) for at in range(0, len(keys), BATCH))
                times.append(time.perf_counter() - start)
            print(f"run {run + 1}: {found:,} of {len(keys):,} entries in {times[-1]:.2f} s", flush=True)
        print(f"median {statistics.median(times):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
