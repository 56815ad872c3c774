"""`emptychair digest --send`: every digest of a week in one run, each once, with headers that behave."""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

import pytest

from ..conftest import Site
from ..smtp_server import SmtpServer, accept_digest_user

WEEK = "2026-W47"


@pytest.fixture
def week_site(site: Site) -> Site:
    site.add("2026/w47/rain.md", title="Parcel left in the rain", rating=1, touchpoints=["delivery"])
    site.add("2026/w47/van.md", title="Van blocked the drive", rating=2, touchpoints=["delivery"])
    site.add("2026/w47/quote.md", title="Quote was clear", kind="praise", rating=5, touchpoints=["quotes"])
    (site.root / "site_config" / "policy.yml").write_text(
        "channels: [email, phone]\ncompany_mailing_list: [Everyone <all@example.test>]\n", encoding="utf-8"
    )
    return site


def configure_email(site: Site, port: int, *extra: str) -> None:
    lines = ["email:", "  smtp_host: 127.0.0.1", f"  smtp_port: {port}", "  starttls: false", *extra]
    site.configure("\n".join(lines))


def edit_departments(site: Site, old: str, new: str) -> None:
    departments = site.root / "site_config" / "departments.yml"
    departments.write_text(departments.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def send_digests(site: Site, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "emptychair", "digest", "--week", WEEK, "--send", *arguments],
        capture_output=True,
        text=True,
        cwd=site.root,
        env={**os.environ, **env},
    )


def parsed(content: bytes) -> EmailMessage:
    message = email.message_from_bytes(content, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_all_sends_every_digest_to_its_list_and_says_who_got_each(
    week_site: Site, server: SmtpServer
) -> None:
    configure_email(week_site, server.port)

    result = send_digests(week_site, "--all")

    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"sent Company digest, {WEEK} to all@example.test",
        f"sent Sales digest, {WEEK} to sales@example.test",
        f"sent Finance digest, {WEEK} to finance@example.test",
        f"sent Operations digest, {WEEK} to ops@example.test",
    ]
    by_list = {
        tuple(delivered.recipients): parsed(delivered.content) for delivered in server.handler.delivered
    }
    assert set(by_list) == {
        ("all@example.test",),
        ("sales@example.test",),
        ("finance@example.test",),
        ("ops@example.test",),
    }
    subjects = {recipients[0]: message["Subject"] for recipients, message in by_list.items()}
    assert subjects == {
        "all@example.test": f"Company, {WEEK}: 2 customers waiting, 3 stories",
        "sales@example.test": f"Sales, {WEEK}: no customer waiting, 1 story",
        "finance@example.test": f"Finance, {WEEK}: no customer waiting, 0 stories",
        "ops@example.test": f"Operations, {WEEK}: 2 customers waiting, 2 stories",
    }
    identifiers = [message["Message-ID"] for message in by_list.values()]
    assert len(set(identifiers)) == 4
    for message in by_list.values():
        # No sender configured: the site's name at the site's host, with a display name.
        assert message["From"] == "Test voice <emptychair@voice.example.test>"
        assert message["Reply-To"] is None
        assert message["List-Unsubscribe"].startswith("<mailto:emptychair@voice.example.test?subject=")
    assert (
        by_list[("ops@example.test",)]["List-Id"]
        == "Operations digest <operations.digest.voice.example.test>"
    )


