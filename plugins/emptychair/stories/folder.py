"""What a stories folder may hold, and so what of it is published: stories and digest intros become
pages; images of the types below are copied as they are; nothing else under it reaches the site.

Links are checked before anything is read: a link out of the repository (`x.txt -> /proc/self/environ`,
`~/.ssh/id_rsa`) or to anything but a regular file (a pipe would block the build) is refused, as is a
link to a folder (MkDocs walks into it, and two that point back up make a walk that never ends).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

ASSET_SUFFIXES: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
"""Images a story may show. Never HTML, SVG (it can hold scripts) or anything a browser would run."""
STORY_SUFFIX = ".md"
FOLDER_LINK = "is a link to a folder"


@dataclass(frozen=True, slots=True)
class FolderContents:
    """Every file below the stories folder sorted into what may be read, published or neither."""

    assets: frozenset[str] = frozenset()
    """Images that may be copied into the site, as paths below the stories folder (MkDocs' src_uri)."""
    problems: list[Problem] = field(default_factory=list)
    unreadable: frozenset[Path] = frozenset()
    """Story files (.md) that are links out of the repository, dangling, or not regular files."""
    linked_folders: tuple[Path, ...] = ()
    """Links to folders: nothing below them is read or published."""

    def readable(self, path: Path) -> bool:
        """May this story or intro file be read? (Its problem, if not, is among `problems`.)"""
        path = path.absolute()
        return path not in self.unreadable and not any(path.is_relative_to(f) for f in self.linked_folders)


def refusal(path: Path, root: Path) -> str | None:
    """Why the file at `path` must be neither read nor published, or None when it may be."""
    try:
        info = path.lstat()
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
            info = target.stat()
        except (OSError, RuntimeError):
            return "is a link that leads nowhere (its target is missing, or links lead round in a loop)"
        if stat.S_ISDIR(info.st_mode):
            return FOLDER_LINK
        if not target.is_relative_to(root.resolve()):
            return "is a link to a file outside the repository; copy the file into the repository instead"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a device, pipe or socket)"
    return None


def _folder_link(path: Path, root: Path) -> Problem:
    return Problem(
        _shown(path, root),
        f"{FOLDER_LINK}; links to folders are not followed: move the files into the stories folder; "
        "nothing in it is published",
    )


def folder_links(stories_dir: Path, *, root: Path) -> list[Problem]:
    """Every link to a folder below `stories_dir`, found without following any.

    MkDocs follows such links while it collects files, before a plugin can leave anything out, and
    two links back up make that walk endless: a build or a check must not start MkDocs' walk with one
    there."""
    found: list[Problem] = []
    folders = [stories_dir.absolute()]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                for entry in listing:
                    if entry.name.startswith(".") or not entry.is_dir():
                        continue
                    if entry.is_symlink():
                        found.append(_folder_link(Path(entry.path), root.absolute()))
                    else:
                        folders.append(Path(entry.path))
        except OSError:
            continue
    return sorted(found, key=lambda problem: problem.path)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def folder_contents(stories_dir: Path, *, root: Path) -> FolderContents:
    """Walk the stories folder (never through a link) and decide for every file in it.

    Hidden files and folders are left out, as MkDocs leaves them out of the site. A plain `.md` file
    costs nothing more than the walk: the kind of each entry comes with the folder listing.
    """
    stories_dir, root = stories_dir.absolute(), root.absolute()
    assets: set[str] = set()
    problems: list[Problem] = []
    unreadable: set[Path] = set()
    linked: list[Path] = []
    allowed = ", ".join(ASSET_SUFFIXES)
    folders = [stories_dir]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            problems.append(Problem(_shown(folder, root), f"folder cannot be read ({error.strerror})"))
            continue
        subfolders: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(path)
                continue
            is_story = entry.name.endswith(STORY_SUFFIX)
            if is_story and entry.is_file(follow_symlinks=False):
                continue
            shown = _shown(path, root)
            reason = refusal(path, root)
            if reason is not None and reason.startswith(FOLDER_LINK):
                linked.append(path)
                problems.append(_folder_link(path, root))
            elif is_story:
                if reason is not None:
                    unreadable.add(path)
                    problems.append(Problem(shown, f"not read: {reason}"))
            elif not entry.name.lower().endswith(ASSET_SUFFIXES):
                problems.append(
                    Problem(
                        shown,
                        "not published: a stories folder holds stories (.md) and images "
                        f"({allowed}); move this file out of the stories folder",
                    )
                )
            elif reason is not None:
                problems.append(Problem(shown, f"not published: {reason}"))
            else:
                assets.add(path.relative_to(stories_dir).as_posix())
        folders.extend(reversed(subfolders))
    problems.sort(key=lambda problem: problem.path)
    return FolderContents(frozenset(assets), problems, frozenset(unreadable), tuple(linked))
