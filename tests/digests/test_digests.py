"""Weekly digests: pages, feeds and the digest command, on a small known set across a year boundary."""

from __future__ import annotations

import email
import email.policy
import json
import re
import subprocess
import sys
from collections.abc import Callable

import feedparser
import pytest
from selectolax.lexbor import LexborHTMLParser

from ..conftest import Site
from ..smtp_server import SmtpServer, free_port

Texts = Callable[[LexborHTMLParser, str], list[str]]

MEMO = "---\ntitle: {title}\ndate: {date}\nkind: memo\nauthor: {author}\n{audience}---\n{body}\n"
INTRO = "---\nweek: {week}\n{extra}author: {author}\n---\n{body}\n"


@pytest.fixture
def year_end(site: Site) -> Site:
    """2026 has 53 ISO weeks: 2026-W53 runs from Mon 28 Dec 2026 to Sun 3 Jan 2027."""
    site.add(
        "2026/w52/old-complaint.md",
        title="Old complaint",
        date="2026-12-21",
        rating=1,
        follow_up={"owner": "ops-lead", "status": "open"},
        lesson="Vans need ramps.",
    )
    site.add(
        "2026/w52/fixed.md",
        title="Fixed",
        date="2026-12-22",
        rating=1,
        follow_up={"owner": "sam-agent", "status": "done", "closed": "2027-01-06"},
    )
    site.add(
        "2026/w53/praise.md",
        title="Year-end praise",
        kind="praise",
        date="2026-12-29",
        rating=5,
        quote="Delivered between Christmas and New Year!",
    )
    site.add(
        "2026/w53/late.md",
        title="Late on the second",
        date="2027-01-02T18:00:00Z",
        rating=2,
        lesson="Bank holiday rotas are thin.",
    )
    site.add(
        "2027/w01/billing.md",
        title="Invoice puzzle",
        date="2027-01-05",
        rating=3,
        touchpoints=["billing"],
        customer={"name": "Kim Secret", "segment": "Trade"},
        consent=False,
    )
    site.write(
        "2027/w01/ops-memo.md",
        MEMO.format(
            title="Van rota",
            date="2027-01-04",
            author="ops-lead",
            audience="departments: [operations]\n",
            body="Rota attached.",
        ),
    )
    site.write(
        "2027/w01/all-memo.md",
        MEMO.format(
            title="Expense policy",
            date="2027-01-05",
            author="pat-lead",
            audience="",
            body="Receipts within 30 days.",
        ),
    )
    site.write(
        "digests/2026-W53-operations.md",
        INTRO.format(
            week="2026-W53",
            extra="department: operations\nfeatured: [praise]\n",
            author="ops-lead",
            body="Two customers between the holidays; one is still waiting.",
        ),
    )
    # These tests are about digests; their memos would be below the balance target.
    site.configure("balance:\n  enforce: 'off'")
    return site


def test_department_digest_leads_with_waiting_customers(year_end: Site, text_of: Texts) -> None:
    year_end.build("--strict")
    page = year_end.content("digests/2026-W53/operations/")
    assert text_of(page, "h1") == ["Operations digest, 2026-W53"]
    assert text_of(page, "h2") == [
        "Customers waiting",
        "This week in numbers",
        "Featured",
        "More stories this week",
        "What we learned",
    ]
    assert (
        text_of(page, ".ec-digest-intro p")[0] == "Two customers between the holidays; one is still waiting."
    )
    assert text_of(page, ".ec-waiting tbody td:nth-child(2)") == ["Old complaint", "Late on the second"]
    assert text_of(page, ".ec-waiting tbody td:nth-child(3)") == ["13 days", "1 day"]
    assert text_of(page, ".ec-waiting tbody td:nth-child(4)") == ["Ops Lead", "nobody yet"]
    assert text_of(page, ".ec-waiting tbody td:nth-child(5)") == ["open", "none"]
    rows = {
        row.css_first("td").text(): [td.text() for td in row.css("td")[1:]]
        for row in page.css(".ec-digest-figures tbody tr")
    }
    assert rows["Customer stories"] == ["2", "2", "+0"]
    assert rows["Average rating"] == ["3.5", "1.0", "+2.5"]
    assert rows["Positive / neutral / negative"] == ["1 / 0 / 1", "0 / 0 / 2", "-1 negative"]
    assert text_of(page, ".ec-digest-featured .ec-summary__title") == ["Year-end praise"]
    assert text_of(page, ".ec-digest-stories .ec-summary__title") == ["Late on the second"]
    assert text_of(page, ".ec-digest-lessons li") == ["Bank holiday rotas are thin. (Late on the second)"]


