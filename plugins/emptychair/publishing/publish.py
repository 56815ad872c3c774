"""Turn validated stories into what may be shown: redacted, rendered once, placed in a week."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

from ..stories.intros import DigestIntro
from ..stories.model import Story
from ..stories.problems import Problem
from ..stories.weeks import IsoWeek
from .addresses import Addresses
from .child_process import end_with_parent
from .privacy import Redactor
from .rendering import Links, StoryRenderer, first_paragraph, resolve_relative

PARALLEL_FROM = 2000
"""Below this many stories, starting a second process (a fresh interpreter importing Markdown, about
0.4 s) costs more than rendering half the stories saves."""

CHUNKS_PER_PROCESS = 32
"""How finely the stories are shared out: at 10,000 stories a chunk is about a tenth of a second of work."""


@dataclass(frozen=True, slots=True)
class PublishedStory:
    """A story safe to show anywhere: `story` is already redacted, `body_html` already sanitized."""

    story: Story
    week: IsoWeek
    body_html: str
    excerpt_html: str
    links: Links = ()
    """The relative links of its body and where they led when it was rendered."""

    @property
    def slug(self) -> str:
        return self.story.slug


@dataclass(frozen=True, slots=True)
class StoryLinks:
    """Where a relative link in a story leads: another story's page, a file beside the stories, or nowhere."""

    story_slugs: Mapping[str, str]
    """Source path of each published story -> its slug."""
    stories_dir: Path
    addresses: Addresses

    def __call__(self, src_uri: str, target: str) -> str | None:
        path = resolve_relative(src_uri, target)
        if path in self.story_slugs:
            return self.addresses.url(self.addresses.story(self.story_slugs[path]))
        if not path.endswith(".md") and not path.startswith("..") and (self.stories_dir / path).is_file():
            return path
        return None


@dataclass(frozen=True, slots=True)
class RendererRecipe:
    """What a StoryRenderer is made of, so another process can make the same one."""

    links: StoryLinks
    extensions: Sequence[Any] = ("tables", "fenced_code", "sane_lists")
    configs: Mapping[str, Any] = field(default_factory=dict)

    def make(self) -> StoryRenderer:
        return StoryRenderer(self.links, self.extensions, self.configs)


def publish_all(
    stories: Sequence[Story],
    recipe: RendererRecipe,
    zone: tzinfo,
    redactor: Redactor,
    *,
    workers: int | None = None,
) -> tuple[list[PublishedStory], list[Problem], StoryRenderer]:
    """`publish`, shared between this process and `workers` others (default: `worker_count`).

    Rendering Markdown is most of a large build's own work and needs nothing from the other stories,
    so on a CI machine with two cores it takes about half the time. The result is the same, in order.

    The stories go in small chunks: the workers take them from the end, this process from the start,
    until they meet. Halves fixed in advance left this process idle for a second of a 10,000-story
    build, waiting for a worker that had started later and renders more slowly.
    """
    renderer = recipe.make()
    if workers is None:
        workers = worker_count(len(stories))
    if workers < 1 or len(stories) < 2:
        return (*publish(stories, renderer, zone, redactor), renderer)
    size = -(-len(stories) // ((workers + 1) * CHUNKS_PER_PROCESS))
    chunks = [stories[start : start + size] for start in range(0, len(stories), size)]
    results: dict[int, tuple[list[PublishedStory], list[Problem]]] = {}
    try:
        # spawn, not fork: `mkdocs serve` has threads, and forking those can deadlock. The workers are
        # this process's own children, joined before it goes on, so its CPU time includes theirs.
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(recipe, zone, redactor),
        )
        with pool:
            # Submitted last chunk first: the pool hands out chunks in the order they were submitted.
            futures = {
                index: pool.submit(_publish_chunk, chunks[index]) for index in reversed(range(1, len(chunks)))
            }
            results[0] = publish(chunks[0], renderer, zone, redactor)
            for index in range(1, len(chunks)):
                # A chunk no worker has taken yet is done here; the first one taken means the rest are too.
                if not futures[index].cancel():
                    break
                results[index] = publish(chunks[index], renderer, zone, redactor)
            for index, future in futures.items():
                if index not in results:
                    results[index] = future.result()
    except (OSError, BrokenProcessPool):
        # No second process on this machine (a sandbox without semaphores or fork): do it all here.
        return (*publish(stories, renderer, zone, redactor), renderer)
    ordered = [results[index] for index in range(len(chunks))]
    published = [item for chunk_published, _ in ordered for item in chunk_published]
    problems = [problem for _, chunk_problems in ordered for problem in chunk_problems]
    return published, problems, renderer


def worker_count(stories: int) -> int:
    """Other processes worth starting for this many stories: one per spare core, none for small sites."""
    if stories < PARALLEL_FROM or not hasattr(os, "sched_getaffinity"):
        return 0
    return len(os.sched_getaffinity(0)) - 1


_worker: tuple[StoryRenderer, tzinfo, Redactor] | None = None
"""A worker process's renderer, time zone and redactor, given once when it starts, not with every chunk."""


def _start_worker(recipe: RendererRecipe, zone: tzinfo, redactor: Redactor) -> None:
    global _worker
    end_with_parent()
    _worker = (recipe.make(), zone, redactor)


def _publish_chunk(stories: Sequence[Story]) -> tuple[list[PublishedStory], list[Problem]]:
    assert _worker is not None, "a worker process renders only after _start_worker"
    renderer, zone, redactor = _worker
    return publish(stories, renderer, zone, redactor)


def broken_links(source: str, targets: Iterable[str]) -> list[Problem]:
    """A warning for each relative link of a story or digest intro that leads nowhere."""
    return [
        Problem(
            source, f"link {target!r} leads to no story or file in the stories folder", severity="warning"
        )
        for target in targets
    ]


def publish(
    stories: Iterable[Story], renderer: StoryRenderer, zone: tzinfo, redactor: Redactor
) -> tuple[list[PublishedStory], list[Problem]]:
    """Redact and render each story's Markdown once; broken relative links are reported, not fatal."""
    published: list[PublishedStory] = []
    problems: list[Problem] = []
    for original in stories:
        story = redactor.redact(original)
        body_html, broken, links = renderer.render_with_links(story.src_uri, story.body)
        problems += broken_links(original.source, broken)
        published.append(
            PublishedStory(
                story=story,
                week=IsoWeek.of_datetime(story.published, zone),
                body_html=body_html,
                excerpt_html=first_paragraph(body_html),
                links=links,
            )
        )
    return published, problems


@dataclass(frozen=True, slots=True)
class RenderedIntro:
    intro: DigestIntro
    body_html: str
