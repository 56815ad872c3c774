"""mkdocs.yml's `nav:` as a strict build judges it, for `emptychair check`: entries to story files the
site makes no page of (said in our words, by `story_nav`), and entries to files the site does not have
(said in MkDocs' words: its own navigation code is run over the files the build would hold)."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, set_exclusions
from mkdocs.structure.nav import get_navigation

from ..stories.problems import Problem
from .project import mkdocs_messages
from .settings import Settings
from .site_files import added_file_uris
from .stages import Published, analysed
from .story_nav import story_nav, story_page_uris


def nav_problems(
    config: MkDocsConfig, published: Published, settings: Settings, config_shown: str
) -> list[Problem]:
    """Every problem of mkdocs.yml's `nav:` that a strict build fails on, as the build says it."""
    if not config.nav or settings.set_nav:
        return []
    pages = story_page_uris(published.stories, settings.addresses)
    nav = story_nav(config.nav, pages, settings, config_shown=config_shown)
    # At `validation.nav.omitted_files: warn` MkDocs names every page the nav leaves out: it needs them
    # all. Otherwise only the files the nav names change what it says.
    lists_all = config.validation.nav.omitted_files >= logging.WARNING
    named = {uri for target in _targets(nav.nav) for uri in _lookups(target)}
    available = {*pages.values(), *published.loaded.assets}
    if lists_all or any(uri not in available for uri in named):
        # A page the plugin makes beside the stories' (the home page, a digest): the site's data says
        # which exist, as in the build.
        available = added_file_uris(settings, analysed(settings, published))
    said = navigation_warnings(config, nav.nav, available if lists_all else available & named)
    return nav.problems + [Problem(config_shown, message, severity="warning") for message in said]


def navigation_warnings(config: MkDocsConfig, nav: list[Any], uris: Collection[str]) -> list[str]:
    """What MkDocs warns of (in its words) when it makes the navigation `nav` over files at `uris`."""
    files = Files([File(uri, None, config.site_dir, config.use_directory_urls) for uri in sorted(uris)])
    set_exclusions(files, config)
    own_nav = config.nav
    config.nav = nav
    try:
        with mkdocs_messages() as said:
            get_navigation(files, config)
    finally:
        config.nav = own_nav
    return [*said.errors, *said.warnings]


def _targets(nav: Any) -> Iterator[str]:
    """Every path or address the navigation names."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _targets(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _targets(item)


def _lookups(target: str) -> tuple[str, ...]:
    """The source URIs MkDocs may look `target` up as (an absolute path is one of the docs folder's under
    `validation.nav.absolute_links: relative_to_docs`); none for an address on another site."""
    address = urlsplit(target)
    if address.scheme or address.netloc:
        return ()
    return PurePosixPath(target).as_posix(), PurePosixPath(target.lstrip("/")).as_posix()
