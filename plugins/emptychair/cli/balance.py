"""`emptychair balance`: the customer share of leadership communications, in the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..balance.report import BalanceReport, Share
from ..pipeline.errors import CommandError
from ..pipeline.project import published_settings
from ..pipeline.stages import read_site
from ..stories.model import Directory


def _share(share: Share) -> dict[str, Any]:
    return {"customer": share.customer, "total": share.total, "share": share.value}


def report_json(report: BalanceReport, directory: Directory) -> dict[str, Any]:
    window = set(report.window_weeks)
    return {
        "target": report.target,
        "weeks": [str(week) for week in report.window_weeks],
        "share": _share(report.window_share),
        "by_week": {str(week): _share(share) for week, share in report.weeks if week in window},
        "leaders": [
            {"id": row.leader, "name": directory.people[row.leader].name, **_share(row.window)}
            for row in report.leaders
            if row.window.total
        ],
        "departments": [
            {
                "slug": row.department,
                **_share(row.window),
                "weeks_without_customer_story": [str(week) for week in row.window_gaps],
            }
            for row in report.departments
        ],
        "below_target": [finding.message() for finding in report.findings],
    }


def _styled(share: Share, target: float) -> str:
    if share.value is None:
        return share.percent
    colour = "green" if share.value >= target else "red"
    return f"[{colour}]{share.percent}[/{colour}] ({share.customer:,}/{share.total:,})"


def print_table(report: BalanceReport, directory: Directory, console: Console) -> None:
    window = set(report.window_weeks)
    first, last = report.window_weeks[0], report.window_weeks[-1]
    console.print(
        f"Customer share of leadership communications, {first} to {last}: "
        f"{_styled(report.window_share, report.target)}, target {round(report.target * 100)}%"
    )
    weeks = Table("Week", "Customer share", title="By week")
    for week, share in report.weeks:
        if week in window:
            weeks.add_row(str(week), _styled(share, report.target))
    console.print(weeks)
    leaders = Table("Leader", "Customer share", "Trend", title="By leader")
    for row in report.leaders:
        if row.window.total:
            leaders.add_row(
                escape(directory.people[row.leader].name), _styled(row.window, report.target), row.trend
            )
    console.print(leaders)
    departments = Table(
        "Department", "Customer share", "Weeks without a customer story", title="By department"
    )
    for department_row in report.departments:
        departments.add_row(
            escape(directory.departments[department_row.department].name),
            _styled(department_row.window, report.target),
            str(len(department_row.window_gaps)),
        )
    console.print(departments)
    for finding in report.findings:
        # Names and titles are text: rich would read "[link=...]" in them as markup.
        console.print(f"[red]below target[/red] {escape(finding.message())}", highlight=False)


def run_balance(arguments: argparse.Namespace) -> int:
    if arguments.weeks is not None and arguments.weeks < 1:
        raise CommandError("--weeks: give a number of weeks of 1 or more")
    # The balance needs no digest.
    settings = published_settings(arguments.config, "balance", window=arguments.weeks)
    data = read_site(settings, digest_weeks=())
    report = data.balance
    if not report.window_weeks:
        raise CommandError("there are no stories yet, so nothing to measure")
    if arguments.format == "json":
        json.dump(report_json(report, data.directory), sys.stdout, indent=2)
        print()
    else:
        print_table(report, data.directory, Console(highlight=False, soft_wrap=True))
    return 1 if arguments.check and report.findings else 0
