"""The balance page as a leader reads it: headline, chart, departments, and the numbers behind them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from selectolax.lexbor import LexborHTMLParser

from ..conftest import FIXTURES, MKDOCS_YML, Site

MEMO = "---\ntitle: {title}\ndate: {date}\nkind: memo\nauthor: {author}\n---\n{body}\n"
INTRO = "---\nweek: {week}\nauthor: {author}\nfeatured: [{featured}]\n---\n{body}\n"


@pytest.fixture(scope="module")
def balance_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Window 2026-W44..W47 against 2026-W40..W43: one customer item in W42 before, then an intro
    featuring three stories (one item), two internal memos, and a week with nothing at all (W45).
    Built once: every test here reads the same pages."""
    root = tmp_path_factory.mktemp("balance")
    shutil.copytree(FIXTURES / "site_config", root / "site_config")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    site = Site(root)
    for slug, day in (("wet-parcel", "2026-11-16"), ("cold-tea", "2026-11-17"), ("lost-key", "2026-11-18")):
        site.add(f"2026/w47/{slug}.md", title=slug.replace("-", " ").capitalize(), date=day)
    site.add("2026/w46/broken-lamp.md", title="Broken lamp", date="2026-11-10", quote="It came in pieces.")
    site.write(
        "2026/w42/read-this.md",
        MEMO.format(
            title="Read this",
            date="2026-10-13",
            author="fin-lead",
            body="See [the lamp](../w46/broken-lamp.md).",
        ),
    )
    site.write(
        "2026/w46/timesheets.md",
        MEMO.format(title="Timesheets", date="2026-11-09", author="ops-lead", body="Timesheets by Friday."),
    )
    site.write(
        "2026/w47/expenses.md",
        MEMO.format(
            title="Expenses", date="2026-11-18", author="ops-lead", body="Receipts for every expense."
        ),
    )
    site.write(
        "digests/2026-W47.md",
        INTRO.format(
            week="2026-W47",
            author="ops-lead",
            featured="wet-parcel, cold-tea, lost-key",
            body="Three customers this week.",
        ),
    )
    site.configure("balance:\n  enforce: 'off'")
    site.build("--strict")
    return site


def text(node: LexborHTMLParser | None) -> str:
    assert node is not None
    return " ".join(node.text().split())


def test_an_intro_and_its_featured_stories_count_as_one_item(balance_site: Site) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "emptychair", "balance", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=balance_site.root,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    # The intro and its three stories are one customer item; the two memos are internal.
    assert report["share"] == {"customer": 1, "total": 3, "share": pytest.approx(1 / 3)}
    assert report["by_week"]["2026-W47"] == {"customer": 1, "total": 2, "share": 0.5}


def test_headline_share_trend_and_who_needs_attention(balance_site: Site) -> None:
    page = balance_site.content("balance/")
    figures = [text(node) for node in page.css(".ec-headline__figure")]
    assert figures == [
        "33% about customers in the last 4 weeks (1 of 3); below the 60% target",
        "\u25bc down from 100% (1 of 1) in the 4 weeks before",
    ]
    assert page.css_first(".ec-headline__figure--below") is not None
    box = page.css_first(".ec-attention-box")
    assert text(box.css_first("h2")) == "Most in need of attention: Ops Lead"
    assert text(box.css_first("p")).startswith("Ops Lead: 33% of their communications were about customers")
    assert "Lead with a customer: no digest has featured broken-lamp ('Broken lamp') yet." in text(box)


def test_chart_tells_zero_from_nothing_and_marks_below_target_by_shape(balance_site: Site) -> None:
    page = balance_site.content("balance/")
    weeks = {
        week.attributes["aria-label"].split(":")[0]: week
        for week in page.css("figure.ec-chart g.ec-chart__week")
    }
    assert len(weeks) == 26

    def shapes(label: str) -> list[str]:
        return [
            f"{node.tag}.{node.attributes['class']}"
            for node in weeks[label].css("rect, path")
            if node.attributes["class"] != "ec-chart__hit"
        ]

    assert shapes("2026-W42, 12\u201318 Oct") == ["rect.ec-chart__bar"]
    assert shapes("2026-W45, 2\u20138 Nov") == ["rect.ec-chart__none"]
    assert shapes("2026-W46, 9\u201315 Nov") == ["path.ec-chart__zero"]
    assert shapes("2026-W47, 16\u201322 Nov") == ["rect.ec-chart__bar ec-chart__bar--below"]
    assert (
        weeks["2026-W46, 9\u201315 Nov"]
        .attributes["aria-label"]
        .endswith("0 of 1 about customers, 0%, below target")
    )
    assert weeks["2026-W45, 2\u20138 Nov"].attributes["aria-label"].endswith("no leadership communication")
    caption = text(page.css_first("figure.ec-chart figcaption"))
    assert "A cross on the axis: 0%" in caption and "A dashed box: no leadership communication" in caption


def test_target_label_sits_beside_the_plot_not_on_a_bar(balance_site: Site) -> None:
    svg = balance_site.content("balance/").css_first("figure.ec-chart svg")
    right_of_bars = max(
        float(rect.attributes["x"] or 0) + float(rect.attributes["width"] or 0)
        for rect in svg.css("rect.ec-chart__hit")
    )
    label = next(node for node in svg.css("text") if node.text() == "target 60%")
    assert float(label.attributes["x"] or 0) > right_of_bars


def test_every_number_in_the_chart_is_in_the_weeks_table(balance_site: Site) -> None:
    page = balance_site.content("balance/")
    table = page.css_first("details.ec-balance-numbers table.ec-balance-weeks")
    assert table is not None, "the weekly table is folded away in a <details>"
    rows = {text(row.css_first("th")): [text(td) for td in row.css("td")] for row in table.css("tbody tr")}
    for week in page.css("figure.ec-chart g.ec-chart__week"):
        label = week.attributes["aria-label"] or ""
        name = label.split(":")[0]
        found = re.search(r": (\d+) of (\d+) about customers, (\d+%)", label)
        if found is None:
            assert rows[name][:3] == ["0", "0", "\u2013"], name
            continue
        customer, total, percent = found.groups()
        assert rows[name][:3] == [customer, str(int(total) - int(customer)), percent], name


def test_departments_have_sparklines_and_a_coverage_strip(balance_site: Site) -> None:
    page = balance_site.content("balance/")
    rows = page.css(".ec-balance-departments tbody tr")
    assert [text(row.css_first("th")) for row in rows] == ["Sales", "Finance", "Operations"]
    operations = rows[2]
    stories, share = operations.css("svg.ec-spark")
    assert stories.attributes["role"] == share.attributes["role"] == "img"
    assert stories.attributes["aria-label"].startswith("Customer stories per week, 26 weeks: 4 in all")
    # The site's first story is in W42 (a memo): from then on, a week without a customer story is a
    # gap; before it nothing was being recorded yet.
    assert len(stories.css("rect.ec-spark__gap")) == 4
    assert text(operations.css("td")[1]) == "4: 2026-W42, 2026-W43, 2026-W44, 2026-W45"
    sales = rows[0]
    assert len(sales.css_first("svg.ec-spark").css("rect.ec-spark__gap")) == 6
    assert text(sales.css("td")[1]) == "6: 2026-W44, 2026-W45, 2026-W46, 2026-W47 and 2 earlier"
    assert "".join(text(row) for row in rows).count("\u00b7") == 0, "no dotted number strings"
