"""The digests that key a generated page's content: equal contexts give one digest, whichever objects
hold them and in whichever process; any change in what a page shows gives another."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import datetime

import pytest
from emptychair.pipeline.context_digests import ContextDigests
from emptychair.pipeline.fingerprints import Unkeyable
from emptychair.site.contexts import Pager
from emptychair.themes.summary import ThemeTrend

from ..conftest import published_story


def _listing(*, title: str = "Story 2") -> dict[str, object]:
    first = published_story(1, datetime(2026, 11, 10))
    second = published_story(2, datetime(2026, 11, 11))
    second = dataclasses.replace(second, story=dataclasses.replace(second.story, title=title))
    trend = ThemeTrend("late", "Late", ("late",), ((first.week, 2, 0.5),), (second, first))
    return {"items": [second, first], "pager": Pager(1, 1, None, None, 2), "trend": trend}


def _digest(context: dict[str, object]) -> list[str]:
    digests = ContextDigests()
    return [digests.of(value) for value in context.values()]


def test_equal_contexts_made_apart_have_one_digest() -> None:
    assert _digest(_listing()) == _digest(_listing())


def test_a_story_edited_changes_every_value_that_shows_it() -> None:
    before, after = _digest(_listing()), _digest(_listing(title="Story 2, edited"))
    assert [old == new for old, new in zip(before, after, strict=True)] == [False, True, False]


def test_a_value_pickle_cannot_write_is_unkeyable() -> None:
    with pytest.raises(Unkeyable):
        ContextDigests().of({"link": lambda uri: uri})


_SET_DIGEST = "from emptychair.pipeline.context_digests import ContextDigests; print(ContextDigests().of({{'weeks': {{f'w{{n}}' for n in range(50)}}}}))"


def test_a_set_has_one_digest_in_every_process() -> None:
    # A set's order in memory follows its strings' hashes, which change with each process's seed.
    made = {
        subprocess.run(
            [sys.executable, "-c", _SET_DIGEST.format()],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(made) == 1


def test_the_same_stories_in_another_order_or_kind_of_sequence_have_another_digest() -> None:
    items = _listing()["items"]
    assert isinstance(items, list)
    digests = ContextDigests()
    assert digests.of(items) == ContextDigests().of(list(items))
    assert (
        len({digests.of(items), digests.of(items[::-1]), digests.of(tuple(items)), digests.of(items[:1])})
        == 4
    )


@dataclasses.dataclass(frozen=True)
class _Row:
    label: object
    count: object = 0


def test_a_dataclass_is_told_apart_by_each_field_and_its_type() -> None:
    rows = [
        _Row("late"),
        _Row("late", 1),
        _Row("Late"),
        _Row(1),
        _Row("1"),
        _Row(1.0),
        _Row(True),
        _Row(None),
    ]
    digests = ContextDigests()
    assert len({digests.of(row) for row in rows}) == len(rows)
    assert ContextDigests().of(_Row("late", (1, "a"))) == ContextDigests().of(_Row("late", (1, "a")))
    assert ContextDigests().of(_Row("late", (1, "a"))) != ContextDigests().of(_Row("late", [1, "a"]))
    assert ContextDigests().of([_Row("a"), _Row("b")]) != ContextDigests().of([_Row("b"), _Row("a")])


def test_a_dataclass_holding_what_pickle_cannot_write_is_unkeyable() -> None:
    with pytest.raises(Unkeyable):
        ContextDigests().of((_Row("late", lambda uri: uri),))


@dataclasses.dataclass(slots=True)
class _Unset:
    value: int = dataclasses.field(init=False)


def test_a_dataclass_with_a_field_never_set_is_unkeyable() -> None:
    with pytest.raises(Unkeyable):
        ContextDigests().of(_Unset())