def test_a_quiet_week_says_so_and_points_to_touchpoints(year_end: Site, text_of: Texts) -> None:
    year_end.build("--strict")
    page = year_end.content("digests/2027-W01/operations/")
    assert "No customer story reached Operations in 2027-W01." in text_of(page, ".ec-digest-empty p")
    assert [a.attributes["href"] for a in page.css(".ec-digest-empty a")] == [
        "../../../touchpoints/delivery/"
    ]
    assert text_of(page, ".ec-digest-closed li") == ["Fixed, closed by Sam Agent on 6 Jan 2027"]
    # No customer item that week: at most one internal memo, the rest one click away, none dropped.
    assert text_of(page, ".ec-digest-memos .ec-summary__title") == ["Expense policy"]
    (more,) = page.css(".ec-digest-memos > p > a")
    assert (more.text(), more.attributes["href"]) == (
        "1 more internal notice this week →",
        "../../../digests/2027-W01/internal-notices/",
    )
    notices = year_end.content("digests/2027-W01/internal-notices/")
    assert text_of(notices, ".ec-internal td:nth-child(1)") == ["Expense policy", "Van rota"]
    finance = year_end.content("digests/2027-W01/finance/")
    assert text_of(finance, ".ec-digest-stories .ec-summary__title") == ["Invoice puzzle"]
    assert text_of(finance, ".ec-digest-memos .ec-summary__title") == ["Expense policy"]
    assert "Kim" not in finance.text()


def test_latest_and_indexes(year_end: Site, text_of: Texts) -> None:
    year_end.build("--strict")
    latest = year_end.content("digests/latest/operations/")
    assert text_of(latest, "h1") == ["Operations digest, 2027-W01"]
    assert latest.html == year_end.content("digests/2027-W01/operations/").html
    index = year_end.content("departments/operations/digests/")
    assert text_of(index, ".ec-digests tbody th a") == ["2027-W01", "2026-W53", "2026-W52"]
    department = year_end.content("departments/operations/")
    assert [a.attributes["href"] for a in department.css("a.md-button")] == [
        "../../digests/latest/operations/"
    ]
    company = year_end.content("digests/2026-W53/")
    assert text_of(company, "h1") == ["Company digest, 2026-W53"]


def test_feeds_have_one_entry_per_week_with_absolute_links(year_end: Site) -> None:
    year_end.build("--strict")
    for flavour in ("atom", "rss"):
        feed = feedparser.parse((year_end.root / f"site/feeds/operations/{flavour}.xml").read_bytes())
        assert feed.bozo == 0, feed.get("bozo_exception")
        assert [entry.title for entry in feed.entries] == [
            "Operations digest, 2027-W01",
            "Operations digest, 2026-W53",
            "Operations digest, 2026-W52",
        ]
        assert [entry.link for entry in feed.entries] == [
            "https://voice.example.test/digests/2027-W01/operations/",
            "https://voice.example.test/digests/2026-W53/operations/",
            "https://voice.example.test/digests/2026-W52/operations/",
        ]
        published = [entry.published_parsed[:6] for entry in feed.entries]
        assert published == [(2027, 1, 5, 0, 0, 0), (2027, 1, 2, 18, 0, 0), (2026, 12, 22, 0, 0, 0)]
        content = feed.entries[1].content[0].value
        assert "Late on the second" in content
        assert 'href="https://voice.example.test/stories/late/"' in content
    company = feedparser.parse((year_end.root / "site/feeds/company/atom.xml").read_bytes())
    assert company.bozo == 0 and len(company.entries) == 3
    assert "Kim" not in (year_end.root / "site/feeds/company/rss.xml").read_text()


def test_weeks_follow_the_site_timezone(site: Site) -> None:
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "site_config: site_config", "site_config: site_config\n      timezone: Asia/Tokyo"
        )
    )
    site.add("2027/w01/late-sunday.md", title="Sunday night in London", date="2027-01-03T23:30:00Z")
    site.build("--strict")
    assert (site.root / "site/digests/2027-W01/operations/index.html").exists()
    assert not (site.root / "site/digests/2026-W53").exists()


def test_a_bad_intro_is_reported_like_a_story(year_end: Site) -> None:
    year_end.write(
        "digests/bad.md",
        INTRO.format(week="2026-W54", extra="featured: [praize]\n", author="sam-agent", body="Hi"),
    )
    result = year_end.build("--strict", check=False)
    assert result.returncode == 1
    for message in (
        "stories/digests/bad.md:2: week: '2026-W54' is not an ISO week such as 2026-W47",
        "stories/digests/bad.md:3: featured[0]: 'praize' is not a published story (did you mean 'praise'?)",
        "stories/digests/bad.md:4: author: 'sam-agent' is not a leader (leader: true in site_config/people.yml)",
    ):
        assert message in result.stderr
    check = run_cli(year_end, "check")
    assert check.returncode == 1
    assert "stories/digests/bad.md:4: author: 'sam-agent' is not a leader" in check.stdout


def run_cli(site: Site, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "emptychair", *arguments], capture_output=True, text=True, cwd=site.root
    )


