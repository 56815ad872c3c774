"""Search: the Pagefind index a real `mkdocs build` (and `mkdocs serve`) writes, read back from its files."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from ..conftest import Site, search_data, search_records


def test_the_index_holds_the_story_words_not_its_card_listings_or_digests(site: Site) -> None:
    site.add(
        "2026/w47/parcel-in-the-rain.md",
        "She found the parcel soaked on the doorstep.",
        quote="Next-day puddle, not next-day delivery.",
        lesson="Drivers cannot see the safe-place note.",
        follow_up={"owner": "ops-lead", "status": "open", "due": "2026-11-20", "note": "Print the note."},
        touchpoints=["delivery", "billing"],
    )
    site.add(
        "2026/w47/quote-on-time.md", title="Quote on time", kind="praise", rating=5, touchpoints=["quotes"]
    )
    site.build()

    records = {record["url"]: record for record in search_records(site.root / "site")}
    assert list(records) == ["/stories/parcel-in-the-rain/", "/stories/quote-on-time/"], (
        "only story pages are searched: listings, digests and the home page repeat the stories"
    )
    parcel = records["/stories/parcel-in-the-rain/"]
    for words in ("Parcel left in the rain", "soaked on the doorstep", "Next-day puddle", "safe-place note"):
        assert words in parcel["content"]
    assert "Print the note" in parcel["content"]
    for card in ("Captured by", "Sam Agent", "Ops Lead", "overdue", "Related stories"):
        assert card not in parcel["content"]
    assert parcel["meta"]["title"] == "Parcel left in the rain"
    assert (parcel["meta"]["kind"], parcel["meta"]["date"]) == ("complaint", "17 Nov 2026")
    assert parcel["filters"] == {
        "kind": ["complaint"],
        "week": ["2026-W47"],
        "sentiment": ["negative"],
        "department": ["Finance", "Operations"],
        "touchpoint": ["Delivery", "Billing"],
    }
    assert records["/stories/quote-on-time/"]["filters"]["department"] == ["Sales"]
    # The pages still show what search leaves out.
    page = site.content("stories/parcel-in-the-rain/")
    assert page.css_first(".ec-card") is not None and page.css_first(".ec-follow-up") is not None


def test_a_customer_without_consent_is_nowhere_in_the_index(site: Site) -> None:
    site.add(
        "2026/w47/sideboard.md",
        "Colin Ferris rang twice about the split sideboard. Colin was promised a call back.",
        title="Split sideboard, no call back",
        customer={"name": "Colin Ferris", "segment": "Retail"},
        consent=False,
        quote="Nobody rang me back, twice.",
    )
    site.build()

    [record] = search_records(site.root / "site")
    assert "Customer from Retail" in record["content"]
    data = search_data(site.root / "site")
    assert not re.search(r"colin|ferris", data, re.IGNORECASE), "a customer without consent is in the index"


def test_drafts_are_not_in_the_index(site: Site) -> None:
    site.add("2026/w47/draft-one.md", title="Not yet", draft=True)
    site.add("2026/w47/ready.md", title="Ready")
    site.build("--strict")
    assert [record["url"] for record in search_records(site.root / "site")] == ["/stories/ready/"]
    assert "Not yet" not in search_data(site.root / "site")


def test_a_rebuild_replaces_the_index(site: Site) -> None:
    site.add("2026/w47/story.md", title="First title")
    site.build()
    site.add("2026/w47/story.md", title="Second title")
    site.build("--dirty")
    assert [record["meta"]["title"] for record in search_records(site.root / "site")] == ["Second title"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except (urllib.error.URLError, ConnectionError):
        return None


def test_mkdocs_serve_serves_the_search_index(site: Site) -> None:
    site.add("2026/w47/parcel.md", title="Parcel left in the rain")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=site.root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        entry = None
        deadline = time.monotonic() + 60
        while entry is None and time.monotonic() < deadline and server.poll() is None:
            entry = _get(f"http://127.0.0.1:{port}/pagefind/s0001/pagefind-entry.json")
            time.sleep(0.3)
        assert entry is not None, "mkdocs serve did not serve the search index"
        assert json.loads(entry)["languages"]["en"]["page_count"] == 1
        story = _get(f"http://127.0.0.1:{port}/stories/parcel/")
        assert story is not None and b"assets/emptychair/search.js" in story
        for path in ("assets/emptychair/search.js", "pagefind/pagefind.js", "pagefind/shards.json"):
            assert _get(f"http://127.0.0.1:{port}/{path}") is not None, path
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_the_search_index_is_written_into_the_site_dir(tmp_path: Path, site: Site) -> None:
    site.add("2026/w47/parcel.md", title="Parcel left in the rain")
    site.build("-d", str(tmp_path / "elsewhere"))
    assert [record["url"] for record in search_records(tmp_path / "elsewhere")] == ["/stories/parcel/"]


def test_a_site_can_override_the_search_box(site: Site) -> None:
    partials = site.root / "overrides/partials"
    partials.mkdir(parents=True)
    (partials / "search.html").write_text('<div class="our-search">Ask the front desk</div>\n')
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: material", "name: material\n  custom_dir: overrides"))
    site.add("2026/w47/parcel.md", title="Parcel left in the rain")
    site.build("--strict")
    header = site.page("stories/parcel/").css_first("header.md-header")
    assert header is not None
    assert [node.text() for node in header.css(".our-search")] == ["Ask the front desk"]
    assert header.css(".ec-search") == []


def test_the_header_has_the_search_box_and_material_search_is_gone(site: Site) -> None:
    site.add("2026/w47/parcel.md", title="Parcel left in the rain")
    site.build("--strict")
    header = site.page("stories/parcel/").css_first("header.md-header")
    assert header is not None
    assert len(header.css("button.ec-search__trigger")) == 1
    filters = [node.attributes["data-ec-filter"] for node in header.css("dialog.ec-search__dialog select")]
    assert filters == ["department", "touchpoint", "kind", "sentiment", "theme", "week"]
    assert header.css(".md-search") == [] and not (site.root / "site/search/search_index.json").exists()


def test_stories_are_searched_in_shards_of_whole_weeks_newest_first(site: Site) -> None:
    site.configure("search_shard_size: 2")
    for day, slug in [("03", "a"), ("04", "b"), ("10", "c"), ("17", "d"), ("18", "e")]:
        site.add(
            f"2026/{slug}.md", f"Story {slug} about a parcel.", title=f"Parcel {slug}", date=f"2026-11-{day}"
        )
    site.build("--strict")

    index = site.root / "site" / "pagefind"
    listed = json.loads((index / "shards.json").read_text(encoding="utf-8"))
    assert [(shard["path"], shard["weeks"], shard["stories"]) for shard in listed["shards"]] == [
        ("s0003/", ["2026-W47"], 2),
        ("s0002/", ["2026-W46"], 1),
        ("s0001/", ["2026-W45"], 2),
    ]
    assert (listed["shards"][0]["from"], listed["shards"][0]["to"]) == ("17 Nov 2026", "18 Nov 2026")
    in_shard = {
        shard: sorted(record["meta"]["title"] for record in search_records(index / shard, "."))
        for shard in ("s0001", "s0002", "s0003")
    }
    assert in_shard == {
        "s0001": ["Parcel a", "Parcel b"],
        "s0002": ["Parcel c"],
        "s0003": ["Parcel d", "Parcel e"],
    }
    # The search box's code is loaded once for all shards; Pagefind's own UIs are not shipped.
    assert (index / "pagefind.js").is_file()
    assert not list(index.rglob("pagefind-ui.js")) and not list(index.rglob("pagefind-component-ui.js"))


def test_a_build_stopped_by_strict_mode_writes_no_search_index(site: Site) -> None:
    site.add("2026/w47/parcel.md", title="Parcel left in the rain")
    site.add("2026/w47/bad.md", title="Bad", kind="rumour")
    result = site.build("--strict", check=False)
    assert result.returncode == 1 and "rumour" in result.stderr
    assert not (site.root / "site" / "pagefind" / "shards.json").exists()
