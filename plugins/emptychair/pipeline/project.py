"""Find a project's stories and site_config from its mkdocs.yml, without starting MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TolerantLoader(_Loader):  # type: ignore[misc, valid-type]
    """mkdocs.yml may hold tags such as !ENV or !!python/name; they do not matter here."""


def _any_tag(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _any_tag)


@dataclass(frozen=True, slots=True)
class Project:
    root: Path
    stories_dir: Path
    site_config_dir: Path
    timezone: str = "UTC"
    options: dict[str, Any] | None = None
    config: dict[str, Any] | None = None
    """mkdocs.yml as read, for site_name, site_url, theme and markdown_extensions."""

    def markdown(self) -> tuple[list[str], dict[str, Any]]:
        """mkdocs.yml's markdown_extensions as (names, configs), for rendering outside MkDocs."""
        names: list[str] = ["tables", "fenced_code", "sane_lists"]
        configs: dict[str, Any] = {}
        for entry in (self.config or {}).get("markdown_extensions") or []:
            name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
            if name not in names:
                names.append(name)
            if options:
                configs[name] = options
        return names, configs

    def override_dirs(self) -> list[Path]:
        theme = (self.config or {}).get("theme")
        custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
        return [self.root / custom_dir] if custom_dir else []


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "emptychair" in entry:
            return dict(entry["emptychair"] or {})
    return {}


def find_project(config_file: Path | None = None) -> Project:
    """Read mkdocs.yml (or the given file) when there is one; otherwise the layout's defaults."""
    path = config_file or Path("mkdocs.yml")
    if not path.is_file():
        if config_file is not None:
            raise FileNotFoundError(f"{config_file}: no such configuration file")
        root = Path.cwd()
        return Project(root=root, stories_dir=root / "stories", site_config_dir=root / "site_config")
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    root = path.resolve().parent
    options = plugin_options(config)
    return Project(
        root=root,
        stories_dir=root / str(config.get("docs_dir", "docs")),
        site_config_dir=root / str(options.get("site_config", "site_config")),
        timezone=str(options.get("timezone", "UTC")),
        options=options,
        config=config,
    )
