"""The emptychair command line: `emptychair check` validates stories the way the site build does."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..pipeline.errors import CommandError
from ..pipeline.project import find_project
from ..stories.intros import load_intros
from ..stories.loading import display_path, load_stories, story_files
from ..stories.site_config import SiteConfigError, load_directory
from .import_command import add_import_arguments
from .new_command import add_new_arguments


def _check(arguments: argparse.Namespace) -> int:
    project = find_project(arguments.config)
    stories_dir = arguments.stories
    paths: list[Path] = list(arguments.paths)
    if stories_dir is None and len(paths) == 1 and paths[0].is_dir():
        stories_dir, paths = paths[0], []
    stories_dir = stories_dir or project.stories_dir
    site_config_dir = arguments.site_config or project.site_config_dir
    root = Path.cwd()
    for path in paths:
        if not path.exists():
            print(f"{path}: no such file or folder", file=sys.stderr)
            return 2
    only: list[Path] | None = None
    if paths:
        only = [found for path in paths for found in (story_files(path) if path.is_dir() else [path])]
    try:
        directory = load_directory(site_config_dir, root=root)
    except SiteConfigError as error:
        problems = error.problems
        result_count = 0
    else:
        result = load_stories(stories_dir, directory, root=root, only=only)
        problems, result_count = result.problems, result.files_read
        slugs = (
            {story.slug for story in result.stories}
            if only is None
            else {path.stem.lower() for path in story_files(stories_dir)}
        )
        intros = load_intros(stories_dir, directory, root=root, story_slugs=slugs)
        if only is not None:
            wanted = {display_path(path, root) for path in only}
            intros.problems = [problem for problem in intros.problems if problem.path in wanted]
        problems = problems + intros.problems
        result_count += len(intros.intros) + len(intros.rejected)
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    if arguments.format == "json":
        json.dump(
            {
                "files_checked": result_count,
                "errors": errors,
                "warnings": warnings,
                "problems": [problem.as_dict() for problem in problems],
            },
            sys.stdout,
            indent=2,
        )
        print()
    else:
        for problem in problems:
            print(problem)
        files_with = len({problem.path for problem in problems})
        checked = _count(result_count, "file")
        summary = (
            f"{checked} checked: all good"
            if not problems
            else f"{checked} checked: {_count(errors, 'error')}, {_count(warnings, 'warning')} "
            f"in {_count(files_with, 'file')}"
        )
        print(summary, file=sys.stderr)
    return 1 if problems else 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _digest(arguments: argparse.Namespace) -> int:
    # Imported here: `check` runs on every commit and must not pay for MkDocs, e-mail and templates.
    from .digest import run_digest

    return run_digest(arguments)


def add_digest_arguments(commands: Any) -> None:
    digest = commands.add_parser(
        "digest",
        help="write (and optionally e-mail) one week's digest",
        description="One week's digest for the company or a department, as Markdown, HTML, JSON or e-mail.",
    )
    digest.add_argument(
        "--week", default="last", help="2026-W47, 'last' (previous full week, default) or 'this'"
    )
    digest.add_argument("--department", help="a department slug (default: the whole company)")
    digest.add_argument("--format", choices=("markdown", "html", "json", "email"), default="markdown")
    digest.add_argument("--out", type=Path, help="folder to write into (default: standard output)")
    digest.add_argument("--send", action="store_true", help="with --format email: deliver it through SMTP")
    digest.add_argument("--config", "-f", type=Path, help="mkdocs.yml (default: ./mkdocs.yml)")
    digest.set_defaults(run=_digest)


def _balance(arguments: argparse.Namespace) -> int:
    from .balance import run_balance

    return run_balance(arguments)


def add_balance_arguments(commands: Any) -> None:
    balance = commands.add_parser(
        "balance",
        help="how much of what leaders publish is about customers",
        description="The customer share of leadership communications per week, leader and department.",
    )
    balance.add_argument(
        "--weeks", type=int, help="weeks to measure, ending with the newest (default: balance.window)"
    )
    balance.add_argument("--format", choices=("table", "json"), default="table")
    balance.add_argument(
        "--check", action="store_true", help="exit 1 when any leader or department is below target"
    )
    balance.add_argument("--config", "-f", type=Path, help="mkdocs.yml (default: ./mkdocs.yml)")
    balance.set_defaults(run=_balance)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="emptychair", description="Customer stories for the whole company: validate, build, publish."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="validate story files and report every problem, one per line",
        description="Validate stories exactly as `mkdocs build` does. Exit 1 when anything is wrong.",
    )
    check.add_argument("paths", nargs="*", type=Path, help="story files or folders (default: every story)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--config", "-f", type=Path, help="mkdocs.yml to read folders from (default: ./mkdocs.yml)"
    )
    check.add_argument("--stories", type=Path, help="the stories folder (default: docs_dir of mkdocs.yml)")
    check.add_argument("--site-config", type=Path, help="the site_config folder (default: from mkdocs.yml)")
    check.set_defaults(run=_check)
    add_digest_arguments(commands)
    add_balance_arguments(commands)
    add_import_arguments(commands)
    add_new_arguments(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except CommandError as error:
        print(f"emptychair: {error}", file=sys.stderr)
        return 1
    except FileNotFoundError as error:
        print(f"emptychair: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (`| head`) has gone: nothing more to say, and no traceback.
        sys.stderr.close()
        return 0
