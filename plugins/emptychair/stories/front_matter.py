"""Split a Markdown file into front matter (YAML, or TOML as Hugo writes it) and body, keeping line numbers
for messages."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

# libyaml's parser is over 20x faster than the pure-Python one on front matter.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_DEPTH = 16
"""Levels of nesting front matter may have: a story needs three (follow_up.due); deeper is a mistake or
an attack (600 levels exhaust Python's recursion)."""
MAX_VALUES = 5_000
"""Values in one front matter: an anchor bomb (billion laughs) is refused before a single copy is made."""
_TYPE_NAMES = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:binary": "base64 data",
    "tag:yaml.org,2002:null": "empty",
}


class _Unreadable(yaml.MarkedYAMLError):
    """A value or shape PyYAML would crash on or take forever with, at the node it is about."""

    def __init__(self, problem: str, node: yaml.Node, *, also: yaml.Node | None = None) -> None:
        super().__init__(problem=problem, problem_mark=node.start_mark)
        self.also = also
        self.key: str | None = None


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Dates stay text: the schema parses them, so an impossible date gets a message, not a traceback.

    Every value is constructed through a guard: PyYAML's scalar constructors raise ValueError, KeyError
    or OverflowError on inputs such as `0x_`, `!!bool maybe` or a 5,000-digit number, and a key written
    twice would silently keep the last value (`consent: false` ... `consent: true`)."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, KeyError, TypeError, OverflowError, IndexError, AttributeError):
            value = node.value if isinstance(node, yaml.ScalarNode) else ""
            shown = repr(value) if len(value) <= 40 else f"a value of {len(value):,} characters"
            wanted = _TYPE_NAMES.get(node.tag, f"the type {node.tag!r}")
            raise _Unreadable(f"{shown} cannot be read as {wanted}", node) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # Keys as written, before merge keys (`<<: *base`) add the ones a mapping may override.
        written: dict[tuple[str, str], yaml.Node] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                first = written.setdefault((key_node.tag, key_node.value), key_node)
                if first is not key_node:
                    raise _Unreadable(key_node.value, first, also=key_node)
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool | None):
                raise _Unreadable("a key must be a plain word, not a list or a mapping", key_node)
            try:
                mapping[key] = self.construct_object(value_node, deep=deep)
            except _Unreadable as error:
                error.key = error.key or str(key)
                raise
        return mapping


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_yaml_str)


def _check_shape(root: yaml.Node) -> None:
    """Refuse deep nesting and too many values before anything is constructed. A value an alias
    repeats counts each time, so an anchor bomb (or an alias inside its own anchor) stops here."""
    visits = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        visits += 1
        if depth > MAX_DEPTH:
            raise _Unreadable(f"nested more than {MAX_DEPTH} levels deep", node)
        if visits > MAX_VALUES:
            raise _Unreadable(
                f"more than {MAX_VALUES:,} values, each use of an alias (*name) counted: write less", node
            )
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)


def _toml_depth(value: Any) -> int:
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return deepest


# Control characters (U+0001 from old mail systems, form feeds, C1 codes) are invisible, make YAML
# refuse the file and XML (feeds) refuse the whole build; tab, newline and carriage return stay.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    """The text as its author saw it: every character that cannot be shown or written to XML removed."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    return value


_OPENING = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\r?\n")
_CLOSING = {
    "---": re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE),
    # TOML front matter, as Hugo writes it: sites migrating from Hugo keep their files as they are.
    "+++": re.compile(r"^\+\+\+[ \t]*(?:\r?\n|\Z)", re.MULTILINE),
}


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int | None, field: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.field = field


