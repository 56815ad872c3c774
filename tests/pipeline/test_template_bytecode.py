"""Compiled templates from the build cache: the next build does not compile a template again unless its
source changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from emptychair.pipeline.cache import BuildCache
from emptychair.pipeline.template_bytecode import CachedBytecode
from jinja2 import Environment, FileSystemLoader


class _Counting(Environment):
    """Counts the templates it compiles from source."""

    compiled = 0

    def _compile(self, source: str, filename: str) -> Any:
        _Counting.compiled += 1
        return super()._compile(source, filename)


def _render(folder: Path, templates: Path) -> str:
    with BuildCache(folder) as cache:
        environment = _Counting(loader=FileSystemLoader(str(templates)), auto_reload=False)
        environment.bytecode_cache = CachedBytecode(cache)
        return environment.get_template("page.html").render(name="chair")


def test_a_template_is_compiled_once_and_again_when_its_source_changes(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("Hello {{ name }}", encoding="utf-8")
    _Counting.compiled = 0
    assert _render(tmp_path, templates) == "Hello chair"
    assert _Counting.compiled == 1
    assert _render(tmp_path, templates) == "Hello chair"
    assert _Counting.compiled == 1  # from the cache

    (templates / "page.html").write_text("Goodbye {{ name }}", encoding="utf-8")
    assert _render(tmp_path, templates) == "Goodbye chair"
    assert _Counting.compiled == 2
