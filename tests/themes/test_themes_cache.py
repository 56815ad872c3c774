"""Each week's themes kept in the build cache: a new story finds again only its own week's themes, and a
warm build gives the cold build's site byte for byte."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

from emptychair.pipeline.cache import CACHE_DIR

from ..pipeline.test_build_cache import _outputs
from .sites import build_site, write_corpus_site
from .test_themes import corpus

_THEMES_REUSED = re.compile(r"themes: (\d+) of (\d+) weeks found in the build cache")


def _reused(log: str) -> tuple[int, int]:
    found = _THEMES_REUSED.search(log)
    assert found is not None, log
    return int(found.group(1)), int(found.group(2))


def test_a_new_story_finds_only_its_week_s_themes_again(tmp_path: Path) -> None:
    records = corpus.generate(150, seed=5, weeks=3)
    write_corpus_site(tmp_path, records)
    assert _reused(build_site(tmp_path, "-d", "first").stderr) == (0, 3)
    themed = _outputs(tmp_path / "first")
    assert any(path.startswith("themes/") and path != "themes/index.html" for path in themed)

    # One more story in the newest week.
    newest = next(record for record in records if record.week_offset == 0)
    corpus.write_site([replace(newest, number=len(records))], tmp_path)
    assert _reused(build_site(tmp_path, "-d", "warm").stderr) == (2, 3)

    shutil.rmtree(tmp_path / CACHE_DIR)
    assert _reused(build_site(tmp_path, "-d", "cold").stderr) == (0, 3)
    cold, warm = _outputs(tmp_path / "cold"), _outputs(tmp_path / "warm")
    assert sorted(cold) == sorted(warm)
    assert [path for path in cold if cold[path] != warm[path]] == []
