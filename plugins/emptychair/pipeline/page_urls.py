"""Where MkDocs serves a source path: its own rule, given to the core (which names pages by source path
and stays free of MkDocs) through `Addresses`."""

from __future__ import annotations

from functools import cache

from mkdocs.structure.files import File


@cache
def mkdocs_url(src_uri: str, use_directory_urls: bool) -> str:
    """MkDocs' `File.url` of a source path: a page moves to a folder of its name (an index or README
    names its folder's), other files keep theirs, and the URL is quoted. The site's root is '' where
    MkDocs says './': links are made from a prefix back to the root, and a page's depth counts its '/'.
    Cached: a site links each page from many others, and a File costs some 30 microseconds to make."""
    url = File(src_uri, src_dir=None, dest_dir="", use_directory_urls=use_directory_urls).url
    return "" if url == "./" else url
