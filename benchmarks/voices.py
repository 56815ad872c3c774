#!/usr/bin/env python3
"""How the empty chair's voice scales: a customer's words picked for every internal memo.

    .venv/bin/python benchmarks/voices.py [--counts 10000 30000 100000] [--runs 3]

For each N it makes N published stories in memory (seeded: 8% memos, six departments, most with a quote,
spread over 104 weeks), builds the story index once, then times `EmptyChairVoices` picking a voice for
every memo, as the story pages do. Prints CPU seconds (median of --runs) and the load average. Issue 23
measured the earlier code, which filtered and sorted a department's whole pool per memo: 0.15 s at
10,000, 2.6 s at 30,000, 43.8 s at 100,000 (about N^2.5).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from emptychair.balance.report import EmptyChairVoices
from emptychair.index.story_index import StoryIndex
from emptychair.publishing.publish import PublishedStory
from emptychair.stories.model import Directory, Story
from emptychair.stories.weeks import IsoWeek

DEPARTMENTS = ("operations", "finance", "sales", "support", "product", "people")
END = datetime(2026, 11, 22, 18, tzinfo=UTC)


def stories(count: int, seed: int = 1) -> list[PublishedStory]:
    rng = random.Random(seed)
    made = []
    for number in range(count):
        when = END - timedelta(minutes=rng.randrange(104 * 7 * 24 * 60))
        memo = rng.random() < 0.08
        story = Story(
            slug=f"story-{number:06d}",
            source=f"stories/story-{number:06d}.md",
            src_uri=f"story-{number:06d}.md",
            title=f"Story {number}",
            published=when,
            kind="memo" if memo else "complaint",
            body="What happened.",
            departments=tuple(rng.sample(DEPARTMENTS, rng.choice((1, 1, 2)))),
            quote=None if memo or rng.random() < 0.3 else f"Quote {number}",
        )
        made.append(PublishedStory(story, IsoWeek.of(when.date()), "", ""))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    print("| stories | memos | CPU median (s) | load (1 min) |")
    print("|---:|---:|---:|---:|")
    for count in arguments.counts:
        index = StoryIndex.build(Directory({}, {}, {}), stories(count))
        memos = [item for item in index.stories if item.story.is_memo]
        times = []
        for _ in range(arguments.runs):
            start = time.process_time()
            voice = EmptyChairVoices(index)
            picked = sum(voice(memo) is not None for memo in memos)
            times.append(time.process_time() - start)
        assert picked > 0.9 * len(memos), picked
        load = os.getloadavg()[0]
        print(f"| {count:,} | {len(memos):,} | {statistics.median(times):.3f} | {load:.1f} |", flush=True)


if __name__ == "__main__":
    main()
