"""The whole one-way flow in one call: story files -> validated stories -> published stories -> index."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..balance.classifier import Classification, Classifier
from ..balance.report import BalanceReport, BalanceSettings, balance_report, classify_memos, leadership_items
from ..balance.word_lists import load_word_lists
from ..digests.weekly import Digest, build_digests
from ..index.story_index import StoryIndex
from ..publishing.addresses import Addresses
from ..publishing.privacy import Redactor
from ..publishing.publish import RenderedIntro, RendererRecipe, StoryLinks, publish_all
from ..stories.intros import load_intros
from ..stories.loading import LoadResult, Rejected, load_stories
from ..stories.model import Directory
from ..stories.problems import Problem
from ..stories.site_config import load_directory
from ..stories.weeks import IsoWeek


@dataclass(frozen=True, slots=True)
class SiteData:
    directory: Directory
    loaded: LoadResult
    index: StoryIndex
    digests: dict[str, list[Digest]]
    """Scope ('company' or a department slug) -> its weekly digests, newest first."""
    memo_focus: dict[str, Classification]
    """Every memo's focus and the reason for it, by slug."""
    balance: BalanceReport
    rejected: list[Rejected]
    """Every story and digest intro that could not be published, with why."""
    problems: list[Problem]
    """Every problem, validation and rendering alike, in file order."""


def build_date(configured: str | None = None) -> date:
    """The day the site is built 'as of': configured, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if configured:
        return date.fromisoformat(configured)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()


def read_site(
    stories_dir: Path,
    site_config_dir: Path,
    *,
    root: Path,
    timezone: str = "UTC",
    addresses: Addresses | None = None,
    include_drafts: bool = False,
    markdown_extensions: Sequence[Any] = ("tables", "fenced_code", "sane_lists"),
    markdown_configs: Mapping[str, Any] | None = None,
    only: Iterable[Path] | None = None,
    balance: BalanceSettings | None = None,
    today: date | None = None,
    workers: int | None = None,
) -> SiteData:
    directory = load_directory(site_config_dir, root=root)
    loaded = load_stories(stories_dir, directory, root=root, only=only)
    addresses = addresses or Addresses()
    visible = [story for story in loaded.stories if include_drafts or not story.draft]
    links = StoryLinks({story.src_uri: story.slug for story in visible}, stories_dir.absolute(), addresses)
    recipe = RendererRecipe(links, tuple(markdown_extensions), dict(markdown_configs or {}))
    zone = ZoneInfo(timezone)
    # Drafts too: a customer without consent in a draft is no more to be named in published stories.
    redactor = Redactor(
        loaded.stories,
        directory.public_handles,
        also_withheld=[rejected.customer for rejected in loaded.rejected if rejected.customer],
    )
    published, link_problems, renderer = publish_all(visible, recipe, zone, redactor, workers=workers)
    index = StoryIndex.build(directory, published)
    intros = load_intros(stories_dir, directory, root=root, story_slugs=index.by_slug)
    rendered: dict[tuple[IsoWeek, str | None], RenderedIntro] = {}
    for intro in map(redactor.redact_intro, intros.intros):
        body_html, broken = renderer.render(intro.src_uri, intro.body)
        link_problems += [
            Problem(
                intro.source,
                f"link {target!r} leads to no story or file in the stories folder",
                severity="warning",
            )
            for target in broken
        ]
        rendered[(intro.week, intro.department)] = RenderedIntro(intro, body_html)
    problems = sorted(
        map(redactor.redact_problem, loaded.problems + intros.problems + link_problems),
        key=lambda problem: problem.path,
    )
    balance = balance or BalanceSettings()
    classifier = Classifier(load_word_lists(site_config_dir, root=root))
    memo_focus = classify_memos(index, classifier)
    items = leadership_items(index, rendered.values(), memo_focus, classifier, addresses)
    return SiteData(
        directory=directory,
        loaded=loaded,
        index=index,
        digests=build_digests(
            index, rendered, zone, memo_focus=memo_focus, max_internal=balance.max_internal_per_digest
        ),
        memo_focus=memo_focus,
        balance=balance_report(
            index,
            items,
            rendered.values(),
            target=balance.target,
            window=balance.window,
            today=today or build_date(),
        ),
        rejected=[redactor.redact_rejected(rejected) for rejected in (*loaded.rejected, *intros.rejected)],
        problems=problems,
    )
