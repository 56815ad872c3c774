#!/usr/bin/env python3
"""How large a busy week's pages and digest e-mail get: the sizes a reader downloads, by week volume.

    .venv/bin/python benchmarks/sizes.py [--counts 100 1000 15000] [--json benchmarks/sizes.json]

For each N it generates N stories all in one week (generate.py --shape week), builds the site with the
plugin (a real `mkdocs build`, as run.py's plugin build) and writes the company and every department's
digest e-mail with `emptychair digest --format email`. It prints a Markdown table of the largest file of
each kind (bytes), and writes the same numbers as JSON. Standard library plus PyYAML.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import END_ISO_WEEK, END_ISO_YEAR, generate  # noqa: E402
from run import CHILD_ENV, log, write_configs  # noqa: E402

WEEK = f"{END_ISO_YEAR}-W{END_ISO_WEEK:02d}"
PAGE_LIMIT = 300_000
"""A digest page at most ~300 KB of HTML, and department pages, home and balance bounded the same way."""
EMAIL_LIMIT = 100_000
"""The digest e-mail, each of its files (.html, .txt and the .eml holding both), at most 100 KB."""


def largest(paths: Iterable[Path]) -> tuple[int, str]:
    sizes = [(path.stat().st_size, path.as_posix()) for path in paths]
    return max(sizes) if sizes else (0, "")


def page_sizes(site: Path) -> dict[str, tuple[int, str]]:
    digests = site / "digests" / WEEK
    return {
        "company digest page": largest([digests / "index.html"]),
        "department digest page": largest(digests.glob("*/index.html")),
        "week listing page": largest(
            [
                *(site / "weeks" / WEEK).rglob("index.html"),
                *site.glob(f"departments/*/weeks/{WEEK}/**/index.html"),
            ]
        ),
        "department page": largest(site.glob("departments/*/index.html")),
        "home page": largest([site / "index.html"]),
        "balance page": largest([site / "balance" / "index.html"]),
    }


def email_sizes(python: str, config: Path, out: Path, scopes: list[str]) -> dict[str, tuple[int, str]]:
    for scope in scopes:
        command = [
            python,
            "-m",
            "emptychair",
            "digest",
            "-f",
            str(config),
            "--week",
            WEEK,
            "--format",
            "email",
        ]
        command += ["--out", str(out)] + ([] if scope == "company" else ["--department", scope])
        subprocess.run(command, check=True, env=CHILD_ENV, capture_output=True)
    return {
        f"digest e-mail {suffix}": largest(out.glob(f"*{suffix}")) for suffix in (".html", ".txt", ".eml")
    }


def measure(n: int, args: argparse.Namespace, base: Path) -> dict[str, tuple[int, str]]:
    work = Path(tempfile.mkdtemp(prefix=f"emptychair-sizes-{n}-", dir=base))
    corpus = work / "corpus"
    log(f"[N={n}] generating one week of {n} stories in {corpus}")
    generate(n, corpus, seed=args.seed, shape="week")
    _, plugin_yml, _ = write_configs(work, corpus, n)
    site = work / "site"
    log(f"[N={n}] building the site")
    subprocess.run(
        [args.python, "-m", "mkdocs", "build", "-q", "-f", str(plugin_yml), "-d", str(site)],
        check=True,
        env=CHILD_ENV,
    )
    departments = yaml.safe_load((corpus / "site_config" / "departments.yml").read_text(encoding="utf-8"))
    scopes = ["company", *(department["slug"] for department in departments["departments"])]
    log(f"[N={n}] writing {len(scopes)} digest e-mails")
    sizes = page_sizes(site) | email_sizes(args.python, plugin_yml, work / "email", scopes)
    if args.keep:
        log(f"[N={n}] kept {work}")
    else:
        shutil.rmtree(work)
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[100, 1000, 15000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=HERE / "sizes.json")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--tmp", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    results = {n: measure(n, args, args.tmp or Path(tempfile.gettempdir())) for n in args.counts}
    kinds = list(next(iter(results.values())))
    print("| stories in one week | " + " | ".join(f"{n:,}" for n in results) + " | limit |")
    print("|---|" + "---:|" * (len(results) + 1))
    over = []
    for kind in kinds:
        limit = EMAIL_LIMIT if kind.startswith("digest e-mail") else PAGE_LIMIT
        cells = []
        for n, sizes in results.items():
            size = sizes[kind][0]
            cells.append(f"{size / 1000:,.1f} KB")
            if size > limit:
                over.append(f"N={n}: {kind} is {size:,} bytes ({sizes[kind][1]})")
        print(f"| {kind} | " + " | ".join(cells) + f" | {limit // 1000} KB |")
    args.json.write_text(
        json.dumps(
            {"week": WEEK, "sizes": {str(n): {k: v[0] for k, v in s.items()} for n, s in results.items()}},
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    for line in over:
        log(f"over the limit: {line}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
