#!/usr/bin/env python3
"""How long `emptychair import` takes on a realistic 15,000-row review-site export.

    python benchmarks/import_run.py [--rows 15000] [--runs 3] [--seed 1] [--keep]

Generates the export from generate.py's vocabulary (our own text: titles, bodies, customers,
touchpoints), with the warts real exports have: quoted newlines, a UTF-8 BOM, exact duplicate
rows and ids repeated with different content. Copies the demo site into a temporary folder, then
per run: a first import into an empty stories/imported/, and a second import of the same file
(nothing to write). Afterwards `emptychair check` and `mkdocs build --strict` of the demo plus
the imported stories, once each. Prints a Markdown table (medians) to stdout, progress to stderr.
Targets: first import at most 10 s, second at most 5 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import yaml
from generate import DEFAULT_SITE_CONFIG, StoryMaker, load_config, pick_datetimes
from run import CommandFailed, log, measure

REPO = Path(__file__).resolve().parent.parent
MAPPING = REPO / "site_config" / "imports" / "review-site.yml"
TARGETS = {"first import": 10.0, "second import": 5.0}
# The review site's "product area" for each of our touchpoints; the others go to an area the
# mapping does not list, so its default applies, as it would for a real export.
AREAS = {
    "delivery": "Delivery",
    "returns": "Returns",
    "website": "Website",
    "billing": "Payment",
    "refunds": "Refund",
    "support": "Customer service",
    "mobile-app": "App",
}
STARS = {"negative": (1, 2), "neutral": (3,), "positive": (4, 5)}


def export_rows(count: int, seed: int) -> list[list[str]]:
    """Review rows made by the story generator: memos are left out, every row is a customer's."""
    rng = random.Random(seed)
    maker = StoryMaker(load_config(DEFAULT_SITE_CONFIG), rng)
    rows: list[list[str]] = []
    number = 0
    for when in pick_datetimes(rng, count * 2):
        number += 1
        _, text = maker.make(number, 6, when)
        _, front, body = text.split("---\n", 2)
        meta = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if meta["kind"] == "memo" or not meta.get("customer"):
            continue
        customer = meta["customer"]
        name = customer["name"] if isinstance(customer, dict) else customer
        sentiment = meta.get("sentiment", "neutral")
        stars = meta.get("rating") or rng.choice(STARS[sentiment])
        area = AREAS.get((meta.get("touchpoints") or [""])[0], "Showroom")
        review = "\n".join(line for line in body.splitlines() if not line.startswith("#")).strip()
        rows.append(
            [
                f"R-{100000 + number}",
                when.strftime("%d/%m/%Y %H:%M"),
                str(stars),
                meta["title"],
                review,
                name,
                area,
            ]
        )
        if len(rows) == count:
            break
    # What spreadsheets do to exports: a row pasted twice, ids mangled into one repeated value.
    for position in rng.sample(range(len(rows)), count // 100):
        rows[position] = list(rows[rng.randrange(len(rows))])
    for position in rng.sample(range(len(rows)), count // 200):
        rows[position][0] = "5.70306E+17"
    return rows


def write_export(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["review_id", "published", "stars", "headline", "review", "reviewer", "product_area"])
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=15000)
    parser.add_argument("--runs", type=int, default=3, help="first and second imports, each this many times")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the work folder and print where it is")
    arguments = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="emptychair-import-bench-"))
    try:
        for name in ("mkdocs.yml", "site_config", "stories"):
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
        log(f"generating {arguments.rows} rows")
        write_export(work / "export.csv", export_rows(arguments.rows, arguments.seed))
        logs = work / "logs"
        logs.mkdir()
        emptychair = [sys.executable, "-m", "emptychair"]
        command = [*emptychair, "import", "export.csv", "--mapping", str(MAPPING)]
        samples: dict[str, list[dict[str, float]]] = {"first import": [], "second import": []}
        for run in range(1, arguments.runs + 1):
            shutil.rmtree(work / "stories" / "imported", ignore_errors=True)
            for label in samples:
                log(f"run {run}: {label}")
                samples[label].append(measure(command, work, logs, f"{label}-{run}".replace(" ", "-")))
        summary = (logs / f"first-import-{arguments.runs}.stdout").read_text().splitlines()
        second = (logs / f"second-import-{arguments.runs}.stdout").read_text().splitlines()
        log("emptychair check")
        check = measure([*emptychair, "check"], work, logs, "check")
        log("mkdocs build --strict")
        build = measure([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], work, logs, "build")
    except CommandFailed as error:
        log(str(error))
        log(f"work folder kept: {work}")
        return 1
    stories = sum(1 for _ in (work / "stories").rglob("*.md"))
    load = os.getloadavg()[0]
    print(
        f"Import of {arguments.rows} rows, {arguments.runs} runs each: medians (range); load average {load:.1f}\n"
    )
    print("| step | wall s | range s | CPU s | target (wall) s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, runs in samples.items():
        wall = [sample["wall_s"] for sample in runs]
        cpu = statistics.median(sample["cpu_s"] for sample in runs)
        verdict = "ok" if statistics.median(wall) <= TARGETS[label] else "MISSED"
        print(
            f"| {label} | {statistics.median(wall):.2f} | {min(wall):.2f}-{max(wall):.2f} | {cpu:.2f} "
            f"| {TARGETS[label]:.0f} ({verdict}) |"
        )
    print(f"| emptychair check ({stories} files) | {check['wall_s']:.2f} | | {check['cpu_s']:.2f} | |")
    print(f"| mkdocs build --strict | {build['wall_s']:.2f} | | {build['cpu_s']:.2f} | |")
    print("\nFirst import said:\n")
    print("\n".join(f"    {line}" for line in summary[-10:]))
    print("\nSecond import said:\n")
    print("\n".join(f"    {line}" for line in second[-10:]))
    if arguments.keep:
        log(f"work folder kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
