#!/usr/bin/env python3
"""Two or more revisions of the plugin, measured in one interleaved run: the warm build after one new
story (each revision from a build cache of its own making), with `--case serve` `mkdocs serve` from such a
cache (from the save of one new story to its page served), or with `--case cold` the build without a
cache, and plain Material beside them.

    .venv/bin/python benchmarks/revisions.py REV [REV ...] [--count 10000] [--runs 3] [--tmp /dev/shm]
        [--case warm-new|serve|cold]

Each REV (anything `git archive` takes: a commit, a tag, HEAD) is unpacked into a folder of its own and
run by this venv's Python with PYTHONPATH on that folder's `plugins/` (the venv's editable install is a
path after it): the same packages, only our code differs. The corpus is generated once
(benchmarks/generate.py, as run.py does). Each revision first builds the corpus once (untimed) for its
cache; then every round runs each revision's warm build and the plain build, in turn. A change under
measurement between two revisions is thus compared on the same machine at the same load, which a
figure from another session (another machine's speed) cannot be.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from generate import generate
from run import (
    CACHE,
    CHILD_ENV,
    NEW_STORY,
    free_port,
    log,
    measure,
    measure_serve,
    undo,
    warm_change,
    write_configs,
)

REPO = Path(__file__).resolve().parent.parent


def unpack(revision: str, into: Path) -> Path:
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "plugins"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "plugins"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="+")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tmp", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--case", choices=("warm-new", "serve", "cold"), default="warm-new")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix=f"emptychair-revisions-{args.count}-", dir=args.tmp))
    try:
        corpus = work / "corpus"
        log(f"generating {args.count} stories in {corpus}")
        generate(args.count, corpus, seed=args.seed, shape="spread")
        plain_yml, plugin_yml, _ = write_configs(work, corpus, args.count)
        logs = work / "logs"
        logs.mkdir()
        python = sys.executable
        envs = {
            revision: {**CHILD_ENV, "PYTHONPATH": str(unpack(revision, work / "code" / str(number)))}
            for number, revision in enumerate(args.revisions)
        }
        for number, (revision, env) in enumerate(envs.items() if args.case != "cold" else ()):
            log(f"{revision}: building once for its cache (not timed)")
            build = [python, "-m", "mkdocs", "build", "-q", "-f", str(plugin_yml), "-d", str(work / "base")]
            measure(build, work, logs, f"base-{number}", env=env)
            shutil.rmtree(work / "base")
            shutil.move(work / CACHE, work / f"cache-{number}")
        samples: dict[str, list[dict]] = {name: [] for name in [*args.revisions, "plain"]}
        for run in range(1, args.runs + 1):
            for number, name in enumerate(samples):
                site = work / "site"
                shutil.rmtree(site, ignore_errors=True)
                shutil.rmtree(work / CACHE, ignore_errors=True)
                load = os.getloadavg()[0]
                if name == "plain":
                    cmd = [python, "-m", "mkdocs", "build", "-q", "-f", str(plain_yml), "-d", str(site)]
                    sample = measure(cmd, work, logs, f"plain-{run}")
                elif args.case == "cold":
                    cmd = [python, "-m", "mkdocs", "build", "-q", "-f", str(plugin_yml), "-d", str(site)]
                    sample = measure(cmd, work, logs, f"cold-{number}-{run}", env=envs[name])
                elif args.case == "serve":
                    shutil.copytree(work / f"cache-{number}", work / CACHE)
                    port = free_port()
                    cmd = [python, "-m", "mkdocs", "serve", "-f", str(plugin_yml), "-a", f"127.0.0.1:{port}"]
                    sample = measure_serve(cmd, work, corpus, logs, f"serve-{number}-{run}", port, envs[name])
                else:
                    shutil.copytree(work / f"cache-{number}", work / CACHE)
                    changes = warm_change("warm-new", corpus)
                    try:
                        cmd = [python, "-m", "mkdocs", "build", "-q", "-f", str(plugin_yml), "-d", str(site)]
                        sample = measure(cmd, work, logs, f"warm-{number}-{run}", env=envs[name])
                    finally:
                        undo(changes)
                    if not (site / "stories" / NEW_STORY / "index.html").is_file():
                        raise SystemExit(f"{name}: the build made no page for {NEW_STORY}.md")
                sample["load_1m_before"] = round(load, 2)
                samples[name].append(sample)
                log(
                    f"run {run}/{args.runs} {name:>12} {sample['wall_s']:7.2f} s wall {sample['cpu_s']:7.2f} s CPU"
                    f" {sample['peak_rss_mib']:6.0f} MiB (load {load:.2f})"
                )
        plain = statistics.median(sample["wall_s"] for sample in samples["plain"])
        print(
            f"| revision | {args.case} wall median (s) | CPU median (s) | peak RSS (MiB) | vs plain (wall) |"
        )
        print("|---|---:|---:|---:|---:|")
        for name, runs in samples.items():
            wall = statistics.median(sample["wall_s"] for sample in runs)
            cpu = statistics.median(sample["cpu_s"] for sample in runs)
            rss = statistics.median(sample["peak_rss_mib"] for sample in runs)
            label = "plain Material (cold)" if name == "plain" else name
            print(f"| {label} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {wall / plain:.2f}x |")
        if args.json is not None:
            args.json.write_text(json.dumps(samples, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
