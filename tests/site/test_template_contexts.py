"""Each template's context is typed (site/contexts.py) and documented (docs/templates.md): the document is
made from the types, and every template a site may override has one.

To rewrite the document after changing a context: .venv/bin/python -m tests.site.test_template_contexts
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from emptychair.site import contexts
from emptychair.site.contexts import TEMPLATE_CONTEXTS

REPO = Path(__file__).parent.parent.parent
DOC = REPO / "docs" / "templates.md"
TEMPLATES = REPO / "plugins" / "emptychair" / "site" / "templates"
_SOURCE = ast.parse(Path(contexts.__file__).read_text(encoding="utf-8"))
_CLASSES = {node.name: node for node in _SOURCE.body if isinstance(node, ast.ClassDef)}

INTRO = """\
# What each template receives

<!-- Made from plugins/emptychair/site/contexts.py by tests/site/test_template_contexts.py: edit the types,
then run `.venv/bin/python -m tests.site.test_template_contexts`. -->

A site overrides any of emptychair's templates by putting a file of the same name under its theme's
`custom_dir` (for example `site_config/overrides/emptychair/home.html`). What a template receives is the
public API such a file is written against: its own context, below, and the helpers every template gets.
A key marked *optional* is left out, not empty, when it does not apply: test it with `is defined`.
Values from stories are text: Jinja's autoescaping covers them in HTML templates.
"""


def _keys(name: str) -> list[tuple[str, str, str, bool]]:
    """(key, type, what it is, optional) for each key of a context class, its bases' first."""
    node = _CLASSES[name]
    keys: list[tuple[str, str, str, bool]] = []
    for base in node.bases:
        if isinstance(base, ast.Name) and base.id in _CLASSES:
            keys += _keys(base.id)
    for position, statement in enumerate(node.body):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            kind = ast.unparse(statement.annotation)
            optional = kind.startswith("NotRequired[")
            kind = kind.removeprefix("NotRequired[").removesuffix("]") if optional else kind
            after = node.body[position + 1] if position + 1 < len(node.body) else None
            what = ""
            if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                what = " ".join(str(after.value.value).split())
            keys.append((statement.target.id, kind, what, optional))
    return keys


def _table(name: str) -> str:
    rows = ["| key | type | what |", "|---|---|---|"]
    for key, kind, what, optional in _keys(name):
        note = "*optional*" + (f": {what}" if what else "") if optional else what
        rows.append(f"| `{key}` | `{kind.replace('|', '&#124;')}` | {note} |")
    return "\n".join(rows) + "\n"


def _docstring(name: str) -> str:
    text = ast.get_docstring(_CLASSES[name])
    return f"{' '.join(text.split())}\n\n" if text else ""


def expected_doc() -> str:
    parts = [INTRO, "\n## Every template: the helpers\n\n", _docstring("Helpers"), _table("Helpers")]
    parts += ["\nPage templates (those of a generated page) also receive:\n\n", _table("PageTitle")]
    by_context: dict[str, list[str]] = {}
    for template, context in TEMPLATE_CONTEXTS.items():
        by_context.setdefault(context.__name__, []).append(template)
    for name, templates in by_context.items():
        heading = ", ".join(f"`{template}`" for template in templates)
        parts += [f"\n## {heading}\n\n", f"`{name}`: ", _docstring(name), _table(name)]
    parts += ["\n## Where the types are defined\n\n", _types()]
    return "".join(parts)


def _types() -> str:
    """Each type a context names, with the module that defines it (its docstrings say the rest)."""
    names = sorted(
        {
            name
            for context in ("Helpers", "PageTitle", *(c.__name__ for c in TEMPLATE_CONTEXTS.values()))
            for _, kind, _, _ in _keys(context)
            for name in re.findall(r"[A-Z][A-Za-z]+", kind)
        }
        - {"Any", "Callable", "Mapping", "Sequence", "NotRequired", "None"}
    )
    rows = [
        f"- `{name}`: `{getattr(contexts, name).__module__}`" for name in names if hasattr(contexts, name)
    ]
    return "\n".join(rows) + "\n"


def test_docs_templates_md_is_made_from_the_typed_contexts() -> None:
    assert DOC.read_text(encoding="utf-8") == expected_doc(), (
        "docs/templates.md is out of date: .venv/bin/python -m tests.site.test_template_contexts"
    )


def test_every_template_a_site_may_override_has_a_typed_context() -> None:
    files = {path.relative_to(TEMPLATES).as_posix() for path in (TEMPLATES / "emptychair").rglob("*.*")}
    included = {
        name
        for path in (TEMPLATES / "emptychair").rglob("*.*")
        for name in re.findall(r'{%-?\s*include\s+"([^"]+)"', path.read_text(encoding="utf-8"))
    }
    standalone = {name for name in files if "/partials/" not in name and name not in included}
    assert standalone <= set(TEMPLATE_CONTEXTS), standalone - set(TEMPLATE_CONTEXTS)
    assert set(TEMPLATE_CONTEXTS) <= files, set(TEMPLATE_CONTEXTS) - files


if __name__ == "__main__":
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(expected_doc(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(REPO)}")
