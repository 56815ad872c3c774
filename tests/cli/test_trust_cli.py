"""What the terminal shows is text too: rich does not read names and titles as its markup."""

from __future__ import annotations

import subprocess
import sys

from ..conftest import Site


def test_balance_table_shows_markup_in_names_and_titles_as_written(site: Site) -> None:
    people = site.root / "site_config" / "people.yml"
    people.write_text(
        people.read_text().replace(
            "{name: Ops Lead,", "{name: '[link=https://evil.example]Ops[/link] [bold]Lead',"
        )
    )
    site.write(
        "2026/w47/expenses.md",
        "---\ntitle: '[red]Expense[/red] policy'\ndate: 2026-11-18\nkind: memo\nauthor: ops-lead\n---\n"
        "Receipts for every expense, please.\n",
    )
    result = subprocess.run(
        [sys.executable, "-m", "emptychair", "balance", "--weeks", "1"],
        capture_output=True,
        text=True,
        cwd=site.root,
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "[link=https://evil.example]Ops[/link] [bold]Lead" in text
    assert "'[red]Expense[/red] policy'" in text
