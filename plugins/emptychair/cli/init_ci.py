"""`emptychair init-ci github|gitlab`: write the CI workflows shipped in the package into a story repo."""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import shlex
import sys
import tomllib
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..pipeline.cache import CACHE_DIR, SEARCH_SHARDS, STORE
from ..pipeline.errors import CommandError
from ..pipeline.project import load_project
from ..pipeline.settings import Settings

# Template in the package -> where it goes in the repository.
WORKFLOWS = {
    "github": {
        "github/emptychair-site.yml": ".github/workflows/emptychair-site.yml",
        "github/emptychair-digest.yml": ".github/workflows/emptychair-digest.yml",
    },
    "gitlab": {"gitlab/gitlab-ci.yml": ".gitlab-ci.yml"},
}
SEND_AT_HOUR = 7
"""Digests go out on Monday at 07:00 in the site's timezone: in the inbox before the week starts."""

BUILD_CACHE = (f"{CACHE_DIR}/{STORE}*", f"{CACHE_DIR}/{SEARCH_SHARDS}")
"""What CI keeps of the build cache: its files alone, never the record of sent digests beside them, which
the digest job keeps under a key of its own (a restored build cache must not bring back an older one)."""

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def add_init_ci_arguments(commands: Any) -> None:
    init_ci = commands.add_parser(
        "init-ci",
        help="write CI workflows: check and publish on every push, e-mail the digests every Monday",
        description="Write the CI workflows for GitHub Actions or GitLab CI next to mkdocs.yml; never overwrites.",
    )
    init_ci.add_argument("system", choices=tuple(WORKFLOWS), help="the CI system")
    init_ci.add_argument(
        "--package",
        help="what the workflows pip install, e.g. 'emptychair @ git+https://git.example.com/tools/emptychair"
        "@v0.1.0' (default: the repository itself, when it holds the emptychair package)",
    )
    init_ci.add_argument("--config", "-f", type=Path, help="mkdocs.yml (default: ./mkdocs.yml)")
    init_ci.set_defaults(run=run_init_ci)


def package_to_install(root: Path, package: str | None) -> str:
    """What the workflows `pip install`: `package` when given, else the repository itself when its
    pyproject.toml is emptychair's. No guess at a registry: a name no index holds fails the first run,
    and whoever registers it would run in every user's CI."""
    if package:
        return package
    try:
        with (root / "pyproject.toml").open("rb") as file:
            name = tomllib.load(file).get("project", {}).get("name", "")
    except (OSError, tomllib.TOMLDecodeError):
        name = ""
    if isinstance(name, str) and re.sub(r"[-_.]+", "-", name).lower() == "emptychair":
        return "."
    raise CommandError(
        "init-ci cannot tell where CI gets emptychair from: this repository does not hold the package "
        "(no pyproject.toml of emptychair next to mkdocs.yml) and no index is known to have it; name it "
        "with --package, e.g. --package 'emptychair @ git+https://git.example.com/tools/emptychair@v0.1.0'; "
        "nothing was written"
    )


def install_command(package: str) -> str:
    """The install step's command as a YAML scalar: the spec quoted for the shell, the line for YAML."""
    return json.dumps(f"python -m pip install {shlex.quote(package)}")


def weekly_schedule(timezone: str) -> tuple[str, str]:
    """A UTC cron line for Monday 07:00 in `timezone` (in its winter), and a comment that says so."""
    # The `timezone` option was checked when mkdocs.yml loaded.
    zone = ZoneInfo(timezone)
    # The first Monday of 2027 (4 January) and one in July: winter and, where there is one, summer time.
    winter_monday, summer_monday = datetime(2027, 1, 4, SEND_AT_HOUR), datetime(2027, 7, 5, SEND_AT_HOUR)
    utc = (winter_monday.replace(tzinfo=zone)).astimezone(UTC)
    cron = f"{utc.minute} {utc.hour} * * {(utc.weekday() + 1) % 7}"
    note = (
        f"GitHub's schedule runs in UTC: {_DAYS[utc.weekday()]} {utc:%H:%M} UTC is Monday "
        f"{SEND_AT_HOUR:02d}:00 in {timezone}"
    )
    summer_shift = (zone.utcoffset(summer_monday) or timedelta()) - (
        zone.utcoffset(winter_monday) or timedelta()
    )
    if summer_shift:
        local = winter_monday + summer_shift
        note += f" in winter, {local:%H:%M} while summer time is on"
    return cron, note + "."


def sent_record_path(settings: Settings, config_file: Path | None) -> str:
    """The record of sent digests as a path in the project, which CI caches keep: none outside it."""
    configured = settings.email.sent_record
    path = posixpath.normpath(Path(configured).as_posix())
    if Path(configured).is_absolute() or path == ".." or path.startswith("../"):
        raise CommandError(
            f"{config_file or 'mkdocs.yml'}: email: sent_record: {configured} is outside the project "
            "folder, and a CI cache keeps only files inside it: name a file inside it (the default is "
            ".cache/emptychair/sent-digests.json); nothing was written"
        )
    return path


def _filled(text: str, values: dict[str, str], lists: dict[str, list[str]]) -> str:
    """The template with its placeholders replaced; a placeholder of `lists` stands on a line of its own,
    which is repeated for each item, indented and marked as it is."""
    for placeholder, items in lists.items():

        def repeated(line: re.Match[str], items: list[str] = items) -> str:
            return "\n".join(line.group(1) + item for item in items)

        text = re.sub(rf"^(.*){re.escape(placeholder)}$", repeated, text, flags=re.MULTILINE)
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def run_init_ci(arguments: argparse.Namespace) -> int:
    settings = load_project(arguments.config).settings
    cron, note = weekly_schedule(settings.timezone)
    values = {
        "@INSTALL@": install_command(package_to_install(settings.root, arguments.package)),
        "@TIMEZONE@": settings.timezone,
        "@CRON@": cron,
        "@SCHEDULE_NOTE@": note,
        "@SENT_RECORD@": json.dumps(sent_record_path(settings, arguments.config)),
    }
    lists = {
        # Lines of a YAML block scalar (GitHub's `path: |`), and items of a YAML list (GitLab's `paths:`).
        "@BUILD_CACHE_LINES@": list(BUILD_CACHE),
        "@BUILD_CACHE_ITEMS@": [json.dumps(path) for path in BUILD_CACHE],
    }
    targets = {template: settings.root / target for template, target in WORKFLOWS[arguments.system].items()}
    existing = [path for path in targets.values() if path.exists()]
    if existing:
        shown = ", ".join(str(path) for path in existing)
        raise CommandError(f"{shown} already exists; nothing was written (move it away to write a fresh one)")
    templates = resources.files(__package__).joinpath("ci_templates")
    for template, path in targets.items():
        text = _filled(templates.joinpath(template).read_text(encoding="utf-8"), values, lists)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0
