"""Turn validated stories into what may be shown: redacted, rendered once, placed in a week."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import tzinfo

from .model import Story
from .privacy import redact
from .problems import Problem
from .rendering import StoryRenderer, first_paragraph
from .weeks import IsoWeek


@dataclass(frozen=True, slots=True)
class PublishedStory:
    """A story safe to show anywhere: `story` is already redacted, `body_html` already sanitized."""

    story: Story
    week: IsoWeek
    body_html: str
    excerpt_html: str

    @property
    def slug(self) -> str:
        return self.story.slug


def publish(
    stories: Iterable[Story], renderer: StoryRenderer, zone: tzinfo
) -> tuple[list[PublishedStory], list[Problem]]:
    """Render each story's Markdown once; broken relative links are reported, not fatal."""
    published: list[PublishedStory] = []
    problems: list[Problem] = []
    for original in stories:
        story = redact(original)
        body_html, broken = renderer.render(story.src_uri, story.body)
        for target in broken:
            problems.append(
                Problem(
                    original.source,
                    f"link {target!r} leads to no story or file in the stories folder",
                    severity="warning",
                )
            )
        published.append(
            PublishedStory(
                story=story,
                week=IsoWeek.of_datetime(story.published, zone),
                body_html=body_html,
                excerpt_html=first_paragraph(body_html),
            )
        )
    return published, problems
