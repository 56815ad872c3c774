"""The build cache: a build with it gives the very site a build without it gives, after every kind of
change, and a damaged cache is ignored."""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from emptychair.cli.main import main
from emptychair.pipeline.cache import (
    CACHE_DIR,
    STORE,
    BuildCache,
    HeldEntries,
    installed_packages,
    key_of,
)

from ..conftest import Site, search_records

# Pagefind's own files name and number pages differently from one run to the next (also without the
# cache); the records in them are compared instead.
_PAGEFIND_BINARY = re.compile(r"pagefind/s\d+/")
_REUSED = re.compile(r"build cache: (\d+) of (\d+) entries reused")
_READS = re.compile(r"entries reused, in (\d+) reads")


def _outputs(site_dir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site_dir).as_posix(): path.read_bytes()
        for path in sorted(site_dir.rglob("*"))
        if path.is_file() and not _PAGEFIND_BINARY.match(path.relative_to(site_dir).as_posix())
    }


def _cold_and_warm(site: Site, name: str) -> int:
    """Build without the cache, then with the cache the earlier builds left; the same bytes. Returns
    how many entries the warm build reused."""
    reused = _REUSED.search(_cold_and_warm_log(site, name))
    assert reused is not None
    return int(reused.group(1))


def _cold_and_warm_log(site: Site, name: str) -> str:
    """`_cold_and_warm`, returning the warm build's log."""
    cache = site.root / CACHE_DIR
    kept = site.root / "kept-cache"
    if cache.exists():
        shutil.move(cache, kept)
    cold = site.build("-d", f"cold-{name}")
    assert "entries reused" in cold.stderr and _REUSED.search(cold.stderr).group(1) == "0"  # type: ignore[union-attr]
    shutil.rmtree(cache)
    if kept.exists():
        shutil.move(kept, cache)
    warm = site.build("-d", f"warm-{name}")
    reused = _REUSED.search(warm.stderr)
    assert reused is not None, warm.stderr
    cold_dir, warm_dir = site.root / f"cold-{name}", site.root / f"warm-{name}"
    cold_files, warm_files = _outputs(cold_dir), _outputs(warm_dir)
    assert sorted(cold_files) == sorted(warm_files)
    assert [path for path in cold_files if cold_files[path] != warm_files[path]] == []
    assert search_records(cold_dir) == search_records(warm_dir)
    # The warnings say the same too (a broken link is reported by a warm build as by a cold one).
    assert _warnings(cold.stderr) == _warnings(warm.stderr)
    return warm.stderr


def _warnings(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("WARNING")]