def test_digest_command_json_and_markdown(year_end: Site) -> None:
    result = run_cli(
        year_end, "digest", "--week", "2026-W53", "--department", "operations", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    digest = json.loads(result.stdout)
    assert digest["title"] == "Operations digest, 2026-W53"
    assert digest["url"] == "https://voice.example.test/digests/2026-W53/operations/"
    assert [(entry["slug"], entry["days"]) for entry in digest["waiting"]] == [
        ("old-complaint", 13),
        ("late", 1),
    ]
    assert digest["figures"]["average_rating"] == 3.5
    assert [story["slug"] for story in digest["featured"]] == ["praise"]
    markdown = run_cli(year_end, "digest", "--week", "2027-W01", "--department", "finance")
    assert markdown.returncode == 0, markdown.stderr
    assert "### [Invoice puzzle](https://voice.example.test/stories/billing/)" in markdown.stdout
    assert "Kim" not in markdown.stdout


@pytest.mark.parametrize(
    ("week", "message"),
    [
        (
            "2025-W10",
            "emptychair: no stories in 2025-W10, so there is no digest for it; weeks with stories run from 2026-W52 to 2027-W01",
        ),
        ("soon", "emptychair: --week: 'soon' is not an ISO week such as 2026-W47; or use 'this' or 'last'"),
        (
            "this",
            "emptychair: no stories in 2026-W47, so there is no digest for it; weeks with stories run from 2026-W52 to 2027-W01",
        ),
    ],
)
def test_digest_command_explains_a_week_without_digest(year_end: Site, week: str, message: str) -> None:
    result = run_cli(year_end, "digest", "--week", week)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == message


def configure_email(site: Site, port: int) -> None:
    site.configure(
        f"email:\n  sender: Voice <voice@example.test>\n  smtp_host: 127.0.0.1\n  smtp_port: {port}\n  starttls: false"
    )


def test_digest_email_is_written_and_sent_to_the_department_list(year_end: Site, server: SmtpServer) -> None:
    configure_email(year_end, server.port)
    out = year_end.root / "out"
    result = run_cli(
        year_end,
        "digest",
        "--week",
        "2027-W01",
        "--department",
        "finance",
        "--format",
        "email",
        "--out",
        str(out),
        "--send",
    )
    assert result.returncode == 0, result.stderr
    assert "sent Finance digest, 2027-W01 to finance@example.test" in result.stderr
    assert sorted(path.name for path in out.iterdir()) == [
        "digest-2027-W01-finance.eml",
        "digest-2027-W01-finance.html",
        "digest-2027-W01-finance.txt",
    ]
    (delivered,) = server.handler.delivered
    assert delivered.recipients == ["finance@example.test"]
    message = email.message_from_bytes(delivered.content, policy=email.policy.default)
    assert message["Subject"] == "Finance, 2027-W01: 1 customer waiting, 1 story"
    assert message["From"] == "Voice <voice@example.test>"
    assert re.fullmatch(
        r"<digest-2027-W01-finance\.[0-9a-f]{16}@voice\.example\.test>", message["Message-ID"]
    )
    assert message["List-Id"] == "Finance digest <finance.digest.voice.example.test>"
    assert message["List-Unsubscribe"] == (
        "<mailto:voice@example.test?subject=unsubscribe%20finance.digest.voice.example.test>"
    )
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    page = LexborHTMLParser(html)
    assert page.css("script, link, style") == []
    assert [a.text() for a in page.css(".ec-summary__title a")] == ["Invoice puzzle", "Expense policy"]
    assert "Invoice puzzle" in text and "https://voice.example.test/stories/billing/" in text
    assert "Kim" not in html and "Kim" not in text
    assert (out / "digest-2027-W01-finance.eml").read_bytes().replace(
        b"\r\n", b"\n"
    ) == delivered.content.replace(b"\r\n", b"\n")


def test_without_send_nothing_is_sent_and_a_refused_server_is_a_clear_error(
    year_end: Site, server: SmtpServer
) -> None:
    configure_email(year_end, server.port)
    out = str(year_end.root / "out")
    quiet = run_cli(
        year_end, "digest", "--week", "2027-W01", "--department", "sales", "--format", "email", "--out", out
    )
    assert quiet.returncode == 0
    assert "not sent (add --send to deliver it to sales@example.test)" in quiet.stderr
    assert server.handler.delivered == []
    configure_email(year_end, free_port())
    refused = run_cli(
        year_end,
        "digest",
        "--week",
        "2027-W01",
        "--department",
        "sales",
        "--format",
        "email",
        "--out",
        out,
        "--send",
    )
    assert refused.returncode == 1
    assert "could not connect to SMTP server 127.0.0.1" in refused.stderr
    assert "nothing was sent to sales@example.test" in refused.stderr
    assert "Traceback" not in refused.stderr
