"""The package's layout shows the flow: a stage imports only from the stages before it, and no module
imports itself back through others."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "plugins" / "emptychair"

# The order data flows in; the package docstring says what each stage takes in and gives out.
STAGES = (
    "stories",
    "importing",
    "publishing",
    "index",
    "themes",
    "balance",
    "digests",
    "site",
    "mail",
    "pipeline",
    "plugin",
    "cli",
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Every module of the package -> the package's modules it imports, wherever the import stands."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                candidates = [target, *(f"{target}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            targets |= {candidate for candidate in candidates if candidate in modules and candidate != name}
        graph[name] = targets
    return graph


def _stage(module: str) -> str | None:
    """The stage folder a module belongs to; None for the package's own top-level files."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (PACKAGE / parts[1]).is_dir() else None


def test_every_folder_is_a_known_stage_with_a_docstring() -> None:
    folders = sorted(path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists())
    assert set(folders) <= set(STAGES), f"unknown stages: {set(folders) - set(STAGES)}"
    for folder in folders:
        docstring = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text()))
        assert docstring, f"{folder}/__init__.py says nothing of what the stage takes in and gives out"


def test_no_stage_imports_from_a_later_stage() -> None:
    upward = []
    for module, targets in _imports().items():
        here = _stage(module)
        for target in targets:
            there = _stage(target)
            if here is None or there is None or here == there:
                continue
            if STAGES.index(there) > STAGES.index(here):
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_no_import_cycles() -> None:
    graph = _imports()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("module", ["emptychair.plugin", "emptychair.cli"])
def test_public_entry_points_stay_where_pyproject_says(module: str) -> None:
    assert module in _imports()
