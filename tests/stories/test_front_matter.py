"""Front matter reads as YAML does: PyYAML's safe loader is the reference, dates aside."""

from __future__ import annotations

import pytest
import yaml
from emptychair.stories.front_matter import FrontMatterError, parse


class _Reference(yaml.SafeLoader):
    pass


_Reference.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


@pytest.mark.parametrize(
    "front_matter",
    [
        "title: Late van\nrating: 2\nconsent: yes\nnps: 0x0A\nfeatured: off\nnote: ~\n",
        "date: 2026-11-17\nwhen: 2026-11-17T09:30:00+01:00\nscore: 1_000\nratio: 1.5e3\nlength: 1:30\n",
        "customer:\n  name: 'Ravi'\n  organisation: \"Patel & Sons\"\ntags: [a, 'b', 3, true, null]\n",
        "base: &base {status: open, owner: ops-lead}\nfollow_up:\n  <<: *base\n  status: done\n",
        "1: one\ntrue: yes\n~: nothing\nlist: &l [1, 2]\nagain: *l\n",
        "blob: !!binary aGVsbG8=\nstrict: !!str 5\nset: !!set {a, b}\n",
        "quote: >\n  folded\n  text\nbody: |\n  kept\n  lines\n",
    ],
)
def test_values_are_what_yaml_says(front_matter: str) -> None:
    assert parse(f"---\n{front_matter}---\nBody\n").data == yaml.load(front_matter, Loader=_Reference)


def test_a_mapping_used_as_a_key_is_an_error_with_its_line() -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse("---\ntitle: fine\n? [a, b]\n: value\n---\n")
    assert str(caught.value).startswith("not valid YAML")
    assert caught.value.line == 3


def test_toml_front_matter_as_hugo_writes_it() -> None:
    document = parse(
        '+++\ntitle = "Late van"\ndate = 2026-11-17\nrating = 2\n\n[customer]\nname = "Ravi"\n+++\nBody\n'
    )
    assert document.data["title"] == "Late van"
    assert document.data["customer"] == {"name": "Ravi"}
    assert str(document.data["date"]) == "2026-11-17"
    assert document.body == "Body\n"
    assert document.line_of(("rating",)) == 4
    assert document.line_of(("customer", "name")) == 7


def test_invalid_toml_names_its_line() -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse('+++\ntitle = "fine"\nrating = = 2\n+++\n')
    assert str(caught.value).startswith("not valid TOML")
    assert caught.value.line == 3


def test_yaml_field_lines_are_found_when_asked() -> None:
    document = parse("---\ntitle: fine\ncustomer:\n  name: Ravi\ntags:\n  - a\n  - b\n---\nBody\n")
    assert document.line_of(("customer", "name")) == 4
    assert document.line_of(("tags", 1)) == 7


BOMB = 'a: &a ["\\t", lol]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("front_matter", "line", "field", "words"),
    [
        ("title: x\nrating: 0x_\n", 3, "rating", "'0x_' cannot be read as a whole number"),
        ("title: x\nconsent: !!bool maybe\n", 3, "consent", "'maybe' cannot be read as true or false"),
        ("rating: " + "9" * 5000 + "\n", 2, "rating", "a value of 5,000 characters cannot be read"),
        ("ratio: !!float abc\n", 2, "ratio", "'abc' cannot be read as a number"),
        ("x: " + "[" * 600 + '"\\t"' + "]" * 600 + "\n", None, None, "nested more than 16 levels deep"),
        ("customer:\n  name: " + "{a: " * 20 + "1" + "}" * 20 + "\n", None, None, "nested more than 16"),
        (BOMB, None, None, "more than 5,000 values, each use of an alias (*name) counted"),
        ("a: &a [*a]\n", None, None, "nested more than 16 levels deep"),
        ("consent: false\ntitle: x\nconsent: true\n", 2, "consent", "written twice, on lines 2 and 4"),
        ("customer:\n  name: A\n  name: B\n", 3, "name", "written twice, on lines 3 and 4"),
    ],
)
def test_input_pyyaml_crashes_or_hangs_on_is_one_error_with_line_and_field(
    front_matter: str, line: int | None, field: str | None, words: str
) -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse(f"---\n{front_matter}---\nBody\n")
    assert words in str(caught.value)
    assert caught.value.field == field
    if line is not None:
        assert caught.value.line == line


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ("x = " + "[" * 2000 + "]" * 2000, "nested more than 16 levels deep"),
        ("x = " + "[" * 20 + "]" * 20, "nested more than 16 levels deep"),
        ("title = 'x'\nrating = " + "9" * 5000, "a number has thousands of digits"),
    ],
)
def test_toml_that_crashes_tomllib_is_one_error(toml: str, words: str) -> None:
    with pytest.raises(FrontMatterError) as caught:
        parse(f"+++\n{toml}\n+++\nBody\n")
    assert words in str(caught.value)
