"""Each week's themes kept in the build cache: a new story finds again only its own week's themes, and a
warm build gives the cold build's site byte for byte."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from emptychair.pipeline import stages
from emptychair.pipeline.cache import CACHE_DIR
from emptychair.pipeline.project import load_project

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


_READ_THEMES = """
import sys
from emptychair.pipeline.project import load_project
from emptychair.pipeline.stages import read_site

data = read_site(load_project().settings, digest_weeks=())
print(repr(data.themes))
print(sorted(name for name in ("sklearn", "scipy", "numpy") if name in sys.modules))
"""


def test_themes_are_found_in_a_process_of_their_own_and_are_the_same(tmp_path: Path) -> None:
    # scikit-learn and SciPy hold about 100 MiB once imported, to the end of the build: the process that
    # reads the site (and then makes every page) never imports them, and finds the same themes.
    write_corpus_site(tmp_path, corpus.generate(150, seed=5, weeks=3))
    read = subprocess.run(
        [sys.executable, "-c", _READ_THEMES], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    themes, imported = read.stdout.splitlines()
    assert imported == "[]"
    settings = load_project(tmp_path / "mkdocs.yml").settings
    in_process = stages.analyse(settings, stages.publish(settings, stages.load(settings)), digest_weeks=())
    assert any(in_process.themes.values())
    assert themes == repr(in_process.themes)
