"""The story files changed since a base commit, through git, for `emptychair check --changed`."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Changes:
    """Files changed since `base`, or None with the reason when they cannot be known."""

    files: list[Path] | None
    note: str


def _git(cwd: Path, *arguments: str) -> str | None:
    try:
        done = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _resolves(cwd: Path, revision: str) -> bool:
    return _git(cwd, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}") is not None


def default_base(cwd: Path) -> str | None:
    """The branch a change will merge into: CI's target branch, else origin's default branch."""
    candidates = [
        f"origin/{os.environ[name]}"
        for name in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "CI_DEFAULT_BRANCH")
        if os.environ.get(name)
    ]
    origin_head = _git(cwd, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    if origin_head:
        candidates.append(origin_head.strip())
    candidates += ["origin/main", "origin/master", "main", "master"]
    return next((candidate for candidate in candidates if _resolves(cwd, candidate)), None)


def changed_since(base: str | None, cwd: Path) -> Changes:
    """Files changed between the merge base of `base` and HEAD, the working tree and untracked files."""
    top = _git(cwd, "rev-parse", "--show-toplevel")
    if top is None:
        return Changes(
            None, "--changed: this is not a git repository (or git is not installed); checking every story"
        )
    if base is None:
        base = default_base(cwd)
        if base is None:
            return Changes(
                None,
                "--changed: found no default branch to compare with (no origin/HEAD, origin/main or main); "
                "name one, e.g. --changed origin/main; checking every story",
            )
    elif not _resolves(cwd, base):
        return Changes(
            None,
            f"--changed: {base!r} is not in this clone (a shallow clone has only its newest commit: fetch "
            "the base branch, or check out with fetch-depth: 0); checking every story",
        )
    merge_base = _git(cwd, "merge-base", base, "HEAD")
    if merge_base is None:
        return Changes(
            None,
            f"--changed: {base!r} and HEAD share no history in this clone (a shallow clone?); checking every story",
        )
    changed = _git(cwd, "diff", "--name-only", "--no-renames", "--diff-filter=d", "-z", merge_base.strip())
    untracked = _git(cwd, "ls-files", "--others", "--exclude-standard", "--full-name", "-z", ":/")
    root = Path(top.strip())
    names = [name for listing in (changed or "", untracked or "") for name in listing.split("\0") if name]
    return Changes([root / name for name in dict.fromkeys(names)], f"changed since {base}")
