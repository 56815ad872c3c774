"""What a build keeps for the next one: content-addressed results of the stages that cost the most per
story, in `.cache/emptychair/` beside the send record.

Each entry is found by a key made of everything its result depends on (the file's bytes, the code that
made it, the settings it read), so an entry is either right or never looked up: nothing is invalidated
by time or by watching files, and an old entry is simply not found again. `clean_cache` removes them.

The store is one SQLite file (the standard library's `sqlite3`): one open and one indexed lookup per
entry, transactions, and locking between a `mkdocs serve` and a command running at the same time. A file
per key would be 20,000 files for 10,000 stories, each an open and a read. Every value is stored with its
BLAKE2 digest: an entry that does not match it, does not unpickle, or a database SQLite cannot read is a
miss (and a broken database is replaced), never an error and never stale content.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import io
import os
import pickle
import shutil
import sqlite3
import sys
import zlib
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.plugins import get_plugin_logger

from .known_files import FileState

log = get_plugin_logger(__name__)

CACHE_DIR = ".cache/emptychair"
"""Beside the send record (`sent_record` defaults to a file in it)."""
STORE = "build-cache.sqlite"
"""The cache's own file in CACHE_DIR: `clean_cache` removes it and leaves the send record."""
SEARCH_SHARDS = "search-shards"
"""The folder in CACHE_DIR where search shards are kept (`site.shard_store`)."""
PACKAGE = Path(__file__).parent.parent
# Packages whose version changes what a story's Markdown becomes or how front matter is read.
RENDERING_PACKAGES = ("markdown", "nh3", "pymdown-extensions", "pyyaml", "pyahocorasick")
_LAYOUT = 3
"""The store's table layout (SQLite's user_version): a store of another layout is emptied when opened."""
_PARAMETERS = 30_000
"""Keys looked up in one statement: SQLite takes at most 32,766 parameters."""
_KEEP_UNUSED = 2
"""An entry no build used is dropped once the store holds this many times the entries the build used."""


