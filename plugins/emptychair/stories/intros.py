"""Leaders' weekly intros in stories/digests/: validated like stories, with the same messages."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from .loading import Rejected, display_path, read_document
from .model import DIGESTS_DIR, Directory
from .problems import Problem, did_you_mean
from .schema import Checker, report_unknown_fields, show
from .weeks import IsoWeek

INTRO_FIELDS: tuple[str, ...] = ("week", "department", "author", "featured", "title")


@dataclass(frozen=True, slots=True)
class DigestIntro:
    week: IsoWeek
    department: str | None
    """None: the intro of the company-wide digest."""
    author: str
    featured: tuple[str, ...]
    title: str | None
    body: str
    source: str
    src_uri: str


@dataclass(slots=True)
class IntroLoad:
    intros: list[DigestIntro]
    rejected: list[Rejected]
    problems: list[Problem]


def _validate(
    check: Checker, meta: dict[str, object], directory: Directory, story_slugs: Collection[str]
) -> tuple[IsoWeek | None, str | None, str | None, tuple[str, ...]]:
    report_unknown_fields(check, meta, INTRO_FIELDS)
    week = None
    raw_week = meta.get("week")
    if raw_week is None:
        check.report(("week",), "required field is missing: the ISO week this intro opens, e.g. 2026-W47")
    else:
        try:
            week = IsoWeek.parse(str(raw_week))
        except ValueError:
            check.report(("week",), f"{show(raw_week)} is not an ISO week such as 2026-W47")
    department = meta.get("department")
    if department is not None and department not in directory.departments:
        check.report(
            ("department",),
            f"{show(department)} is not a department in site_config/departments.yml"
            f"{did_you_mean(department, directory.departments)}; leave it out for the company digest",
        )
        department = None
    author = meta.get("author")
    if author is None:
        check.report(("author",), "required field is missing: the leader who writes this intro")
    elif author not in directory.people:
        check.report(
            ("author",),
            f"{show(author)} is not a person id in site_config/people.yml{did_you_mean(author, directory.people)}",
        )
        author = None
    elif not directory.people[str(author)].leader:
        check.report(("author",), f"{show(author)} is not a leader (leader: true in site_config/people.yml)")
        author = None
    featured: list[str] = []
    raw_featured = meta.get("featured") or []
    if not isinstance(raw_featured, list):
        check.report(("featured",), f"{show(raw_featured)} is not a list of story slugs")
        raw_featured = []
    for position, slug in enumerate(raw_featured):
        if isinstance(slug, str) and slug in story_slugs:
            featured.append(slug)
        else:
            check.report(
                ("featured", position),
                f"{show(slug)} is not a published story{did_you_mean(slug, story_slugs)}",
            )
    return (
        week,
        department if isinstance(department, str) else None,
        author if isinstance(author, str) else None,
        tuple(featured),
    )


def intro_files(stories_dir: Path) -> list[Path]:
    """Every digest intro below `stories_dir`, in a stable order."""
    folder = stories_dir / DIGESTS_DIR
    return sorted(folder.rglob("*.md")) if folder.is_dir() else []


def load_intros(
    stories_dir: Path,
    directory: Directory,
    *,
    root: Path,
    story_slugs: Collection[str],
    files: Sequence[Path] | None = None,
) -> IntroLoad:
    """Validate the digest intros (`files`, by default every one below `stories_dir`)."""
    result = IntroLoad([], [], [])
    seen: dict[tuple[IsoWeek, str | None], str] = {}
    stories_dir = stories_dir.absolute()
    for path in intro_files(stories_dir) if files is None else sorted(files):
        shown = display_path(path, root)
        problems: list[Problem] = []
        intro = None
        document = read_document(
            path, shown, problems, needs="a digest intro needs front matter with week and author"
        )
        if document is not None:
            check = Checker(shown, document)
            meta = document.data if isinstance(document.data, dict) else {}
            if not isinstance(document.data, dict):
                problems.append(
                    Problem(
                        shown,
                        "front matter must be a mapping with week, author and optional department, featured",
                        line=1,
                    )
                )
            week, department, author, featured = _validate(check, meta, directory, story_slugs)
            problems.extend(check.problems)
            if week is not None and author is not None and check.ok and not problems:
                key = (week, department)
                if key in seen:
                    problems.append(
                        Problem(
                            shown,
                            f"{seen[key]} is already the intro of {week}'s {department or 'company'} digest; merge the two files",
                        )
                    )
                else:
                    seen[key] = shown
                    title = meta.get("title")
                    intro = DigestIntro(
                        week=week,
                        department=department,
                        author=author,
                        featured=featured,
                        title=str(title) if title else None,
                        body=document.body,
                        source=shown,
                        src_uri=path.relative_to(stories_dir).as_posix(),
                    )
        result.problems.extend(problems)
        if intro is not None:
            result.intros.append(intro)
        elif any(problem.severity == "error" for problem in problems):
            title = None
            result.rejected.append(Rejected(shown, title, tuple(problems)))
    return result