def test_a_warm_build_gives_the_cold_build_s_site_after_every_change(site: Site) -> None:
    site.add("2026/w47/late-parcel.md", "The parcel was late. See [the refund](refund-mix-up.md).")
    site.add("2026/w47/refund-mix-up.md", "Refunded twice, then charged again.", title="Refund mix-up")
    site.add(
        "2026/w47/fitter-praise.md",
        "Our fitter, and [a story yet to come](coming-soon.md).",
        title="Fitter praise",
        kind="praise",
        rating=5,
    )
    site.add("2026/w46/old-quote.md", "Quoted in a week.", title="Old quote", date="2026-11-10")
    site.add(
        "2026/w46/neighbour.md", "Rose Tyler next door saw it too.", title="Neighbour", date="2026-11-11"
    )
    assert _cold_and_warm(site, "first") == 0

    # An edit; a deletion another story links to; a story a broken link now finds; a customer without
    # consent whom another story names (redaction is site-wide).
    site.add("2026/w46/old-quote.md", "Quoted in a day, this time.", title="Old quote", date="2026-11-10")
    (site.stories / "2026/w47/refund-mix-up.md").unlink()
    site.add("2026/w47/coming-soon.md", "Here now.", title="Coming soon")
    site.add(
        "2026/w47/rose-waits.md",
        "Still waiting.",
        title="Waiting",
        customer={"name": "Rose Tyler", "segment": "Retail"},
        consent=False,
    )
    assert _cold_and_warm(site, "edits") > 0
    # An old week's story edited: its week's digest and the listings that show it say so.
    for page in ("digests/2026-W46/index.html", "kinds/complaint/index.html"):
        assert "Quoted in a day" in (site.root / "warm-edits" / page).read_text()

    # A rename, and a site_config change (a department's name, shown on every story of it).
    (site.stories / "2026/w47/late-parcel.md").rename(site.stories / "2026/w47/parcel-late.md")
    departments = site.root / "site_config" / "departments.yml"
    departments.write_text(departments.read_text().replace("name: Operations", "name: Logistics"))
    assert _cold_and_warm(site, "rename") > 0

    # A template override in custom_dir.
    overrides = site.root / "overrides" / "emptychair"
    overrides.mkdir(parents=True)
    story = Path(__file__).parents[2] / "plugins/emptychair/site/templates/emptychair/story.html"
    (overrides / "story.html").write_text("<p>Overridden story page</p>\n" + story.read_text())
    # And the summary every listing and digest shows of a story.
    (overrides / "partials").mkdir()
    summary = story.parent / "partials" / "story-summary.html"
    (overrides / "partials" / "story-summary.html").write_text(
        "<p>Overridden summary</p>\n" + summary.read_text()
    )
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    assert _cold_and_warm(site, "override") > 0
    assert "Overridden story page" in (site.root / "warm-override/stories/parcel-late/index.html").read_text()
    assert "Overridden summary" in (site.root / "warm-override/kinds/complaint/index.html").read_text()

    # Material's own templates overridden in custom_dir: the page around every story changes.
    (site.root / "overrides" / "partials").mkdir()
    (site.root / "overrides" / "partials" / "copyright.html").write_text("<p>Our own footer</p>\n")
    assert _cold_and_warm(site, "theme-override") > 0
    assert "Our own footer" in (site.root / "warm-theme-override/stories/parcel-late/index.html").read_text()

    # A Markdown extension setting (headings get permalinks) and the theme's palette.
    site.add("2026/w47/with-heading.md", "Before.\n\n## What happened next\n\nAfter.", title="Heading")
    config.write_text(config.read_text() + "markdown_extensions:\n  - toc:\n      permalink: true\n")
    assert _cold_and_warm(site, "markdown") > 0
    assert 'class="headerlink"' in (site.root / "warm-markdown/stories/with-heading/index.html").read_text()
    config.write_text(
        config.read_text().replace("  font: false\n", "  font: false\n  palette:\n    primary: teal\n")
    )
    assert _cold_and_warm(site, "palette") > 0
    assert (
        'data-md-color-primary="teal"'
        in (site.root / "warm-palette/stories/with-heading/index.html").read_text()
    )

    # Nothing changed: every story page comes from the cache, neither our templates nor Material's run;
    # nor do our templates for any other page (listings, digests, departments, themes).
    again = site.build("-d", "unchanged")
    assert _story_pages_reused(again.stderr) == (6, 6)  # rose-waits.md names its customer: not published
    other = _OTHER_PAGES.search(again.stderr)
    assert other is not None, again.stderr
    assert int(other.group(1)) == int(other.group(2)) > 50
    assert _outputs(site.root / "unchanged") == _outputs(site.root / "warm-palette")


def test_a_page_is_made_again_only_when_what_it_read_of_the_directory_changed(site: Site) -> None:
    site.add("2026/w47/late-parcel.md", "The parcel was late.")
    site.add("2026/w47/quote.md", "The quote was clear.", touchpoints=["quotes"], title="Quote")
    assert _cold_and_warm(site, "first") == 0
    config = site.root / "site_config"

    def edit(name: str, old: str, new: str) -> None:
        path = config / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    # A department's description: its own page shows it, no story page reads it.
    edit("departments.yml", "description: Delivery.", "description: Delivery and returns.")
    log = _cold_and_warm_log(site, "description")
    assert _story_pages_reused(log) == (2, 2)
    page = site.root / "warm-description/departments/operations/index.html"
    assert "Delivery and returns." in page.read_text(encoding="utf-8")

    # A title for the person who captured both stories: each story page names them with it.
    edit("people.yml", "{name: Sam Agent,", "{name: Sam Agent, title: Night shift,")
    log = _cold_and_warm_log(site, "title")
    assert _story_pages_reused(log) == (0, 2)
    story = site.root / "warm-title/stories/quote/index.html"
    assert "Sam Agent, Night shift" in story.read_text(encoding="utf-8")

    # A site's own story template that reads all of the people (their e-mail addresses): what it read
    # is all of them, so any person's change makes every story page again.
    overrides = site.root / "overrides" / "emptychair"
    overrides.mkdir(parents=True)
    original = Path(__file__).parents[2] / "plugins/emptychair/site/templates/emptychair/story.html"
    (overrides / "story.html").write_text(
        "<p>{% for person in directory.people.values() %}{{ person.email }} {% endfor %}</p>\n"
        + original.read_text(encoding="utf-8")
    )
    mkdocs_yml = site.root / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    _cold_and_warm(site, "override")
    edit("people.yml", "fin@example.test", "finance-lead@example.test")
    log = _cold_and_warm_log(site, "email")
    assert _story_pages_reused(log) == (0, 2)
    emails = (site.root / "warm-email/stories/quote/index.html").read_text(encoding="utf-8")
    assert "finance-lead@example.test" in emails

    # A story by someone people.yml does not know yet is refused; once they are added, it is published
    # (validated again alone: tests/pipeline/test_command_cache.py), as a cold build publishes it.
    site.add("2026/w47/new-hire.md", "Captured on day one.", author="new-hire", title="New hire")
    _cold_and_warm(site, "unknown-author")
    assert not (site.root / "warm-unknown-author/stories/new-hire/index.html").exists()
    edit("people.yml", "people:\n", "people:\n  new-hire: {name: New Hire, department: sales}\n")
    _cold_and_warm(site, "new-person")
    assert "New Hire" in (site.root / "warm-new-person/stories/new-hire/index.html").read_text(
        encoding="utf-8"
    )


