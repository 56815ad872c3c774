#!/usr/bin/env python3
"""How long `emptychair import` takes, and how much memory, on realistic exports.

    python benchmarks/import_run.py [--rows 15000] [--runs 3] [--seed 1] [--keep]
    python benchmarks/import_run.py --megabytes 200     # one import of a CSV of about that size
    python benchmarks/import_run.py --columns 40000     # a header that wide (time must stay linear)

The export is tests/importing/exports.py's social-media export (our own words): ids mangled by a
spreadsheet and shared by many rows, the company's own accounts among the authors, @handles at the
start of most posts, HTML entities, emoji, dates from 2015. Copies the repository's site into a
temporary folder, then per run: a first import into an empty stories/imported/, and a second import
of the same file re-sorted (nothing may change). Afterwards `emptychair check` and `mkdocs build
--strict` once each. Prints a Markdown table (medians) to stdout, progress to stderr.
Targets: first import at most 10 s, second at most 5 s; a 200 MB CSV under 500 MB peak memory.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from run import CommandFailed, log, measure

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.importing.exports import SOCIAL_HEADER, SOCIAL_MAPPING, social_posts, write_csv  # noqa: E402

TARGETS = {"first import": 10.0, "second import (re-sorted)": 5.0}
MAPPING = SOCIAL_MAPPING + "skip: {column: name, in: [HarbourPine, HarbourPine_Help]}\n"


def write_big(path: Path, megabytes: int, seed: int) -> int:
    """About `megabytes` of the social export with long posts (a thread pasted into one cell): rows."""
    rows = social_posts(5000, seed=seed)
    filler = " ".join(row[5] for row in rows[:48])
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SOCIAL_HEADER)
        while handle.tell() < megabytes * 1_000_000:
            row = list(rows[count % len(rows)])
            row[0] = str(570306133677760513 - count * 7919)
            row[5] = f"{row[5]} {filler} {count}"
            writer.writerow(row)
            count += 1
    return count


def write_wide(path: Path, columns: int) -> None:
    header = [*SOCIAL_HEADER, *(f"extra_{number}" for number in range(columns - len(SOCIAL_HEADER)))]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in social_posts(200, seed=1):
            writer.writerow([*row, *([""] * (columns - len(SOCIAL_HEADER)))])


def one_import(work: Path, logs: Path, label: str) -> dict[str, float]:
    command = [sys.executable, "-m", "emptychair", "import", "export.csv", "--mapping", "mapping.yml"]
    sample = measure(command, work, logs, label)
    sample["size_mb"] = (work / "export.csv").stat().st_size / 1e6
    return sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=15000)
    parser.add_argument("--runs", type=int, default=3, help="first and second imports, each this many times")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--megabytes", type=int, help="instead: one import of a CSV this large")
    parser.add_argument("--columns", type=int, help="instead: one import of 200 rows this wide")
    parser.add_argument("--keep", action="store_true", help="keep the work folder and print where it is")
    arguments = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="emptychair-import-bench-"))
    load = os.getloadavg()
    try:
        for name in ("mkdocs.yml", "site_config", "stories"):
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
        (work / "mapping.yml").write_text(MAPPING, encoding="utf-8")
        logs = work / "logs"
        logs.mkdir()
        if arguments.megabytes or arguments.columns:
            if arguments.megabytes:
                log(f"generating about {arguments.megabytes} MB")
                rows = write_big(work / "export.csv", arguments.megabytes, arguments.seed)
                what = f"{rows} rows"
            else:
                write_wide(work / "export.csv", arguments.columns)
                what = f"200 rows of {arguments.columns} columns"
            log("importing")
            sample = one_import(work, logs, "big")
            print(f"One import of {sample['size_mb']:.0f} MB ({what}); load average {load[0]:.1f}\n")
            print("| wall s | CPU s | peak RSS MiB |")
            print("| ---: | ---: | ---: |")
            print(f"| {sample['wall_s']:.1f} | {sample['cpu_s']:.1f} | {sample['peak_rss_mib']:.0f} |")
            print("\n".join(f"    {line}" for line in (logs / "big.stdout").read_text().splitlines()[-12:]))
            return 0
        log(f"generating {arguments.rows} rows")
        rows = social_posts(arguments.rows, seed=arguments.seed)
        samples: dict[str, list[dict[str, float]]] = {label: [] for label in TARGETS}
        for run in range(1, arguments.runs + 1):
            shutil.rmtree(work / "stories" / "imported", ignore_errors=True)
            for position, label in enumerate(TARGETS):
                write_csv(work / "export.csv", SOCIAL_HEADER, rows, sort_seed=position or None)
                log(f"run {run}: {label}")
                samples[label].append(one_import(work, logs, f"{label}-{run}".replace(" ", "-")))
        summary = (logs / f"first-import-{arguments.runs}.stdout").read_text().splitlines()
        second = (logs / f"second-import-(re-sorted)-{arguments.runs}.stdout").read_text().splitlines()
        log("emptychair check")
        check = measure([sys.executable, "-m", "emptychair", "check"], work, logs, "check")
        log("mkdocs build --strict")
        build = measure([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], work, logs, "build")
    except CommandFailed as error:
        log(str(error))
        log(f"work folder kept: {work}")
        return 1
    finally:
        if not arguments.keep and (arguments.megabytes or arguments.columns):
            shutil.rmtree(work, ignore_errors=True)
    stories = sum(1 for _ in (work / "stories").rglob("*.md"))
    print(
        f"Import of {arguments.rows} rows, {arguments.runs} runs each: medians (range); "
        f"load average {load[0]:.1f} before, {os.getloadavg()[0]:.1f} after\n"
    )
    print("| step | wall s | range s | CPU s | peak RSS MiB | target (wall) s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, runs in samples.items():
        wall = [sample["wall_s"] for sample in runs]
        cpu = statistics.median(sample["cpu_s"] for sample in runs)
        rss = statistics.median(sample["peak_rss_mib"] for sample in runs)
        verdict = "ok" if statistics.median(wall) <= TARGETS[label] else "MISSED"
        print(
            f"| {label} | {statistics.median(wall):.2f} | {min(wall):.2f}-{max(wall):.2f} | {cpu:.2f} "
            f"| {rss:.0f} | {TARGETS[label]:.0f} ({verdict}) |"
        )
    print(f"| emptychair check ({stories} files) | {check['wall_s']:.2f} | | {check['cpu_s']:.2f} | | |")
    print(f"| mkdocs build --strict | {build['wall_s']:.2f} | | {build['cpu_s']:.2f} | | |")
    print("\nFirst import said:\n")
    print("\n".join(f"    {line}" for line in summary[-16:]))
    print("\nSecond import said:\n")
    print("\n".join(f"    {line}" for line in second[-12:]))
    if arguments.keep:
        log(f"work folder kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
