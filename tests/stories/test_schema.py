"""Each bad story gives one exact message naming file, line, field, value and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from emptychair.stories.loading import load_stories
from emptychair.stories.model import Directory
from emptychair.stories.site_config import load_directory

from ..conftest import FIXTURES

GOOD = """\
---
title: Parcel left in the rain
date: 2026-11-17
kind: complaint
customer: Margaret Hughes
channel: phone
rating: 2
touchpoints: [delivery]
author: sam-agent
---
She found the parcel soaked on the doorstep.
"""
SHOWN = "stories/2026/w47/rain.md"


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory(FIXTURES / "site_config", root=FIXTURES)


def problems_for(tmp_path: Path, directory: Directory, text: str | bytes) -> list[str]:
    path = tmp_path / SHOWN
    path.parent.mkdir(parents=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    result = load_stories(tmp_path / "stories", directory, root=tmp_path)
    assert result.files_read == 1
    return [str(problem) for problem in result.problems]


def test_a_good_story_has_no_problem(tmp_path: Path, directory: Directory) -> None:
    result = load_stories(tmp_path / "stories", directory, root=tmp_path)
    assert result.stories == []
    assert problems_for(tmp_path, directory, GOOD) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("rating: 2", "rating: 7", f"{SHOWN}:7: rating: 7 is not an integer from 1 to 5"),
        ("rating: 2", "rating: true", f"{SHOWN}:7: rating: true is not an integer from 1 to 5"),
        ("rating: 2", "nps: 11", f"{SHOWN}:7: nps: 11 is not an integer from 0 to 10"),
        ("title: Parcel left in the rain\n", "", f"{SHOWN}:2: title: required field is missing"),
        ("title: Parcel left in the rain", "title: ''", f"{SHOWN}:2: title: '' is not a non-empty string"),
        (
            "date: 2026-11-17",
            "date: 2026-13-01",
            (
                f"{SHOWN}:3: date: '2026-13-01' is not an ISO date or datetime such as 2026-11-17 or 2026-11-17T09:30:00Z"
            ),
        ),
        (
            "date: 2026-11-17",
            "date: last tuesday",
            (
                f"{SHOWN}:3: date: 'last tuesday' is not an ISO date or datetime such as 2026-11-17 or 2026-11-17T09:30:00Z"
            ),
        ),
        (
            "kind: complaint",
            "kind: complaints",
            (
                f"{SHOWN}:4: kind: 'complaints' is not one of story, review, complaint, praise, call-note, memo"
                " (did you mean 'complaint'?)"
            ),
        ),
        (
            "kind: complaint",
            "kind: [complaint]",
            (f"{SHOWN}:4: kind: a list is not one of story, review, complaint, praise, call-note, memo"),
        ),
        (
            "customer: Margaret Hughes\n",
            "",
            (
                f"{SHOWN}:2: customer: required for kind 'complaint': a name, or a mapping with name and optional "
                "organisation, segment"
            ),
        ),
        (
            "channel: phone",
            "channel: fax",
            (
                f"{SHOWN}:6: channel: 'fax' is not one of email, phone, chat, social, review-site, survey, "
                "in-person, letter"
            ),
        ),
        (
            "channel: phone",
            "channel: phnoe",
            (
                f"{SHOWN}:6: channel: 'phnoe' is not one of email, phone, chat, social, review-site, survey, "
                "in-person, letter (did you mean 'phone'?)"
            ),
        ),
        (
            "touchpoints: [delivery]",
            "touchpoints: [delivery, deliveries]",
            (
                f"{SHOWN}:8: touchpoints[1]: 'deliveries' is not defined in site_config/departments.yml"
                " (did you mean 'delivery'?); allowed: quotes, billing, refunds, delivery"
            ),
        ),
        (
            "touchpoints: [delivery]",
            "departments: [salse]",
            (
                f"{SHOWN}:8: departments[0]: 'salse' is not defined in site_config/departments.yml"
                " (did you mean 'sales'?); allowed: sales, finance, operations"
            ),
        ),
        (
            "touchpoints: [delivery]\n",
            "",
            (
                f"{SHOWN}:2: departments: required when no touchpoints are given: which departments does this "
                "story concern?"
            ),
        ),
        (
            "customer: Margaret Hughes",
            "customer:\n  name:\n  segment: Retail",
            f"{SHOWN}:5: customer: name: required field is missing",
        ),
        (
            "touchpoints: [delivery]",
            "departments:",
            (
                f"{SHOWN}:8: departments: required when no touchpoints are given: which departments does this "
                "story concern?"
            ),
        ),
        (
            "author: sam-agent",
            "author: sam",
            (f"{SHOWN}:9: author: 'sam' is not a person id in site_config/people.yml"),
        ),
        (
            "author: sam-agent",
            "author: sam-agnet",
            (
                f"{SHOWN}:9: author: 'sam-agnet' is not a person id in site_config/people.yml (did you mean 'sam-agent'?)"
            ),
        ),
        (
            "rating: 2",
            "sentiment: grumpy",
            (f"{SHOWN}:7: sentiment: 'grumpy' is not one of positive, neutral, negative"),
        ),
        ("rating: 2", "consent: yes please", f"{SHOWN}:7: consent: 'yes please' is not true or false"),
        (
            "rating: 2",
            "follow_up:\n  status: open\n  due: 2026-11-30",
            (
                f"{SHOWN}:7: follow_up.owner: required: every follow-up needs an owner "
                "(a person id from site_config/people.yml)"
            ),
        ),
        (
            "rating: 2",
            "follow_up:\n  owner: ops-lead\n  status: closed",
            (f"{SHOWN}:9: follow_up.status: 'closed' is not one of open, in-progress, done"),
        ),
        (
            "rating: 2",
            "follow_up:\n  owner: ops-lead\n  due: soon",
            (
                f"{SHOWN}:9: follow_up.due: 'soon' is not an ISO date or datetime such as 2026-11-17 or "
                "2026-11-17T09:30:00Z"
            ),
        ),
        ("rating: 2", "tags: [ok, {a: b}]", f"{SHOWN}:7: tags[1]: a mapping is not a non-empty string"),
        ("rating: 2", "featured: maybe", f"{SHOWN}:7: featured: 'maybe' is not true or false"),
        (
            "title: Parcel left in the rain",
            "title: [Parcel",
            (
                f"{SHOWN}:3: front matter is not valid YAML: did not find expected ',' or ']' while parsing a flow "
                "sequence"
            ),
        ),
        (
            "---\ntitle",
            "title",
            (
                f"{SHOWN}:1: no front matter: a story starts with a line '---', then its YAML fields, then '---'"
            ),
        ),
        (
            "---\nShe found",
            "She found",
            (f"{SHOWN}:1: front matter is not closed: add a line '---' after the last field"),
        ),
    ],
)
def test_bad_input_gives_its_message(
    tmp_path: Path, directory: Directory, old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    assert problems_for(tmp_path, directory, GOOD.replace(old, new, 1)) == [expected]


def test_unknown_field_is_a_warning_with_a_suggestion(tmp_path: Path, directory: Directory) -> None:
    text = GOOD.replace("touchpoints: [delivery]", "touchpoints: [delivery]\ndepartmens: [sales]")
    path = tmp_path / SHOWN
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    result = load_stories(tmp_path / "stories", directory, root=tmp_path)
    assert [str(p) for p in result.problems] == [
        f"{SHOWN}:9: departmens: unknown field; did you mean 'departments'?"
    ]
    assert result.problems[0].severity == "warning"
    assert [story.slug for story in result.stories] == ["rain"], "a warning does not stop publication"


def test_empty_file(tmp_path: Path, directory: Directory) -> None:
    assert problems_for(tmp_path, directory, "  \n") == [
        f"{SHOWN}: file is empty: a story needs front matter with title, date and kind"
    ]


def test_file_that_is_not_utf8(tmp_path: Path, directory: Directory) -> None:
    text = GOOD.replace("She found", "Caf\xe9: she found").encode("latin-1")
    assert problems_for(tmp_path, directory, text) == [
        f"{SHOWN}:11: file is not UTF-8 (byte 0xe9 at position {text.index(bytes([0xE9]))}); "
        "save it with UTF-8 encoding"
    ]


def test_every_problem_of_a_file_in_one_pass(tmp_path: Path, directory: Directory) -> None:
    text = GOOD.replace("rating: 2", "rating: 9").replace("channel: phone", "channel: pigeon")
    assert problems_for(tmp_path, directory, text) == [
        f"{SHOWN}:6: channel: 'pigeon' is not one of email, phone, chat, social, review-site, survey, "
        "in-person, letter",
        f"{SHOWN}:7: rating: 9 is not an integer from 1 to 5",
    ]


def test_duplicate_slugs_name_both_files(tmp_path: Path, directory: Directory) -> None:
    for folder in ("w46", "w47"):
        path = tmp_path / "stories" / "2026" / folder / "rain.md"
        path.parent.mkdir(parents=True)
        path.write_text(GOOD, encoding="utf-8")
    result = load_stories(tmp_path / "stories", directory, root=tmp_path)
    assert [str(p) for p in result.problems] == [
        "stories/2026/w47/rain.md: slug 'rain' is already used by stories/2026/w46/rain.md; "
        "rename one of the two files"
    ]
    assert [story.source for story in result.stories] == ["stories/2026/w46/rain.md"]
    assert [entry.path for entry in result.rejected] == ["stories/2026/w47/rain.md"]


def test_memo_needs_no_customer_but_an_author(tmp_path: Path, directory: Directory) -> None:
    text = "---\ntitle: Timesheets due Friday\ndate: 2026-11-16\nkind: memo\n---\nPlease file them.\n"
    assert problems_for(tmp_path, directory, text) == [
        f"{SHOWN}:2: author: required for a memo: the person id of the leader who wrote it"
    ]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("date: 2026-11-17", "2026-11-17T00:00:00+00:00"),
        ("date: 2026-11-17T09:30:00", "2026-11-17T09:30:00+00:00"),
        ("date: 2026-11-17T09:30:00+01:00", "2026-11-17T08:30:00+00:00"),
        ("date: '2026-11-17T09:30:00Z'", "2026-11-17T09:30:00+00:00"),
    ],
)
def test_dates_without_timezone_are_utc(
    tmp_path: Path, directory: Directory, front: str, expected: str
) -> None:
    problems_for(tmp_path, directory, GOOD.replace("date: 2026-11-17", front))
    (story,) = load_stories(tmp_path / "stories", directory, root=tmp_path).stories
    assert story.published.isoformat() == expected


@pytest.mark.parametrize(
    ("rating", "sentiment"),
    [(1, "negative"), (2, "negative"), (3, "neutral"), (4, "positive"), (5, "positive")],
)
def test_sentiment_follows_rating(tmp_path: Path, directory: Directory, rating: int, sentiment: str) -> None:
    text = GOOD.replace("rating: 2", f"rating: {rating}").replace("kind: complaint", "kind: review")
    problems_for(tmp_path, directory, text)
    (story,) = load_stories(tmp_path / "stories", directory, root=tmp_path).stories
    assert story.sentiment == sentiment


@pytest.mark.parametrize(
    ("kind", "fields", "sentiment"),
    [
        ("complaint", "", "negative"),
        ("complaint", "rating: 4", "negative"),
        ("praise", "", "positive"),
        ("praise", "rating: 2", "positive"),
        ("complaint", "sentiment: neutral", "neutral"),
        ("praise", "sentiment: negative\nrating: 5", "negative"),
        ("review", "", "neutral"),
        ("story", "rating: 1", "negative"),
        ("call-note", "", "neutral"),
    ],
)
def test_sentiment_follows_kind_then_rating(
    tmp_path: Path, directory: Directory, kind: str, fields: str, sentiment: str
) -> None:
    text = GOOD.replace("rating: 2\n", f"{fields}\n" if fields else "").replace(
        "kind: complaint", f"kind: {kind}"
    )
    assert problems_for(tmp_path, directory, text) == []
    (story,) = load_stories(tmp_path / "stories", directory, root=tmp_path).stories
    assert story.sentiment == sentiment


def test_touchpoints_route_to_their_departments(tmp_path: Path, directory: Directory) -> None:
    text = GOOD.replace("touchpoints: [delivery]", "touchpoints: [refunds, delivery]\ndepartments: [sales]")
    assert problems_for(tmp_path, directory, text) == []
    (story,) = load_stories(tmp_path / "stories", directory, root=tmp_path).stories
    assert story.departments == ("sales", "finance", "operations")


def test_a_story_with_toml_front_matter_is_a_story(tmp_path: Path) -> None:
    directory = load_directory(FIXTURES / "site_config", root=FIXTURES)
    story_path = tmp_path / "stories" / "2026" / "w47" / "hugo-import.md"
    story_path.parent.mkdir(parents=True)
    story_path.write_text(
        '+++\ntitle = "Parcel left in the rain"\ndate = 2026-11-17\nkind = "complaint"\nchannel = "phone"\n'
        'rating = 7\ntouchpoints = ["delivery"]\n\n[customer]\nname = "Margaret Hughes"\n+++\nIt rained.\n',
        encoding="utf-8",
    )
    result = load_stories(tmp_path / "stories", directory, root=tmp_path)
    assert [str(problem) for problem in result.problems] == [
        "stories/2026/w47/hugo-import.md:6: rating: 7 is not an integer from 1 to 5"
    ]


NAME_IN_FILE = (
    "customer: the file name {file!r} contains the customer's name ({named}) but consent is false, and the "
    "file name is the story's public address: rename the file, e.g. {example}.md (or set consent: true if "
    "the customer agreed to be named)"
)


@pytest.mark.parametrize(
    ("file", "customer", "consent", "problem"),
    [
        ("margaret-hughes-parcel.md", "Margaret Hughes", "false", ("margaret, hughes", "parcel")),
        ("parcel-for-hughes.md", "Margaret Hughes", "false", ("hughes", "parcel-for")),
        ("zoe-parcel.md", "Zoë Adams", "false", ("zoe", "parcel")),
        ("zoe.md", "Zoë Adams", "false", ("zoe", "what-happened")),
        (
            "harbour-hotels-refit.md",
            "{name: Ann Lee, organisation: Harbour Hotels Group}",
            "false",
            ("harbour-hotels", "refit"),
        ),
        ("acme-order.md", "{name: Ann Lee, organisation: Acme}", "false", ("acme", "order")),
        ("hotels-refit.md", "{name: Ann Lee, organisation: Harbour Hotels Group}", "false", None),
        ("margaret-hughes-parcel.md", "Margaret Hughes", "true", None),
        ("parcel-in-the-rain.md", "Margaret Hughes", "false", None),
        ("margaretta-parcel.md", "Margaret Hughes", "false", None),
    ],
)
def test_a_file_name_never_names_a_customer_without_consent(
    tmp_path: Path,
    directory: Directory,
    file: str,
    customer: str,
    consent: str,
    problem: tuple[str, str] | None,
) -> None:
    path = tmp_path / "stories/2026/w47" / file
    path.parent.mkdir(parents=True)
    path.write_text(GOOD.replace("customer: Margaret Hughes", f"customer: {customer}\nconsent: {consent}"))
    result = load_stories(tmp_path / "stories", directory, root=tmp_path)
    expected = (
        []
        if problem is None
        else [
            f"stories/2026/w47/{file}:5: "
            + NAME_IN_FILE.format(file=file, named=problem[0], example=problem[1])
        ]
    )
    assert [str(found) for found in result.problems] == expected
    assert len(result.stories) == (problem is None)
