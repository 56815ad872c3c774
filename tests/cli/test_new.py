"""`emptychair new`: flags named after the story's fields, or questions in a real terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pexpect
import yaml

from ..conftest import Site


def new(site: Site, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "emptychair", "new", *arguments],
        capture_output=True,
        text=True,
        cwd=site.root,
        stdin=subprocess.DEVNULL,
    )


def in_a_terminal(site: Site) -> pexpect.spawn:
    """`emptychair new` without flags, in a real pseudo-terminal."""
    return pexpect.spawn(
        sys.executable,
        ["-m", "emptychair", "new"],
        cwd=str(site.root),
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"},
        encoding="utf-8",
        timeout=30,
    )


def meta_of(site: Site, shown: str) -> dict[str, object]:
    text = (site.root / shown).read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


FLAGS = (
    "--kind", "complaint",
    "--title", "Margaret's sofa left in the rain",
    "--customer", "Margaret Hughes",
    "--customer-segment", "Retail",
    "--touchpoints", "delivery,billing",
    "--channel", "phone",
    "--rating", "2",
    "--date", "2026-11-17",
    "--author", "sam-agent",
    "--quote", "Soaked through.",
    "--follow-up", "ops-lead",
    "--follow-up-due", "2026-11-24",
    "--tags", "rain,sofa",
)  # fmt: skip


def test_flags_write_a_story_check_accepts_and_print_its_path(site: Site) -> None:
    result = new(site, *FLAGS, "--consent")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "stories/2026/w47/sofa-left-in-the-rain.md\n"
    assert meta_of(site, result.stdout.strip()) == {
        "title": "Margaret's sofa left in the rain",
        "date": "2026-11-17",
        "kind": "complaint",
        "customer": {"name": "Margaret Hughes", "segment": "Retail"},
        "consent": True,
        "channel": "phone",
        "rating": 2,
        "touchpoints": ["delivery", "billing"],
        "author": "sam-agent",
        "quote": "Soaked through.",
        "follow_up": {"owner": "ops-lead", "due": "2026-11-24"},
        "tags": ["rain", "sofa"],
    }
    checked = subprocess.run(
        [sys.executable, "-m", "emptychair", "check"], capture_output=True, text=True, cwd=site.root
    )
    assert (checked.returncode, checked.stdout) == (0, "")


def test_the_slug_is_unique_and_nothing_is_overwritten(site: Site) -> None:
    existing = site.add("2026/w40/sofa-left-in-the-rain.md")
    before = existing.read_bytes()
    first = new(site, *FLAGS)
    second = new(site, *FLAGS)
    assert first.stdout == "stories/2026/w47/sofa-left-in-the-rain-2.md\n"
    assert second.stdout == "stories/2026/w47/sofa-left-in-the-rain-3.md\n"
    assert existing.read_bytes() == before


def test_today_is_the_default_date(site: Site) -> None:
    result = new(
        site, "--kind", "praise", "--title", "Kind driver", "--customer", "Bo Li", "--touchpoints", "delivery"
    )
    assert result.returncode == 0, result.stderr
    today = datetime.now(UTC).date()  # the site's timezone: mkdocs.yml sets none
    year, week, _ = today.isocalendar()
    assert result.stdout == f"stories/{year}/w{week:02d}/kind-driver.md\n"
    assert meta_of(site, result.stdout.strip())["date"] == today.isoformat()


def test_invalid_values_are_refused_with_checks_messages(site: Site) -> None:
    result = new(
        site, "--kind", "complaint", "--title", "Rated seven", "--customer", "Di Roe",
        "--touchpoints", "delivry", "--rating", "7", "--channel", "fax", "--date", "2026-11-17",
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "stories/2026/w47/rated-seven.md:6: channel: 'fax' is not one of email, phone, chat, social, review-site, survey, in-person, letter",
        "stories/2026/w47/rated-seven.md:7: rating: 7 is not an integer from 1 to 5",
        "stories/2026/w47/rated-seven.md:8: touchpoints[0]: 'delivry' is not defined in site_config/departments.yml (did you mean 'delivery'?); allowed: quotes, billing, refunds, delivery",
        "nothing was written",
    ]
    assert not (site.stories / "2026").exists()


def test_without_a_terminal_or_flags_it_says_what_is_missing(site: Site) -> None:
    result = new(site)
    assert result.returncode == 1
    assert any(line.endswith("title: required field is missing") for line in result.stderr.splitlines())


def test_in_a_terminal_it_asks_each_field_and_answers_a_wrong_one_as_check_does(site: Site) -> None:
    child = in_a_terminal(site)
    try:
        child.expect(r"Kind \[story/review/complaint/praise/call-note/memo\]")
        child.sendline("complaynt")
        child.expect_exact(
            "kind: 'complaynt' is not one of story, review, complaint, praise, call-note, memo"
            " (did you mean 'complaint'?)"
        )
        child.sendline("complaint")
        child.expect("Title")
        child.sendline("Invoice shows the wrong VAT rate")
        child.expect("Customer")
        child.sendline("Ali Rahman")
        child.expect(r"Channel \[email/phone/chat/social/review-site/survey/in-person/letter\]")
        child.sendline("fax")
        child.expect_exact("channel: 'fax' is not one of email, phone, chat, social, review-site, survey")
        child.sendline("email")
        child.expect("Allowed: quotes, billing, refunds, delivery")
        child.expect("Touchpoints")
        child.sendline("invoices")
        child.expect_exact("touchpoints[0]: 'invoices' is not defined in site_config/departments.yml")
        child.sendline("billing")
        child.expect("consent")
        child.sendline("n")
        child.expect("Rating")
        child.sendline("7")
        child.expect_exact("rating: 7 is not an integer from 1 to 5")
        child.sendline("2")
        child.expect("Author")
        child.sendline("sam-agnet")
        child.expect_exact("author: 'sam-agnet' is not a person id in site_config/people.yml (did you mean")
        child.sendline("sam-agent")
        child.expect("Quote")
        child.sendline("It says 25%, we pay 20%.")
        child.expect("What happened, in Markdown")
        child.sendline("The March invoice charged the standard rate.")
        child.sendline("She rang twice.")
        child.sendline("")
        child.expect(r"stories/\d{4}/w\d\d/invoice-shows-the-wrong-vat-rate\.md")
        shown = str(child.after)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    meta = meta_of(site, shown)
    del meta["date"]
    assert meta == {
        "kind": "complaint",
        "title": "Invoice shows the wrong VAT rate",
        "customer": "Ali Rahman",
        "channel": "email",
        "touchpoints": ["billing"],
        "consent": False,
        "rating": 2,
        "author": "sam-agent",
        "quote": "It says 25%, we pay 20%.",
    }
    body = (site.root / shown).read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == "The March invoice charged the standard rate.\nShe rang twice.\n"


def test_for_a_memo_it_asks_for_author_audience_and_body_and_no_channel(site: Site) -> None:
    child = in_a_terminal(site)
    try:
        child.expect("Kind")
        child.sendline("memo")
        child.expect("Title")
        child.sendline("Answer every late-delivery call by name")
        child.expect(r"Author \(person id\) \[pat-lead/fin-lead/ops-lead/sam-agent\]")
        child.sendline("ops-lead")
        child.expect("Allowed: sales, finance, operations")
        child.expect("Audience")
        child.sendline("operations")
        index = child.expect(["Channel", "The memo, in Markdown"])
        assert index == 1, "a memo has no channel"
        child.sendline("Say your name, and theirs.")
        child.sendline("")
        child.expect(r"stories/\d{4}/w\d\d/answer-every-late-delivery-call-by-name\.md")
        shown = str(child.after)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    meta = meta_of(site, shown)
    del meta["date"]
    assert meta == {
        "kind": "memo",
        "title": "Answer every late-delivery call by name",
        "author": "ops-lead",
        "departments": ["operations"],
    }
    assert (site.root / shown).read_text(encoding="utf-8").endswith("---\nSay your name, and theirs.\n")
