"""The one table of story fields: the README's table of fields is made from it, word for word."""

from __future__ import annotations

from pathlib import Path

from emptychair.stories.fields import FIELD_BY_PATH, STORY_FIELDS

README = Path(__file__).parent.parent.parent / "README.md"


def _readme_field_rows() -> list[str]:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| field | rule |") + 2
    end = next(position for position in range(start, len(lines)) if not lines[position].startswith("|"))
    return lines[start:end]


def test_the_readme_table_of_fields_is_the_table_of_fields() -> None:
    expected = [field.readme_line() for field in STORY_FIELDS]
    assert _readme_field_rows() == expected, "README.md's table of fields should read:\n" + "\n".join(
        expected
    )


def test_every_field_and_part_is_found_by_its_dotted_name() -> None:
    assert FIELD_BY_PATH["customer.name"].type == "strict-text"
    assert FIELD_BY_PATH["follow_up.closed"].coercion == "date"
    assert FIELD_BY_PATH["customer"].coercion == "one-line"  # a customer given as one column is a name
    assert [name for name, field in FIELD_BY_PATH.items() if field.coercion == "list"] == [
        "departments",
        "touchpoints",
        "tags",
    ]
