"""Strict mode cannot be silenced: real `mkdocs build` runs at every verbosity, flag and config."""

from __future__ import annotations

import pytest

from ..conftest import Site

VERBOSITY = pytest.mark.parametrize("verbosity", ["-q", None, "-v"])
PROBLEMS = (
    "stories/2026/w47/bad-rating.md:10: rating: 9 is not an integer from 1 to 5",
    "stories/2026/w47/no-kind.md:2: kind: required field is missing; one of story, review, complaint",
)


@pytest.fixture
def invalid_site(site: Site) -> Site:
    site.add("2026/w47/fine.md", title="A fine story")
    site.add("2026/w47/bad-rating.md", title="Rated too high", rating=9)
    site.add("2026/w47/no-kind.md", title="No kind", kind=None)
    return site


def _flags(verbosity: str | None, *more: str) -> list[str]:
    return [flag for flag in (verbosity, *more) if flag]


@VERBOSITY
@pytest.mark.parametrize("strict_from", ["flag", "config"])
def test_a_strict_build_with_invalid_stories_fails_with_every_problem_on_stderr(
    invalid_site: Site, verbosity: str | None, strict_from: str
) -> None:
    if strict_from == "config":
        config = invalid_site.root / "mkdocs.yml"
        config.write_text(config.read_text() + "strict: true\n")
    result = invalid_site.build(
        *_flags(verbosity, "--strict" if strict_from == "flag" else None), check=False
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert any("emptychair: strict mode: 2 problems, the site was not built:" in line for line in lines)
    for problem in PROBLEMS:
        assert any(line.startswith(problem) for line in lines), f"{problem!r} not on stderr:\n{result.stderr}"
    assert not (invalid_site.root / "site" / "stories" / "fine" / "index.html").exists()


@VERBOSITY
def test_without_strict_invalid_stories_are_warnings_and_listed_on_needs_attention(
    invalid_site: Site, verbosity: str | None
) -> None:
    result = invalid_site.build(*_flags(verbosity))
    assert result.returncode == 0
    warned = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warned) == (0 if verbosity == "-q" else 2)
    attention = invalid_site.content("attention/").text()
    for problem in PROBLEMS:
        assert problem.split(": ", 1)[1] in attention


@VERBOSITY
def test_balance_enforce_strict_fails_the_build_at_every_verbosity(site: Site, verbosity: str | None) -> None:
    site.add("2026/w47/wet-parcel.md", title="Wet parcel", quote="It was soaked through.")
    site.write(
        "2026/w47/expenses.md",
        "---\ntitle: Expense policy update\ndate: 2026-11-18\nkind: memo\nauthor: ops-lead\n---\n"
        "Receipts for every expense, please.\n",
    )
    site.configure("balance:\n  enforce: strict")
    result = site.build(*_flags(verbosity), check=False)
    assert result.returncode == 1
    assert "balance below target (balance.enforce: strict):" in result.stderr
    assert "Ops Lead: 0% of their communications were about customers" in result.stderr
