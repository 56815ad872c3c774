"""A real `mkdocs serve`: each rebuild after a save gives the very site a cold build of the same files
gives, whatever the server kept from its earlier builds."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from emptychair.pipeline.cache import CACHE_DIR, STORE, BuildCache, key_of

from ..conftest import Site, good_fields, search_records, story_text
from ..pipeline.test_build_cache import _entries, _outputs, _warnings

_REBUILT = "Reloading browsers"
_DETECTED = "Detected file changes"
_FAILED = "An error happened during the rebuild"
_FROM_MEMORY = re.compile(r"\((\d+) of them from memory, as the last build read them\)")


@dataclass
class Server:
    log: Path
    site_dir: Path
    pid: int
    builds: int = 0

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def rebuilt(self, timeout: float = 120) -> str:
        """Waits for the rebuild a change started to end; its log."""
        before = self.text()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            assert _FAILED not in text, text
            done = text.count(_REBUILT)
            if done > self.builds and done == text.count(_DETECTED):
                new = text[len(before) :] if text.startswith(before) else text
                self.builds = done
                return new
            time.sleep(0.1)
        raise AssertionError(f"mkdocs serve did not rebuild:\n{self.text()}")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _serving(site: Site, tmp_path: Path) -> Iterator[Server]:
    temp = tmp_path / "serve-tmp"
    temp.mkdir()
    log = tmp_path / "serve.log"
    port = _free_port()
    # The served site's address is the configured one: a cold `mkdocs build` makes the same links.
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("https://voice.example.test/", f"http://127.0.0.1:{port}/"))
    process = _started(site, port, log, {"TMPDIR": str(temp)})
    try:
        (site_dir,) = temp.glob("mkdocs_*")
        yield Server(log, site_dir, process.pid)
    finally:
        # Ctrl-C, as a user stops it: the server removes what it wrote.
        _stop(process, log)
    # Nothing is left behind in the temporary folder: the served site, and every earlier build's files.
    assert list(temp.iterdir()) == []


def _started(site: Site, port: int, log: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """A real `mkdocs serve` of `site` on `port`, once it says it is serving; its standard error in `log`."""
    with open(log, "w", encoding="utf-8") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=site.root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
            preexec_fn=_as_from_a_terminal,
        )
    deadline = time.monotonic() + 120
    while "Serving on" not in log.read_text() and time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(log.read_text())
        time.sleep(0.1)
    return process


def _as_from_a_terminal() -> None:
    """Ctrl-C stops a server started from a terminal. A shell running a job in the background without
    job control (CI runners, `nohup ... &`) starts it with SIGINT ignored; Python then never turns the
    signal into KeyboardInterrupt, and the server, like any `mkdocs serve` started so, ignores Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stop(process: subprocess.Popen[str], log: Path) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise AssertionError(f"mkdocs serve did not stop on Ctrl-C:\n{log.read_text()}") from None


