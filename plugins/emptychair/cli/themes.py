"""`emptychair themes`: what customers talked about in a week, for the company or one department."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from ..digests.weekly import stories_in_scope
from ..pipeline.errors import CommandError
from ..pipeline.project import published_settings
from ..pipeline.stages import read_site
from ..site.data import SiteData
from ..stories.model import COMPANY, scope_of
from ..stories.site_config import SiteConfigError
from ..stories.weeks import IsoWeek
from ..themes.summary import ThemeRow, theme_rows
from .digest import resolve_week


def themes_json(week: IsoWeek, scope: str, stories: int, rows: Sequence[ThemeRow]) -> dict[str, Any]:
    return {
        "week": str(week),
        "scope": scope,
        "customer_stories": stories,
        "in_a_theme": len({item.slug for row in rows for item in row.stories}),
        "themes": [row.as_dict() for row in rows],
    }


def themes_text(week: IsoWeek, audience: str, stories: int, rows: Sequence[ThemeRow]) -> str:
    placed = len({item.slug for row in rows for item in row.stories})
    lines = [
        f"What customers talked about in {week} ({week.dates}), {audience}: "
        f"{len(rows)} {'theme' if len(rows) == 1 else 'themes'}, "
        f"{placed} of {stories} customer stories in one"
    ]
    for row in rows:
        lines.append("")
        lines.append(
            f"{row.label} [{row.slug}]: {row.count} {'story' if row.count == 1 else 'stories'} "
            f"({row.change:+d} on the week before), {round(row.negative * 100)}% negative"
        )
        lines.append(f"  terms: {', '.join(row.terms)}")
        lines.extend(f'  "{text}" ({item.slug})' for text, item in row.quotes)
    return "\n".join(lines)


def run_themes(arguments: argparse.Namespace) -> int:
    settings = published_settings(arguments.config, "themes")
    week = resolve_week(arguments.week, settings.today)
    try:
        # Themes need no digest.
        data: SiteData = read_site(settings, digest_weeks=())
    except SiteConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    for problem in data.problems:
        print(f"warning: {problem}", file=sys.stderr)
    department = arguments.department
    if department is not None and department not in data.directory.departments:
        allowed = ", ".join(data.directory.departments)
        raise CommandError(f"--department: {department!r} is not a department; one of {allowed}")
    if week not in data.index.by_week:
        weeks = data.index.weeks
        known = (
            f"weeks with stories run from {weeks[-1]} to {weeks[0]}" if weeks else "there are no stories yet"
        )
        raise CommandError(f"no stories in {week}, so no themes; {known}")
    rows = theme_rows(data.index, data.themes, week, department)
    stories = sum(not item.story.is_memo for item in stories_in_scope(data.index, week, department))
    scope = scope_of(department)
    if arguments.format == "json":
        json.dump(themes_json(week, scope, stories, rows), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        audience = "the whole company" if scope == COMPANY else data.directory.departments[scope].name
        print(themes_text(week, audience, stories, rows))
    return 0
