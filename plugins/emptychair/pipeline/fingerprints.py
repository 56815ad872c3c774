"""Text that stands for a value in a cache key: equal text only for equal values, the same in every
process. What cannot be written so (an object of a kind not known here) raises `Unkeyable`, and what
depends on it is made again rather than taken from the cache: a miss costs time, a wrong hit a wrong page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import io
import os
import pickle
import re
import types
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from functools import cache
from pathlib import Path, PurePath
from typing import Any

from markupsafe import Markup
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.theme import Theme

from .cache import folder_fingerprint


class Unkeyable(Exception):
    """A value this module cannot write as key text."""


def strict_repr(value: Any) -> str:
    """`value` as key text: plain data, MkDocs' config, theme, plugins and table of contents, dataclasses,
    functions and modules by name. Anything else raises `Unkeyable`."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


# Exactly these types (not a subclass: Markup is a str) are written as their repr, and lists, tuples and
# dicts item by item, without asking each writer below: every page's key is written from thousands of them.
_REPR_TYPES = frozenset({str, int, bool, float, bytes, type(None)})


def _write(value: Any, out: list[str]) -> None:
    kind = type(value)
    if kind in _REPR_TYPES:
        out.append(repr(value))
        return
    if kind is list or kind is tuple:
        out.append("[" if kind is list else "(")
        for item in value:
            _write(item, out)
            out.append(",")
        out.append("]" if kind is list else ")")
        return
    if kind is dict:
        out.append("<dict ")
        for key, item in value.items():
            _write(key, out)
            out.append(":")
            _write(item, out)
            out.append(",")
        out.append(">")
        return
    # The writers are asked in order: Markup before str, a theme before a mapping, our own
    # dataclasses after MkDocs' table of contents.
    for writer in (_write_plain, _write_collection, _write_mkdocs, _write_other):
        if writer(value, out):
            return
    raise Unkeyable(f"{type(value).__module__}.{type(value).__qualname__}")


def _write_plain(value: Any, out: list[str]) -> bool:
    # Markup first: it is a str whose text the theme prints unescaped.
    if isinstance(value, Markup):
        out.append(f"M{str(value)!r}")
    elif value is None or isinstance(value, str | bool | int | float | bytes):
        out.append(repr(value))
    elif isinstance(value, datetime | date | time):
        out.append(f"<{type(value).__name__} {value.isoformat()} {getattr(value, 'tzinfo', None)!s}>")
    elif isinstance(value, PurePath):
        out.append(f"<path {str(value)!r}>")
    else:
        return False
    return True


def _write_collection(value: Any, out: list[str]) -> bool:
    if isinstance(value, list | tuple):
        out.append("[" if isinstance(value, list) else "(")
        for item in value:
            _write(item, out)
            out.append(",")
        out.append("]" if isinstance(value, list) else ")")
    elif isinstance(value, set | frozenset):
        out.append("{" + ",".join(sorted(map(strict_repr, value))) + "}")
    else:
        return False
    return True


def _write_mkdocs(value: Any, out: list[str]) -> bool:
    if isinstance(value, Theme):
        out.append(f"<theme {value.name!r} ")
        _write({key: value[key] for key in value}, out)
        _write(value.dirs, out)
        out.append(">")
    elif isinstance(value, BasePlugin):
        _write_name(type(value), out)
        _write(value.config, out)
    elif isinstance(value, Mapping | Config):
        out.append(f"<{type(value).__qualname__} ")
        for key, item in value.items():
            _write(key, out)
            out.append(":")
            _write(item, out)
            out.append(",")
        out.append(">")
    elif isinstance(value, TableOfContents):
        _write(value.items, out)
    elif isinstance(value, AnchorLink):
        _write(("anchor", value.title, value.id, value.level, value.children), out)
    else:
        return False
    return True


def _write_other(value: Any, out: list[str]) -> bool:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _write_name(type(value), out)
        _write([getattr(value, field.name) for field in dataclasses.fields(value)], out)
    elif isinstance(value, types.ModuleType):
        source = getattr(value, "__file__", None)
        digest = hashlib.blake2b(Path(source).read_bytes()).hexdigest() if source else "-"
        out.append(f"<module {value.__name__} {digest}>")
    elif isinstance(value, type | types.FunctionType | types.BuiltinFunctionType | types.MethodType):
        _write_name(value, out)
    elif type(value).__module__ == "babel.core" and type(value).__qualname__ == "Locale":
        # The theme's locale (`theme.locale`): a language tag says all of it.
        out.append(f"<locale {str(value)!r}>")
    elif hasattr(value, "getConfigs"):
        # A Markdown extension given as an object: its class and its settings.
        _write_name(type(value), out)
        _write(value.getConfigs(), out)
    else:
        return False
    return True


def _write_name(value: Any, out: list[str]) -> None:
    out.append(f"<{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', '?')}>")