def test_another_day_makes_again_only_what_shows_the_day(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    def day(text: str) -> None:
        # As CI builds: the day from the clock (SOURCE_DATE_EPOCH here), not from mkdocs.yml.
        noon = datetime.fromisoformat(text).replace(hour=12, tzinfo=UTC)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(noon.timestamp())))

    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace('      today: "2026-11-22"\n', ""))
    day("2026-11-22")
    site.add(
        "2026/w47/late-parcel.md",
        "The parcel was late.",
        follow_up={"owner": "ops-lead", "status": "open", "due": "2026-11-20"},
    )
    site.add("2026/w47/refund-mix-up.md", "Refunded twice.", title="Refund mix-up")
    site.add("2026/w46/old-quote.md", "Quoted in a week.", title="Old quote", date="2026-11-10")
    site.build("-d", "first-day")

    # The next day: the follow-up is a day later, everything else is as it was.
    day("2026-11-23")
    log = _cold_and_warm_log(site, "next-day")
    assert _story_pages_reused(log) == (2, 3)
    # The pages whose content shows the day are the kept pages with their new content put in.
    assert _made_by_theme(log) == 0
    late = (site.root / "warm-next-day/stories/late-parcel/index.html").read_text()
    assert "overdue by 3 days" in late
    assert "overdue by 3 days" in (site.root / "warm-next-day/index.html").read_text()

    # A site's own summary shows the day: every page showing a summary is made again the next day,
    # and the story pages, which show none, are not.
    overrides = site.root / "overrides" / "emptychair" / "partials"
    overrides.mkdir(parents=True)
    summary = Path(__file__).parents[2] / "plugins/emptychair/site/templates/emptychair/partials"
    (overrides / "story-summary.html").write_text(
        "<p>Read on {{ today | day }}</p>\n" + (summary / "story-summary.html").read_text()
    )
    # And its search records: each shard's records are made again the next day (compared by
    # _cold_and_warm_log), not copied from the shard the same stories gave the day before.
    (overrides.parent / "search-record.html").write_text(
        (summary.parent / "search-record.html")
        .read_text()
        .replace("<main data-pagefind-body>", "<main data-pagefind-body><p>Indexed on {{ today | day }}</p>")
    )
    config.write_text(
        config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    site.build("-d", "override")
    day("2026-11-24")
    log = _cold_and_warm_log(site, "override-next-day")
    assert _story_pages_reused(log) == (2, 3)
    assert (
        "Read on 24 Nov 2026" in (site.root / "warm-override-next-day/kinds/complaint/index.html").read_text()
    )
    records = search_records(site.root / "warm-override-next-day")
    assert records and all("Indexed on 24 Nov 2026" in record["content"] for record in records)


_STORY_PAGES = re.compile(r"story pages: (\d+) of (\d+) from the build cache")
_OTHER_PAGES = re.compile(r"other pages: (\d+) of (\d+) contents from the build cache")
_MADE_BY_THEME = re.compile(r"pages made by the theme's templates: (\d+) of \d+")


def _made_by_theme(log: str) -> int:
    found = _MADE_BY_THEME.search(log)
    assert found is not None, log
    return int(found.group(1))


def test_a_page_another_plugin_changed_is_made_again_around_its_new_content(site: Site) -> None:
    # A site's main.html that shows how long each page's content is: the page around the content
    # depends on it. A hook makes one story page's HTML longer in the later builds only.
    (site.root / "hooks.py").write_text(
        "import pathlib\n"
        "def on_page_content(html, page, config, files):\n"
        "    more = pathlib.Path(config.config_file_path).parent / 'more.txt'\n"
        "    if page.file.src_uri == 'stories/parcel.md' and more.exists():\n"
        "        return html + more.read_text()\n"
        "    return html\n",
        encoding="utf-8",
    )
    (site.root / "overrides").mkdir()
    (site.root / "overrides/main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}<p class="size">{{ page.content | length }}</p>'
        "{{ super() }}{% endblock %}\n",
        encoding="utf-8",
    )
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
        + "hooks:\n  - hooks.py\n"
    )
    site.add("2026/w47/parcel.md", "The parcel was late.", title="Parcel")
    site.add("2026/w47/refund.md", "Refunded twice.", title="Refund")
    site.build()
    sizes = {}
    added = "<p>More from the hook.</p>"
    for more in ("", added):
        (site.root / "more.txt").write_text(more, encoding="utf-8")
        log = _cold_and_warm_log(site, f"hook{len(more)}")
        # The site's main.html reads each page's content: a page whose content changed is made again.
        assert _made_by_theme(log) == (1 if more else 0)
        page = site.root.joinpath(f"warm-hook{len(more)}/stories/parcel/index.html").read_text("utf-8")
        sizes[more] = re.findall(r'<p class="size">(\d+)</p>', page)
    assert int(sizes[added][0]) == int(sizes[""][0]) + len(added)


