"""The mapping reads the table of story fields (`stories/fields.py`): which fields an export may fill, how
a constant is checked and how a cell becomes a value all come from there, not from a list of its own."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from emptychair.importing.mapping import MappingError, load_mapping
from emptychair.importing.records import Record, to_record
from emptychair.stories.fields import STORY_FIELDS, Field
from emptychair.stories.model import Directory
from emptychair.stories.site_config import load_directory

from ..conftest import REPO


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory(REPO / "site_config", root=REPO)


def problems(tmp_path: Path, directory: Directory, text: str) -> list[str]:
    path = tmp_path / "mapping.yml"
    path.write_text(text, encoding="utf-8")
    try:
        load_mapping(path, "mapping.yml", directory)
    except MappingError as error:
        return [str(problem) for problem in error.problems]
    return []


REQUIRED = "source: s\nfields:\n  title: text\n  date: {value: today}\n  kind: {value: story}\n"


def test_a_constant_is_checked_against_every_field_with_choices(tmp_path: Path, directory: Directory) -> None:
    # follow_up.status has choices in the table: a typo in its constant is one mapping error, not one per row.
    assert problems(tmp_path, directory, REQUIRED + "  follow_up: {owner: who, status: {value: shut}}\n") == [
        "mapping.yml:6: fields.follow_up.status.value: 'shut' is not defined; allowed: open, in-progress, done"
    ]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("rating: {value: 9}", "mapping.yml:6: fields.rating.value: 9 is not an integer from 1 to 5"),
        (
            "nps: {column: score, default: 11}",
            "mapping.yml:6: fields.nps.default: 11 is not an integer from 0 to 10",
        ),
        (
            "rating: {column: stars, map: {top: 5, bottom: 0}}",
            "mapping.yml:6: fields.rating.map.bottom: 0 is not an integer from 1 to 5",
        ),
        (
            "follow_up: {owner: who, due: {value: 9999-12-31}}",
            "mapping.yml:6: fields.follow_up.due.value: 9999-12-31 is not a date from 1900 to 2200",
        ),
        (
            f"quote: {{value: {'word ' * 1001}}}",
            "mapping.yml:6: fields.quote.value: is 5,004 characters long; at most 5,000 are allowed: shorten it",
        ),
        (
            "customer: {value: {name: Ann, segment: ''}}",
            "mapping.yml:6: fields.customer.value: segment: '' is not a non-empty string",
        ),
        ("tags: {value: [late, '']}", "mapping.yml:6: fields.tags.value: [1]: '' is not a non-empty string"),
    ],
)
def test_every_fields_constant_is_checked_once_as_the_schema_reads_it(
    tmp_path: Path, directory: Directory, entry: str, message: str
) -> None:
    # A constant the schema refuses would fail every row with the same error: it is one mapping error.
    assert problems(tmp_path, directory, REQUIRED + f"  {entry}\n") == [message]


def test_a_field_added_to_the_table_is_mapped_and_coerced_without_editing_the_importer(
    tmp_path: Path, directory: Directory
) -> None:
    effort = Field("effort", "whole-number", low=1, high=7)
    mood = Field("mood", "choice", choices=("calm", "cross"))
    table = (*STORY_FIELDS, effort, mood)
    path = tmp_path / "mapping.yml"
    story = REQUIRED + "  customer: {value: Ann}\n  departments: {value: [operations]}\n"
    path.write_text(story + "  effort: score\n  mood: {value: cros}\n", encoding="utf-8")
    with pytest.raises(MappingError) as raised:
        load_mapping(path, "mapping.yml", directory, table)
    assert [str(problem) for problem in raised.value.problems] == [
        "mapping.yml:9: fields.mood.value: 'cros' is not defined (did you mean 'cross'?); allowed: calm, cross"
    ]
    path.write_text(story + "  effort: score\n  mood: {value: calm}\n", encoding="utf-8")
    mapping = load_mapping(path, "mapping.yml", directory, table)
    row = {"text": "The app asked for my card twice", "score": "6.0"}
    record = to_record(
        1, row, mapping, directory, where="x.csv:row 2", zone=ZoneInfo("UTC"), today=date(2026, 11, 17)
    )
    assert isinstance(record, Record)
    assert (record.meta["effort"], record.meta["mood"]) == (6, "calm")


def test_without_the_added_field_the_same_mapping_names_an_unknown_field(
    tmp_path: Path, directory: Directory
) -> None:
    assert problems(tmp_path, directory, REQUIRED + "  effort: score\n") == [
        "mapping.yml:6: fields.effort: unknown story field; allowed: "
        + ", ".join([*(field.name for field in STORY_FIELDS if field.name != "source"), "body"])
    ]
