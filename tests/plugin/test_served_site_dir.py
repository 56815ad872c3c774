"""`mkdocs serve` rebuilds: the last build's files are moved out of the served folder at once, and
removed while the next build runs."""

from __future__ import annotations

from pathlib import Path

from emptychair.plugin.served_site_dir import OldSites, set_aside


def _site(folder: Path) -> Path:
    (folder / "stories" / "parcel").mkdir(parents=True)
    (folder / "stories" / "parcel" / "index.html").write_text("<p>old</p>")
    (folder / "index.html").write_text("<p>home</p>")
    (folder / ".kept").write_text("hidden")
    return folder


def test_the_last_build_s_files_are_moved_beside_the_folder_and_hidden_ones_stay(tmp_path: Path) -> None:
    site_dir = _site(tmp_path / "mkdocs_served")
    aside = set_aside(site_dir)
    assert aside is not None and aside.parent == tmp_path
    # MkDocs' clean_directory leaves hidden files where they are: so does this.
    assert sorted(path.name for path in site_dir.iterdir()) == [".kept"]
    assert (aside / "stories" / "parcel" / "index.html").read_text() == "<p>old</p>"
    assert (aside / "index.html").is_file()


def test_nothing_to_set_aside_in_an_empty_or_missing_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert set_aside(tmp_path / "empty") is None
    assert set_aside(tmp_path / "missing") is None
    assert sorted(path.name for path in tmp_path.iterdir()) == ["empty"]


def test_old_sites_are_removed_after_the_build_and_none_is_left_after_the_last(tmp_path: Path) -> None:
    old = OldSites()
    old.set_aside(_site(tmp_path / "served-0"))
    # Until the build is over, the old files stay where they were moved.
    assert len(list(tmp_path.glob(".served-0-old-*/stories/parcel/index.html"))) == 1
    old.remove()
    for number in (1, 2):
        old.set_aside(_site(tmp_path / f"served-{number}"))
    old.finish()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["served-0", "served-1", "served-2"]
