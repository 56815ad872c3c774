"""The empty chair beside an internal memo: found by bisection in each audience's sorted stories, the
same voice the plain scan of the audience's whole pool picks."""

from __future__ import annotations

import zlib
from pathlib import Path

from emptychair.balance.report import EMPTY_CHAIR_CANDIDATES, EmptyChairVoices
from emptychair.index.story_index import StoryIndex
from emptychair.pipeline.settings import Settings
from emptychair.pipeline.stages import load, publish
from emptychair.publishing.publish import PublishedStory

from ..conftest import generate_corpus


def _scanned_voice(index: StoryIndex, memo: PublishedStory) -> PublishedStory | None:
    """The rule itself, read plainly: the audience's quoted customer stories up to the memo, newest
    ten, one picked by the memo's slug."""
    audience = memo.story.departments
    pool = index.stories if not audience else [i for s in audience for i in index.by_department.get(s, [])]
    candidates = sorted(
        {
            item.slug: item
            for item in pool
            if not item.story.is_memo and item.story.quote and item.story.published <= memo.story.published
        }.values(),
        key=lambda item: (item.story.published, item.slug),
        reverse=True,
    )[:EMPTY_CHAIR_CANDIDATES]
    return candidates[zlib.crc32(memo.slug.encode()) % len(candidates)] if candidates else None


def test_every_memo_of_a_generated_site_gets_the_voice_the_scan_picks(tmp_path: Path) -> None:
    generate_corpus(tmp_path, 1500)
    settings = Settings(
        root=tmp_path, stories_dir=tmp_path / "stories", site_config_dir=tmp_path / "site_config"
    )
    published = publish(settings, load(settings))
    index = StoryIndex.build(published.loaded.directory, published.stories)
    memos = [item for item in index.stories if item.story.is_memo]
    voices = EmptyChairVoices(index)
    picked = {memo.slug: (voice.slug if (voice := voices(memo)) else None) for memo in memos}
    scanned = {memo.slug: (voice.slug if (voice := _scanned_voice(index, memo)) else None) for memo in memos}
    assert len(memos) > 50 and sum(voice is not None for voice in picked.values()) > 50
    assert picked == scanned
