"""Reading and writing 10,000 stories' front matter: emptychair's own reader and writer against
python-frontmatter, the library one would reach for first. The figures behind the README's word on why
the project does not depend on it.

    .venv/bin/pip install python-frontmatter   # for this comparison only: not a dependency
    .venv/bin/python benchmarks/front_matter_library.py --count 10000 --runs 5

Runs are interleaved (ours, then the library's, each round) and the medians are printed, with the ratio.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from emptychair.importing.story_file import story_text
from emptychair.stories.front_matter import parse


def _stories(count: int, seed: int) -> list[tuple[dict[str, Any], str]]:
    """Imported-review-like stories: nested customer, lists, quotes with colons and curly apostrophes."""
    rng = random.Random(seed)
    return [
        (
            {
                "title": f"Parcel left in the rain, again ({number})",
                "date": f"2026-11-{rng.randint(10, 28)}T09:{rng.randint(10, 59)}:00+00:00",
                "kind": rng.choice(["review", "complaint", "praise"]),
                "customer": {"name": "Margaret O\u2019Hughes", "segment": "Retail"},
                "channel": "review-site",
                "rating": rng.randint(1, 5),
                "touchpoints": ["delivery", "billing"],
                "quote": 'It said: "left safe" — it wasn\u2019t #1',
                "tags": ["rain"],
            },
            "She found the parcel soaked on the doorstep.\n\nTwice in one week.",
        )
        for number in range(count)
    ]


def _median_seconds(runs: int, contenders: dict[str, Callable[[], object]]) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(runs):
        for name, run in contenders.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    try:
        import frontmatter
    except ImportError:
        print(
            "python-frontmatter is not installed: .venv/bin/pip install python-frontmatter", file=sys.stderr
        )
        return 2
    stories = _stories(options.count, options.seed)
    texts = [story_text(meta, body) for meta, body in stories]
    writing = _median_seconds(
        options.runs,
        {
            "emptychair": lambda: [story_text(meta, body) for meta, body in stories],
            "python-frontmatter": lambda: [
                frontmatter.dumps(frontmatter.Post(body, **meta), sort_keys=False) for meta, body in stories
            ],
        },
    )
    reading = _median_seconds(
        options.runs,
        {
            "emptychair": lambda: [parse(text) for text in texts],
            "python-frontmatter": lambda: [frontmatter.loads(text) for text in texts],
        },
    )
    print(f"{options.count:,} stories, median of {options.runs} interleaved runs")
    print("| | emptychair | python-frontmatter | ratio |\n|---|---|---|---|")
    for what, figures in (("writing", writing), ("reading", reading)):
        ours, theirs = figures["emptychair"], figures["python-frontmatter"]
        print(f"| {what} | {ours:.2f} s | {theirs:.2f} s | {theirs / ours:.1f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
