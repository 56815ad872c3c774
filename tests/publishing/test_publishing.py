"""Publishing shared between processes gives exactly what one process gives."""

from __future__ import annotations

import shutil
import subprocess
import sys
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


def test_a_build_killed_while_publishing_leaves_no_worker_behind(tmp_path: Path) -> None:
    # SIGKILL, as a CI job's timeout or a stopped container ends a build: its pool is never shut down,
    # and a worker holding its own queue's other end would wait for work (and hold the build's output
    # pipes open) forever.
    process = subprocess.Popen(
        [sys.executable, "-c", _PUBLISHING, str(REPO)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "publishing\n"
        deadline = time.monotonic() + 60
        while not (workers := _spawned_children(process.pid)):
            assert process.poll() is None and time.monotonic() < deadline, "no worker was started"
            time.sleep(0.05)
        time.sleep(1)  # the worker at work
        assert process.poll() is None, "the stories were published before the worker could be seen at work"
    finally:
        process.kill()
        process.wait()
        # Not read to its end: a worker left behind holds this pipe open.
        assert process.stdout is not None
        process.stdout.close()
    deadline = time.monotonic() + 10
    while left := [pid for pid in workers if _alive(pid)]:
        assert time.monotonic() < deadline, f"publishing workers outlived their build: {left}"
        time.sleep(0.1)


def _spawned_children(pid: int) -> list[int]:
    """The processes `pid` started through multiprocessing's spawn, but its resource tracker."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid) and b"spawn_main" in command:
            found.append(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
