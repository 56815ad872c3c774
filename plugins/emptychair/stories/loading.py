"""Read every story file once: validated stories, and every file that could not be published and why."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .choice_reads import ChoiceReads
from .front_matter import Document, FrontMatterError, parse
from .model import DIGESTS_DIR, SLUG, Customer, Directory, Story
from .problems import Problem
from .schema import validate_story

MAX_FILE_BYTES = 1_000_000
"""A story of a million characters is a mistake (an export pasted whole); every page, feed and e-mail
that shows it would carry it."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """A story file that was not published, with every reason."""

    path: str
    title: str | None
    problems: tuple[Problem, ...]
    customer: Customer | None = None
    """The customer as written, when the file does not say they consented: withheld like any other."""
    shown_path: str | None = None
    """The path as the site shows it (a file name may name a withheld customer); None: `path`."""


@dataclass(frozen=True, slots=True)
class FileRead:
    """What one story file says on its own: the story (None when it does not validate), its title and
    customer as written, and its problems. The same bytes at the same path always read the same."""

    story: Story | None
    title: str | None
    customer: Customer | None
    problems: tuple[Problem, ...]


FileReader = Callable[[Path, str, str], FileRead]
"""(path, path as shown, slug) -> what the file says: `read_story_file`, or a cache in front of it."""


@dataclass(slots=True)
class LoadResult:
    stories: list[Story] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0


def story_files(stories_dir: Path) -> list[Path]:
    """Every story file below `stories_dir`, in a stable order, skipping hidden and reserved folders."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(stories_dir):
        here = Path(folder)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".") and not (here == stories_dir and name == DIGESTS_DIR)
        )
        found.extend(
            here / name for name in sorted(names) if name.endswith(".md") and not name.startswith(".")
        )
    return found


def display_path(path: Path, root: Path) -> str:
    """A path as the user would type it: relative to the project root when it lies below it."""
    # On strings: Path.relative_to parses both paths again, a second per 15,000 stories in a command.
    full, base = path.absolute().as_posix(), root.absolute().as_posix().rstrip("/")
    if full == base:
        return "."
    if full.startswith(base + "/"):
        return full[len(base) + 1 :]
    return path.as_posix()


def load_stories(
    stories_dir: Path,
    directory: Directory,
    *,
    root: Path,
    only: Iterable[Path] | None = None,
    files: Sequence[Path] | None = None,
    reader: FileReader | None = None,
) -> LoadResult:
    """Validate the story files (`files`, by default every one below `stories_dir`), or just `only` of
    them, reporting every problem in one pass.

    Slugs are compared across all the files even when `only` is given, so a new file
    whose name clashes with an existing story is caught before it is committed.
    `reader` reads one file (default `read_story_file`): the build puts its cache in front of it.
    """
    # Absolute once, not per file: resolving thousands of paths costs more than reading them.
    stories_dir, root = stories_dir.absolute(), root.absolute()
    every_file = story_files(stories_dir) if files is None else list(files)
    wanted = None if only is None else {path.absolute() for path in only}
    result = LoadResult()
    first_with_slug: dict[str, str] = {}
    for path in every_file:
        shown = display_path(path, root)
        slug = path.stem.lower()
        clash = first_with_slug.setdefault(slug, shown)
        if wanted is not None and path not in wanted:
            continue
        problems: list[Problem] = []
        if clash != shown:
            problems.append(
                Problem(shown, f"slug {slug!r} is already used by {clash}; rename one of the two files")
            )
        elif not SLUG.fullmatch(slug):
            problems.append(
                Problem(
                    shown,
                    f"file name {path.name!r} does not make a web address: "
                    "use lowercase letters, digits and hyphens, e.g. late-delivery.md",
                )
            )
        read = (
            reader(path, shown, slug)
            if reader is not None
            else read_story_file(path, shown, slug, stories_dir, directory)
        )
        story, title, customer = read.story, read.title, read.customer
        problems.extend(read.problems)
        result.files_read += 1
        result.problems.extend(problems)
        if story is not None and not any(p.severity == "error" for p in problems):
            result.stories.append(story)
        elif any(p.severity == "error" for p in problems):
            result.rejected.append(Rejected(shown, title, tuple(problems), customer))
    return result


def read_story_file(
    path: Path,
    shown: str,
    slug: str,
    stories_dir: Path,
    directory: Directory,
    choices: ChoiceReads | None = None,
) -> FileRead:
    """One story file read and validated; with `choices`, what validation read of site_config is noted."""
    problems: list[Problem] = []
    document = read_document(path, shown, problems)
    if document is None:
        return FileRead(None, None, None, tuple(problems))
    src_uri = path.relative_to(stories_dir).as_posix()
    story, found = validate_story(
        document, path=shown, slug=slug, src_uri=src_uri, directory=directory, choices=choices
    )
    problems.extend(found)
    data = document.data if isinstance(document.data, dict) else {}
    title = data.get("title")
    return FileRead(
        story, title if isinstance(title, str) else None, _customer_as_written(data), tuple(problems)
    )


def _customer_as_written(data: dict[str, object]) -> Customer | None:
    """The customer of a file that may not validate, unless it says they consented."""
    raw = data.get("customer")
    if data.get("consent") is True or not isinstance(raw, str | dict):
        return None
    fields = {"name": raw} if isinstance(raw, str) else raw
    text = {key: value.strip() for key, value in fields.items() if isinstance(value, str) and value.strip()}
    if "name" not in text:
        return None
    return Customer(text["name"], text.get("organisation"), text.get("segment"))


def read_document(
    path: Path,
    shown: str,
    problems: list[Problem],
    *,
    needs: str = "a story needs front matter with title, date and kind",
) -> Document | None:
    """A story's or an intro's front matter and body; None, with the problem added, when unreadable."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(
            Problem(
                shown,
                f"file is {size / 1_000_000:.1f} MB; a story or intro may be at most "
                f"{MAX_FILE_BYTES // 1_000_000} MB: shorten it, or split it into stories",
            )
        )
        return None
    raw = path.read_bytes()
    if not raw.strip():
        problems.append(Problem(shown, f"file is empty: {needs}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                shown,
                f"file is not UTF-8 (byte 0x{raw[error.start]:02x} at position {error.start}); "
                "save it with UTF-8 encoding",
                line=line,
            )
        )
        return None
    try:
        return parse(text)
    except FrontMatterError as error:
        message = str(error)
        if message.startswith("not valid"):
            message = f"front matter is {message}"
        problems.append(Problem(shown, message, field=error.field, line=error.line))
        return None
