"""Each figure has one definition and reads the same wherever it is shown: pages, feeds, the terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

import feedparser
import pytest
from emptychair.index.story_index import net_promoter_score
from selectolax.lexbor import LexborHTMLParser

from ..conftest import Site

Texts = Callable[[LexborHTMLParser, str], list[str]]

MEMO = "---\ntitle: {title}\ndate: {date}\nkind: memo\nauthor: ops-lead\ndepartments: [operations]\n---\n{body}\n"


def run_cli(site: Site, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "emptychair", *arguments], capture_output=True, text=True, cwd=site.root
    )


def test_a_department_counts_the_same_stories_on_every_page(site: Site, text_of: Texts) -> None:
    for number in range(3):
        site.add(f"2026/w47/parcel-{number}.md", title=f"Parcel {number}", date=f"2026-11-1{6 + number}")
    for number in range(2):
        site.write(
            f"2026/w47/memo-{number}.md",
            MEMO.format(title=f"Van rota {number}", date="2026-11-18", body="Read the three parcels."),
        )
    site.configure("balance:\n  enforce: 'off'")
    site.build("--strict")

    assert "Operations: 3 stories, 3 waiting" in text_of(site.content(""), "ul.ec-departments li")
    departments = {
        row[0]: row
        for row in ([td.text() for td in tr.css("td")] for tr in site.content("departments/").css("tbody tr"))
    }
    assert departments["Operations"][2:] == ["3", "3"]
    department = site.content("departments/operations/")
    assert text_of(department, ".ec-list .ec-summary__title") == ["Parcel 2", "Parcel 1", "Parcel 0"]
    listing = site.content("departments/operations/stories/")
    assert text_of(listing, ".ec-count")[0].startswith("3 stories")
    assert len(listing.css(".ec-summary")) == 3


def test_the_feed_and_the_digest_count_every_customer_waiting(site: Site, text_of: Texts) -> None:
    for number in range(12):
        site.add(f"2026/w47/late-{number:02}.md", title=f"Late {number}", date="2026-11-17", rating=None)
    site.build("--strict")

    digest = site.content("digests/2026-W47/")
    sentence = "2026-W47: 12 customer stories, 12 customers still waiting and no ratings."
    assert text_of(digest, ".ec-digest-summary") == [sentence]
    assert text_of(digest, ".ec-digest-waiting > p")[0].startswith("12 customers are still waiting")
    assert len(digest.css(".ec-waiting tbody tr")) == 10
    feed = feedparser.parse((site.root / "site/feeds/company/atom.xml").read_bytes())
    assert feed.entries[0].summary == sentence
    rss = feedparser.parse((site.root / "site/feeds/operations/rss.xml").read_bytes())
    assert rss.entries[0].summary == sentence
    markdown = run_cli(site, "digest", "--week", "2026-W47", "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    assert markdown.stdout.splitlines()[4] == sentence


def test_the_top_line_compares_the_rating_with_last_week(site: Site, text_of: Texts) -> None:
    site.add("2026/w46/fine.md", title="Fine", kind="review", date="2026-11-10", rating=4)
    site.add("2026/w47/bad.md", title="Bad", date="2026-11-17", rating=1)
    site.add("2026/w47/ok.md", title="Ok", kind="review", date="2026-11-18", rating=4)
    site.build("--strict")

    assert text_of(site.content("digests/2026-W47/"), ".ec-digest-summary") == [
        "2026-W47: 2 customer stories, 1 customer still waiting and an average rating of 2.5, down from 4.0."
    ]
    assert text_of(site.content("digests/2026-W46/"), ".ec-digest-summary") == [
        "2026-W46: 1 customer story, nobody waiting and an average rating of 4.0 (none the week before)."
    ]


def test_the_digest_waiting_table_says_overdue_as_the_home_page_does(site: Site, text_of: Texts) -> None:
    site.add(
        "2026/w46/late.md",
        title="Late",
        date="2026-11-10",
        follow_up={"owner": "ops-lead", "status": "in-progress", "due": "2026-11-12"},
    )
    site.add(
        "2026/w46/later.md",
        title="Later",
        date="2026-11-11",
        follow_up={"owner": "ops-lead", "status": "open", "due": "2026-11-21"},
    )
    site.build("--strict")

    home = text_of(site.content(""), ".ec-waiting tbody td:nth-child(5)")
    digest = text_of(site.content("digests/2026-W46/"), ".ec-waiting tbody td:nth-child(5)")
    assert (
        home
        == digest
        == [
            "in-progress · due 12 Nov 2026 overdue by 10 days",
            "open · due 21 Nov 2026 overdue by 1 day",
        ]
    )


@pytest.mark.parametrize(
    ("scores", "expected"),
    [([10, 9, 8, 6, 3], 0), ([10, 10, 10, 0], 50), ([7, 8], 0), ([0, 6], -100), ([9], 100), ([], None)],
)
def test_nps_is_promoters_minus_detractors_in_points(scores: list[int], expected: int | None) -> None:
    assert net_promoter_score(scores) == expected


def _nps_week(site: Site, week: str, day: str, scores: list[int]) -> None:
    for number, score in enumerate(scores):
        site.add(
            f"2026/{week}/survey-{week}-{number}.md", title=f"Survey {week} {number}", date=day, nps=score
        )


def _figure_rows(site: Site, url: str) -> dict[str, list[str]]:
    return {
        row.css_first("td").text(): [td.text() for td in row.css("td")[1:]]
        for row in site.content(url).css(".ec-digest-figures tbody tr")
    }


NPS_ROW = "NPS (promoters minus detractors, of those who answered)"


def test_digest_shows_nps_in_points_and_a_change_only_from_five_answers(site: Site) -> None:
    _nps_week(site, "w46", "2026-11-10", [10, 10, 10, 9, 7])
    _nps_week(site, "w47", "2026-11-17", [10, 9, 8, 6, 3])
    site.build("--strict")
    assert _figure_rows(site, "digests/2026-W47/")[NPS_ROW] == ["+0 (5 answers)", "+80 (5 answers)", "-80"]

    (site.stories / "2026/w47/survey-w47-4.md").unlink()
    site.build("--strict")
    assert _figure_rows(site, "digests/2026-W47/")[NPS_ROW] == ["+25 (4 answers)", "+80 (5 answers)", "–"]
    weeks = site.content("weeks/")
    header = [th.text() for th in weeks.css("thead th")]
    assert "NPS" in header and "Average NPS" not in header
    row = [td.text() for td in weeks.css("tbody tr")[0].css("td")]
    assert row[header.index("NPS")] == "+25 (4 answers)"


def test_balance_command_counts_weeks_without_a_story_within_its_window(site: Site) -> None:
    site.add("2026/w40/early.md", title="Early", date="2026-09-29")
    site.add("2026/w47/late.md", title="Late", date="2026-11-17")
    site.configure("balance:\n  enforce: 'off'")

    result = run_cli(site, "balance", "--format", "json")
    assert result.returncode == 0, result.stderr
    departments = {row["slug"]: row for row in json.loads(result.stdout)["departments"]}
    assert departments["operations"]["weeks_without_customer_story"] == ["2026-W44", "2026-W45", "2026-W46"]
    assert len(departments["sales"]["weeks_without_customer_story"]) == 4

    table = run_cli(site, "balance", "--weeks", "2")
    assert table.returncode == 0, table.stderr
    operations = next(line for line in table.stdout.splitlines() if "Operations" in line)
    assert [cell.strip() for cell in operations.strip("│ \n").split("│")][-1] == "1"
