"""Digests of generated pages' typed contexts, for their cache keys: two contexts with the same digest
hold equal values, so their template renders the same page.

A dataclass is written as its class and its fields, a list or a tuple as its items: a plain value (text,
number) as its repr, any other as its own digest, each worked out once per build: a story shows on a dozen
pages (its kind, channel, touchpoint, department, week, themes...) and a week's digest on its own page
and its neighbours', and writing them whole for each page would cost more than the pages save. A story is
pickled, a set written as its members' digests, sorted (its order in memory changes from one process to
the next), and anything else pickled with the dataclasses and sets in it written as their digests.

A value pickle cannot write (a function made in a template's context, an object of another plugin) raises
`Unkeyable`: its page is rendered, never guessed.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from collections.abc import Iterable, Mapping
from typing import Any

from ..publishing.publish import PublishedStory
from .cache import field_names
from .fingerprints import Unkeyable, digest, pickled_digest

_PLAIN = frozenset({str, int, float, bool, type(None), bytes})
_SEQUENCES = frozenset({list, tuple})
_BY_DIGEST: dict[type, bool] = {}
"""Each type the pickler met so far: whether its values are written as their digests (sets, dataclasses)."""
_DATACLASSES: dict[type, bool] = {}
"""Each type met so far: whether it is a dataclass (its values digested field by field)."""


class ContextDigests:
    """Digests of values, each object's worked out once: the objects must not change while this lives
    (a build's contexts are made once and only read)."""

    def __init__(self) -> None:
        # By id, with the object itself: kept alive, its id cannot be taken by another.
        self._memo: dict[int, tuple[Any, str]] = {}

    def know(self, stories: Iterable[PublishedStory], keys: Mapping[str, str]) -> None:
        """Takes each story's key in the build cache (`SiteData.story_keys`) as its digest: pickling
        10,000 stories to digest them was 4% of a warm build."""
        for item in stories:
            key = keys.get(item.slug)
            if key is not None:
                self._memo[id(item)] = (item, "story:" + key)

    def of(self, value: Any) -> str:
        """`value`'s digest; `Unkeyable` when pickle cannot write it."""
        found = self._memo.get(id(value))
        if found is not None:
            return found[1]
        if isinstance(value, PublishedStory):
            # A story holds no other story nor set: the plain pickler writes it at C speed.
            made = pickled_digest(value)
        elif isinstance(value, set | frozenset):
            made = digest("set:" + ",".join(sorted(map(self.of, value))))
        elif type(value) is list and all(type(item) is PublishedStory for item in value):
            # A listing's or a story's stories: their digests, without a pickler per page.
            made = digest("stories:" + ",".join(map(self.of, value)))
        elif _is_dataclass(type(value)) or type(value) in _SEQUENCES:
            # A dataclass (a digest, its figures and rows) or a list or tuple of them, part by part: the
            # pickler asked `persistent_id` of every string and number in them, half a million calls at
            # 10,000 stories. Parts are plain values' reprs (after "=") or digests, none with a NUL.
            try:
                made = digest("\0".join(self._parts(value)))
            except (AttributeError, RecursionError) as error:
                raise Unkeyable(f"{type(value).__module__}.{type(value).__qualname__} ({error})") from None
        else:
            buffer = io.BytesIO()
            try:
                _Pickler(buffer, self, value).dump(value)
            except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as error:
                raise Unkeyable(f"{type(value).__module__}.{type(value).__qualname__} ({error})") from None
            made = digest(buffer.getbuffer())
        self._memo[id(value)] = (value, made)
        return made

    def _parts(self, value: Any) -> list[str]:
        kind: Any = type(value)
        parts = [kind.__module__, kind.__qualname__]
        items = value if kind in _SEQUENCES else (getattr(value, name) for name in field_names(kind))
        for item in items:
            parts.append("=" + repr(item) if type(item) in _PLAIN else self.of(item))
        return parts


class _Pickler(pickle.Pickler):
    def __init__(self, buffer: io.BytesIO, digests: ContextDigests, top: Any) -> None:
        super().__init__(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True  # no memo: equal values give equal bytes whichever objects they share
        self._digests = digests
        self._top = top

    def persistent_id(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in _PLAIN or obj is self._top:
            return None
        by_digest = _BY_DIGEST.get(kind)
        if by_digest is None:
            by_digest = _BY_DIGEST[kind] = issubclass(kind, set | frozenset) or _is_dataclass(kind)
        return self._digests.of(obj) if by_digest else None


def _is_dataclass(kind: type) -> bool:
    found = _DATACLASSES.get(kind)
    if found is None:
        found = _DATACLASSES[kind] = dataclasses.is_dataclass(kind)
    return found
