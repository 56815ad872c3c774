"""Contact details in a story without consent: every way a customer could be reached is masked,
however it is written; the numbers every story has (orders, prices, dates, times, ratings) stay.

Phone numbers are found by libphonenumber (`phonenumbers`), which knows how each country writes them
(trunk prefixes, international prefixes, extensions, odd separators) where a regular expression
would keep growing. E-mail addresses spelt out to escape scrapers ("jo (at) example (dot) com"),
profile addresses (twitter.com/jo) and @handles are plain patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from phonenumbers import Leniency, PhoneNumberMatcher, is_valid_number

from ..stories.model import DEFAULT_PHONE_REGION

EMAIL_WITHHELD = "[e-mail withheld]"
PHONE_WITHHELD = "[phone withheld]"
HANDLE_WITHHELD = "[handle withheld]"
PROFILE_WITHHELD = "[profile withheld]"

# "@" or its fullwidth and small forms, "(at)", "[at]", "{at}", "<at>", or " at " between words;
# the same for the dot. A bare dot takes no spaces, so a sentence's full stop never joins a domain.
_AT = r"(?:\s?[@\uff20\ufe6b]\s?|\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+)"
_DOT = r"(?:[.\uff0e\u3002\uff61]|\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+)"
_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]*\w{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[^\W\d_]{{2,24}}(?![\w-])", re.IGNORECASE
)
_PROFILE = re.compile(
    r"(?<![\w.@/-])(?:https?://)?(?:(?:www|m|mobile|[a-z]{2})\.)?"
    r"(?:twitter\.com|x\.com|linkedin\.com|facebook\.com|fb\.com|instagram\.com|tiktok\.com|threads\.net"
    r"|youtube\.com|bsky\.app)/(?P<path>[^\s<>()\[\]{}\"'`]*[^\s<>()\[\]{}\"'`.,;:!?])",
    re.IGNORECASE,
)
# Path segments before the account's own name: linkedin.com/in/jo, youtube.com/c/jo, bsky.app/profile/jo.
_PROFILE_PREFIXES = frozenset({"in", "company", "pub", "school", "showcase", "c", "user", "profile"})
_HANDLE = re.compile(r"(?<![\w@/])@\w{1,50}(?![\w@])")
# Nine digits close together: the fewest a phone number has with its area code, so only texts with
# such a run pay for the phone number matcher. Fewer (a date, a price, 2,000 stories) are left alone.
_NINE_DIGITS = re.compile(r"(?:\d\D{0,4}){8}\d")
_MIN_PHONE_DIGITS = 9


@dataclass(frozen=True, slots=True)
class ContactMasking:
    """Masks the contact details of a customer without consent, except the company's own accounts."""

    public_handles: frozenset[str] = field(default_factory=frozenset)
    """The company's own handles, case-folded, without their @ ('harbourpine')."""
    phone_region: str = DEFAULT_PHONE_REGION
    """ISO 3166 country whose national numbers stories write without a country code."""

    @classmethod
    def of(cls, public_handles: Iterable[str], phone_region: str) -> ContactMasking:
        return cls(frozenset(handle.lstrip("@").casefold() for handle in public_handles), phone_region)

    def mask(self, text: str) -> str:
        """`text` without e-mail addresses, profile addresses or phone numbers. Handles are masked
        apart (`mask_handles`), after names: a customer known by their handle reads as their label."""
        text = _EMAIL.sub(EMAIL_WITHHELD, text)
        if "/" in text:
            text = _PROFILE.sub(self._profile, text)
        if _NINE_DIGITS.search(text):
            text = self._mask_phones(text)
        return text

    def mask_handles(self, text: str) -> str:
        """`text` without @handles other than the company's own."""
        return _HANDLE.sub(self._handle, text) if "@" in text else text

    def _handle(self, match: re.Match[str]) -> str:
        return match.group() if match.group()[1:].casefold() in self.public_handles else HANDLE_WITHHELD

    def _profile(self, match: re.Match[str]) -> str:
        segments = [segment for segment in re.split(r"[/?#]", match.group("path")) if segment]
        if len(segments) > 1 and segments[0].casefold() in _PROFILE_PREFIXES:
            segments = segments[1:]
        account = segments[0].lstrip("@").casefold() if segments else ""
        return match.group() if account in self.public_handles else PROFILE_WITHHELD

    def _mask_phones(self, text: str) -> str:
        pieces: list[str] = []
        position = 0
        for match in PhoneNumberMatcher(text, self.phone_region, leniency=Leniency.POSSIBLE):
            if _written_as_phone_number(match.raw_string, is_valid_number(match.number)):
                pieces += [text[position : match.start], PHONE_WITHHELD]
                position = match.end
        pieces.append(text[position:])
        return "".join(pieces)


_EXTENSION = re.compile(r"(?:\s*(?:x|ext\.?|extension|#)\s*\d{1,6})$", re.IGNORECASE)
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")


def _written_as_phone_number(raw: str, valid: bool) -> bool:
    """Is what libphonenumber found *possible* also written as people write a phone number?

    The matcher's stricter leniencies keep only numbers valid today, and so miss fictional and
    retired ones (07700 900123, 555-123-4567, 0171 ...) that a story still must not show; the lenient
    one finds order numbers and dates too. So: nine digits or more, not a date, and a run of digits
    without separators only when it starts as a dialled number does (+, 0) or is a valid number."""
    number = _EXTENSION.sub("", raw)
    digits = sum(char.isdigit() for char in number)
    if digits < _MIN_PHONE_DIGITS or _DATE.match(number):
        return False
    return valid or not number.isdigit() or number[0] == "0"
