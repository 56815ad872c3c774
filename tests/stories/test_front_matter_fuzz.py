"""A bounded fuzz of front matter: whatever a file holds, reading and validating it ends in a story or in
problems, never in an exception (PyYAML's and tomllib's crash sites, dates out of range, huge values)."""

from __future__ import annotations

from emptychair.stories.front_matter import FrontMatterError, parse
from emptychair.stories.schema import validate_story
from emptychair.stories.site_config import load_directory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import FIXTURES

DIRECTORY = load_directory(FIXTURES / "site_config", root=FIXTURES)

KEYS = ("title", "date", "kind", "rating", "nps", "consent", "customer", "follow_up", "tags", "due", "x")
SCALARS = (
    "0x_",
    "0o9",
    "0b2",
    "1_",
    "!!bool maybe",
    "!!float abc",
    "!!int x",
    "!!binary '%'",
    "!!null x",
    "9" * 5000,
    "-" + "9" * 4400,
    "1e999",
    ".nan",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:00:00-05:00",
    "0001-01-01T00:00:00+05:00",
    "2026-02-30",
    "2026-11-17",
    "complaint",
    "yes",
    "~",
    '"\\t"',
    "'a'",
    "&a x",
    "*a",
    "[*a, *a]",
    "{a: 1}",
    "[1, [2, [3]]]",
    "!!set {a}",
    "!!timestamp 2026-13-01",
    "? [a]",
    "|\n  x",
    "%",
    "@x",
    '"\\ud800"',
    "!!python/object:os.system x",
    "<<: *a",
)


def _line(key: str, value: str, indent: str) -> str:
    return f"{indent}{key}: {value}\n"


yaml_lines = st.lists(
    st.tuples(
        st.sampled_from(KEYS),
        st.one_of(st.sampled_from(SCALARS), st.text(max_size=12)),
        st.sampled_from(("", "  ")),
    ),
    max_size=12,
)
toml_values = st.sampled_from(
    (
        "1",
        "9" * 5000,
        "[" * 40 + "]" * 40,
        "1979-05-27T07:32:00-08:00",
        "0001-01-01",
        "9999-12-31T23:59:59-05:00",
        '"x"',
        "{a = 1}",
        "[[1], 2]",
        "inf",
        "nan",
    )
)


def _survives(text: str) -> None:
    try:
        document = parse(text)
    except FrontMatterError:
        return
    validate_story(document, path="stories/s.md", slug="s", src_uri="s.md", directory=DIRECTORY)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_lines)
def test_any_yaml_front_matter_gives_a_story_or_problems(lines: list[tuple[str, str, str]]) -> None:
    _survives("---\n" + "".join(_line(*line) for line in lines) + "---\nBody\n")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KEYS), toml_values), max_size=6, unique_by=lambda pair: pair[0]))
def test_any_toml_front_matter_gives_a_story_or_problems(pairs: list[tuple[str, str]]) -> None:
    _survives("+++\n" + "".join(f"{key} = {value}\n" for key, value in pairs) + "+++\nBody\n")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_story_or_problems(text: str) -> None:
    _survives("---\n" + text + "\n---\n")
