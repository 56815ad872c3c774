"""`emptychair check`, as CI and a pre-commit hook run it."""

from __future__ import annotations

import json
import subprocess
import sys

from ..conftest import Site


def check(site: Site, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "emptychair", "check", *arguments],
        capture_output=True,
        text=True,
        cwd=site.root,
    )


def test_all_good_exits_zero(site: Site) -> None:
    site.add("2026/w47/fine.md")
    result = check(site)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "1 file checked: all good\n")


def test_every_problem_one_line_and_exit_one(site: Site) -> None:
    site.add("2026/w47/fine.md")
    site.add("2026/w47/bad.md", rating=9, channel="fax")
    site.write("2026/w47/empty.md", "")
    result = check(site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "stories/2026/w47/bad.md:9: channel: 'fax' is not one of email, phone, chat, social, review-site, survey, "
        "in-person, letter",
        "stories/2026/w47/bad.md:10: rating: 9 is not an integer from 1 to 5",
        "stories/2026/w47/empty.md: file is empty: a story needs front matter with title, date and kind",
    ]
    assert result.stderr == "3 files checked: 3 errors, 0 warnings in 2 files\n"


def test_json_for_machines(site: Site) -> None:
    site.add("2026/w47/bad.md", departmens=["sales"])
    result = check(site, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["files_checked"] == 1
    assert (report["errors"], report["warnings"]) == (0, 1)
    assert report["problems"] == [
        {
            "path": "stories/2026/w47/bad.md",
            "line": 14,
            "field": "departmens",
            "message": "unknown field; did you mean 'departments'?",
            "severity": "warning",
            "text": "stories/2026/w47/bad.md:14: departmens: unknown field; did you mean 'departments'?",
        }
    ]


def test_only_the_given_files_but_slugs_against_all(site: Site) -> None:
    site.add("2026/w46/rain.md", rating=9)
    new = site.add("2026/w47/rain.md")
    result = check(site, str(new.relative_to(site.root)))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "stories/2026/w47/rain.md: slug 'rain' is already used by stories/2026/w46/rain.md; rename one of the two files"
    ]


def test_a_missing_path_is_a_clear_error(site: Site) -> None:
    result = check(site, "stories/nope.md")
    assert (result.returncode, result.stderr) == (2, "stories/nope.md: no such file or folder\n")
