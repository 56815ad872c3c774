"""The process themes are found in, started before the texts are known (while a build publishes the
stories), finds what this process finds, and one started for nothing is let go."""

from __future__ import annotations

from emptychair.themes.apart import ThemeProcess
from emptychair.themes.discover import discover

from .test_themes import corpus


def test_a_process_started_early_finds_the_themes_this_process_finds() -> None:
    weeks = {
        seed: [f"{record.title}\n{record.body}" for record in corpus.generate(300, seed=seed)]
        for seed in (2, 3)
    }
    with ThemeProcess() as process:
        process.start()
        process.start()  # one process, however often it is asked to start
        found = process.discover(weeks)
    assert repr(found) == repr({seed: discover(texts) for seed, texts in weeks.items()})
    assert found[2] and found[3]


def test_a_process_started_for_nothing_is_let_go() -> None:
    process = ThemeProcess()
    process.start()
    process.close()
    # Asked again after, it starts anew.
    texts = [f"{record.title}\n{record.body}" for record in corpus.generate(200, seed=4)]
    with process:
        assert repr(process.discover({"week": texts})) == repr({"week": discover(texts)})
