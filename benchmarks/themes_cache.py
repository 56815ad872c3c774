#!/usr/bin/env python3
"""Whole-site themes with the build cache: cold, warm, and warm after one new story.

    python benchmarks/themes_cache.py [--count 10400] [--weeks 104] [--runs 3]

Generates `--count` stories over `--weeks` weeks (`themes_corpus`), indexes them, and times, interleaved
over `--runs`, what the build does for themes (`pipeline.stages.discovered_themes` then
`themes.weekly.themes_by_week`):

- cold: an empty build cache;
- warm: the cache the cold run left, the same stories;
- new story, newest week / oldest week: the cache the cold run left, one story more in that week.

Each run reports wall and CPU seconds and how many weeks were found in the cache; medians are printed,
with the load (`uptime`), and every warm run's themes are checked to be those of a cold run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import themes_corpus as corpus
from emptychair.index.story_index import StoryIndex
from emptychair.pipeline.cache import BuildCache
from emptychair.pipeline.stages import discovered_themes
from emptychair.stories.model import Directory
from emptychair.stories.weeks import IsoWeek
from emptychair.themes.weekly import Theme, themes_by_week


def as_index(records: list[corpus.Record]) -> StoryIndex:
    return StoryIndex.build(Directory({}, {}, {}), corpus.published_stories(records))


def timed(index: StoryIndex, folder: Path) -> tuple[float, float, int, dict[IsoWeek, tuple[Theme, ...]]]:
    wall, cpu = time.perf_counter(), time.process_time()
    with BuildCache(folder) as cache:
        before = cache.hits
        themes = themes_by_week(index, (), discovered_themes(index, cache))
        found = cache.hits - before
    return time.perf_counter() - wall, time.process_time() - cpu, found, themes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_400)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args(argv)
    records = corpus.generate(arguments.count, seed=1, weeks=arguments.weeks)
    index = as_index(records)
    newest = next(record for record in records if record.week_offset == 0)
    oldest = next(record for record in records if record.week_offset == arguments.weeks - 1)
    more = {
        "new story, newest week": as_index([*records, replace(newest, number=arguments.count)]),
        "new story, oldest week": as_index([*records, replace(oldest, number=arguments.count + 1)]),
    }
    results: dict[str, list[tuple[float, float, int]]] = {}
    with tempfile.TemporaryDirectory() as work:
        primed = Path(work) / "primed"
        for _ in range(arguments.runs):
            shutil.rmtree(primed, ignore_errors=True)
            wall, cpu, found, cold = timed(index, primed)
            results.setdefault("cold", []).append((wall, cpu, found))
            wall, cpu, found, warm = timed(index, primed)
            assert warm == cold
            results.setdefault("warm, same stories", []).append((wall, cpu, found))
            for number, (name, changed) in enumerate(more.items()):
                copy = Path(work) / "copy"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(primed, copy)
                wall, cpu, found, warm = timed(changed, copy)
                results.setdefault(name, []).append((wall, cpu, found))
                fresh_cache = Path(work) / f"fresh-{number}"
                shutil.rmtree(fresh_cache, ignore_errors=True)
                _, _, _, fresh = timed(changed, fresh_cache)
                assert warm == fresh, name
    print(f"{arguments.count} stories over {len(index.by_week)} weeks; load: {os.getloadavg()}")
    print("| run | wall s (median) | CPU s (median) | weeks found in the cache |")
    print("| --- | --- | --- | --- |")
    cold_wall = statistics.median(wall for wall, _, _ in results["cold"])
    for name, runs in results.items():
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        print(
            f"| {name} | {wall:.2f} ({cold_wall / wall:.0f}x faster than cold) | {cpu:.2f} | {runs[0][2]} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
