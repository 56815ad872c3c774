"""The send-once policy as plain functions: who is due a digest, and the record it is decided from."""

from __future__ import annotations

import json
import shutil
from email.headerregistry import Address
from pathlib import Path

from emptychair.mail.recipients import due, read_mailing_lists
from emptychair.mail.sent_record import Sending, SentRecord
from emptychair.stories.model import COMPANY, Scope
from emptychair.stories.site_config import load_directory

from ..conftest import FIXTURES

OPS, LEAD, NEW = (Address(addr_spec=spec) for spec in ("ops@x.test", "lead@x.test", "new@x.test"))
FIRST = Sending("2026-11-23T09:00:00+00:00", "<a@x.test>", ("ops@x.test",), {"lead@x.test": "550 no"})


def test_due_leaves_out_whoever_got_it_unless_resend() -> None:
    delivered = {"ops@x.test": FIRST}

    plan = due((OPS, LEAD, NEW), delivered, resend=False)
    assert (plan.to_send, dict(plan.already), plan.resent) == ((LEAD, NEW), {"ops@x.test": FIRST}, ())

    again = due((OPS, LEAD, NEW), delivered, resend=True)
    assert (again.to_send, dict(again.already), again.resent) == ((OPS, LEAD, NEW), {}, ("ops@x.test",))


def test_the_record_adds_sendings_and_reads_the_one_sending_format_before_it(tmp_path: Path) -> None:
    path = tmp_path / "sent.json"
    path.write_text(
        json.dumps({"sent": {"2026-W47/company": {**FIRST.__dict__, "accepted": list(FIRST.accepted)}}}),
        encoding="utf-8",
    )
    record = SentRecord(path)
    later = Sending("2026-11-23T10:00:00+00:00", "<b@x.test>", ("lead@x.test",), {})

    record.add("2026-W47", COMPANY, later)

    reread = SentRecord(path)
    assert reread.sendings("2026-W47", COMPANY) == (FIRST, later)
    assert reread.delivered("2026-W47", COMPANY) == {"ops@x.test": FIRST, "lead@x.test": later}
    assert [entry.name for entry in tmp_path.iterdir()] == ["sent.json"]


def test_every_malformed_entry_is_a_problem_with_its_file_line_and_place(tmp_path: Path) -> None:
    site_config = tmp_path / "site_config"
    shutil.copytree(FIXTURES / "site_config", site_config)
    (site_config / "policy.yml").write_text(
        "channels: [email]\ncompany_mailing_list: all@\n", encoding="utf-8"
    )
    departments = site_config / "departments.yml"
    text = departments.read_text(encoding="utf-8")
    departments.write_text(
        text.replace("[finance@example.test]", "[finance@example.test, Finance]"), encoding="utf-8"
    )
    directory = load_directory(site_config, root=tmp_path)

    lists = read_mailing_lists(directory, site_config, root=tmp_path)

    assert [str(problem) for problem in lists.problems] == [
        "site_config/policy.yml:2: company_mailing_list: 'all@' is not one e-mail address such as "
        "'Sales <sales@example.com>'",
        "site_config/departments.yml:13: departments.1.mailing_list.1: 'Finance' is not one e-mail address "
        "such as 'Sales <sales@example.com>'",
    ]
    assert [address.addr_spec for address in lists.addresses[Scope("finance")]] == ["finance@example.test"]
    assert lists.addresses[COMPANY] == ()
