"""`emptychair check`'s problems in the formats CI systems read: GitHub annotations, GitLab Code Quality."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from ..stories.problems import Problem


def _escape_data(text: str) -> str:
    # GitHub's workflow-command encoding (actions/toolkit, command.ts): without it a newline ends the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: Iterable[Problem]) -> list[str]:
    """`::error file=stories/x.md,line=8,title=rating::7 is not an integer from 1 to 5`, one per problem.

    GitHub Actions turns each line into an annotation on the file and line of the pull request.
    """
    lines = []
    for problem in problems:
        properties = [f"file={_escape_property(problem.path)}"]
        if problem.line is not None:
            properties.append(f"line={problem.line}")
        if problem.field is not None:
            properties.append(f"title={_escape_property(problem.field)}")
        lines.append(f"::{problem.severity} {','.join(properties)}::{_escape_data(problem.message)}")
    return lines


_GITLAB_SEVERITY = {"error": "major", "warning": "minor"}


def gitlab_code_quality(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    """A GitLab Code Quality report: one issue per problem, shown in the merge request's diff.

    The fingerprint leaves the line out, so a problem that only moves is still the same problem; a
    repeat of the same problem in the same file gets its own fingerprint, as GitLab requires.
    """
    issues: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for problem in problems:
        identity = f"{problem.path}\0{problem.field or ''}\0{problem.message}"
        repeat = seen[identity] = seen.get(identity, -1) + 1
        fingerprint = hashlib.sha256(f"{identity}\0{repeat}".encode()).hexdigest()
        issues.append(
            {
                "type": "issue",
                "check_name": f"emptychair/{problem.field}" if problem.field else "emptychair",
                "description": problem.message
                if problem.field is None
                else f"{problem.field}: {problem.message}",
                "categories": ["Bug Risk"],
                "severity": _GITLAB_SEVERITY[problem.severity],
                "fingerprint": fingerprint,
                "location": {"path": problem.path, "lines": {"begin": problem.line or 1}},
            }
        )
    return issues
