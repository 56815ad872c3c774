"""A digest's e-mail within its byte budget: as many of its stories as fit, the rest left to its page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from ..digests.weekly import Digest, email_cut, email_cuts

EMAIL_BUDGET = 100_000
"""Bytes a digest's e-mail may have as sent (headers and both parts, encoded): Gmail clips a message above
about 102 KB, and hides the rest behind a link."""


@dataclass(frozen=True, slots=True)
class FittedEmail:
    digest: Digest
    """What the e-mail shows: the digest with what did not fit left out, and counted."""
    html: str
    text: str
    message: EmailMessage


class OverBudgetError(Exception):
    """Even with every story, lesson and quote left out, the e-mail is larger than its budget."""


Composer = Callable[[Digest], tuple[str, str, EmailMessage]]
"""A digest -> its e-mail's HTML, its text and the message made of both."""


def fitted_email(digest: Digest, compose: Composer, budget: int = EMAIL_BUDGET) -> FittedEmail:
    """The e-mail of `digest` leaving out the fewest things (`email_cut`) that bring it within `budget`
    bytes as sent. Each cut makes the e-mail smaller, so the fewest are found by bisection: a handful of
    renderings, whatever the number of stories."""

    def made(cuts: int) -> tuple[FittedEmail, int]:
        shown = email_cut(digest, cuts)
        html, text, message = compose(shown)
        return FittedEmail(shown, html, text, message), len(bytes(message))

    whole, size = made(0)
    if size <= budget:
        return whole
    low, high = 0, email_cuts(digest)
    fitting, smallest = made(high)
    if smallest > budget:
        raise OverBudgetError(
            f"its e-mail is {smallest:,} bytes with no story, lesson or quote in it, over the budget of "
            f"{budget:,}: shorten the week's intro or the memos shown in it"
        )
    while high - low > 1:
        middle = (low + high) // 2
        candidate, size = made(middle)
        if size <= budget:
            high, fitting = middle, candidate
        else:
            low = middle
    return fitting
