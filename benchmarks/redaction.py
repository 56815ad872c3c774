#!/usr/bin/env python3
"""What withholding customers without consent costs, against the whole plugin build.

    nice -n 10 .venv/bin/python benchmarks/redaction.py [--count 10000] [--runs 3] [--seed 1]

Generates N stories once (benchmarks/generate.py), then times, --runs times each:

  redaction  in this process: the site-wide Redactor built from every story, then every story
             redacted (what publishing does before rendering), stories already loaded
  build      python -m mkdocs build -q -f plugin.yml, in a child process (as benchmarks/run.py)

and prints the medians and redaction's share of the build: wall time against wall time, and CPU time
against CPU time (from 2000 stories the build renders in a second process, and on a busy machine
CPU time moves far less than wall time, so the CPU share is the figure to quote).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from emptychair.publishing.privacy import Redactor, redactor_sources  # noqa: E402
from emptychair.stories.loading import load_stories  # noqa: E402
from emptychair.stories.site_config import load_directory  # noqa: E402
from generate import generate  # noqa: E402
from run import log, measure, write_configs  # noqa: E402


def time_redaction(corpus: Path) -> tuple[float, float, int, int]:
    """Wall and CPU seconds to build the redactor and redact every story; stories, customers withheld."""
    directory = load_directory(corpus / "site_config", root=corpus)
    stories = load_stories(corpus / "stories", directory, root=corpus).stories
    start, start_cpu = time.perf_counter(), time.process_time()
    redactor = Redactor(
        redactor_sources(stories, directory.public_handles, phone_region=directory.phone_region)
    )
    for story in stories:
        redactor.redact(story)
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    return wall, cpu, len(stories), len(redactor.labels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="stories (default 10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--tmp", type=Path, default=None, help="parent of the work directory")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix=f"emptychair-redaction-{args.count}-", dir=args.tmp))
    try:
        corpus = work / "corpus"
        log(f"generating {args.count} stories in {corpus}")
        generate(args.count, corpus, args.seed, HERE.parent / "site_config")
        _, plugin_config, _ = write_configs(work, corpus, args.count)
        redaction, redaction_cpu, builds = [], [], []
        for run in range(1, args.runs + 1):
            seconds, cpu, stories, withheld = time_redaction(corpus)
            redaction.append(seconds)
            redaction_cpu.append(cpu)
            log(
                f"run {run}: redaction {seconds:.3f} s, {cpu:.3f} s CPU ({stories} stories, {withheld} withheld)"
            )
            site = work / f"site-{run}"
            command = [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "-q",
                "-f",
                str(plugin_config),
                "-d",
                str(site),
            ]
            builds.append(measure(command, work, work, f"build-{run}"))
            shutil.rmtree(site, ignore_errors=True)
            log(f"run {run}: build {builds[-1]['wall_s']:.2f} s wall, {builds[-1]['cpu_s']:.2f} s CPU")
        figures = {
            "stories": args.count,
            "redaction_median_s": round(statistics.median(redaction), 3),
            "redaction_cpu_median_s": round(statistics.median(redaction_cpu), 3),
            "build_wall_median_s": round(statistics.median(b["wall_s"] for b in builds), 3),
            "build_cpu_median_s": round(statistics.median(b["cpu_s"] for b in builds), 3),
        }
        figures["share_of_build_wall"] = round(
            figures["redaction_median_s"] / figures["build_wall_median_s"], 4
        )
        figures["share_of_build_cpu"] = round(
            figures["redaction_cpu_median_s"] / figures["build_cpu_median_s"], 4
        )
        print(
            "| stories | redaction (wall) | redaction (CPU) | build (wall) | build (CPU) "
            "| share of wall | share of CPU |\n|---|---|---|---|---|---|---|"
        )
        print(
            f"| {args.count} | {figures['redaction_median_s']:.3f} s | {figures['redaction_cpu_median_s']:.3f} s "
            f"| {figures['build_wall_median_s']:.2f} s | {figures['build_cpu_median_s']:.2f} s "
            f"| {figures['share_of_build_wall']:.1%} | {figures['share_of_build_cpu']:.1%} |"
        )
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