def test_a_rerun_of_the_same_week_sends_nothing_unless_resend(week_site: Site, server: SmtpServer) -> None:
    configure_email(week_site, server.port)
    first = send_digests(week_site, "--department", "operations")
    assert first.returncode == 0, first.stderr
    record = json.loads((week_site.root / ".cache/emptychair/sent-digests.json").read_text(encoding="utf-8"))
    [sending] = record["sent"][f"{WEEK}/operations"]
    assert sending["accepted"] == ["ops@example.test"]
    [delivered] = server.handler.delivered
    assert parsed(delivered.content)["Message-ID"] == sending["message_id"]

    again = send_digests(week_site, "--all")

    assert again.returncode == 0, again.stderr
    assert (
        f"already sent: Operations digest, {WEEK} went to ops@example.test at {sending['sent_at']}; "
        "not sent again (add --resend to send it anyway)"
    ) in again.stderr.splitlines()
    assert sorted(tuple(d.recipients) for d in server.handler.delivered) == [
        ("all@example.test",),
        ("finance@example.test",),
        ("ops@example.test",),
        ("sales@example.test",),
    ]

    nothing = send_digests(week_site, "--all")
    assert nothing.returncode == 0
    assert len(server.handler.delivered) == 4
    assert nothing.stderr.count("already sent: ") == 4

    resent = send_digests(week_site, "--department", "operations", "--resend")
    assert resent.returncode == 0, resent.stderr
    assert len(server.handler.delivered) == 5
    first_id, second_id = (
        parsed(d.content)["Message-ID"]
        for d in server.handler.delivered
        if d.recipients == ["ops@example.test"]
    )
    assert first_id != second_id


def test_date_is_the_time_of_sending_and_reply_to_and_sender_come_from_options(
    week_site: Site, server: SmtpServer
) -> None:
    configure_email(
        week_site,
        server.port,
        "  sender: voice@example.test",
        "  reply_to: Customer team <care@example.test>",
    )
    before = datetime.now(UTC).replace(microsecond=0)

    result = send_digests(week_site, "--department", "sales")

    assert result.returncode == 0, result.stderr
    message = parsed(server.handler.delivered[0].content)
    assert message["From"] == "Test voice <voice@example.test>"
    assert message["Reply-To"] == "Customer team <care@example.test>"
    sent = parsedate_to_datetime(message["Date"])
    assert before <= sent <= datetime.now(UTC)


def test_a_department_name_with_line_breaks_cannot_add_a_bcc(week_site: Site, server: SmtpServer) -> None:
    edit_departments(week_site, "name: Operations", 'name: "Opérations\\r\\nBcc: thief@evil.example"')
    configure_email(week_site, server.port)

    result = send_digests(week_site, "--department", "operations")

    assert result.returncode == 0, result.stderr
    [delivered] = server.handler.delivered
    assert delivered.recipients == ["ops@example.test"]
    message = parsed(delivered.content)
    assert message["Bcc"] is None
    assert message["Subject"] == f"Opérations Bcc: thief@evil.example, {WEEK}: 2 customers waiting, 2 stories"
    assert delivered.content.isascii()


def test_a_mailing_list_entry_with_a_line_break_is_refused_with_its_place(
    week_site: Site, server: SmtpServer
) -> None:
    edit_departments(
        week_site,
        "mailing_list: [ops@example.test]",
        'mailing_list: ["ops@example.test\\nBcc: thief@evil.example"]',
    )
    configure_email(week_site, server.port)

    result = send_digests(week_site, "--department", "operations")

    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        "site_config/departments.yml:21: departments.2.mailing_list.0: "
        "'ops@example.test\\nBcc: thief@evil.example' contains a line break or control character; give one address",
        "emptychair: 1 mailing list entry is not an e-mail address (see above); nothing was sent",
    ]
    assert server.handler.delivered == []


