"""`emptychair check` in CI: GitHub annotations, a GitLab Code Quality report, and --changed through git."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema

from ..conftest import Site
from ..git_env import GIT_ENV

# Outside CI, so the CI systems' own variables do not pick the base.
CI_VARIABLES = ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "CI_DEFAULT_BRANCH")


def environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in CI_VARIABLES} | GIT_ENV


def check(cwd: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "emptychair", "check", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment(),
    )


def git(cwd: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", *arguments], cwd=cwd, capture_output=True, text=True, env=environment(), check=True
    )
    return done.stdout


def bad_site(site: Site) -> Site:
    site.add("2026/w47/fine.md")
    site.add("2026/w47/bad.md", rating=9, departmens=["sales"], title="Hold music, 40 minutes: again")
    site.write("2026/w47/empty.md", "")
    return site


# GitHub's workflow commands, as documented ("Workflow commands for GitHub Actions": setting an error or
# warning message): ::error file={name},line={line},title={title}::{message}, with %, CR and LF encoded
# in the message and, in properties, also ':' and ','.
ANNOTATION = re.compile(r"::(?P<command>error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)")


def unescape(text: str) -> str:
    for encoded, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(encoded, plain)
    return text


def test_github_format_is_one_workflow_command_per_problem(site: Site) -> None:
    bad_site(site)
    expected = json.loads(check(site.root, "--format", "json").stdout)["problems"]

    result = check(site.root, "--format", "github")

    assert result.returncode == 1
    assert result.stderr == "3 files checked: 2 errors, 1 warning in 2 files\n"
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected) == 3
    for line, problem in zip(lines, expected, strict=True):
        match = ANNOTATION.fullmatch(line)
        assert match, line
        properties = dict(item.split("=", 1) for item in match["properties"].split(","))
        assert match["command"] == problem["severity"]
        assert unescape(properties["file"]) == problem["path"]
        assert properties.get("line") == (None if problem["line"] is None else str(problem["line"]))
        assert (unescape(properties["title"]) if "title" in properties else None) == problem["field"]
        assert unescape(match["message"]) == problem["message"]
    assert (
        "::error file=stories/2026/w47/bad.md,line=10,title=rating::9 is not an integer from 1 to 5" in lines
    )


def test_github_format_encodes_what_would_end_a_command(site: Site) -> None:
    site.write("2026/w47/broken.md", "---\ntitle: [unclosed\ndate: 2026-11-17\n---\n100% body\n")

    result = check(site.root, "--format", "github")

    [line] = result.stdout.splitlines()
    match = ANNOTATION.fullmatch(line)
    assert match
    assert "\n" not in match["message"]
    assert (
        unescape(match["message"])
        == json.loads(check(site.root, "--format", "json").stdout)["problems"][0]["message"]
    )


# GitLab's Code Quality report, as documented ("Code Quality": implement a custom tool, the report format):
# a JSON array of issues, each with a description, check_name, fingerprint, severity (info, minor, major,
# critical or blocker) and location.path with location.lines.begin.
CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def test_gitlab_format_is_a_code_quality_report(site: Site) -> None:
    bad_site(site)
    site.add("2026/w47/also-bad.md", rating=9)
    expected = json.loads(check(site.root, "--format", "json").stdout)["problems"]

    result = check(site.root, "--format", "gitlab")

    assert result.returncode == 1
    report = json.loads(result.stdout)
    jsonschema.validate(report, CODE_QUALITY_SCHEMA)
    assert [(issue["location"]["path"], issue["location"]["lines"]["begin"]) for issue in report] == [
        (problem["path"], problem["line"] or 1) for problem in expected
    ]
    assert [issue["severity"] for issue in report] == [
        {"error": "major", "warning": "minor"}[problem["severity"]] for problem in expected
    ]
    assert len({issue["fingerprint"] for issue in report}) == len(report)
    assert report[0]["description"] == "rating: 9 is not an integer from 1 to 5"
    # The same problem, moved to another line, keeps its fingerprint: GitLab shows it as not new.
    moved = site.stories / "2026/w47/also-bad.md"
    moved.write_text(moved.read_text().replace("---\n", "---\n# a comment\n", 1))
    again = {
        issue["description"] + issue["location"]["path"]: issue
        for issue in json.loads(check(site.root, "--format", "gitlab").stdout)
    }
    before = {issue["description"] + issue["location"]["path"]: issue for issue in report}
    key = "rating: 9 is not an integer from 1 to 5stories/2026/w47/also-bad.md"
    assert again[key]["location"]["lines"]["begin"] == before[key]["location"]["lines"]["begin"] + 1
    assert again[key]["fingerprint"] == before[key]["fingerprint"]


def test_gitlab_format_of_a_clean_site_is_an_empty_report(site: Site) -> None:
    site.add("2026/w47/fine.md")
    result = check(site.root, "--format", "gitlab")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


# --- --changed -----------------------------------------------------------------------------------


def repository(site: Site) -> Path:
    """The site as a git repository: main with a story at w46, then a branch that adds and edits stories."""
    site.add("2026/w46/rain.md", rating=9)  # already on main, already wrong: not this change's business
    site.add("2026/w46/old.md")
    git(site.root, "init", "--quiet", "--initial-branch=main")
    git(site.root, "add", "-A")
    git(site.root, "commit", "--quiet", "-m", "stories so far")
    git(site.root, "switch", "--quiet", "-c", "new-stories")
    site.add("2026/w47/rain.md")  # a new story whose slug clashes with one on main
    site.add("2026/w46/old.md", channel="fax")  # an edit of a story on main
    git(site.root, "add", "-A")
    git(site.root, "commit", "--quiet", "-m", "two stories")
    site.add("2026/w47/draft.md", rating=0)  # not committed, not even added
    return site.root


def test_changed_checks_only_what_changed_since_the_base_with_slugs_against_all(site: Site) -> None:
    root = repository(site)

    result = check(root, "--changed", "main")

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "stories/2026/w46/old.md:9: channel: 'fax' is not one of email, phone, chat, social, review-site, survey, "
        "in-person, letter",
        "stories/2026/w47/draft.md:10: rating: 0 is not an integer from 1 to 5",
        "stories/2026/w47/rain.md: slug 'rain' is already used by stories/2026/w46/rain.md; rename one of the two files",
    ]
    assert result.stderr.splitlines() == [
        "--changed: changed since main",
        "3 files checked: 3 errors, 0 warnings in 3 files",
    ]


def test_changed_defaults_to_the_default_branch_of_origin(site: Site, tmp_path: Path) -> None:
    origin = repository(site)
    git(origin, "add", "-A")
    git(origin, "commit", "--quiet", "-m", "draft")
    git(origin, "switch", "--quiet", "main")  # what origin/HEAD of a clone follows, as on a hosted repository
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(origin), str(clone))
    git(clone, "switch", "--quiet", "new-stories")

    result = check(clone, "--changed")

    assert result.stderr.splitlines()[0] == "--changed: changed since origin/main"
    assert len(result.stdout.splitlines()) == 3


def test_changed_in_a_shallow_clone_says_so_and_checks_everything(site: Site, tmp_path: Path) -> None:
    origin = repository(site)
    clone = tmp_path / "shallow"
    git(
        tmp_path,
        "clone",
        "--quiet",
        "--depth",
        "1",
        "--branch",
        "new-stories",
        f"file://{origin}",
        str(clone),
    )

    result = check(clone, "--changed", "origin/main")

    assert result.stderr.splitlines()[0] == (
        "--changed: 'origin/main' is not in this clone (a shallow clone has only its newest commit: fetch the "
        "base branch, or check out with fetch-depth: 0); checking every story"
    )
    assert result.stderr.splitlines()[-1] == "3 files checked: 3 errors, 0 warnings in 3 files"
    assert (
        "stories/2026/w46/rain.md:10: rating: 9 is not an integer from 1 to 5" in result.stdout.splitlines()
    )


def test_changed_outside_git_checks_everything(site: Site) -> None:
    site.add("2026/w47/fine.md")
    result = check(site.root, "--changed")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "--changed: this is not a git repository (or git is not installed); checking every story",
        "1 file checked: all good",
    ]
