"""Split a Markdown file into YAML front matter and body, keeping line numbers for messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

# libyaml's parser is over 20x faster than the pure-Python one on front matter.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SHORT = 40
"""Plain scalars up to this length have their type looked up once per run: keys and values repeat."""
_resolved: dict[tuple[str, bool], str] = {}


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Dates stay text: the schema parses them, so an impossible date gets a message, not a traceback."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or len(value) > _SHORT:
            return str(super().resolve(kind, value, implicit))
        key = (value, implicit[0])
        tag = _resolved.get(key)
        if tag is None:
            tag = _resolved[key] = str(super().resolve(kind, value, implicit))
        return tag


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_yaml_str)


class _Unusual(Exception):
    """A node the fast path leaves to PyYAML: merge or non-text keys, other tags, deep nesting."""


def _construct(node: yaml.Node, loader: Any) -> Any:
    """Front matter is text, lists and mappings almost always: build those without PyYAML's machinery."""
    tag = node.tag
    if tag == _STR:
        # Escapes in quoted YAML ("\x01") make control characters too.
        return without_control_characters(node.value)
    if tag == _MAP:
        data = {}
        for key, value in node.value:
            if key.tag != _STR:
                raise _Unusual
            data[key.value] = _construct(value, loader)
        return data
    if tag == _SEQ:
        return [_construct(item, loader) for item in node.value]
    if isinstance(node, yaml.ScalarNode) and tag in loader.yaml_constructors:
        return loader.construct_object(node)
    raise _Unusual


# Control characters (U+0001 from old mail systems, form feeds, C1 codes) are invisible, make YAML
# refuse the file and XML (feeds) refuse the whole build; tab, newline and carriage return stay.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    """The text as its author saw it: every character that cannot be shown or written to XML removed."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


_OPENING = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Document:
    data: Any
    body: str
    node: yaml.Node | None
    first_line: int
    """File line number of the first line of YAML (the line after the opening ---)."""

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """The file line where the value at `path` (keys and list indexes) is written."""
        node = self.node
        if node is None:
            return None
        line = node.start_mark.line
        for step in path:
            found = _child(node, step)
            if found is None:
                break
            node, line = found
        return self.first_line + line


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node, int] | None:
    """The node at one step down, and the line that names it (a key's own line, or a list item's)."""
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == step:
                return value, key.start_mark.line
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step], node.value[step].start_mark.line
    return None


def parse(text: str) -> Document:
    """Parse `---` fenced YAML front matter; raise FrontMatterError with a file line number."""
    text = without_control_characters(text)
    opening = _OPENING.match(text)
    if opening is None:
        raise FrontMatterError(
            "no front matter: a story starts with a line '---', then its YAML fields, then '---'",
            1,
        )
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        raise FrontMatterError("front matter is not closed: add a line '---' after the last field", 1)
    yaml_text = text[opening.end() : closing.start()]
    return parse_yaml(yaml_text, first_line=2, body=text[closing.end() :])


def parse_yaml(yaml_text: str, *, first_line: int = 1, body: str = "") -> Document:
    """Parse YAML keeping its node tree, so messages can name the line of any field."""
    loader = _Loader(without_control_characters(yaml_text))
    try:
        node = loader.get_single_node()
        data = _construct_document(loader, node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark is not None else None
        problem = error.problem or "unreadable"
        context = f" {error.context}" if error.context else ""
        raise FrontMatterError(f"not valid YAML: {problem}{context}", line) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"not valid YAML: {error}", first_line) from None
    finally:
        loader.dispose()
    return Document(data=data, body=body, node=node, first_line=first_line)


def _construct_document(loader: Any, node: yaml.Node | None) -> Any:
    if node is None:
        return None
    try:
        return _construct(node, loader)
    except (_Unusual, RecursionError):
        return _cleaned(loader.construct_document(node))


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    return value