def _story_pages_reused(log: str) -> tuple[int, int]:
    found = _STORY_PAGES.search(log)
    assert found is not None, log
    return int(found.group(1)), int(found.group(2))


def test_a_damaged_cache_is_ignored(site: Site) -> None:
    site.add("2026/w47/late-parcel.md", "The parcel was late.")
    site.add("2026/w47/refund-mix-up.md", "Refunded twice.", title="Refund mix-up")
    site.build("-d", "first")
    store = site.root / CACHE_DIR / STORE
    # Closed, not only committed: while this connection is open, SQLite keeps the write-ahead log of the
    # builds after it, and the store cut short below would still be read whole from that log.
    with closing(sqlite3.connect(store)) as connection, connection:
        # Every value's bytes changed, its checksum not: each entry is a miss.
        rows = connection.execute("SELECT key, value FROM entries").fetchall()
        damaged_rows = [(value[:-3] + b"\0\1\2", key) for key, value in rows]
        connection.executemany("UPDATE entries SET value = ? WHERE key = ?", damaged_rows)
    damaged = site.build("-d", "damaged")
    assert _REUSED.search(damaged.stderr).group(1) == "0"  # type: ignore[union-attr]
    assert _outputs(site.root / "first") == _outputs(site.root / "damaged")

    # The store itself cut short: no crash, the same site, and the next build has a working store again.
    store.write_bytes(store.read_bytes()[:1000])
    truncated = site.build("-d", "truncated")
    assert "not usable" in truncated.stderr
    assert _outputs(site.root / "first") == _outputs(site.root / "truncated")
    again = site.build("-d", "again")
    assert int(_REUSED.search(again.stderr).group(1)) > 0  # type: ignore[union-attr]


def test_an_entry_is_read_back_and_a_damaged_one_is_a_miss(tmp_path: Path) -> None:
    with BuildCache(tmp_path) as cache:
        cache.put(key_of("a"), ("html", 1))
        cache.put(key_of("b"), ["kept"])
    with sqlite3.connect(tmp_path / STORE) as connection:
        connection.execute("UPDATE entries SET checksum = X'00' WHERE key = ?", (key_of("b"),))
    with BuildCache(tmp_path) as cache:
        assert cache.get_many([key_of("a"), key_of("b"), key_of("c")]) == {key_of("a"): ("html", 1)}
        assert (cache.hits, cache.misses) == (1, 2)


