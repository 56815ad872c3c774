"""Pagefind's indexing service (`pagefind --service`), spoken to directly.

The protocol is the one Pagefind's own Node and Python wrappers speak: JSON messages, base64-encoded and
ended by a comma, on the service's stdin and stdout, each reply naming the message it answers. The
Python wrapper (`pagefind.index`) waits 0.1 s before reading each reply, which is 17 minutes for
10,000 stories; here one thread writes requests as fast as the pipe takes them and another reads the
replies, so records stream through without waiting on each other.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import io
import json
import os
import subprocess
import threading
import time
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

EXIT_TIMEOUT = 60.0
"""Seconds a service may take to exit once its input is closed."""
WRITE_TIMEOUT = 120.0
"""Seconds a bundle may take to be whole on disk after Pagefind said it was written."""
SETTLED_S = 0.1
"""A bundle whole by every check is looked at again this much later: it is written when nothing grew."""
SCRIPTS = ("pagefind.js", "pagefind-worker.js")
"""The bundle's scripts the search box loads: each ends with its last statement (`;` or `}`), where one
cut short ends mid-word."""


class PagefindServiceError(Exception):
    """The service stopped, or refused a request; the message says which and why."""


class PagefindService:
    """One running `pagefind --service`; use it as a context manager."""

    def __init__(self, executable: Path, *, cwd: Path, environment: Mapping[str, str]) -> None:
        self._process = subprocess.Popen(
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            env=dict(environment),
        )
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._arrived = threading.Condition()
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="pagefind-replies", daemon=True)
        self._reader.start()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the service's input and wait for it to exit by itself (never terminated while it may
        be writing: see write_files); only one that has not exited within EXIT_TIMEOUT is killed."""
        if self._process.stdin is not None and not self._process.stdin.closed:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        try:
            self._process.wait(timeout=EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            self._stop_reading()
            raise PagefindServiceError(
                f"Pagefind's service did not exit within {EXIT_TIMEOUT:.0f} s of its input closing; "
                "the files it was writing may be incomplete"
            ) from None
        self._stop_reading()

    def _stop_reading(self) -> None:
        self._reader.join()
        if self._process.stdout is not None:
            self._process.stdout.close()

    def new_index(self, config: Mapping[str, Any] | None = None) -> int:
        reply = self.call({"type": "NewIndex", "config": dict(config or {})})
        return int(reply["index_id"])

    def add_files(self, index_id: int, files: Iterable[tuple[str, str]]) -> None:
        """Index HTML documents, given as (url, html), sent without waiting for each reply."""
        ids = {
            self._send(
                {
                    "type": "AddFile",
                    "index_id": index_id,
                    "url": url,
                    "file_path": None,
                    "file_contents": html,
                }
            ): url
            for url, html in files
        }
        for message_id, url in ids.items():
            self._wait(message_id, what=url)

    def write_files(self, index_id: int, output_path: Path) -> None:
        """Write the bundle and return once every file of it is whole.

        Pagefind answers WriteFiles when every file is created, while the last writes may still be
        under way in its I/O threads, and it exits the moment its input closes: closed (or terminated)
        at once, a shard's pagefind-entry.json was left empty, once in five builds under load. So the
        bundle is read back until it is whole, within WRITE_TIMEOUT, before the service is let go.
        """
        self.call({"type": "WriteFiles", "index_id": index_id, "output_path": str(output_path)})
        deadline = time.monotonic() + WRITE_TIMEOUT
        sizes: dict[Path, int] | None = None
        while True:
            problem: PagefindServiceError | None = None
            try:
                check_bundle(output_path)
                now: dict[Path, int] | None = _sizes(output_path)
            except PagefindServiceError as error:
                problem, now = error, None
            # Whole by every check, and no file grew since the last look: a script passed the checks
            # cut short at 32 KiB once, and the service let go then never wrote the rest.
            if now is not None and now == sizes:
                return
            sizes = now
            if time.monotonic() > deadline:
                raise problem or PagefindServiceError(
                    f"Pagefind's bundle {output_path} was still being written"
                )
            time.sleep(0.02 if sizes is None else SETTLED_S)

    def call(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        return self._wait(self._send(payload), what=str(payload["type"]))

    def _send(self, payload: Mapping[str, Any]) -> int:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": dict(payload)}
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
            stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            raise PagefindServiceError("Pagefind's service stopped before it was sent everything") from None
        return self._next_id

    def _wait(self, message_id: int, *, what: str) -> dict[str, Any]:
        with self._arrived:
            while message_id not in self._replies and not self._closed:
                self._arrived.wait()
            reply = self._replies.pop(message_id, None)
        if reply is None:
            raise PagefindServiceError(f"Pagefind's service stopped before it answered ({what})")
        if reply.get("type") == "Error":
            raise PagefindServiceError(f"Pagefind refused {what}: {reply.get('message', 'no reason given')}")
        return reply

    def _read(self) -> None:
        stdout = self._process.stdout
        assert isinstance(stdout, io.BufferedReader)
        pending = b""
        try:
            while chunk := stdout.read1(1 << 16):
                pending += chunk
                *messages, pending = pending.split(b",")
                for encoded in messages:
                    if encoded.strip():
                        self._deliver(json.loads(base64.b64decode(encoded)))
        finally:
            with self._arrived:
                self._closed = True
                self._arrived.notify_all()

    def _deliver(self, reply: dict[str, Any]) -> None:
        message_id = reply.get("message_id")
        payload = reply.get("payload") or {}
        if message_id is None and isinstance(payload.get("original_message"), str):
            # A message the service could not parse is answered without its id, but with the message.
            message_id = json.loads(payload["original_message"]).get("message_id")
        if message_id is None:
            return
        with self._arrived:
            self._replies[int(message_id)] = payload
            self._arrived.notify_all()


def check_bundle(bundle: Path) -> None:
    """Raise PagefindServiceError unless `bundle` is a whole Pagefind bundle: an entry file of valid JSON
    naming each language's metadata and WebAssembly, which exist, no empty file, every compressed file a
    whole gzip stream, and the search box's scripts ending with a statement's end."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        needed = [entry_path, bundle / "pagefind.js", bundle / "pagefind-worker.js"]
        for language in entry["languages"].values():
            needed.append(bundle / f"pagefind.{language['hash']}.pf_meta")
            needed.append(bundle / f"wasm.{language['wasm'] or 'unknown'}.pagefind")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise PagefindServiceError(f"Pagefind wrote an unreadable {entry_path} ({error})") from None
    missing = [path for path in needed if not path.is_file()]
    broken = sorted(path for path in bundle.rglob("*") if path.is_file() and not _whole(path))
    if missing or broken:
        listed = ", ".join(str(path) for path in (*missing, *broken))
        raise PagefindServiceError(
            f"Pagefind's bundle {bundle} is incomplete: missing, empty or cut short: {listed}"
        )


def _sizes(bundle: Path) -> dict[Path, int]:
    return {path: path.stat().st_size for path in bundle.rglob("*") if path.is_file()}


def _whole(path: Path) -> bool:
    content = path.read_bytes()
    if not content:
        return False
    if path.name in SCRIPTS and not content.rstrip().endswith((b";", b"}")):
        return False
    if path.suffix.startswith(".pf_") or path.suffix == ".pagefind":
        try:
            gzip.decompress(content)
        except (OSError, EOFError, zlib.error):
            return False
    return True


def lower_priority(pid: int) -> None:
    """Indexing runs beside MkDocs building the pages and finishes before it: at a lower priority it
    gets in MkDocs' way less (at 10,000 stories it added 1.5 s to the build instead of 2.1 s, medians
    of 3, benchmarks/run.py). Processes it starts inherit it."""
    if hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, min(os.getpriority(os.PRIO_PROCESS, pid) + 10, 19))


def service_environment() -> dict[str, str]:
    """Pagefind also reads PAGEFIND_* variables: the index must not depend on them."""
    return {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