@dataclass(slots=True)
class Document:
    data: Any
    body: str
    source: str
    """The front matter's own text, from which a field's line is found when a message needs it."""
    first_line: int
    """File line number of the first line of front matter (the line after the opening fence)."""
    toml: bool = False
    _node: yaml.Node | None = field(default=None, init=False, repr=False)

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """The file line where the value at `path` (keys and list indexes) is written."""
        if self.toml:
            return self._toml_line_of(path)
        if self._node is None:
            # Composed only when a message needs a line: most files have nothing to report, and
            # keeping every node tree would cost as much again as loading the data.
            self._node = yaml.compose(self.source, Loader=_Loader)
        node = self._node
        if node is None:
            return None
        line = node.start_mark.line
        for step in path:
            found = _child(node, step)
            if found is None:
                break
            node, line = found
        return self.first_line + line

    def _toml_line_of(self, path: tuple[str | int, ...]) -> int | None:
        """TOML parsers keep no positions: the line of the key (or table) for the path's keys, searched
        in order, each after the one before."""
        position = 0
        for step in path:
            if not isinstance(step, str):
                break
            key = re.escape(step)
            found = re.compile(rf"^\s*(?:{key}\s*=|\[(?:[\w.-]+\.)?{key}\])", re.MULTILINE).search(
                self.source, position
            )
            if found is None:
                break
            position = found.start()
        return self.first_line + self.source.count("\n", 0, position)


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
    """Parse `---` fenced YAML (or `+++` fenced TOML) front matter; raise FrontMatterError with a line."""
    text = without_control_characters(text)
    opening = _OPENING.match(text)
    if opening is None:
        raise FrontMatterError(
            "no front matter: a story starts with a line '---', then its YAML fields, then '---'",
            1,
        )
    fence = opening.group(1)
    closing = _CLOSING[fence].search(text, opening.end())
    if closing is None:
        raise FrontMatterError(f"front matter is not closed: add a line '{fence}' after the last field", 1)
    source = text[opening.end() : closing.start()]
    body = text[closing.end() :]
    if fence == "+++":
        return parse_toml(source, first_line=2, body=body)
    return parse_yaml(source, first_line=2, body=body)


def parse_toml(toml_text: str, *, first_line: int = 1, body: str = "") -> Document:
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+)", str(error))
        line = first_line + int(match.group(1)) - 1 if match else first_line
        raise FrontMatterError(f"not valid TOML: {str(error).split(' (at ')[0]}", line) from None
    except RecursionError:
        raise FrontMatterError(
            f"not valid TOML: nested more than {MAX_DEPTH} levels deep", first_line
        ) from None
    except ValueError:
        # tomllib reads a 5,000-digit number with int(), which refuses it.
        long = re.search(r"\d{4000,}", toml_text)
        line = first_line + toml_text.count("\n", 0, long.start()) if long else first_line
        raise FrontMatterError("not valid TOML: a number has thousands of digits", line) from None
    if _toml_depth(data) > MAX_DEPTH:
        raise FrontMatterError(f"not valid TOML: nested more than {MAX_DEPTH} levels deep", first_line)
    return Document(data=data, body=body, source=toml_text, first_line=first_line, toml=True)


def parse_yaml(yaml_text: str, *, first_line: int = 1, body: str = "") -> Document:
    """Parse YAML; a field's line is found from the text when a message needs it."""
    yaml_text = without_control_characters(yaml_text)
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_shape(node)
        data = None if node is None else loader.construct_document(node)
    except _Unreadable as error:
        assert error.problem_mark is not None
        at = first_line + error.problem_mark.line
        if error.also is not None:
            second = first_line + error.also.start_mark.line
            raise FrontMatterError(
                f"written twice, on lines {at} and {second}: keep one (YAML would silently use the last)",
                at,
                error.problem,
            ) from None
        raise FrontMatterError(f"not valid YAML: {error.problem}", at, error.key) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark is not None else None
        problem = error.problem or "unreadable"
        context = f" {error.context}" if error.context else ""
        raise FrontMatterError(f"not valid YAML: {problem}{context}", line) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"not valid YAML: {error}", first_line) from None
    except RecursionError:
        raise FrontMatterError(
            f"not valid YAML: nested more than {MAX_DEPTH} levels deep", first_line
        ) from None
    finally:
        loader.dispose()
    if "\\" in yaml_text:
        # Escapes in quoted YAML ("\x01") make control characters too.
        data = _cleaned(data)
    return Document(data=data, body=body, source=yaml_text, first_line=first_line)
