"""The send-once policy as plain functions: who is due a digest, and the record it is decided from."""

from __future__ import annotations

import json
from email.headerregistry import Address
from pathlib import Path

from emptychair.mail.recipients import due
from emptychair.mail.sent_record import Sending, SentRecord
from emptychair.stories.model import COMPANY

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
