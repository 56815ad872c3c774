"""Cache entries kept by the facts of site_config they read.

A story's validation (`stories/choice_reads.py`) and a page's templates (`site/directory_reads.py`)
note which facts of site_config they read; their entry holds those reads, the digest of the facts'
values and the digest of all of site_config's part they could have read. A later build takes the entry
if that part is the very same, or else if every fact read still has its value: the same inputs and the
same facts read take the same path, so give the same result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .fingerprints import pickled_digest

Reads = tuple[tuple[Any, ...], ...]


class Facts:
    """The facts of one build's site_config: `values` gives what each fact read is now, `whole` is
    everything they are read from."""

    def __init__(self, whole: object, values: Callable[[Reads], tuple[Any, ...]]) -> None:
        self._values = values
        self.whole = pickled_digest(whole)
        self._of: dict[Reads, str] = {}
        self._hold: dict[str, bool] = {}

    def of(self, reads: Reads) -> str:
        """The digest of the facts `reads` read, with their values now."""
        # Entries read the same few facts (a department's name, whether "delivery" is a touchpoint).
        digest = self._of.get(reads)
        if digest is None:
            digest = self._of[reads] = pickled_digest((reads, self._values(reads)))
        return digest

    def hold(self, reads: object, digest: object, whole: object) -> bool:
        """Whether an entry's facts (`reads`, their `digest`, made with site_config `whole`) are as they
        were: without looking when it is the very same; each digest looked at once."""
        if not isinstance(digest, str):
            return False
        if whole == self.whole:
            return True
        holds = self._hold.get(digest)
        if holds is None:
            holds = self._hold[digest] = isinstance(reads, tuple) and self.of(reads) == digest
        return holds