def test_starttls_required_but_not_offered_fails_before_the_password(
    week_site: Site, start_server: object
) -> None:
    attempts: list[str] = []

    def authenticator(*arguments: object) -> object:
        attempts.append(str(arguments[3]))
        return accept_digest_user(*arguments)  # type: ignore[arg-type]

    server = start_server(authenticator=authenticator, auth_require_tls=False)  # type: ignore[operator]
    week_site.configure(
        f"email:\n  smtp_host: 127.0.0.1\n  smtp_port: {server.port}\n  starttls: true\n  user: digest"
    )

    result = send_digests(week_site, "--all", EMPTYCHAIR_SMTP_PASSWORD="correct horse")

    assert result.returncode == 1
    assert re.search(
        rf"SMTP server 127\.0\.0\.1:{server.port} does not offer STARTTLS, so the digest would travel unencrypted",
        result.stderr,
    )
    assert result.stderr.splitlines()[-1] == "emptychair: 4 of 4 digests did not reach everyone (see above)"
    assert attempts == []
    assert server.handler.delivered == []
    assert not (week_site.root / ".cache/emptychair/sent-digests.json").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--send", "--format", "markdown"], "emptychair: --send goes with --format email"),
        (["--all"], "emptychair: --all writes several files: name a folder with --out DIR"),
        (
            ["--all", "--department", "sales"],
            "emptychair: --all already includes every department: leave out --department",
        ),
    ],
)
def test_arguments_that_do_not_go_together(week_site: Site, arguments: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "emptychair", "digest", "--week", WEEK, *arguments],
        capture_output=True,
        text=True,
        cwd=week_site.root,
    )
    assert (result.returncode, result.stderr.splitlines()[-1]) == (1, message)


def test_an_unreadable_send_record_stops_before_sending(week_site: Site, server: SmtpServer) -> None:
    configure_email(week_site, server.port)
    record = week_site.root / ".cache/emptychair/sent-digests.json"
    record.parent.mkdir(parents=True)
    record.write_text('{"sent": {"2026-W47/sales": ', encoding="utf-8")

    result = send_digests(week_site, "--all")

    assert result.returncode == 1
    last = result.stderr.splitlines()[-1]
    assert last.startswith(
        f"emptychair: {record.relative_to(week_site.root)}: the record of sent digests is not readable ("
    )
    assert last.endswith("fix or delete it, knowing that every digest of the week may then be sent again")
    assert server.handler.delivered == []


def delivered_to(server: SmtpServer) -> list[list[str]]:
    return [delivered.recipients for delivered in server.handler.delivered]


def test_after_a_refusal_a_rerun_sends_only_to_whoever_did_not_get_it(
    week_site: Site, server: SmtpServer
) -> None:
    edit_departments(
        week_site,
        "mailing_list: [ops@example.test]",
        "mailing_list: [ops@example.test, refuse-me@example.test]",
    )
    configure_email(week_site, server.port)
    first = send_digests(week_site, "--department", "operations")
    assert first.returncode == 1
    assert "but not to refuse-me@example.test (550 5.1.1 mailbox unavailable)" in first.stderr
    assert delivered_to(server) == [["ops@example.test"]]
    record = week_site.root / ".cache/emptychair/sent-digests.json"
    [sending] = json.loads(record.read_text(encoding="utf-8"))["sent"][f"{WEEK}/operations"]

    # Still refused: the re-run tries that address alone, and ops@ gets nothing twice.
    refused_again = send_digests(week_site, "--department", "operations")
    assert refused_again.returncode == 1
    assert (
        f"Operations digest, {WEEK} already went to ops@example.test at {sending['sent_at']}; "
        "sending it only to refuse-me@example.test"
    ) in refused_again.stderr.splitlines()
    assert delivered_to(server) == [["ops@example.test"]]

    edit_departments(week_site, "refuse-me@example.test", "ops.lead@example.test")
    fixed = send_digests(week_site, "--department", "operations")
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stderr.splitlines()[-1] == f"sent Operations digest, {WEEK} to ops.lead@example.test"
    assert delivered_to(server) == [["ops@example.test"], ["ops.lead@example.test"]]

    nothing = send_digests(week_site, "--department", "operations")
    assert nothing.returncode == 0, nothing.stderr
    assert nothing.stderr.startswith(f"already sent: Operations digest, {WEEK} went to ops@example.test")
    assert len(server.handler.delivered) == 2

    resent = send_digests(week_site, "--department", "operations", "--resend")
    assert resent.returncode == 0, resent.stderr
    assert resent.stderr.splitlines()[-1] == (
        f"sent Operations digest, {WEEK} to ops@example.test, ops.lead@example.test "
        "(again to ops@example.test, ops.lead@example.test: --resend)"
    )
    assert delivered_to(server)[-1] == ["ops@example.test", "ops.lead@example.test"]


