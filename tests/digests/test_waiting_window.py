"""policy.yml's waiting_days: history nobody answered is counted on one line, not listed as waiting."""

from __future__ import annotations

import email
import email.policy
import subprocess
import sys
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest
from emptychair.stories.site_config import SiteConfigError, load_directory
from selectolax.lexbor import LexborHTMLParser

from ..conftest import FIXTURES, Site

Texts = Callable[[LexborHTMLParser, str], list[str]]


def add_old_and_recent_waits(site: Site) -> None:
    """Three stories nobody answered in 2015 (older than the 90 days policy.yml allows), one answered, and
    one waiting from the digest's week."""
    for number, day in enumerate(("2015-02-17", "2015-02-24", "2015-03-03")):
        site.add(f"2015/w0{8 + number}/old-{number}.md", title=f"Old wait {number}", date=day, rating=1)
    site.add(
        "2015/w09/answered.md",
        title="Answered",
        date="2015-02-25",
        rating=1,
        follow_up={"owner": "ops-lead", "status": "done"},
    )
    site.add("2026/w47/recent.md", title="Recent wait", date="2026-11-18", rating=2)


def test_older_unanswered_stories_leave_the_waiting_tables_for_one_line(site: Site, text_of: Texts) -> None:
    add_old_and_recent_waits(site)
    site.build()
    for url in ("", "departments/operations/", "digests/2026-W47/"):
        page = site.content(url)
        assert text_of(page, ".ec-waiting tbody td:nth-child(2)") == ["Recent wait"], url
        assert text_of(page, ".ec-waiting-older") == ["and 3 older stories never answered"], url
        link = page.css_first(".ec-waiting-older a").attributes["href"]
        assert link is not None and "waiting" in link
    listing = site.content("departments/operations/waiting/")
    assert len(listing.css(".ec-waiting tbody tr")) == 4


def test_the_digest_email_counts_older_unanswered_stories_on_the_same_line(
    site: Site, text_of: Texts
) -> None:
    add_old_and_recent_waits(site)
    out = site.root / "out"
    command = [
        "digest",
        "--week",
        "2026-W47",
        "--department",
        "operations",
        "--format",
        "email",
        "--out",
        str(out),
    ]
    result = subprocess.run(
        [sys.executable, "-m", "emptychair", *command], capture_output=True, text=True, cwd=site.root
    )
    assert result.returncode == 0, result.stderr
    (eml,) = out.glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    html, text = (message.get_body((subtype,)) for subtype in ("html", "plain"))
    assert html is not None and text is not None
    page = LexborHTMLParser(html.get_content())
    assert text_of(page, ".ec-waiting tbody td:nth-child(2)") == ["Recent wait"]
    assert text_of(page, ".ec-waiting-older") == ["and 3 older stories never answered"]
    waiting = "https://voice.example.test/departments/operations/waiting/"
    assert page.css_first(".ec-waiting-older a").attributes["href"] == waiting
    lines = text.get_content().splitlines()
    assert f"and 3 older stories never answered: {waiting}" in lines, lines
    assert "Old wait" not in text.get_content() + html.get_content()


@pytest.mark.parametrize("value", ["0", "ninety", "true", "99999"])
def test_waiting_days_is_checked(tmp_path: Path, value: str) -> None:
    folder = tmp_path / "site_config"
    folder.mkdir()
    for name in ("people.yml", "departments.yml"):
        (folder / name).write_text((FIXTURES / "site_config" / name).read_text())
    (folder / "policy.yml").write_text(f"waiting_days: {value}\n")
    with pytest.raises(SiteConfigError) as raised:
        load_directory(folder, root=tmp_path)
    (problem,) = raised.value.problems
    assert str(problem).startswith("site_config/policy.yml:1: waiting_days: ")
    assert str(problem).endswith(
        "is not a whole number of days from 1 to 3650; e.g. 90: unanswered stories older than that "
        "leave the waiting tables and are counted on one line"
    )
