"""Publishing shared between processes gives exactly what one process gives."""

from __future__ import annotations

import shutil
import time
from datetime import UTC
from pathlib import Path

import pytest
from emptychair.pipeline.page_urls import mkdocs_url
from emptychair.publishing.addresses import Addresses
from emptychair.publishing.privacy import Redactor, redactor_sources
from emptychair.publishing.publish import RendererRecipe, StoryLinks, publish_all
from emptychair.stories.loading import load_stories
from emptychair.stories.site_config import load_directory

from ..processes import assert_ended, killed_after, spawned_children

REPO = Path(__file__).resolve().parents[2]


def test_two_processes_publish_the_same_stories_in_the_same_order(tmp_path: Path) -> None:
    stories_dir = tmp_path / "stories"
    shutil.copytree(REPO / "stories", stories_dir)
    # Last in file order, so it lands in the other process's share.
    (stories_dir / "2026/w47/zz-broken-link.md").write_text(
        "---\ntitle: Broken link\ndate: 2026-11-20\nkind: praise\ncustomer: Ann Lee\nchannel: phone\n"
        "touchpoints: [delivery]\nauthor: aisha-karim\n---\n"
        "See [the old one](../w40/gone.md) and [the chairs](dining-chairs-colour-mismatch-swap.md).\n",
        encoding="utf-8",
    )
    directory = load_directory(REPO / "site_config", root=REPO)
    loaded = load_stories(stories_dir, directory, root=tmp_path)
    assert loaded.problems == []
    links = StoryLinks(
        {story.src_uri: story.slug for story in loaded.stories}, stories_dir, Addresses(mkdocs_url)
    )
    recipe = RendererRecipe(links, ("toc", "tables", "fenced_code"), {"toc": {"permalink": True}})

    alone, alone_problems, _ = publish_all(
        loaded.stories, recipe, UTC, Redactor(redactor_sources(loaded.stories)), workers=0
    )
    shared, shared_problems, _ = publish_all(
        loaded.stories, recipe, UTC, Redactor(redactor_sources(loaded.stories)), workers=2
    )

    assert shared == alone
    assert [item.slug for item in shared] == [story.slug for story in loaded.stories]
    assert [str(problem) for problem in shared_problems] == [
        "stories/2026/w47/zz-broken-link.md: link '../w40/gone.md' leads to no story or file in the stories folder"
    ]
    assert shared_problems == alone_problems
    last = shared[-1].body_html
    assert 'href="/.emptychair-root/stories/dining-chairs-colour-mismatch-swap/"' in last


@pytest.mark.parametrize(
    ("src_uri", "directory_urls", "url"),
    [
        ("index.md", True, ""),
        ("stories/parcel.md", True, "stories/parcel/"),
        ("digests/2026-W47/index.md", True, "digests/2026-W47/"),
        ("feeds/company/atom.xml", True, "feeds/company/atom.xml"),
        ("guide/README.md", True, "guide/"),
        ("guide/README.md", False, "guide/index.html"),
        ("stories/parcel.md", False, "stories/parcel.html"),
        ("notes/a b/café.md", True, "notes/a%20b/caf%C3%A9/"),
    ],
)
def test_addresses_are_served_where_mkdocs_serves_them(src_uri: str, directory_urls: bool, url: str) -> None:
    assert Addresses(mkdocs_url, use_directory_urls=directory_urls).url(src_uri) == url


# Publishes the demo's stories many times over with one worker, and says when it starts.
_PUBLISHING = """
import sys
from datetime import UTC
from pathlib import Path
from emptychair.pipeline.page_urls import mkdocs_url
from emptychair.publishing.addresses import Addresses
from emptychair.publishing.privacy import Redactor, redactor_sources
from emptychair.publishing.publish import RendererRecipe, StoryLinks, publish_all
from emptychair.stories.loading import load_stories
from emptychair.stories.site_config import load_directory

repo = Path(sys.argv[1])
loaded = load_stories(repo / "stories", load_directory(repo / "site_config", root=repo), root=repo)
links = StoryLinks({story.src_uri: story.slug for story in loaded.stories}, repo / "stories", Addresses(mkdocs_url))
stories = list(loaded.stories) * 400
print("publishing", flush=True)
publish_all(stories, RendererRecipe(links, (), {}), UTC, Redactor(redactor_sources(loaded.stories)), workers=1)
"""


def test_a_build_killed_while_publishing_leaves_no_worker_behind() -> None:
    # A pool killed with its build is never shut down, and a worker holding its own queue's other end
    # would wait for work (and hold the build's output pipes open) forever.
    with killed_after(_PUBLISHING, str(REPO)) as (process, output):
        assert output.readline() == "publishing\n"
        deadline = time.monotonic() + 60
        while not (workers := spawned_children(process.pid)):
            assert process.poll() is None and time.monotonic() < deadline, "no worker was started"
            time.sleep(0.05)
        time.sleep(1)  # the worker at work
        assert process.poll() is None, "the stories were published before the worker could be seen at work"
    assert_ended(workers, "publishing workers")
