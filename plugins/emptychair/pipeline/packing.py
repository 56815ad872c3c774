"""HTML held compressed (LZ4): pages while MkDocs holds the whole site, and pages in the build cache.

MkDocs writes one page at a time, and while it does, the page's cache key, the cached frame and the theme
each read its content: the last text unpacked is kept, by the bytes it came from, so that a page is
decompressed once (a department's listing was decompressed four times over), and so that HTML unpacked
from the build cache and given to a page as its content is held as the very bytes it came from (its
keeper then knows the page's content is still what it kept) rather than compressed again.
"""

from __future__ import annotations

import lz4.block

_last_unpacked: tuple[bytes, str] | None = None
"""One page only: holding every page unpacked is what packing avoids."""


def compress(html: str) -> bytes:
    """surrogatepass: a lone surrogate in a page stays for MkDocs to replace when it writes the page."""
    return bytes(lz4.block.compress(html.encode("utf-8", "surrogatepass")))


def decompress(data: bytes) -> str:
    return str(lz4.block.decompress(data).decode("utf-8", "surrogatepass"))


def compress_encoded(data: bytes) -> bytes:
    """Text already encoded as `compress` encodes it."""
    return bytes(lz4.block.compress(data))


def decompress_encoded(data: bytes) -> bytes:
    """What `compress` was given, encoded as it encodes it (UTF-8, a lone surrogate passed through)."""
    return bytes(lz4.block.decompress(data))


def packed(html: str) -> bytes:
    """A page's content compressed; the text last unpacked keeps the very bytes it came from."""
    if _last_unpacked is not None and _last_unpacked[1] is html:
        return _last_unpacked[0]
    return compress(html)


def packed_now(html: str) -> bytes:
    """`html` compressed, and remembered as the text last unpacked: a page given it holds these bytes."""
    global _last_unpacked
    data = compress(html)
    _last_unpacked = (data, html)
    return data


def unpacked(data: bytes) -> str:
    """A page's content, decompressed once while it is the one being read."""
    global _last_unpacked
    if _last_unpacked is not None and _last_unpacked[0] is data:
        return _last_unpacked[1]
    html = decompress(data)
    _last_unpacked = (data, html)
    return html
