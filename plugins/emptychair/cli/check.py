"""`emptychair check`: validate stories and digest intros the way the site build does, for people and CI."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from ..pipeline.nav_check import nav_problems
from ..pipeline.project import load_project
from ..pipeline.settings import Settings
from ..pipeline.stages import BALANCE, balance_problems, check_files, site_config_problems
from ..stories.loading import story_files
from ..stories.problems import Problem
from ..stories.site_config import SiteConfigError
from .changed import changed_since
from .check_reports import github_annotations, gitlab_code_quality

FORMATS = ("text", "json", "github", "gitlab")


def add_check_arguments(commands: Any) -> None:
    check = commands.add_parser(
        "check",
        help="validate story files and report every problem, one per line",
        description="Validate stories exactly as `mkdocs build` does. Exit 1 when anything is wrong.",
    )
    check.add_argument("paths", nargs="*", type=Path, help="story files or folders (default: every story)")
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text; json; github (Actions annotations on the pull request); gitlab (Code Quality report)",
    )
    check.add_argument(
        "--changed",
        nargs="?",
        const="",
        metavar="BASE",
        help="only the stories changed since BASE (default: the merge base with the default branch)",
    )
    check.add_argument(
        "--config", "-f", type=Path, help="mkdocs.yml to read folders from (default: ./mkdocs.yml)"
    )
    check.add_argument("--stories", type=Path, help="the stories folder (default: docs_dir of mkdocs.yml)")
    check.add_argument("--site-config", type=Path, help="the site_config folder (default: from mkdocs.yml)")
    check.set_defaults(run=run_check)


def run_check(arguments: argparse.Namespace) -> int:
    project = load_project(arguments.config)
    settings, paths = _settings_and_paths(arguments, project.settings)
    for path in paths:
        if not path.exists():
            print(f"{path}: no such file or folder", file=sys.stderr)
            return 2
    # MkDocs' own warnings fail a strict build as ours do: said in its words, as the build says them.
    config_shown = str(arguments.config or "mkdocs.yml")
    problems = [Problem(config_shown, warning, severity="warning") for warning in project.mkdocs_warnings]
    if not settings.enabled:
        # The build leaves every story out and reads nothing of ours: only MkDocs' warnings can fail it.
        summary = (
            f"emptychair: enabled: false in {config_shown}: the build publishes no story, so none was checked"
        )
        _report(arguments.format, problems, 0, summary=summary)
        return 1 if problems else 0
    only: list[Path] | None = None
    if paths:
        only = [found for path in paths for found in (story_files(path) if path.is_dir() else [path])]
    if arguments.changed is not None:
        if paths:
            print("emptychair: --changed picks the files itself: give it no paths", file=sys.stderr)
            return 2
        only = _changed_stories(arguments.changed or None, settings)
    found, files_checked = _check_stories(settings, only, project.mkdocs, config_shown)
    problems += found
    _report(arguments.format, problems, files_checked)
    return 1 if problems else 0


def _settings_and_paths(arguments: argparse.Namespace, settings: Settings) -> tuple[Settings, list[Path]]:
    """The project's settings with the folders the command line names, and the story paths it gives."""
    paths: list[Path] = list(arguments.paths)
    stories_dir: Path | None = arguments.stories
    if stories_dir is None and len(paths) == 1 and paths[0].is_dir():
        stories_dir, paths = paths[0], []
    if stories_dir is not None:
        settings = replace(settings, stories_dir=stories_dir.absolute(), story_files=None, intro_files=None)
    if arguments.site_config is not None:
        settings = replace(settings, site_config_dir=arguments.site_config.absolute())
    # Messages name files as the user typed them: relative to where the command runs.
    return replace(settings, root=Path.cwd().absolute()), paths


def _changed_stories(base: str | None, settings: Settings) -> list[Path] | None:
    """The story files changed since `base` (None: git cannot tell, so every story)."""
    changes = changed_since(base, settings.root)
    print(changes.note if changes.files is None else f"--changed: {changes.note}", file=sys.stderr)
    if changes.files is None:
        return None
    return [
        path for path in changes.files if path.suffix == ".md" and path.is_relative_to(settings.stories_dir)
    ]


def _check_stories(
    settings: Settings, only: list[Path] | None, config: MkDocsConfig | None, config_shown: str
) -> tuple[list[Problem], int]:
    """Every problem `mkdocs build --strict` would find in the stories (`only` these, when given),
    site_config/ and mkdocs.yml's `nav:`, and how many files were read."""
    try:
        checked = check_files(settings, only=only)
    except SiteConfigError as error:
        return list(error.problems), 0
    problems = checked.problems + site_config_problems(settings, checked.loaded.directory)
    if only is None:
        # The balance is the whole site's: checked with every story, not with a few files.
        problems += balance_problems(settings, checked)
        if config is not None:
            problems += nav_problems(config, checked, settings, config_shown)
    return problems, checked.loaded.files_read


def _report(output_format: str, problems: list[Problem], files_checked: int, summary: str = "") -> None:
    """Every problem in `output_format` on stdout; on stderr the counts, or `summary` when given."""
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    if output_format == "json":
        report = {
            "files_checked": files_checked,
            "errors": errors,
            "warnings": warnings,
            "problems": [problem.as_dict() for problem in problems],
        }
        print(json.dumps(report, indent=2))
        return
    if output_format == "gitlab":
        print(json.dumps(gitlab_code_quality(problems), indent=2))
    else:
        lines = github_annotations(problems) if output_format == "github" else map(str, problems)
        for line in lines:
            print(line)
    # A balance finding belongs to no one file: it is counted apart.
    files_with = len({problem.path for problem in problems if problem.path != BALANCE})
    balance = sum(problem.path == BALANCE for problem in problems)
    checked = _count(files_checked, "file")
    summary = summary or (
        f"{checked} checked: all good"
        if not problems
        else f"{checked} checked: {_count(errors, 'error')}, {_count(warnings, 'warning')} "
        f"in {_count(files_with, 'file')}" + (f", {balance:,} of them on the balance" if balance else "")
    )
    print(summary, file=sys.stderr)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"
