"""A kept search shard is restored only when its files are the ones kept, byte for byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from emptychair.site.shard_store import BUNDLE, ShardStore

RECORDS = [("/stories/late-parcel/", "<p>The parcel was late.</p>")]


def _kept(tmp_path: Path) -> tuple[ShardStore, Path]:
    bundle = tmp_path / "indexed"
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "pagefind.js").write_text("export const search = 1;\n")
    (bundle / "fragment" / "en_1.pf_fragment").write_bytes(b"\x1f\x8b fragment")
    store = ShardStore(tmp_path / "store", salt="code")
    key = store.keep(RECORDS, bundle)
    return store, store.folder / key / BUNDLE


def test_a_kept_shard_is_restored_byte_for_byte(tmp_path: Path) -> None:
    store, _ = _kept(tmp_path)
    assert store.restore(RECORDS, tmp_path / "site" / "s0001")
    assert (
        tmp_path / "site" / "s0001" / "fragment" / "en_1.pf_fragment"
    ).read_bytes() == b"\x1f\x8b fragment"


def test_a_file_with_other_times_but_the_same_bytes_is_still_the_kept_one(tmp_path: Path) -> None:
    # A cache restored by CI's cache action may not keep the files' modification times.
    store, kept = _kept(tmp_path)
    os.utime(kept / "pagefind.js", ns=(1_000_000_000, 1_000_000_000))
    assert store.restore(RECORDS, tmp_path / "site" / "s0001")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda kept: (kept / "pagefind.js").write_text("export const search = 2;\n"), id="same size"
        ),
        pytest.param(lambda kept: (kept / "pagefind.js").write_text("cut"), id="cut short"),
        pytest.param(lambda kept: (kept / "pagefind.js").unlink(), id="missing"),
        pytest.param(lambda kept: (kept / "fragment" / "extra").write_text("x"), id="one more"),
    ],
)
def test_a_kept_shard_changed_in_any_way_is_not_restored(tmp_path: Path, damage: object) -> None:
    store, kept = _kept(tmp_path)
    assert callable(damage)
    damage(kept)
    assert not store.restore(RECORDS, tmp_path / "site" / "s0001")
    assert not (tmp_path / "site" / "s0001").exists()
