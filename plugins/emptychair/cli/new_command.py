"""`emptychair new`: start a valid story in one command, or answer a few questions in a terminal."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..importing.story_file import slugify, story_text, week_folder
from ..pipeline.project import load_project
from ..stories.front_matter import parse
from ..stories.loading import display_path, story_files
from ..stories.model import FOCUSES, FOLLOW_UP_STATUSES, KINDS, SENTIMENTS, Directory
from ..stories.schema import validate_story
from ..stories.site_config import SiteConfigError, load_directory

TEXT_FLAGS = ("title", "date", "kind", "channel", "sentiment", "author", "quote", "lesson", "focus")
LIST_FLAGS = ("departments", "touchpoints", "tags")
NUMBER_FLAGS = ("rating", "nps")
SWITCHES = ("consent", "featured", "draft")
_WHOLE_NUMBER = re.compile(r"^[+-]?\d+$")


def _fields_from_flags(arguments: argparse.Namespace) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for name in TEXT_FLAGS:
        if getattr(arguments, name) is not None:
            meta[name] = getattr(arguments, name)
    for name in NUMBER_FLAGS:
        value = getattr(arguments, name)
        if value is not None:
            meta[name] = int(value) if _WHOLE_NUMBER.match(value.strip()) else value
    for name in LIST_FLAGS:
        value = getattr(arguments, name)
        if value is not None:
            meta[name] = [item.strip() for item in value.split(",") if item.strip()]
    for name in SWITCHES:
        if getattr(arguments, name) is not None:
            meta[name] = getattr(arguments, name)
    if arguments.customer is not None:
        parts = {"organisation": arguments.customer_organisation, "segment": arguments.customer_segment}
        parts = {key: value for key, value in parts.items() if value is not None}
        meta["customer"] = {"name": arguments.customer, **parts} if parts else arguments.customer
    if arguments.follow_up is not None:
        follow_up = {
            "owner": arguments.follow_up,
            "status": arguments.follow_up_status,
            "due": arguments.follow_up_due,
            "note": arguments.follow_up_note,
        }
        meta["follow_up"] = {key: value for key, value in follow_up.items() if value is not None}
    return meta


def _ask(directory: Directory) -> dict[str, Any]:
    """The required fields, one question each, offering what site_config/ allows."""
    from rich.console import Console
    from rich.prompt import Confirm, Prompt

    console = Console()

    def text(question: str) -> str:
        while True:
            answer = Prompt.ask(question, console=console).strip()
            if answer:
                return answer
            console.print("Please write something.")

    def slugs(question: str, allowed: list[str], *, empty_ok: bool) -> list[str]:
        console.print(f"Allowed: {', '.join(allowed)}", highlight=False)
        while True:
            answer = Prompt.ask(
                f"{question} (comma-separated)", default="", show_default=False, console=console
            )
            chosen = [item.strip() for item in answer.split(",") if item.strip()]
            wrong = [item for item in chosen if item not in allowed]
            if wrong:
                console.print(f"Not allowed: {', '.join(wrong)}", highlight=False)
            elif chosen or empty_ok:
                return chosen
            else:
                console.print("Please choose at least one.")

    meta: dict[str, Any] = {"kind": Prompt.ask("Kind", choices=list(KINDS), console=console)}
    meta["title"] = text("Title")
    if meta["kind"] == "memo":
        meta["author"] = Prompt.ask("Author (person id)", choices=list(directory.people), console=console)
        audience = slugs(
            "Audience: departments, none for everyone", list(directory.departments), empty_ok=True
        )
        if audience:
            meta["departments"] = audience
        meta["channel"] = Prompt.ask("Channel", choices=list(directory.channels), console=console)
        return meta
    meta["customer"] = text("Customer")
    meta["channel"] = Prompt.ask("Channel", choices=list(directory.channels), console=console)
    meta["touchpoints"] = slugs("Touchpoints", list(directory.touchpoints), empty_ok=False)
    meta["consent"] = Confirm.ask("Did the customer consent to being named?", default=False, console=console)
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
            meta = _ask(directory)
        except (KeyboardInterrupt, EOFError):
            print("\nnothing was written", file=sys.stderr)
            return 130
    meta.setdefault("date", datetime.now(zone).date().isoformat())
    customer = meta.get("customer")
    names = (
        " ".join(str(value) for value in customer.values())
        if isinstance(customer, dict)
        else str(customer or "")
    )
    slug = _free_slug(stories_dir, slugify(str(meta.get("title") or ""), leave_out=names))
    when = _day_of(meta["date"], zone) or datetime.now(zone).date()
    path = stories_dir / week_folder(when, zone) / f"{slug}.md"
    text = story_text(meta, body)
    shown = display_path(path, root)
    document = parse(text)
    src_uri = path.relative_to(stories_dir).as_posix()
    story, problems = validate_story(document, path=shown, slug=slug, src_uri=src_uri, directory=directory)
    for problem in problems:
        print(problem, file=sys.stderr)
    if story is None or any(problem.severity == "error" for problem in problems):
        print("nothing was written", file=sys.stderr)
        return 1
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
    command.add_argument("--title")
    command.add_argument("--date", help="ISO date or datetime (default: today in the site's timezone)")
    command.add_argument("--kind", help=", ".join(KINDS))
    command.add_argument("--customer", help="the customer's name (never used in the file name)")
    command.add_argument("--customer-organisation")
    command.add_argument("--customer-segment")
    command.add_argument("--consent", action=argparse.BooleanOptionalAction, default=None)
    command.add_argument("--channel", help="one of site_config/policy.yml's channels")
    command.add_argument("--rating", help="1..5")
    command.add_argument("--nps", help="0..10")
    command.add_argument("--sentiment", help=", ".join(SENTIMENTS))
    command.add_argument("--departments", help="comma-separated department slugs")
    command.add_argument("--touchpoints", help="comma-separated touchpoint slugs")
    command.add_argument("--author", help="a person id from site_config/people.yml")
    command.add_argument("--quote")
    command.add_argument("--lesson")
    command.add_argument("--follow-up", help="the follow-up's owner (a person id)")
    command.add_argument("--follow-up-status", help=", ".join(FOLLOW_UP_STATUSES))
    command.add_argument("--follow-up-due", help="ISO date")
    command.add_argument("--follow-up-note")
    command.add_argument("--tags", help="comma-separated")
    command.add_argument("--featured", action=argparse.BooleanOptionalAction, default=None)
    command.add_argument("--draft", action=argparse.BooleanOptionalAction, default=None)
    command.add_argument("--focus", help=", ".join(FOCUSES))
    command.add_argument("--body", help="the story's Markdown ('-' reads it from standard input)")
    command.add_argument("--config", "-f", type=Path, help="mkdocs.yml (default: ./mkdocs.yml)")
    command.add_argument("--stories", type=Path, help="the stories folder (default: docs_dir of mkdocs.yml)")
    command.add_argument("--site-config", type=Path, help="the site_config folder (default: from mkdocs.yml)")
    command.set_defaults(run=run_new)
