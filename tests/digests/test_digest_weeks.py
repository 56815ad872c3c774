"""A command asking for one week's digests makes only those, and they are the ones the build makes."""

from __future__ import annotations

from pathlib import Path

from emptychair.digests.weekly import digest_for
from emptychair.pipeline.settings import Settings
from emptychair.pipeline.stages import read_site

from ..conftest import generate_corpus


def test_one_week_s_digests_are_the_build_s(tmp_path: Path) -> None:
    generate_corpus(tmp_path, 400)
    settings = Settings(
        root=tmp_path, stories_dir=tmp_path / "stories", site_config_dir=tmp_path / "site_config", workers=0
    )
    every = read_site(settings)
    week = every.index.weeks[3]
    one = read_site(settings, digest_weeks={week})
    assert {digest.week for digests in one.digests.values() for digest in digests} == {week}
    assert set(one.digests) == set(every.digests)
    for scope in every.digests:
        assert digest_for(one.digests, week, scope) == digest_for(every.digests, week, scope)
    assert one.balance == every.balance
