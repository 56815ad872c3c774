"""The search index's shards: which stories go together, and what the search box is told of them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from emptychair.publishing.publish import PublishedStory
from emptychair.site.search_index import Shard, manifest, plan_shards
from emptychair.stories.model import Department, Directory, Touchpoint

from ..conftest import published_story

MONDAY = datetime(2026, 11, 2, 9, tzinfo=UTC)  # 2026-W45


def published(number: int, week: int, **fields: object) -> PublishedStory:
    return published_story(number, MONDAY + timedelta(weeks=week, hours=number), **fields)


def weeks_of(*counts: int) -> list[PublishedStory]:
    """counts[i] stories in the i-th week from 2026-W45."""
    items, number = [], 0
    for week, count in enumerate(counts):
        for _ in range(count):
            items.append(published(number, week))
            number += 1
    return items


def sizes(shards: list[Shard]) -> list[list[int]]:
    return [
        [len([item for item in shard.stories if item.week == week]) for week in shard.weeks]
        for shard in shards
    ]


def test_whole_weeks_go_together_while_they_fit() -> None:
    shards = plan_shards(weeks_of(2, 3, 1, 4, 2), size=6)
    assert [shard.name for shard in shards] == ["s0001", "s0002"]
    assert sizes(shards) == [[2, 3, 1], [4, 2]]


def test_a_week_larger_than_a_shard_is_cut_into_shards_of_its_own() -> None:
    shards = plan_shards(weeks_of(1, 7, 1), size=3)
    assert [len(shard.stories) for shard in shards] == [1, 3, 3, 1, 1]
    assert [[str(week) for week in shard.weeks] for shard in shards] == [
        ["2026-W45"],
        ["2026-W46"],
        ["2026-W46"],
        ["2026-W46"],
        ["2026-W47"],
    ]


def test_every_story_is_in_exactly_one_shard_oldest_first() -> None:
    items = weeks_of(5, 0, 9, 2, 11, 3)
    shards = plan_shards(list(reversed(items)), size=4)
    placed = [item.slug for shard in shards for item in shard.stories]
    assert sorted(placed) == sorted(item.slug for item in items) and len(placed) == len(set(placed))
    assert placed == [item.slug for item in items], "shards run from the oldest story to the newest"
    assert all(len(shard.stories) <= 4 for shard in shards)


def test_a_new_week_changes_only_the_newest_shards() -> None:
    before = plan_shards(weeks_of(3, 3, 3, 2), size=6)
    after = plan_shards(weeks_of(3, 3, 3, 2, 4), size=6)
    assert after[: len(before) - 1] == before[:-1], "the older shards, and their names, stay as they were"


def test_no_story_no_shard() -> None:
    assert plan_shards([], size=10) == []


def test_the_manifest_lists_shards_newest_first_and_every_filter_value() -> None:
    directory = Directory(
        departments={
            "ops": Department(slug="ops", name="Operations"),
            "fin": Department(slug="fin", name="Finance"),
        },
        touchpoints={"delivery": Touchpoint(slug="delivery", name="Delivery", department="ops")},
        people={},
    )
    items = [
        published(1, 0, departments=("ops",), touchpoints=("delivery",), sentiment="negative"),
        published(2, 2, kind="praise", departments=("fin", "ops"), sentiment="positive"),
        published(3, 2, kind="memo", departments=("fin",), focus="internal"),
    ]
    listed = manifest(plan_shards(items, size=1), directory)
    assert [shard["path"] for shard in listed["shards"]] == ["s0003/", "s0002/", "s0001/"]
    assert listed["shards"][-1] == {
        "path": "s0001/",
        "stories": 1,
        "from": "2 Nov 2026",
        "to": "2 Nov 2026",
        "weeks": ["2026-W45"],
    }
    filters = {name: [option["value"] for option in options] for name, options in listed["filters"].items()}
    assert filters == {
        "department": ["Finance", "Operations"],
        "touchpoint": ["Delivery"],
        "kind": ["complaint", "praise", "memo"],
        "sentiment": ["positive", "negative"],
        "week": ["2026-W47", "2026-W45"],
    }
    assert listed["filters"]["week"][0]["label"] == "2026-W47, 16–22 Nov"
