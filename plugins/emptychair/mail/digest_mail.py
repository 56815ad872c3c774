"""What a digest's e-mail says about itself: its subject line and the list it goes out on."""

from __future__ import annotations

from ..digests.weekly import Digest, counted
from .message import MailingList, list_label


def subject_line(digest: Digest) -> str:
    """'Operations, 2026-W47: 3 customers waiting, 5 stories': what differs first, inboxes cut the end."""
    name = digest.department.name if digest.department else "Company"
    waiting = (
        counted(digest.waiting_total, "customer waiting", "customers waiting")
        if digest.waiting_total
        else "no customer waiting"
    )
    return f"{name}, {digest.week}: {waiting}, {counted(digest.figures.stories, 'story', 'stories')}"


def digest_list(digest: Digest, domain: str) -> MailingList:
    name = f"{digest.department.name if digest.department else 'Company'} digest"
    return MailingList(name=name, label=list_label(digest.scope, domain))
