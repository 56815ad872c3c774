"""Compiled templates kept in the build cache, so that a warm build does not parse and compile ours and
the theme's again (a third of a second of a 10,000-story build's). Jinja looks each template up by its
name, file and a checksum of its source: an edited override is compiled afresh."""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from .cache import BuildCache, key_of


class CachedBytecode(BytecodeCache):
    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache

    def load_bytecode(self, bucket: Bucket) -> None:
        key = _key(bucket)
        found = self.cache.get_many([key]).get(key)
        if isinstance(found, bytes):
            # Jinja checks the bytes were compiled for this Python: else the template is compiled.
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.cache.put(_key(bucket), bucket.bytecode_to_string())


def _key(bucket: Bucket) -> bytes:
    # Jinja's own magic names its bytecode format, not the version whose compiler wrote it.
    return key_of("template-bytecode", jinja2.__version__, bucket.key, bucket.checksum)