def test_what_a_build_read_the_next_build_of_the_process_reads_from_memory_unless_it_was_rewritten(
    tmp_path: Path,
) -> None:
    held = HeldEntries()
    with BuildCache(tmp_path, held=held) as cache:
        cache.put(b"story", "as read")
        cache.put(b"pointer", "first page")
    held.next_build()
    with BuildCache(tmp_path, held=held) as cache:
        assert cache.get_many([b"story", b"pointer"]) == {b"story": "as read", b"pointer": "first page"}
        assert cache.from_memory == 0
    held.next_build()
    # Another build writes beside it: an entry is what its key says, so the one in memory is taken.
    with BuildCache(tmp_path) as other:
        other.put(b"story", "changed behind the server's back")
    with BuildCache(tmp_path, held=held) as cache:
        assert cache.get_many([b"story", b"pointer"]) == {b"story": "as read", b"pointer": "first page"}
        assert cache.from_memory == 2
        # Written again under a key it read: the next build reads the new value from the store.
        cache.put(b"pointer", "second page")
    held.next_build()
    with BuildCache(tmp_path, held=held) as cache:
        assert cache.get_many([b"pointer"]) == {b"pointer": "second page"}
    held.next_build()
    # Only what the last build read is held: the story, not read by it, comes from the store.
    with BuildCache(tmp_path, held=held) as cache:
        assert cache.get_many([b"story"]) == {b"story": "changed behind the server's back"}
        assert cache.from_memory == 0


def test_the_installed_packages_are_read_again_after_an_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A plugin's package and version are in every final page's key; which distribution installs which
    # package is kept in the cache, and an install in a folder Python imports from is seen at once.
    installed = tmp_path / "site-packages"

    def install(name: str, package: str) -> None:
        info = installed / f"{name}-1.0.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        (info / "top_level.txt").write_text(f"{package}\n")

    install("first-plugin", "first_plugin")
    monkeypatch.syspath_prepend(str(installed))
    with BuildCache(tmp_path / "cache") as cache:
        assert installed_packages(cache)["first_plugin"] == ["first-plugin"]
    install("second-plugin", "second_plugin")
    with BuildCache(tmp_path / "cache") as cache:
        found = installed_packages(cache)
    assert found["first_plugin"] == ["first-plugin"] and found["second_plugin"] == ["second-plugin"]


def test_the_store_takes_little_more_room_than_its_entries(tmp_path: Path) -> None:
    # CI saves and restores the store on every run: pages of 3-6 KB each took twice their size (rows
    # that large in a table without rowid each spill into pages of their own).
    values = [bytes(range(256)) * (12 + number % 12) + number.to_bytes(4, "little") for number in range(3000)]
    with BuildCache(tmp_path) as cache:
        for number, value in enumerate(values):
            cache.put(key_of(str(number)), value)
    with BuildCache(tmp_path) as cache:
        assert cache.get_many([key_of("7"), key_of("2999")]) == {
            key_of("7"): values[7],
            key_of("2999"): values[2999],
        }
    size = sum(len(value) for value in values)
    assert (tmp_path / STORE).stat().st_size < 1.25 * size


def test_a_store_written_the_earlier_way_is_replaced(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / STORE)) as connection, connection:
        connection.execute(
            "CREATE TABLE entries (key BLOB PRIMARY KEY, value BLOB NOT NULL, checksum BLOB NOT NULL) "
            "WITHOUT ROWID"
        )
        connection.execute("INSERT INTO entries VALUES (?, ?, ?)", (key_of("old"), b"x", b"x"))
    with BuildCache(tmp_path) as cache:
        assert cache.get_many([key_of("old")]) == {}
        cache.put(key_of("new"), "kept")
    with BuildCache(tmp_path) as cache:
        assert cache.get_many([key_of("new")]) == {key_of("new"): "kept"}


def test_clean_removes_the_cache_and_keeps_the_send_record(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add("2026/w47/late-parcel.md", "The parcel was late.")
    site.build()
    folder = site.root / CACHE_DIR
    (folder / "sent-digests.json").write_text("{}\n")
    assert (folder / STORE).is_file()
    assert main(["clean", "--config", str(site.root / "mkdocs.yml")]) == 0
    assert sorted(path.name for path in folder.iterdir()) == ["sent-digests.json"]
    assert "removed the build cache" in capsys.readouterr().out


def _files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()
    }


