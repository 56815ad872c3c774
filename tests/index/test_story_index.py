"""The index: built once, frozen, and what it answers (related stories) from in-memory stories."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from emptychair.index.story_index import StoryIndex
from emptychair.stories.model import Department, Directory, Touchpoint

from ..conftest import published_story

DIRECTORY = Directory(
    departments={"ops": Department("ops", "Operations"), "fin": Department("fin", "Finance")},
    touchpoints={
        "delivery": Touchpoint("delivery", "Delivery", "ops"),
        "billing": Touchpoint("billing", "Billing", "fin"),
    },
    people={},
)
START = datetime(2026, 11, 2, 9, tzinfo=UTC)


def _index() -> StoryIndex:
    def day(number: int) -> datetime:
        return START + timedelta(days=number)

    return StoryIndex.build(
        DIRECTORY,
        [
            published_story(1, day(0), touchpoints=("delivery",), departments=("ops",)),
            published_story(2, day(1), touchpoints=("delivery",), departments=("ops",)),
            published_story(3, day(2), departments=("ops",)),
            published_story(4, day(3), touchpoints=("billing",), departments=("fin",)),
            published_story(5, day(1), kind="memo", departments=("ops",)),
            published_story(6, day(9), touchpoints=("delivery",), departments=("ops",)),
        ],
    )


def test_related_stories_share_a_touchpoint_first_then_a_department_and_are_never_memos() -> None:
    index = _index()
    related = [item.slug for item in index.related(index.by_slug["s002"])]
    assert related == ["s001", "s006", "s003"]


def test_the_index_is_frozen_once_built() -> None:
    index = _index()
    with pytest.raises(dataclasses.FrozenInstanceError):
        index.stories = []  # type: ignore[misc]
    assert [item.slug for item in index.stories] == ["s006", "s004", "s003", "s005", "s002", "s001"]
    assert list(index.by_week) == sorted(index.by_week, reverse=True)
