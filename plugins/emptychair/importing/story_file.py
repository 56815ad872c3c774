"""A story as a file: front matter written in the schema's field order, its folder, its slug, its hash."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import date, datetime, tzinfo
from typing import Any

import yaml

from ..stories.schema import FIELDS
from ..stories.weeks import IsoWeek

_HASH_LINE = re.compile(r'^  hash: "([0-9a-f]{16})"\n(?=---\n)', re.MULTILINE)
_ORDER = {name: position for position, name in enumerate(FIELDS)}
_PLAIN = re.compile(r"^[^\W\d_][\w .,'&/()-]*(?<! )\Z")
_PLAIN_ITEM = re.compile(r"^[^\W\d_][\w .'&/-]*(?<! )\Z")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"})
# Characters YAML does not allow raw (or reads as line breaks): escaped even inside double quotes.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_BLOCK_UNSAFE = re.compile("[\\r\\t]|[ ]\\n|[ \\n]$|^[ \\n]")


def _scalar(value: object, pattern: re.Pattern[str]) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(value)
    if pattern.match(value) and value.lower() not in _YAML_WORDS:
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", quoted)


def _entry(key: str, value: object, indent: str) -> str:
    if isinstance(value, dict):
        return f"{indent}{key}:\n" + "".join(_entry(str(k), v, indent + "  ") for k, v in value.items())
    if isinstance(value, list):
        return f"{indent}{key}: [{', '.join(_scalar(item, _PLAIN_ITEM) for item in value)}]\n"
    if (
        isinstance(value, str)
        and "\n" in value
        and not _BLOCK_UNSAFE.search(value)
        and not _UNPRINTABLE.search(value)
    ):
        lines = "".join(f"{indent}  {line}\n" if line else "\n" for line in value.split("\n"))
        return f"{indent}{key}: |-\n{lines}"
    return f"{indent}{key}: {_scalar(value, _PLAIN)}\n"


def front_matter(meta: dict[str, Any]) -> str:
    """YAML for front matter made of text, whole numbers, flags, lists and mappings of those.

    Written here rather than by PyYAML's representer, which costs more than everything else an
    import does per row; tests check that the stories' own loader reads back exactly `meta`.
    """
    ordered = sorted(meta.items(), key=lambda item: _ORDER.get(item[0], len(_ORDER)))
    try:
        return "".join(_entry(key, value, "") for key, value in ordered)
    except TypeError:
        return str(yaml.safe_dump(dict(ordered), sort_keys=False, allow_unicode=True, width=1_000_000))


def _file(front: str, body: str) -> str:
    body = body.strip()
    return f"---\n{front}---\n{body}\n" if body else f"---\n{front}---\n"


def story_text(meta: dict[str, Any], body: str) -> str:
    return _file(front_matter(meta), body)


def content_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def imported_text(meta: dict[str, Any], body: str, source: str, record_id: str) -> tuple[str, str]:
    """The file import writes, and the hash of that file (recorded as its last front-matter line).

    The hash covers every other byte of the file, so a later import can tell a file nobody has touched
    (update it when the record changes) from one someone edited by hand (keep it).
    """
    front = front_matter({**meta, "source": {"name": source, "id": record_id}})
    digest = content_hash(_file(front, body))
    return _file(f'{front}  hash: "{digest}"\n', body), digest


def recorded_hash(text: str) -> str | None:
    """The hash import recorded in a file it wrote, or None when the line is gone."""
    found = _HASH_LINE.search(text)
    return None if found is None else found.group(1)


def edited_since_import(text: str) -> bool:
    found = _HASH_LINE.search(text)
    if found is None:
        return True
    return content_hash(text[: found.start()] + text[found.end() :]) != found.group(1)


def week_folder(when: date | datetime, zone: tzinfo) -> str:
    """'2026/w47': the ISO week (in the site's timezone) the story falls in, as the stories/ folders are named."""
    week = IsoWeek.of_datetime(when, zone) if isinstance(when, datetime) else IsoWeek.of(when)
    return f"{week.year}/w{week.week:02d}"


def slugify(text: str, *, leave_out: str = "", max_length: int = 60) -> str:
    """Lowercase ASCII words joined by hyphens, without any word of `leave_out` (a customer's name)."""

    def words(value: str) -> list[str]:
        ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
        return re.findall(r"[a-z0-9]+", ascii_text.lower())

    unwanted = set(words(leave_out))
    kept = [word for word in words(text) if word not in unwanted and word != "s"]
    slug = ""
    for word in kept:
        if slug and len(slug) + 1 + len(word) > max_length:
            break
        slug = f"{slug}-{word}" if slug else word[:max_length]
    return slug or "story"


_INLINE = re.compile(r"([\\`*_\[\]{}|])")
_LINE_START = re.compile(r"^([#>+\-!:]|\d+(?=[.)]))", re.MULTILINE)


def markdown_text(text: str) -> str:
    """Text from an export as Markdown that shows exactly that text: nothing in it becomes markup."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _INLINE.sub(r"\\\1", text)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"^=", "&#61;", text, flags=re.MULTILINE)
    return _LINE_START.sub(lambda found: _escape_line_start(found.group(1)), text).strip()


def _escape_line_start(marker: str) -> str:
    if marker.isdigit():
        return f"{marker}\\"
    return f"\\{marker}" if marker != ":" else "&#58;"
