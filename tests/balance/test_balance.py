"""Rebalancing leadership communications: the classifier, the target, capping and the empty chair."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

import pytest
from emptychair.balance.classifier import Classifier, WordLists
from emptychair.publishing.rendering import StoryRenderer
from selectolax.lexbor import LexborHTMLParser

from ..conftest import Site

Texts = Callable[[LexborHTMLParser, str], list[str]]

WORDS = WordLists(
    customer=("customer", "complaint", "told us", "delivery"),
    internal=("expense", "expense policy", "receipt", "timesheet", "policy", "approval"),
)


def classify(markdown: str, **options: str | None) -> tuple[str, str]:
    renderer = StoryRenderer(lambda src, target: "stories/x/" if target.endswith(".md") else None)
    html, _ = renderer.render("2026/w47/memo.md", markdown)
    result = Classifier(WORDS).classify(markdown, html, **options)
    return result.focus, result.reason


@pytest.mark.parametrize(
    ("markdown", "options", "expected"),
    [
        (
            "Customer entertainment now needs approval under the expense policy; keep every receipt.",
            {},
            (
                "internal",
                "internal: about expenses and approvals (3 mentions, all in the subject); "
                "customer words only in 'customer entertainment'",
            ),
        ),
        (
            "Read [the sofa](../w45/sofa.md) and [the refund](../w46/refund.md) before Friday's timesheets.",
            {},
            (
                "customer",
                "customer: about refunds and bills (1 mention, in the subject); links 2 stories; "
                "internal words outweighed (timesheets and utilisation, 1 mention)",
            ),
        ),
        (
            "> I took two days off work.\n\nThat is what one customer told us about our delivery.",
            {},
            ("customer", "customer: about customers, orders and deliveries (3 mentions); quotes a customer"),
        ),
        (
            "Timesheets are due on Friday.",
            {},
            (
                "internal",
                "internal: about timesheets and utilisation (1 mention, in the subject); "
                "no customer words or story links",
            ),
        ),
        (
            "Our offices close early on Friday.",
            {},
            ("internal", "internal: nothing about customers (no customer words, story links or quotes)"),
        ),
        (
            "Timesheets are due on Friday.",
            {"explicit": "customer"},
            ("customer", "customer: set by its author (focus: customer)"),
        ),
        (
            "A complaint about delivery, and what the customer told us.",
            {"explicit": "internal"},
            ("internal", "internal: set by its author (focus: internal)"),
        ),
    ],
)
def test_classifier_says_what_and_why(
    markdown: str, options: dict[str, str], expected: tuple[str, str]
) -> None:
    assert classify(markdown, **options) == expected


MEMO = "---\ntitle: {title}\ndate: {date}\nkind: memo\nauthor: {author}\n{extra}---\n{body}\n"


def memo(
    site: Site,
    slug: str,
    title: str,
    body: str,
    *,
    date: str = "2026-11-17",
    author: str = "ops-lead",
    extra: str = "",
) -> None:
    site.write(
        f"2026/w47/{slug}.md", MEMO.format(title=title, date=date, author=author, extra=extra, body=body)
    )


@pytest.fixture
def internal_week(site: Site) -> Site:
    site.add("2026/w47/wet-parcel.md", title="Wet parcel", quote="It was soaked through.", consent=True)
    site.add(
        "2026/w47/hidden.md",
        title="Hidden name",
        quote="Ring me, not the shop.",
        date="2026-11-16",
        customer={"name": "Olga Private", "segment": "Retail"},
        consent=False,
    )
    memo(
        site,
        "timesheets",
        "Timesheets by Friday",
        "Every timesheet needs approval by Friday.",
        extra="departments: [operations]\n",
    )
    memo(site, "expenses", "Expense policy update", "Receipts for every expense, please.", date="2026-11-18")
    return site


WARNINGS = [
    "WARNING -  emptychair: balance: Ops Lead: 0% of their communications were about customers in 2026-W44 to "
    "2026-W47 (0 of 2; target 60%). Internal: 'Timesheets by Friday' (2026-W47), 'Expense policy update' "
    "(2026-W47). Lead with a customer: no digest has featured wet-parcel ('Wet parcel') yet.",
    "WARNING -  emptychair: balance: Sales: 0% of leadership communications to the department were about "
    "customers in 2026-W44 to 2026-W47 (0 of 1; target 60%). Internal: 'Expense policy update' (2026-W47).",
]


def test_below_target_warns_per_leader_and_department_and_strict_build_fails(internal_week: Site) -> None:
    result = internal_week.build()
    lines = [line for line in result.stderr.splitlines() if "balance:" in line]
    assert lines[:2] == WARNINGS
    assert len(lines) == 4, "Ops Lead, Sales, Finance and Operations are each below target"
    assert internal_week.build("--strict", check=False).returncode == 1


def test_enforce_strict_fails_the_build_with_the_same_message(internal_week: Site) -> None:
    internal_week.configure("balance:\n  enforce: strict")
    result = internal_week.build(check=False)
    assert result.returncode == 1
    assert "balance below target (balance.enforce: strict):" in result.stderr
    assert WARNINGS[0].removeprefix("WARNING -  emptychair: balance: ") in result.stderr


def test_enforce_off_and_a_customer_memo_meet_the_target(internal_week: Site) -> None:
    internal_week.configure("balance:\n  enforce: 'off'")
    assert "balance:" not in internal_week.build("--strict").stderr
    internal_week.configure("balance:\n  target: 0.5")
    memo(
        internal_week, "read-this", "Read this first", "A customer told us about [her parcel](wet-parcel.md)."
    )
    memo(
        internal_week,
        "and-this",
        "And this",
        "Another customer told us about [it](wet-parcel.md).",
    )
    memo(internal_week, "fin-this", "Finance too", "See [the parcel](wet-parcel.md).", author="fin-lead")
    assert "balance:" not in internal_week.build("--strict").stderr


def test_internal_memo_page_shows_focus_and_a_customer_voice(internal_week: Site, text_of: Texts) -> None:
    internal_week.configure("balance:\n  enforce: 'off'")
    internal_week.build()
    page = internal_week.content("stories/expenses/")
    card = dict(zip(text_of(page, ".ec-card dt"), text_of(page, ".ec-card dd"), strict=True))
    assert card["Focus"] == (
        "internal: about expenses and approvals (3 mentions, 1 in the subject); no customer words or story links"
    )
    assert len(page.css(".ec-empty-chair")) == 1
    voice = (text_of(page, ".ec-empty-chair blockquote p")[0], text_of(page, ".ec-empty-chair footer")[0])
    # Chosen among the audience's recent quotes by the memo's slug, so a rebuild shows the same voice;
    # without consent, the label stands in for the name.
    assert voice == ("Ring me, not the shop.", "Customer from Retail, Hidden name")
    assert text_of(page, ".ec-empty-chair__label") == [
        "The empty chair: a customer of ours, in their own words"
    ]
    assert "Olga" not in page.html
    timesheets = internal_week.content("stories/timesheets/")
    assert timesheets.css(".ec-empty-chair a")[0].attributes["href"] in (
        "../../stories/wet-parcel/",
        "../../stories/hidden/",
    )


def test_customer_memo_has_no_empty_chair_and_home_leads_with_it(internal_week: Site, text_of: Texts) -> None:
    internal_week.configure("balance:\n  enforce: 'off'")
    memo(
        internal_week,
        "parcel-lesson",
        "What the wet parcel taught us",
        "Read [it](wet-parcel.md).",
        date="2026-11-16",
    )
    internal_week.build()
    assert internal_week.content("stories/parcel-lesson/").css(".ec-empty-chair") == []
    home = internal_week.content("")
    assert text_of(home, "#from-leaders ~ .ec-list .ec-summary__title") == [
        "What the wet parcel taught us",
        "Expense policy update",
        "Timesheets by Friday",
    ]


def test_dashboard_chart_and_table_agree(internal_week: Site, text_of: Texts) -> None:
    internal_week.configure("balance:\n  enforce: 'off'")
    memo(internal_week, "parcel-lesson", "What the wet parcel taught us", "Read [it](wet-parcel.md).")
    internal_week.build()
    page = internal_week.content("balance/")
    assert text_of(page, ".ec-lead") == [
        "In 2026-W44 to 2026-W47 (26 Oct 2026 to 22 Nov 2026), 1 of 3 leadership communications (33%) were "
        "about customers. The target is 60%."
    ]
    svg = page.css_first("figure.ec-chart svg")
    assert svg.css_first("title").text().startswith("Share of leadership communications about customers")
    weeks = [week.attributes["aria-label"] for week in svg.css("g.ec-chart__week")]
    assert len(weeks) == 26
    assert weeks[-1] == "2026-W47, 16\u201322 Nov: 1 of 3 about customers, 33%, below target"
    assert weeks[0] == "2026-W22, 25\u201331 May: no leadership communication"
    rows = {
        row.css_first("th").text(): [td.text() for td in row.css("td")]
        for row in page.css(".ec-balance-weeks tbody tr")
    }
    assert rows["2026-W47, 16\u201322 Nov"] == ["1", "2", "33%", "below"]
    leaders = [[cell.text() for cell in row.css("td")] for row in page.css(".ec-balance-leaders tbody tr")]
    assert leaders == [["Ops Lead", "3", "3", "33%", "33% (below)", "\u2013"]]


def run_cli(site: Site, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "emptychair", *arguments], capture_output=True, text=True, cwd=site.root
    )


def test_balance_command(internal_week: Site) -> None:
    result = run_cli(internal_week, "balance", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["weeks"] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]
    assert report["share"] == {"customer": 0, "total": 2, "share": 0.0}
    assert report["leaders"] == [
        {"id": "ops-lead", "name": "Ops Lead", "customer": 0, "total": 2, "share": 0.0}
    ]
    assert report["below_target"][0] == WARNINGS[0].removeprefix("WARNING -  emptychair: balance: ")
    table = run_cli(internal_week, "balance", "--weeks", "1")
    assert table.returncode == 0
    assert (
        "Customer share of leadership communications, 2026-W47 to 2026-W47: 0% (0/2), target 60%"
        in table.stdout
    )
    assert "Ops Lead" in table.stdout
    assert run_cli(internal_week, "balance", "--check").returncode == 1
