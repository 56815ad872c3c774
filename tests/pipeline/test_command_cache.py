"""What the commands (digest, balance, themes, check) read from the build cache instead of doing again:
each story's redaction, found again only when who is withheld changes (each week's themes: see
tests/themes/test_themes_cache.py)."""

from __future__ import annotations

import dataclasses
import gc
import os
import subprocess
import sys
import time
from pathlib import Path

from emptychair.pipeline import stages
from emptychair.pipeline.cache import BuildCache, HeldEntries
from emptychair.pipeline.project import load_project
from emptychair.pipeline.settings import Settings

from ..conftest import Site


def _published(settings: Settings) -> tuple[list[tuple[object, str]], int, int]:
    """What the publishing stage gives with the project's cache: (story, HTML) of each, hits, misses."""
    assert settings.cache_dir is not None
    with BuildCache(settings.cache_dir) as cache:
        published = stages.publish(settings, stages.load(settings, cache=cache), cache=cache)
        return [(item.story, item.body_html) for item in published.stories], cache.hits, cache.misses


def test_a_story_is_redacted_again_only_when_who_is_withheld_changes(site: Site) -> None:
    site.add("2026/w47/late-parcel.md", "Rose Tyler next door saw the parcel in the rain.")
    site.add(
        "2026/w47/customer-letter.md", "Rose wrote in.", customer={"name": "Rose Tyler", "segment": "Retail"}
    )
    site.add("2026/w46/fitter.md", "The fitter was kind.", title="Fitter", date="2026-11-10")
    settings = load_project(site.root / "mkdocs.yml").settings
    cold = stages.publish(settings, stages.load(settings))

    first, _, _ = _published(settings)
    assert first == [(item.story, item.body_html) for item in cold.stories]
    # Each story's file, its redaction and its HTML, and the Redactor's spellings: all from the cache.
    again, hits, misses = _published(settings)
    assert (again, hits, misses) == (first, 3 * 3 + 1, 0)

    # Rose withdraws consent: every story is redacted again (who is withheld is site-wide), and only the
    # two that name her are rendered again; the spellings are made again (she is withheld now).
    site.add(
        "2026/w47/customer-letter.md",
        "Rose wrote in.",
        customer={"name": "Rose Tyler", "segment": "Retail"},
        consent=False,
    )
    withheld, hits, misses = _published(settings)
    assert withheld == [
        (item.story, item.body_html) for item in stages.publish(settings, stages.load(settings)).stories
    ]
    assert "Rose Tyler" not in str(withheld)
    assert (hits, misses) == (2 + 0 + 1, 1 + 3 + 2 + 1)


_PUBLISH_WITH_THE_CACHE = """
from emptychair.pipeline import stages
from emptychair.pipeline.cache import BuildCache, HeldEntries
from emptychair.pipeline.project import load_project

settings = load_project().settings
with BuildCache(settings.cache_dir) as cache:
    stages.publish(settings, stages.load(settings, cache=cache), cache=cache)
    print(cache.hits, cache.misses)
"""


def test_every_process_finds_the_redactions_another_kept(site: Site) -> None:
    # A set's order changes from one process to the next (string hashing is seeded per process): the
    # redactions a build kept were found by the next command only when the company's handles happened
    # to come out in the same order.
    (site.root / "site_config" / "policy.yml").write_text(
        "public_handles: ['@harbourpine', '@harbourpine_help', '@pine_care', '@pine_news', '@hp_uk']\n",
        encoding="utf-8",
    )
    site.add("2026/w47/late-parcel.md", "@someone_else saw the parcel in the rain.")
    site.add("2026/w46/fitter.md", "The fitter was kind.", title="Fitter", date="2026-11-10")

    def published(seed: int) -> str:
        environment = {**os.environ, "PYTHONHASHSEED": str(seed)}
        run = subprocess.run(
            [sys.executable, "-c", _PUBLISH_WITH_THE_CACHE],
            capture_output=True,
            text=True,
            cwd=site.root,
            env=environment,
            check=True,
        )
        return run.stdout.strip()

    # Two stories: each file, redaction and HTML; and the Redactor's spellings, kept by the handles too.
    assert published(1) == "0 7"
    assert [published(seed) for seed in range(2, 7)] == ["7 0"] * 5