@cache
def code_fingerprint() -> str:
    """The package's own code and the versions of the libraries a story goes through: a change in any of
    them (a new schema, a fix in redaction) makes every entry a miss."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(library_versions(RENDERING_PACKAGES).encode())
    return digest.hexdigest()


def library_versions(names: Sequence[str]) -> str:
    """The installed versions of `names`, as part of a key: a new version may compute otherwise."""
    versions = []
    for name in names:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}\0")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name}=-\0")
    return "".join(versions)


def installed_packages(cache: BuildCache) -> Mapping[str, list[str]]:
    """Each importable top-level package -> the distributions that install it
    (`importlib.metadata.packages_distributions`, which reads every installed distribution's metadata:
    0.25 s of a 10,000-story warm build's 11), kept in `cache` by the folders distributions are installed
    in and when each last changed: installing, upgrading or removing one adds or removes entries there."""
    key = key_of("installed-packages", *map(_changed, filter(_holds_distributions, sys.path)))
    found = cache.get_many([key]).get(key)
    if isinstance(found, dict):
        return found
    made = {name: sorted(set(names)) for name, names in importlib.metadata.packages_distributions().items()}
    cache.put(key, made)
    return made


def _holds_distributions(folder: str) -> bool:
    # Not any folder on the path: the project's own (the working directory) changes with every build.
    try:
        return any(name.endswith((".dist-info", ".egg-info")) for name in os.listdir(folder or "."))
    except OSError:
        return False


def _changed(folder: str) -> str:
    return f"{os.path.abspath(folder)}\0{os.stat(folder or '.').st_mtime_ns}"


def folder_fingerprint(folder: Path) -> str:
    """Every file below `folder`, names and bytes: site_config as validation reads it."""
    digest = hashlib.blake2b(digest_size=16)
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(
                    path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
                )
    return digest.hexdigest()


def stable_repr(value: Any) -> str:
    """A value as text that is the same in every process: Markdown settings may hold functions and
    Extension objects, whose default repr is their address (a new one each build)."""
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{stable_repr(k)}:{stable_repr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(map(stable_repr, value)) + "]"
    if isinstance(value, str | int | float | bool | type(None)):
        return repr(value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"<{getattr(value, '__module__', '?')}.{value.__qualname__}>"
    kind = type(value)
    attributes = getattr(value, "__dict__", None)
    if attributes is None:
        return f"<{kind.__module__}.{kind.__qualname__} {value!r}>"
    # An Extension object: its class and settings (getConfigs), not its address.
    configs = value.getConfigs() if hasattr(value, "getConfigs") else {}
    return f"<{kind.__module__}.{kind.__qualname__} {stable_repr(configs)}>"


def key_of(*parts: str | bytes) -> bytes:
    """A key from parts that cannot run into each other ("ab"+"c" is not "a"+"bc")."""
    # One call to the hash over the joined parts: a warm build makes 120,000 keys, and an update per
    # part took twice as long.
    chunks: list[bytes] = []
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        chunks.append(len(data).to_bytes(8, "little"))
        chunks.append(data)
    return hashlib.blake2b(b"".join(chunks), digest_size=20).digest()


@cache
def field_names(kind: Any) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))


def _rebuilt(kind: type, values: tuple[Any, ...]) -> Any:
    """A dataclass instance from its fields' values, as pickle made it: without calling __init__."""
    instance: Any = object.__new__(kind)
    for name, value in zip(field_names(kind), values, strict=True):
        object.__setattr__(instance, name, value)
    return instance


class _Pickler(pickle.Pickler):
    """Frozen dataclasses with slots (stories, their parts, problems) pickled as their class and values:
    unpickling them the standard way looks up `dataclasses.fields` per instance, half the time of
    reading 15,000 stories back from the cache."""

    def reducer_override(self, obj: Any) -> Any:
        kind: Any = type(obj)
        if dataclasses.is_dataclass(obj) and kind is not type and hasattr(kind, "__slots__"):
            return _rebuilt, (kind, tuple(getattr(obj, name) for name in field_names(kind)))
        return NotImplemented


def _pickled(value: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def _check(value: bytes) -> bytes:
    # Against damage, not an attacker (who could write the checksum too): CRC-32 reads a warm build's
    # 150 MB of entries in a third of BLAKE2b's 0.24 s.
    return zlib.crc32(value).to_bytes(4, "big")


class HeldEntries:
    """The entries one build read from the store, as it read them, for the next build of the same
    process (`mkdocs serve` rebuilds in one process): read again from memory rather than from SQLite and
    unpickled, a sixth of a rebuild at 10,000 stories. Values are never changed once made (the pipeline's
    dataclasses are frozen), so the objects themselves are shared. What a build writes under a key it
    read (a pointer to the page a page had, the site folder's manifest) is forgotten, and read from the
    store next time; what it reads goes to the next build, and only that: the memory held is what one
    build uses."""

    def __init__(self) -> None:
        self._last: dict[bytes, Any] = {}
        self._now: dict[bytes, Any] = {}
        self.file_keys: dict[FileState, tuple[str, bytes]] = {}
        """A story file's key (of its bytes, and what they were read with: the first part) by its paths,
        size, modification time and inode as the last build read it: a file not changed since is not
        read again to find its key (`known_files`)."""

    def take(self, keys: Sequence[bytes]) -> tuple[dict[bytes, Any], list[bytes]]:
        """The values of `keys` held, and the keys not held."""
        found: dict[bytes, Any] = {}
        rest: list[bytes] = []
        last = self._last
        for key in keys:
            if key in last:
                found[key] = last[key]
            else:
                rest.append(key)
        self._now.update(found)
        return found, rest

    def read(self, found: Mapping[bytes, Any]) -> None:
        self._now.update(found)

    def forget(self, key: bytes) -> None:
        self._last.pop(key, None)
        self._now.pop(key, None)

    def next_build(self) -> None:
        """What this build read is what the next one finds."""
        self._last, self._now = self._now, {}


class BuildCache:
    """The store of one project, opened for one build or command. `None` of it: no cache (tests, a
    project without a folder to write to)."""

    def __init__(self, folder: Path, *, prune: bool = False, held: HeldEntries | None = None) -> None:
        self.path = folder / STORE
        self.held = held
        """The entries the last build of this process read, as it read them (`HeldEntries`)."""
        self.prune = prune
        """Drop the entries this run did not use: only a whole build knows what is still needed (a
        command reads a part of the cache: `check` no digest, `digest` one week)."""
        self._connection: sqlite3.Connection | None = None
        self._pending: list[tuple[bytes, bytes, bytes]] = []
        self.used: set[bytes] = set()
        self.hits = 0
        self.misses = 0
        self.from_memory = 0
        self.reads = 0
        """Queries the store answered: a build's lookups are batched, whatever the number of stories."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _keep_out_of_git(folder)
            self._connection = self._open()
        except sqlite3.DatabaseError as error:
            self._broken(error)
            self._connection = self._try_open()
        except OSError as error:
            log.info("no build cache in %s: %s", folder, error)

    def _try_open(self) -> sqlite3.Connection | None:
        try:
            return self._open()
        except (OSError, sqlite3.Error) as error:
            log.info("no build cache in %s: %s", self.path, error)
            return None

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            (layout,) = connection.execute("PRAGMA user_version").fetchone()
            if layout != _LAYOUT:
                # The entries of an earlier layout are left behind (keyed by earlier code, they would
                # all be misses anyway); their pages are reused by the new entries.
                with connection:
                    connection.execute("BEGIN IMMEDIATE")
                    # Asked again inside the transaction: another build may have just done it.
                    if connection.execute("PRAGMA user_version").fetchone()[0] != _LAYOUT:
                        connection.execute("DROP TABLE IF EXISTS entries")
                        connection.execute(f"PRAGMA user_version={_LAYOUT}")
            # A table with rowids: without them, each entry of a few KB (a page, a story's HTML) took a
            # page of its own and more, and the store (which CI saves and restores every run) twice
            # the size of its entries; 15,000 lookups are also faster.
            connection.execute(
                "CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, value BLOB NOT NULL, "
                "checksum BLOB NOT NULL)"
            )
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    def _broken(self, error: Exception) -> None:
        """A store SQLite cannot read is put aside: this build runs without it, the next starts afresh."""
        log.info("the build cache %s is not usable (%s); it is rebuilt", self.path, error)
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, Any]:
        """The values found for `keys`, unpickled; a damaged entry is left out (a miss)."""
        found: dict[bytes, Any] = {}
        if self.held is not None:
            found, keys = self.held.take(keys)
            self.used.update(found)
            self.hits += len(found)
            self.from_memory += len(found)
        if self._connection is None or not keys:
            self.misses += len(keys)
            return found
        self.reads += 1
        rows: list[tuple[bytes, bytes, bytes]] = []
        read: dict[bytes, Any] = {}
        try:
            # One read transaction: the rowids found are those of the entries read (a build writing
            # beside this one replaces an entry under a new rowid).
            self._connection.execute("BEGIN")
            try:
                for start in range(0, len(keys), _PARAMETERS):
                    rows += self._rows(keys[start : start + _PARAMETERS])
            finally:
                self._connection.execute("COMMIT")
        except sqlite3.Error as error:
            self._broken(error)
            self.misses += len(keys)
            return found
        for key, value, checksum in rows:
            if _check(value) != checksum:
                continue
            try:
                read[key] = pickle.loads(value)
            except Exception:
                continue
        self.used.update(read)
        self.hits += len(read)
        self.misses += len(keys) - len(read)
        if self.held is not None:
            self.held.read(read)
        found.update(read)
        return found

    def _rows(self, keys: Sequence[bytes]) -> list[tuple[bytes, bytes, bytes]]:
        """The entries of `keys`: their rowids first, from the keys' index alone, then the entries in
        the order they lie in the file rather than scattered by their keys' hashes: 100,000 entries
        of a 100,000-story store (1.5 GB) in 0.98 s rather than 1.19-1.27 s by key."""
        assert self._connection is not None
        marks = ",".join("?" * len(keys))
        found = self._connection.execute(f"SELECT rowid FROM entries WHERE key IN ({marks})", keys)
        rowids = sorted(rowid for (rowid,) in found)
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        return self._connection.execute(
            f"SELECT key, value, checksum FROM entries WHERE rowid IN ({marks})", rowids
        ).fetchall()

    def put(self, key: bytes, value: Any) -> None:
        if self.held is not None:
            self.held.forget(key)
        data = _pickled(value)
        self._pending.append((key, data, _check(data)))
        self.used.add(key)

    def flush(self, *, drop_unused: bool = True) -> None:
        """Write what this run made; when pruning, drop entries no build has used for a while (not with
        `drop_unused=False`: a long build writes its entries as it goes, before it has used them all)."""
        if self._connection is None:
            return
        pending, self._pending = self._pending, []
        pruned = False
        try:
            with self._connection:
                self._connection.execute("BEGIN")
                self._connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", pending)
                (total,) = self._connection.execute("SELECT count(*) FROM entries").fetchone()
                if self.prune and drop_unused and total > _KEEP_UNUSED * len(self.used) + 1000:
                    self._connection.execute("CREATE TEMP TABLE IF NOT EXISTS used (key BLOB PRIMARY KEY)")
                    self._connection.execute("DELETE FROM used")
                    self._connection.executemany(
                        "INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used)
                    )
                    self._connection.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
                    pruned = True
            if pruned:
                # SQLite keeps a deleted entry's pages for reuse: the file (which CI stores between
                # runs) would keep the size of the largest cache it ever held.
                self._connection.execute("VACUUM")
                self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError as error:
            # Locked by another build for longer than the timeout: this build's entries are not kept.
            log.info("the build cache %s was not updated: %s", self.path, error)
        except sqlite3.Error as error:
            self._broken(error)

    def __enter__(self) -> BuildCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        log.info(
            "build cache: %d of %d entries reused, in %d reads%s",
            self.hits,
            self.hits + self.misses,
            self.reads,
            f" ({self.from_memory} of them from memory, as the last build read them)"
            if self.held is not None
            else "",
        )
        self.flush()
        if self._connection is not None:
            self._connection.close()
            self._connection = None


_Name = TypeVar("_Name")
_Result = TypeVar("_Result")


def cached_per_input(
    cache: BuildCache,
    kind: str,
    context: str,
    inputs: Mapping[_Name, Sequence[str]],
    compute: Callable[[Mapping[_Name, Sequence[str]]], Mapping[_Name, _Result]],
) -> tuple[dict[_Name, _Result], int]:
    """`compute`'s result for each input (a sequence of texts), from the cache when the same texts were
    computed before in the same `context` (the code and libraries `compute` runs); every input looked up
    at once, and those not found computed at once. Also gives how many were found."""
    keys = {name: key_of(kind, context, *texts) for name, texts in inputs.items()}
    found = cache.get_many(list(keys.values()))
    computed = compute({name: texts for name, texts in inputs.items() if keys[name] not in found})
    results: dict[_Name, _Result] = {}
    for name, key in keys.items():
        if key in found:
            results[name] = found[key]
        else:
            results[name] = computed[name]
            cache.put(key, results[name])
    return results, sum(key in found for key in keys.values())


GITIGNORE = "# Written by emptychair: its build cache is rebuilt from the stories, never committed.\n.gitignore\n{store}*\n{shards}/\n"


def _keep_out_of_git(folder: Path) -> None:
    """As pytest and ruff do for their caches: a `git add -A` in a site whose .gitignore does not name
    the cache must not stage it (pre-commit then sees the hook change a staged file). The send record
    beside it is left for the site to decide."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(GITIGNORE.format(store=STORE, shards=SEARCH_SHARDS), encoding="utf-8")


def open_cache(folder: Path, *, prune: bool = False, held: HeldEntries | None = None) -> BuildCache:
    """The store in `folder` (a project's CACHE_DIR), written and closed when the `with` ends; `prune`:
    this run is a whole build, and entries it did not use may go (see `BuildCache.prune`); `held`: what
    the last build of this process read, kept in memory (`mkdocs serve`)."""
    return BuildCache(folder, prune=prune, held=held)


def clean_cache(folder: Path) -> list[Path]:
    """Remove the build cache in `folder` (not the send record beside it); the files removed."""
    removed = [path for path in sorted(folder.glob(STORE + "*")) if path.is_file()]
    ignore = folder / ".gitignore"
    if ignore.is_file() and ignore.read_text(encoding="utf-8") == GITIGNORE.format(
        store=STORE, shards=SEARCH_SHARDS
    ):
        removed.append(ignore)
    for path in removed:
        path.unlink()
    if (folder / SEARCH_SHARDS).is_dir():
        shutil.rmtree(folder / SEARCH_SHARDS)
        removed.append(folder / SEARCH_SHARDS)
    return removed


__all__ = [
    "BuildCache",
    "HeldEntries",
    "cached_per_input",
    "clean_cache",
    "code_fingerprint",
    "folder_fingerprint",
    "installed_packages",
    "key_of",
    "library_versions",
    "open_cache",
]
