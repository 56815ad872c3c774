"""Search shards kept for the next build: a shard whose records are the same is copied, not indexed.

Shards are whole weeks (`plan_shards`), so a new story changes its own week's shard and leaves the
others' records as they were. A shard is found by what Pagefind was given (every record's URL and HTML,
in order) and the Pagefind version that indexed it: the same input, the same files, byte for byte. That
matters beyond speed: Pagefind names and numbers its files differently from one run to the next, so a
re-indexed shard that did not change would still be new files for every reader's browser cache.

Each kept shard is a folder named by its key, written under a temporary name and renamed when whole, with
a manifest of its files' BLAKE2 digests, sizes and modification times: a shard with a missing or changed
file is indexed again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_KEY = re.compile(r"[0-9a-f]{40}")
MANIFEST = "manifest.json"
BUNDLE = "bundle"


def _pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _digest(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.blake2b(file.read(), digest_size=16).hexdigest()


def _walk(folder: Path) -> Iterator[tuple[str, str]]:
    """Every file below `folder`: its path from there (with /) and its path. os.walk rather than
    Path.rglob: a shard of 2,000 stories is 2,000 files and more (10,235 files: 0.13 s against 0.30 s)."""
    for parent, _, names in os.walk(folder):
        below = Path(parent).relative_to(folder).as_posix()
        prefix = "" if below == "." else below + "/"
        for name in names:
            yield prefix + name, os.path.join(parent, name)


def _listing(folder: Path) -> dict[str, list[str | int]]:
    """Every file below `folder` -> the BLAKE2 digest of its bytes, its size and modification time."""
    listed: dict[str, list[str | int]] = {}
    for shown, path in _walk(folder):
        status = os.stat(path)
        listed[shown] = [_digest(path), status.st_size, status.st_mtime_ns]
    return listed


def _as_listed(folder: Path, listed: dict[str, Any]) -> bool:
    """Whether the files below `folder` are the `listed` ones, byte for byte. A file of the size and
    modification time listed is taken as unchanged, as `git status` takes it: reading and digesting the
    10,228 files of a 10,000-story site's shards took 0.135 s on every warm build, their sizes and times
    0.055 s. Any other file (changed in place, or from a cache restored without its times) is read and
    digested."""
    seen = 0
    for shown, path in _walk(folder):
        entry = listed.get(shown)
        if not isinstance(entry, list) or len(entry) != 3:
            return False
        digest, size, modified = entry
        status = os.stat(path)
        if status.st_size != size or (status.st_mtime_ns != modified and _digest(path) != digest):
            return False
        seen += 1
    return seen == len(listed)


def _linked(source: str, target: str) -> None:
    """A kept file into the site as a hard link where the file system allows one: 10,000 stories' shards
    are ten thousand files, linked in 0.07 s and copied in 0.6 s. A site file changed in place changes the
    kept one too, and its digest no longer matches the manifest: that shard is indexed again."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@dataclass
class ShardStore:
    """Kept shards in `folder`; `salt` is what else the bundle depends on (the package's code)."""

    folder: Path
    salt: str
    used: set[str] = field(default_factory=set)

    def key(self, records: Sequence[tuple[str, str]]) -> str:
        digest = hashlib.blake2b(digest_size=20)
        for part in (self.salt, _pagefind_version(), *(text for record in records for text in record)):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "little") + data)
        return digest.hexdigest()

    def restore(self, records: Sequence[tuple[str, str]], bundle: Path) -> bool:
        """Copy the kept shard of these records to `bundle`; False when there is none, or it is damaged."""
        return self.restore_key(self.key(records), bundle)

    def restore_key(self, key: str, bundle: Path) -> bool:
        """Copy the kept shard of `key` (the key of its records) to `bundle`; False when there is none, or
        it is damaged."""
        if not _KEY.fullmatch(key):
            return False
        kept = self.folder / key
        try:
            listed = json.loads((kept / MANIFEST).read_text(encoding="utf-8"))
            if not isinstance(listed, dict) or not _as_listed(kept / BUNDLE, listed):
                return False
            shutil.rmtree(bundle, ignore_errors=True)
            shutil.copytree(kept / BUNDLE, bundle, copy_function=_linked)
        except (OSError, ValueError):
            shutil.rmtree(bundle, ignore_errors=True)
            return False
        self.used.add(key)
        return True

    def keep(self, records: Sequence[tuple[str, str]], bundle: Path) -> str:
        """Keep the shard just indexed into `bundle`; a store that cannot be written is no error. Returns
        the key it is kept by."""
        key = self.key(records)
        self.used.add(key)
        temporary = self.folder / f".{key}.{os.getpid()}"
        try:
            shutil.rmtree(temporary, ignore_errors=True)
            shutil.copytree(bundle, temporary / BUNDLE)
            (temporary / MANIFEST).write_text(json.dumps(_listing(temporary / BUNDLE)), encoding="utf-8")
            shutil.rmtree(self.folder / key, ignore_errors=True)
            os.replace(temporary, self.folder / key)
        except OSError:
            shutil.rmtree(temporary, ignore_errors=True)
        return key

    def prune(self) -> None:
        """Drop the kept shards this build did not use."""
        for folder in self._kept():
            if folder.name not in self.used:
                shutil.rmtree(folder, ignore_errors=True)

    def _kept(self) -> Iterable[Path]:
        return (path for path in self.folder.iterdir() if path.is_dir()) if self.folder.is_dir() else ()