def navigation_repr(nav: Navigation) -> str:
    """The navigation as every page shows it when it is not in it itself: titles, addresses, metadata."""
    parts: list[str] = []

    def write(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Page):
                parts.append(strict_repr(("page", item.title, item.url, item.file.src_uri, item.meta)))
            elif isinstance(item, Section):
                parts.append(strict_repr(("section", item.title)) + "[")
                write(item.children)
                parts.append("]")
            elif isinstance(item, Link):
                parts.append(strict_repr(("link", item.title, item.url)))
            else:
                raise Unkeyable(f"navigation item {type(item).__qualname__}")

    write(nav.items)
    homepage = nav.homepage
    parts.append(strict_repr(homepage.url if homepage is not None else None))
    return "".join(parts)


def pages_repr(files: list[File]) -> str:
    """Every page's address and title: only for a site whose templates list the pages."""
    return strict_repr([(file.src_uri, file.url, file.page.title if file.page else None) for file in files])


def digest(data: str | bytes | memoryview) -> str:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def pickled_digest(value: Any) -> str:
    """A digest of our own frozen dataclasses (stories, their HTML): pickling writes every field, so two
    values with the same digest are equal. Without the pickler's memo (`fast`), an object met twice is
    written twice: two equal values give the same bytes whichever objects they share (a story read from
    its file shares other strings than one read from the cache)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # our values hold no cycles
    pickler.dump(value)
    return digest(buffer.getbuffer())


@cache
def _package_dirs() -> dict[str, str]:
    """The folders of installed theme packages, each with its package and version: their files are the
    version's (a pip install is not edited), so the version stands for them instead of every file read."""
    found: dict[str, str] = {}
    for name, distribution in (("material", "mkdocs-material"), ("mkdocs", "mkdocs")):
        try:
            module = __import__(name)
            version = importlib.metadata.version(distribution)
        except (ImportError, importlib.metadata.PackageNotFoundError):
            continue
        found[str(Path(module.__file__ or "").parent)] = f"{distribution}={version}"
    return found


def template_dirs_fingerprint(dirs: list[str] | tuple[str, ...]) -> str:
    """The template folders, in their order: an installed theme by its version, any other folder (a
    site's custom_dir, ours) by every file's name and bytes."""
    parts = []
    for folder in map(str, dirs):
        package = next(
            (
                version
                for root, version in _package_dirs().items()
                if folder == root or folder.startswith(root + "/")
            ),
            None,
        )
        parts.append(f"{folder}|{package or folder_fingerprint(Path(folder))}")
    return "\n".join(parts)


_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def template_snippets(dirs: list[str] | tuple[str, ...]) -> list[str]:
    """The Jinja code of every HTML template in the folders (what is between `{{ }}` and `{% %}`, no
    comment, no HTML), snippet by snippet: what the templates may read."""
    snippets = []
    for folder in dirs:
        for parent, folders, names in os.walk(folder):
            # Material's .icons: thousands of SVG files, and no template among them.
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            for name in sorted(names):
                if name.endswith(".html"):
                    text = _JINJA_COMMENT.sub("", (Path(parent) / name).read_text("utf-8", "replace"))
                    snippets += _JINJA_CODE.findall(text)
    return snippets


# Where Material's templates name a page's content: printed as it is, and looked into for an <h1> of its
# own (partials/content.html). The others are no page's content: a block, a tags listing's, a blog post's.
_CONTENT_PRINTED = frozenset(
    {"{{ page.content }}", '{% if "\\u003ch1" not in page.content %}', "{% block content %}"}
    | {"{{ listing.content }}", "{{ post.content }}"}
)
TEXT_LITERAL = re.compile(r"""(["'])((?:(?!\1)[^\\]|\\.)*)\1""")
"""A string literal in Jinja code."""
_CONTENT = re.compile(r"\bcontent\b")


def reads_content_only_to_print(snippets: list[str]) -> bool:
    """Whether templates read a page's content only to print it whole and to look for an <h1> in it, as
    Material's do: then the page around the content depends on no more of it than that. Any other
    mention of `content` (a length, a filter, `attr("content")`, `page["content"]`) says no; text such
    as "Skip to content" or "partials/content.html" is no reading."""
    for snippet in snippets:
        if " ".join(snippet.split()) in _CONTENT_PRINTED:
            continue
        plain = TEXT_LITERAL.sub(lambda text: text.group(0) if text.group(2) == "content" else "''", snippet)
        if _CONTENT.search(plain):
            return False
    return True


def plugin_versions(modules: tuple[str, ...], installed: Mapping[str, Sequence[str]]) -> str:
    """The installed versions of the packages the plugins come from: their code renders pages too.
    `installed`: each top-level package's distributions (`cache.installed_packages`)."""
    names = sorted({name for module in modules for name in installed.get(module.split(".")[0], [])})
    versions = []
    for name in names:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return ",".join(versions)
