"""Only stories become pages: of everything else under stories/, only images are copied, and links out of
the repository, to special files, dangling or in a loop are one-line problems in check and build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import Site

SECRET = "outside-secret-7f3a"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _hostile_folder(site: Site) -> None:
    site.add("2026/w47/fine.md", title="A fine story")
    site.write("2026/w47/photo.png", PNG)
    site.write("2026/w47/PHOTO2.JPG", PNG)
    site.write("2026/w47/page.html", "<script>alert(1)</script>")
    site.write("2026/w47/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    site.write("2026/w47/notes.txt", "internal notes")
    outside = site.root.parent / "outside.png"
    outside.write_text(SECRET)
    (site.stories / "2026/w47/environ.txt").symlink_to("/proc/self/environ")
    (site.stories / "2026/w47/environ.png").symlink_to("/proc/self/environ")
    (site.stories / "2026/w47/outside.png").symlink_to(outside)
    (site.stories / "2026/w47/outside.md").symlink_to(outside)
    (site.stories / "2026/w47/gone.png").symlink_to(site.root / "nowhere.png")
    os.mkfifo(site.stories / "2026/w47/pipe.md")


EXPECTED = [
    "stories/2026/w47/environ.png: not published: is a link to a file outside the repository",
    "stories/2026/w47/environ.txt: not published: a stories folder holds stories (.md) and images",
    "stories/2026/w47/gone.png: not published: is a link that leads nowhere",
    "stories/2026/w47/logo.svg: not published: a stories folder holds stories (.md) and images",
    "stories/2026/w47/notes.txt: not published: a stories folder holds stories (.md) and images",
    "stories/2026/w47/outside.md: not read: is a link to a file outside the repository",
    "stories/2026/w47/outside.png: not published: is a link to a file outside the repository",
    "stories/2026/w47/page.html: not published: a stories folder holds stories (.md) and images",
    "stories/2026/w47/pipe.md: not read: is not a regular file (a device, pipe or socket)",
]


def _assert_lines(lines: list[str]) -> None:
    assert len(lines) == len(EXPECTED), lines
    for line, expected in zip(lines, EXPECTED, strict=True):
        assert line.startswith(expected), line


def _check(site: Site) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "emptychair", "check"],
        capture_output=True,
        text=True,
        cwd=site.root,
        timeout=60,
    )


def test_build_copies_only_stories_and_images_and_names_every_other_file(site: Site) -> None:
    _hostile_folder(site)
    # A refused file whose name names a customer who has not consented (in another story).
    site.add(
        "2026/w47/sideboard.md",
        title="Split sideboard",
        customer={"name": "Colin Ferris", "segment": "Retail"},
        consent=False,
    )
    site.write("2026/w47/colin-ferris-letter.html", "<p>Dear Colin</p>")
    result = site.build()
    prefix = "WARNING -  emptychair: "
    logged = sorted(line.removeprefix(prefix) for line in result.stderr.splitlines() if prefix in line)
    named = "stories/2026/w47/colin-ferris-letter.html: not published: a stories folder holds stories"
    assert logged.pop(0).startswith(named)
    _assert_lines(logged)
    # The published Needs-attention page lists every refused file, with why, and repeats no withheld name.
    attention = site.content("attention/")
    listed = [" ".join(node.text().split()) for node in attention.css("#refused ~ h3")]
    assert len(listed) == len(EXPECTED) + 1, listed
    for path, expected in zip(listed[1:], EXPECTED, strict=True):
        assert path == expected.split(":")[0]
    assert "colin" not in listed[0].lower() and listed[0].endswith("-letter.html"), listed[0]
    page = attention.text().lower()
    assert "colin" not in page and "ferris" not in page
    assert "a stories folder holds stories (.md) and images" in attention.text()
    built = site.root / "site"
    copied = sorted(
        path.relative_to(built).as_posix() for path in built.rglob("2026/w47/*") if path.is_file()
    )
    assert copied == ["2026/w47/PHOTO2.JPG", "2026/w47/photo.png"]
    for path in built.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".txt", ".png", ".svg", ".xml", ".json"}:
            data = path.read_bytes()
            assert SECRET.encode() not in data, path
            assert b"PATH=" not in data, path
    assert (built / "stories/fine/index.html").is_file()

    checked = _check(site)
    assert checked.returncode == 1
    reported = sorted(checked.stdout.splitlines())
    assert reported.pop(0).startswith(named)
    _assert_lines(reported)


@pytest.mark.parametrize("links", [1, 2])
def test_a_folder_link_or_a_loop_is_one_line_in_check_and_stops_the_build_without_hanging(
    site: Site, links: int
) -> None:
    site.add("2026/w47/fine.md", title="A fine story")
    for number in range(links):
        (site.stories / f"2026/loop{number}").symlink_to("..")
    checked = _check(site)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        f"stories/2026/loop{number}: is a link to a folder; links to folders are not followed: move the "
        "files into the stories folder; nothing in it is published"
        for number in range(links)
    ]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(site.root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=site.root,
        timeout=120,
    )
    assert built.returncode == 1
    assert f"stories/2026/loop{links - 1}: is a link to a folder" in built.stderr
    assert "Traceback" not in built.stderr


def test_a_dangling_link_among_stories_is_one_line(site: Site, tmp_path: Path) -> None:
    site.add("2026/w47/fine.md", title="A fine story")
    (site.stories / "2026/w47/moved.md").symlink_to(tmp_path / "missing.md")
    checked = _check(site)
    assert checked.stdout.splitlines() == [
        "stories/2026/w47/moved.md: not read: is a link that leads nowhere (its target is missing, or "
        "links lead round in a loop)"
    ]