def _spawned(pid: int) -> set[int]:
    """The processes `pid` started with multiprocessing's spawn, but its resource tracker."""
    children = {
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    }
    found = set()
    for child in children:
        try:
            command = (Path("/proc") / str(child) / "cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"multiprocessing.spawn" in command and b"resource_tracker" not in command:
            found.add(child)
    return found


def _theme_process(server: Server) -> int:
    """The one process the server holds between builds: the one it finds themes in."""
    deadline = time.monotonic() + 10
    while len(found := _spawned(server.pid)) != 1:
        assert time.monotonic() < deadline, f"processes started by mkdocs serve at rest: {found}"
        time.sleep(0.1)
    return found.pop()


def _same_as_cold(site: Site, server: Server, rebuild_log: str, name: str) -> None:
    """A copy of the project built cold (no cache, a new process) writes what the server serves."""
    copy = site.root.parent / f"cold-{name}"
    # Not the server's own folder: it removes the last build's files from there as it pleases.
    ignored = shutil.ignore_patterns(".cache", "site", "cold-*", "serve-tmp")
    shutil.copytree(site.root, copy, ignore=ignored)
    cold = Site(copy).build("-d", str(copy / "site"))
    served, built = _outputs(server.site_dir), _outputs(copy / "site")
    assert sorted(served) == sorted(built)
    assert [path for path in built if built[path] != served[path]] == []
    assert search_records(server.site_dir) == search_records(copy / "site")
    assert _warnings(cold.stderr) == _warnings(rebuild_log), rebuild_log


def test_every_rebuild_of_mkdocs_serve_gives_the_cold_build_s_site(site: Site, tmp_path: Path) -> None:
    site.add("2026/w47/late-parcel.md", "The parcel was late. See [the refund](refund-mix-up.md).")
    site.add("2026/w47/refund-mix-up.md", "Refunded twice, then charged again.", title="Refund mix-up")
    site.add("2026/w46/old-quote.md", "Quoted in a week.", title="Old quote", date="2026-11-10")
    with _serving(site, tmp_path) as server:
        themes = _theme_process(server)
        # An edit.
        site.add("2026/w46/old-quote.md", "Quoted in a day, this time.", title="Old quote", date="2026-11-10")
        _same_as_cold(site, server, server.rebuilt(), "edit")
        # Its week's themes were found again, by the process that found them for the first build.
        assert _theme_process(server) == themes
        # A new story.
        site.add("2026/w47/fitter-praise.md", "Our fitter.", title="Fitter praise", kind="praise", rating=5)
        log = server.rebuilt()
        _same_as_cold(site, server, log, "new")
        # What the last build read from the build cache, this one read from memory.
        assert int(_FROM_MEMORY.search(log).group(1)) > 0, log  # type: ignore[union-attr]
        # A deletion another story links to: its link is broken now.
        (site.stories / "2026/w47/refund-mix-up.md").unlink()
        _same_as_cold(site, server, server.rebuilt(), "deletion")
        # A site_config change: a department's name, on every story of it.
        departments = site.root / "site_config" / "departments.yml"
        departments.write_text(departments.read_text().replace("name: Operations", "name: Logistics"))
        _same_as_cold(site, server, server.rebuilt(), "site-config")
        assert "Logistics" in (server.site_dir / "stories/old-quote/index.html").read_text()


@pytest.mark.parametrize("watch", ["auto", "polling"])
def test_mkdocs_serve_notices_a_folder_moved_in_and_rests_while_nothing_changes(
    site: Site, tmp_path: Path, watch: str
) -> None:
    site.configure(f"serve_watch: {watch}")
    site.add("2026/w47/late-parcel.md", "The parcel was late.")
    with _serving(site, tmp_path) as server:
        # tmp_path is on a local file system here (the suite runs on one), where `auto` uses inotify.
        assert ("folders are watched by the system, not polled" in server.text()) == (watch == "auto")
        # A week's folder written elsewhere and moved in at once, as an unzip or a checkout does.
        week = tmp_path / "outside" / "w48"
        week.mkdir(parents=True)
        (week / "kind-fitter.md").write_text(story_text("Our fitter.", **good_fields(title="Kind fitter")))
        os.rename(week, site.stories / "2026" / "w48")
        server.rebuilt()
        assert (server.site_dir / "stories/kind-fitter/index.html").is_file()
        # Every build reads every story: that is no change, and the server rests until one comes.
        time.sleep(4)
        assert server.text().count(_DETECTED) == server.builds, server.text()
        site.add("2026/w47/late-parcel.md", "The parcel was late again.")
        server.rebuilt()
        assert "late again" in (server.site_dir / "stories/late-parcel/index.html").read_text()


def test_mkdocs_serve_leaves_the_entries_it_does_not_use_to_the_next_build(
    site: Site, tmp_path: Path
) -> None:
    # The server builds for its own address: a `mkdocs build`'s pages (for site_url) are entries it never
    # uses. Dropped, the next build would make them all again; only a build drops what it did not use.
    site.add("2026/w47/late-parcel.md", "The parcel was late.")
    folder = site.root / CACHE_DIR
    with BuildCache(folder) as cache:
        for n in range(3000):
            cache.put(key_of("not used by this site", str(n)), bytes(1000))
    with _serving(site, tmp_path) as server:
        site.add("2026/w47/fitter-praise.md", "Our fitter.", title="Fitter praise", kind="praise", rating=5)
        server.rebuilt()
    assert _entries(folder / STORE) > 3000
    site.build()
    assert _entries(folder / STORE) < 1000


def test_a_server_killed_leaves_no_process_behind(site: Site, tmp_path: Path) -> None:
    # SIGKILL (or SIGTERM, which Python does not catch): no shutdown of the server's own runs.
    site.add("2026/w47/late-parcel.md", "The parcel was late.")
    log = tmp_path / "serve.log"
    process = _started(site, _free_port(), log, {})
    try:
        themes = _theme_process(Server(log, tmp_path, process.pid))
    finally:
        process.kill()
        process.wait()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{themes}").exists() and b"multiprocessing" in _command(themes):
        assert time.monotonic() < deadline, "the themes process outlived the server"
        time.sleep(0.1)


def _command(pid: int) -> bytes:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except FileNotFoundError:
        return b""