def test_a_malformed_entry_in_any_list_stops_all_before_anything_is_sent(
    week_site: Site, server: SmtpServer
) -> None:
    edit_departments(
        week_site,
        "mailing_list: [finance@example.test]",
        'mailing_list: [finance@example.test, "Finance team"]',
    )
    (week_site.root / "site_config" / "policy.yml").write_text(
        "channels: [email, phone]\ncompany_mailing_list: all@example.test\n# the list of the whole company\n",
        encoding="utf-8",
    )
    edit_departments(week_site, "mailing_list: [ops@example.test]", "mailing_list: [ops@]")
    configure_email(week_site, server.port)

    result = send_digests(week_site, "--all")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "site_config/departments.yml:13: departments.1.mailing_list.1: 'Finance team' is not one e-mail "
        "address such as 'Sales <sales@example.com>'",
        "site_config/departments.yml:21: departments.2.mailing_list.0: 'ops@' is not one e-mail address "
        "such as 'Sales <sales@example.com>'",
        "emptychair: 2 mailing list entries are not an e-mail address (see above); nothing was sent",
    ]
    assert server.handler.delivered == []


def test_check_reports_a_malformed_mailing_list_entry(week_site: Site) -> None:
    edit_departments(week_site, "mailing_list: [sales@example.test]", 'mailing_list: ["sales@@example.test"]')

    result = subprocess.run(
        [sys.executable, "-m", "emptychair", "check"], capture_output=True, text=True, cwd=week_site.root
    )

    assert result.returncode == 1
    assert (
        "site_config/departments.yml:6: departments.0.mailing_list.0: 'sales@@example.test' is not one "
        "e-mail address such as 'Sales <sales@example.com>'"
    ) in result.stdout.splitlines()


def test_already_sent_is_told_from_the_record_without_reading_the_stories(
    week_site: Site, server: SmtpServer
) -> None:
    configure_email(week_site, server.port)
    assert send_digests(week_site, "--all").returncode == 0
    # Had the command read the stories, it would find no digest for the week and say so.
    shutil.rmtree(week_site.stories / "2026")

    again = send_digests(week_site, "--all")

    assert again.returncode == 0, again.stderr
    assert [line.split(" went to ")[0] for line in again.stderr.splitlines()] == [
        f"already sent: {name} digest, {WEEK}" for name in ("Company", "Sales", "Finance", "Operations")
    ]
    assert len(server.handler.delivered) == 4


def without_root_override() -> list[str]:
    """A prefix that makes a command run as root obey file permissions, as every other user does."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only folder would not stop root")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def test_a_record_that_cannot_be_written_stops_before_sending(week_site: Site, server: SmtpServer) -> None:
    configure_email(week_site, server.port)
    folder = week_site.root / ".cache/emptychair"
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    try:
        result = subprocess.run(
            [
                *without_root_override(),
                sys.executable,
                "-m",
                "emptychair",
                "digest",
                "--week",
                WEEK,
                "--send",
            ],
            capture_output=True,
            text=True,
            cwd=week_site.root,
        )
    finally:
        folder.chmod(0o755)

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "emptychair: .cache/emptychair/sent-digests.json: cannot write the record of sent digests "
        "(Permission denied); nothing was sent"
    )
    assert server.handler.delivered == []


def test_out_still_writes_the_files_of_a_digest_already_sent(week_site: Site, server: SmtpServer) -> None:
    configure_email(week_site, server.port)
    assert send_digests(week_site, "--department", "sales").returncode == 0

    again = send_digests(week_site, "--department", "sales", "--out", "out")

    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines()[-1].startswith(f"already sent: Sales digest, {WEEK} went to sales@")
    eml = week_site.root / "out" / f"digest-{WEEK}-sales.eml"
    assert parsed(eml.read_bytes())["To"] == "sales@example.test"
    assert len(server.handler.delivered) == 1