def test_a_new_story_indexes_its_own_shard_only(site: Site) -> None:
    site.configure("search_shard_size: 2")
    site.add("2026/w45/first.md", "A first delivery.", title="First", date="2026-11-03")
    site.add("2026/w46/second.md", "A second delivery.", title="Second", date="2026-11-10")
    site.add("2026/w47/third.md", "A third delivery.", title="Third", date="2026-11-17")
    site.build("-d", "before")
    older = _files_of(site.root / "before/pagefind/s0001")

    site.add("2026/w47/fourth.md", "A fourth delivery.", title="Fourth", date="2026-11-18")
    log = site.build("-d", "after").stderr
    # The unchanged shard is known by its stories: copied without its records being made again.
    assert "search: 1 of 2 shards kept from earlier builds" in log
    after = site.root / "after"
    assert _files_of(after / "pagefind/s0001") == older
    titles = sorted(record["meta"]["title"] for record in search_records(after, "pagefind/s0002"))
    assert titles == ["Fourth", "Third"]

    # A file of the built site changed in place (its kept twin may be the same file on disk): the next
    # build indexes that shard again rather than serve it changed.
    records = search_records(after)
    fragment = next((after / "pagefind/s0001").rglob("*.pf_fragment"))
    with fragment.open("r+b") as changed:
        changed.write(b"\0" * 8)
    site.build("-d", "changed")
    assert search_records(site.root / "changed") == records

    # A kept shard with a file missing is indexed again, with the same records.
    shards = site.root / CACHE_DIR / "search-shards"
    for kept in shards.iterdir():
        next(path for path in (kept / "bundle").rglob("*.pf_fragment")).unlink()
    site.build("-d", "again")
    assert search_records(site.root / "again") == records


def _entries(store: Path) -> int:
    with sqlite3.connect(store) as connection:
        (count,) = connection.execute("SELECT count(*) FROM entries").fetchone()
    return int(count)


def test_only_a_build_drops_the_entries_it_did_not_use(site: Site) -> None:
    # A command reads a part of the cache (check: no digest; digest: one week): were it to drop what it
    # did not read, the next build would start cold.
    site.add("2026/w47/late-parcel.md", "The parcel was late.")
    folder = site.root / CACHE_DIR
    with BuildCache(folder) as cache:
        for n in range(3000):
            cache.put(key_of("not used by this site", str(n)), bytes(1000))
    config = str(site.root / "mkdocs.yml")
    assert main(["balance", "--config", config]) == 0
    assert main(["check", "--config", config]) == 0
    assert _entries(folder / STORE) > 3000
    site.build()
    assert _entries(folder / STORE) < 1000
    # And the file shrinks with it: SQLite keeps a deleted entry's pages unless told (CI stores the file).
    assert (folder / STORE).stat().st_size < 1_000_000


def test_a_story_whose_link_no_longer_leads_anywhere_is_shown_as_a_cold_build_shows_it(site: Site) -> None:
    # Nothing else of the site changes with the file the story links to: not its related stories, not
    # its listings. Only where its link leads, which its page must show.
    site.add("2026/w47/receipt-story.md", "See [the receipt](receipt.png).", title="Receipt")
    site.add("2026/w46/other.md", "Another story.", title="Other", date="2026-11-10")
    receipt = site.write("2026/w47/receipt.png", b"\x89PNG\r\n\x1a\n")
    site.build()
    receipt.unlink()
    log = _cold_and_warm_log(site, "gone")
    assert any("receipt.png" in line for line in _warnings(log)), log


def test_the_cache_is_read_as_often_whatever_the_number_of_stories(site: Site) -> None:
    """Lookups are batched: a page's final HTML is not looked up alone where no build made one with the
    same theme and mkdocs.yml (a cold build; the first build after mkdocs.yml changed)."""

    def reads(name: str) -> int:
        found = _READS.search(site.build("-d", name).stderr)
        assert found is not None
        return int(found.group(1))

    def cold_and_after_a_new_site_name(name: str) -> tuple[int, int]:
        shutil.rmtree(site.root / CACHE_DIR, ignore_errors=True)
        config = site.root / "mkdocs.yml"
        text = config.read_text()
        cold = reads(f"cold-{name}")
        config.write_text(text.replace("site_name: ", "site_name: Renamed "))
        try:
            return cold, reads(f"renamed-{name}")
        finally:
            config.write_text(text)

    def add(number: int) -> None:
        site.add(f"2026/w47/late-again-{number}.md", "Late again.", title=f"Late again {number}")

    site.add("2026/w47/late-parcel.md", "The parcel was late.")
    add(0)
    two = cold_and_after_a_new_site_name("two")
    for number in range(1, 6):
        add(number)
    assert cold_and_after_a_new_site_name("seven") == two