def test_reading_the_site_pauses_the_cycle_collector(site: Site) -> None:
    # Reading makes tens of thousands of objects that live on (stories, their HTML), and the collector
    # walked them again and again: half a second of a command's three at 15,000 stories.
    site.add("2026/w47/late-parcel.md", "The parcel was late.")
    for number in range(30):
        site.add(f"2026/w46/fitter-{number}.md", "The fitter was kind.", title="Fitter", date="2026-11-10")
    settings = load_project(site.root / "mkdocs.yml").settings
    collections: list[int] = []

    def counted(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(counted)
    try:
        stages.read_site(settings)
        stages.check_files(settings)
    finally:
        gc.callbacks.remove(counted)
    # At most the young objects' one collection as each reading ends, when the collector is back on.
    assert collections.count(0) <= 2 and set(collections) <= {0}
    assert gc.isenabled()


def _bodies(settings: Settings, held: HeldEntries) -> dict[str, str]:
    """Each story's body as a build of a process holding `held` reads it (`mkdocs serve` rebuilds so)."""
    assert settings.cache_dir is not None
    with BuildCache(settings.cache_dir, held=held) as cache:
        loaded = stages.load(settings, cache=cache)
    held.next_build()
    return {story.slug: story.body.strip() for story in loaded.stories}


def test_a_story_file_as_the_last_build_of_the_process_read_it_is_not_read_again_unless_just_written(
    site: Site,
) -> None:
    settled = site.add("2026/w47/settled.md", "Written a while ago.")
    fresh = site.add("2026/w47/fresh.md", "Written just now.")
    settings = load_project(site.root / "mkdocs.yml").settings
    an_hour_ago = time.time_ns() - 3_600_000_000_000
    os.utime(settled, ns=(an_hour_ago, an_hour_ago))
    held = HeldEntries()
    assert _bodies(settings, held) == {"settled": "Written a while ago.", "fresh": "Written just now."}

    def rewrite_in_place(path: Path, old: str, new: str) -> None:
        """The same size, the same inode and the same modification time: the state the build compares."""
        before = path.stat()
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert (path.stat().st_size, path.stat().st_ino) == (before.st_size, before.st_ino)

    # As `git status` does, the file's state stands for its bytes: the settled file is not read again.
    rewrite_in_place(settled, "a while ago", "a week ago!")
    # A file written in the last seconds is read on every build until it settles: one written again in
    # the same tick of the clock, at the same size, is still read anew.
    rewrite_in_place(fresh, "now.", "now!")
    assert _bodies(settings, held) == {"settled": "Written a while ago.", "fresh": "Written just now!"}
    # Touched (a new time): read again.
    os.utime(settled)
    assert _bodies(settings, held)["settled"] == "Written a week ago!."


def test_a_site_config_change_validates_again_only_the_stories_that_read_what_changed(site: Site) -> None:
    site.add("2026/w47/late-parcel.md", "It came late.")
    site.add("2026/w47/quote.md", "The quote was clear.", touchpoints=["quotes"], title="Quote")
    config = site.root / "site_config"

    def validated() -> tuple[int, dict[str, tuple[str, ...]]]:
        """Story files not found in the build cache, and each story's departments as validated."""
        # As every command and build does: the project read afresh, its story files listed again.
        settings = load_project(site.root / "mkdocs.yml").settings
        assert settings.cache_dir is not None
        with BuildCache(settings.cache_dir) as cache:
            loaded = stages.load(settings, cache=cache)
        return loaded.files_afresh, {story.slug: story.departments for story in loaded.stories}

    first = validated()
    assert first == (2, {"late-parcel": ("operations",), "quote": ("sales",)})
    # A department's description, a person's e-mail address, a mailing list: shown on pages, never
    # read by validation.
    departments = config / "departments.yml"
    text = departments.read_text(encoding="utf-8")
    departments.write_text(
        text.replace("Delivery.", "Delivery and returns.").replace("ops@", "operations@"), encoding="utf-8"
    )
    people = config / "people.yml"
    people.write_text(people.read_text(encoding="utf-8").replace("sam@", "sam.agent@"), encoding="utf-8")
    assert validated() == (0, first[1])
    # A touchpoint moved to another department: only the story at that touchpoint read which department
    # it belongs to, so it alone is validated again, and goes to its new department.
    moved = text.replace("      - {slug: quotes, name: Quotes}\n", "").replace(
        "      - {slug: delivery, name: Delivery}",
        "      - {slug: delivery, name: Delivery}\n      - {slug: quotes, name: Quotes}",
    )
    departments.write_text(moved, encoding="utf-8")
    assert validated() == (1, {"late-parcel": ("operations",), "quote": ("operations",)})
    # A story by someone people.yml does not know yet is refused; once they are added, that story alone
    # is validated again (the others asked only whether their own people are defined).
    site.add("2026/w47/new-hire.md", "Captured on day one.", author="new-hire", title="New hire")
    assert validated() == (1, {"late-parcel": ("operations",), "quote": ("operations",)})
    people.write_text(
        people.read_text(encoding="utf-8") + "  new-hire: {name: New Hire, department: sales}\n",
        encoding="utf-8",
    )
    assert validated() == (
        1,
        {"late-parcel": ("operations",), "quote": ("operations",), "new-hire": ("operations",)},
    )


def _memo_focus(settings: Settings) -> dict[str, str]:
    return {slug: found.focus for slug, found in stages.read_site(settings).memo_focus.items()}


def test_a_memos_focus_comes_from_the_cache_only_while_the_classifier_reads_the_same_words(
    site: Site,
) -> None:
    memo = {"kind": "memo", "customer": None, "consent": None, "rating": None, "channel": None}
    memo |= {"touchpoints": None, "author": "pat-lead"}
    site.add(
        "2026/w47/gizmo-rollout.md", "The gizmo rollout is done. Every gizmo works.", title="Gizmo", **memo
    )
    site.add("2026/w47/expenses.md", "Submit expenses and timesheets by Friday.", title="Expenses", **memo)
    settings = load_project(site.root / "mkdocs.yml").settings
    uncached = dataclasses.replace(settings, cache_dir=None)
    before = _memo_focus(settings)
    assert before == _memo_focus(settings) == _memo_focus(uncached)

    # A word of the site's own now says "customer": the memo that uses it is read again.
    (site.root / "site_config" / "balance.yml").write_text("customer_words:\n  - gizmo\n", encoding="utf-8")
    settings = load_project(site.root / "mkdocs.yml").settings
    after = _memo_focus(settings)
    assert after == _memo_focus(dataclasses.replace(settings, cache_dir=None))
    assert (before["gizmo-rollout"], after["gizmo-rollout"]) == ("internal", "customer")
    assert after["expenses"] == before["expenses"] == "internal"
