#!/usr/bin/env python3
"""How well the themes stage recovers the topics of a generated corpus, and how long it takes.

    python benchmarks/themes_eval.py [--counts 1000 3000 10000] [--seeds 1 2 3] [--runs 3]

For each size and seed, `themes_corpus.generate` writes reviews and complaints whose topics are known;
`emptychair.themes.discover` finds themes in their text alone. Reported per size (medians over seeds):

- purity: of the stories placed in a theme, the share whose topics include the theme's majority topic;
- coverage: of the stories that have a topic, the share placed in some theme;
- noise kept out: of the stories with no topic, the share placed in no theme;
- NMI: normalised mutual information between the stories' first topic (or "none") and their theme (or
  "none"), 1 when the themes are the topics exactly;
- topics found: true topics that are the majority topic of at least one theme, and the theme count;
- seconds: the median time of `discover` over --runs (the 5 s target is for 10,000 stories), wall and
  CPU (on a shared machine, wall is mostly other processes' work); the load average is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from sklearn.metrics import normalized_mutual_info_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import themes_corpus as corpus
from emptychair.themes.discover import discover
from emptychair.themes.found import FoundTheme


def text_of(record: corpus.Record) -> str:
    return f"{record.title}\n{record.body}"


def score(records: list[corpus.Record], themes: list[FoundTheme]) -> dict[str, float]:
    theme_of: dict[int, int] = {}
    for number, theme in enumerate(themes):
        for row, _ in theme.members:
            theme_of[row] = number
    placed = pure = 0
    found_topics = set()
    for theme in themes:
        rows = [row for row, _ in theme.members]
        majority, _ = Counter(
            records[row].topics[0] if records[row].topics else "none" for row in rows
        ).most_common(1)[0]
        found_topics.add(majority)
        placed += len(rows)
        pure += sum(majority in records[row].topics for row in rows)
    topical = [row for row, record in enumerate(records) if record.topics]
    noise = [row for row, record in enumerate(records) if not record.topics]
    truth = [record.topics[0] if record.topics else "none" for record in records]
    predicted = [str(theme_of.get(row, "none")) for row in range(len(records))]
    return {
        "purity": pure / placed if placed else 0.0,
        "coverage": sum(row in theme_of for row in topical) / len(topical),
        "noise_out": sum(row not in theme_of for row in noise) / len(noise) if noise else 1.0,
        "nmi": float(normalized_mutual_info_score(truth, predicted)),
        "topics_found": float(len(found_topics - {"none"})),
        "themes": float(len(themes)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--show", action="store_true", help="print each theme's label and terms")
    arguments = parser.parse_args(argv)
    print(f"{len(corpus.TOPICS)} topics; medians over seeds {arguments.seeds}")
    print(f"load average before: {os.getloadavg()}")
    print("| stories | purity | coverage | noise kept out | NMI | topics found | themes | wall s | CPU s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for count in arguments.counts:
        results: list[dict[str, float]] = []
        for seed in arguments.seeds:
            records = corpus.generate(count, seed)
            texts = [text_of(record) for record in records]
            times, cpu_times = [], []
            for _ in range(arguments.runs):
                start, cpu = time.perf_counter(), time.process_time()
                themes = discover(texts)
                times.append(time.perf_counter() - start)
                cpu_times.append(time.process_time() - cpu)
            results.append(
                {
                    **score(records, themes),
                    "seconds": statistics.median(times),
                    "cpu": statistics.median(cpu_times),
                }
            )
            if arguments.show:
                for theme in themes:
                    rows = [row for row, _ in theme.members]
                    top = Counter(records[row].topics[0] if records[row].topics else "none" for row in rows)
                    print(
                        f"  {theme.label!r:28} {len(rows):5}  {', '.join(theme.terms)}  <- {top.most_common(2)}"
                    )
        median = {key: statistics.median(result[key] for result in results) for key in results[0]}
        print(
            f"| {count} | {median['purity']:.3f} | {median['coverage']:.3f} | {median['noise_out']:.3f} | "
            f"{median['nmi']:.3f} | {median['topics_found']:.0f} of {len(corpus.TOPICS)} | "
            f"{median['themes']:.0f} | {median['seconds']:.2f} | {median['cpu']:.2f} |"
        )
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
