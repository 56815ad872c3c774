"""`emptychair new`: start a valid story in one command, or answer a few questions in a terminal."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..importing.story_file import slugify, story_text, week_folder
from ..pipeline.project import load_project
from ..stories.fields import STORY_FIELDS, Field
from ..stories.front_matter import parse
from ..stories.loading import display_path, story_files
from ..stories.schema import validate_story
from ..stories.site_config import SiteConfigError, load_directory
from .new_questions import ask


def _flags(field: Field) -> list[tuple[str, Field]]:
    """A field's flags, each by the name argparse gives its value, with the field or part it gives."""
    if not field.flag:
        return []
    if field.type != "mapping":
        return [(field.name, field)]
    return [
        (field.name if part.name == field.flag_part else f"{field.name}_{part.name}", part)
        for part in field.parts
    ]


def _fields_from_flags(arguments: argparse.Namespace) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for field in STORY_FIELDS:
        given = {
            part.name: part.from_flag(getattr(arguments, dest))
            for dest, part in _flags(field)
            if getattr(arguments, dest) is not None
        }
        if field.type != "mapping":
            meta.update(given)
        elif field.flag_part in given:
            shorthand = field.shorthand
            meta[field.name] = (
                given[shorthand] if shorthand is not None and set(given) == {shorthand} else given
            )
    return meta


def _day_of(value: object, zone: ZoneInfo) -> date | datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _free_slug(stories_dir: Path, wanted: str) -> str:
    taken = {path.stem.lower() for path in story_files(stories_dir)} if stories_dir.is_dir() else set()
    slug, number = wanted, 1
    while slug in taken:
        number += 1
        slug = f"{wanted}-{number}"
    return slug


def run_new(arguments: argparse.Namespace) -> int:
    project = load_project(arguments.config).settings
    root = Path.cwd()
    stories_dir: Path = arguments.stories or project.stories_dir
    zone = ZoneInfo(project.timezone)
    try:
        directory = load_directory(arguments.site_config or project.site_config_dir, root=root)
    except SiteConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    meta = _fields_from_flags(arguments)
    body = sys.stdin.read() if arguments.body == "-" else arguments.body or ""
    if not meta and sys.stdin.isatty() and sys.stdout.isatty():
        try:
            meta, body = ask(directory)
        except (KeyboardInterrupt, EOFError):
            print("\nnothing was written", file=sys.stderr)
            return 130
    meta.setdefault("date", datetime.now(zone).date().isoformat())
    path = _new_story_path(stories_dir, meta, zone)
    text = story_text(meta, body)
    shown = display_path(path, root)
    document = parse(text)
    src_uri = path.relative_to(stories_dir).as_posix()
    story, problems = validate_story(
        document, path=shown, slug=path.stem, src_uri=src_uri, directory=directory
    )
    for problem in problems:
        print(problem, file=sys.stderr)
    if story is None or any(problem.severity == "error" for problem in problems):
        print("nothing was written", file=sys.stderr)
        return 1
    return _write_once(path, text, shown)


def _new_story_path(stories_dir: Path, meta: dict[str, Any], zone: ZoneInfo) -> Path:
    """stories/<yyyy>/w<ww>/<slug>.md: the week of its date, a slug from its title that no story has and
    that leaves out the customer's name."""
    customer = meta.get("customer")
    names = (
        " ".join(str(value) for value in customer.values())
        if isinstance(customer, dict)
        else str(customer or "")
    )
    slug = _free_slug(stories_dir, slugify(str(meta.get("title") or ""), leave_out=names))
    when = _day_of(meta["date"], zone) or datetime.now(zone).date()
    return stories_dir / week_folder(when, zone) / f"{slug}.md"


def _write_once(path: Path, text: str, shown: str) -> int:
    """Write the story, never over a file; print its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as written:
            written.write(text)
    except FileExistsError:
        print(f"{shown}: already exists; nothing was written", file=sys.stderr)
        return 1
    print(shown)
    return 0


def add_new_arguments(commands: Any) -> None:
    command = commands.add_parser(
        "new",
        help="write a new story file (asks for the required fields when run in a terminal without flags)",
        description="Write stories/<yyyy>/w<ww>/<slug>.md from flags named after the story's fields, "
        "checked as `emptychair check` does; print its path. Never overwrites a file.",
    )
    for dest, given in (flag for field in STORY_FIELDS for flag in _flags(field)):
        flag = f"--{dest.replace('_', '-')}"
        if given.type == "flag":
            command.add_argument(flag, action=argparse.BooleanOptionalAction, default=None)
        else:
            command.add_argument(flag, help=given.help)
    command.add_argument("--body", help="the story's Markdown ('-' reads it from standard input)")
    command.add_argument("--config", "-f", type=Path, help="mkdocs.yml (default: ./mkdocs.yml)")
    command.add_argument("--stories", type=Path, help="the stories folder (default: docs_dir of mkdocs.yml)")
    command.add_argument("--site-config", type=Path, help="the site_config folder (default: from mkdocs.yml)")
    command.set_defaults(run=run_new)
