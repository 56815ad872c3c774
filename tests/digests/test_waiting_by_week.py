"""Who each week's digest says is waiting: every waiting story up to the digest's week, told within the
policy's window, oldest first; the rest counted as older. Checked against that definition, story by story,
on stories spread over months."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from emptychair.digests.weekly import build_digests
from emptychair.index.story_index import StoryIndex
from emptychair.stories.model import COMPANY, Department, Directory, FollowUp
from hypothesis import given, settings
from hypothesis import strategies as st

from ..conftest import published_story

START = datetime(2023, 1, 2, 9, tzinfo=UTC)
DEPARTMENTS = {"ops": Department("ops", "Operations"), "fin": Department("fin", "Finance")}

stories = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=300 * 24),  # hours after START
        st.sampled_from(["negative", "neutral", "positive"]),
        st.booleans(),  # answered
        st.sampled_from([(), ("ops",), ("fin",), ("ops", "fin")]),
    ),
    max_size=80,
)


@settings(max_examples=60, deadline=None)
@given(stories, st.integers(min_value=1, max_value=120))
def test_each_digest_lists_who_waited_by_its_week_within_the_window(
    drawn: list[tuple[int, str, bool, tuple[str, ...]]], waiting_days: int
) -> None:
    items = [
        published_story(
            number,
            START + timedelta(hours=hours),
            sentiment=sentiment,
            follow_up=FollowUp(owner="ops-lead", status="done") if answered else None,
            departments=departments,
        )
        for number, (hours, sentiment, answered, departments) in enumerate(drawn)
    ]
    index = StoryIndex.build(Directory(DEPARTMENTS, {}, {}, waiting_days=waiting_days), items)
    for scope, digests in build_digests(index, {}, UTC).items():
        department = None if scope == COMPANY else scope
        for digest in digests:
            start = digest.week.sunday - timedelta(days=waiting_days)
            waited = sorted(
                (
                    item
                    for item in items
                    if item.story.is_waiting
                    and item.week <= digest.week
                    and (department is None or department in item.story.departments)
                ),
                key=lambda item: (item.story.published, item.slug),
            )
            recent = [item for item in waited if item.story.published.date() >= start]
            assert digest.waiting_total == len(recent)
            assert digest.waiting_older == len(waited) - len(recent)
            assert [row.item.slug for row in digest.waiting] == [item.slug for item in recent][
                : len(digest.waiting)
            ]
            assert [row.days for row in digest.waiting] == [
                (digest.week.sunday - row.item.story.published.date()).days for row in digest.waiting
            ]
