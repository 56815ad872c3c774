"""Contact details in a story without consent: every way a customer could be reached is masked,
however it is written; the numbers every story has (orders, prices, dates, times, ratings) stay.

Phone numbers are found by libphonenumber (`phonenumbers`), which knows how each country writes them
(trunk prefixes, international prefixes, extensions, odd separators) where a regular expression
would keep growing. E-mail addresses spelt out to escape scrapers ("jo (at) example (dot) com"),
profile addresses (twitter.com/jo) and @handles are plain patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from phonenumbers import Leniency, PhoneMetadata, PhoneNumber, PhoneNumberMatcher, is_valid_number

from ..stories.model import DEFAULT_PHONE_REGION

EMAIL_WITHHELD = "[e-mail withheld]"
PHONE_WITHHELD = "[phone withheld]"
HANDLE_WITHHELD = "[handle withheld]"
PROFILE_WITHHELD = "[profile withheld]"

# An address is written with "@" (fullwidth and small forms too, spaced on both sides or neither) or
# "(at)" in brackets of any kind, and then any dot; or with the words " at " and " dot " ("jo at
# example dot com"), never " at " with a real dot, which is prose ("arrived at amazon.com"). A bare
# dot takes no spaces, so a sentence's full stop never joins a domain.
_SIGN_AT = r"(?:[@\uff20\ufe6b]|\s[@\uff20\ufe6b]\s|\s?[(\[{<]\s?at\s?[)\]}>]\s?)"
_SPELT_DOT = r"(?:\s?[(\[{<]\s?dot\s?[)\]}>]\s?|\s+dot\s+)"
_ANY_DOT = rf"(?:[.\uff0e\u3002\uff61]|{_SPELT_DOT})"
_EMAIL = re.compile(
    rf"(?<![\w.+-])(?>[\w.+-]*\w)(?:{_SIGN_AT}[\w-]+(?:{_ANY_DOT}[\w-]+)*{_ANY_DOT}"
    rf"|\s+at\s+[\w-]+(?:{_SPELT_DOT}[\w-]+)*{_SPELT_DOT})[^\W\d_]{{2,24}}(?![\w-])",
    re.IGNORECASE,
)
# Cheap tests first: most texts hold no address, no profile and fewer than nine digits.
_EMAIL_MARKS = ("@", "\uff20", "\ufe6b", "dot", "at)", "at]", "at}", "at>", "at )", "at ]", "at }", "at >")
_PROFILE_MARKS = (".com/", ".net/", ".app/")
_PROFILE = re.compile(
    r"(?<![\w.@/-])(?:https?://)?(?:(?:www|m|mobile|[a-z]{2})\.)?"
    r"(?:twitter\.com|x\.com|linkedin\.com|facebook\.com|fb\.com|instagram\.com|tiktok\.com|threads\.net"
    r"|youtube\.com|bsky\.app)/(?P<path>[^\s<>()\[\]{}\"'`]*[^\s<>()\[\]{}\"'`.,;:!?])",
    re.IGNORECASE,
)
# Path segments before the account's own name: linkedin.com/in/jo, youtube.com/c/jo, bsky.app/profile/jo.
_PROFILE_PREFIXES = frozenset({"in", "company", "pub", "school", "showcase", "c", "user", "profile"})
_HANDLE = re.compile(r"(?<![\w@/])@\w{1,50}(?![\w@])")
# Nine digits apart only by the punctuation libphonenumber reads inside a number (its
# VALID_PUNCTUATION, and whitespace): the fewest a phone number has with its area code. Only these
# runs, with a little room around them, go to the matcher; a date, a price or a time is not one.
_NINE_DIGITS = re.compile(
    r"\d(?:[\s\-\u2010-\u2015\u2212\u30fc\uff0d-\uff0f()\uff08\uff09\uff3b\uff3d.\[\]/~\u2053\u223c\uff5e\xad\u200b\u2060]{0,4}\d){8,}"
)
_MIN_PHONE_DIGITS = 9
_WORD_ROOM = 32


@dataclass(frozen=True, slots=True)
class ContactMasking:
    """Masks the contact details of a customer without consent, except the company's own accounts."""

    public_handles: frozenset[str] = field(default_factory=frozenset)
    """The company's own handles, case-folded, without their @ ('harbourpine')."""
    phone_region: str = DEFAULT_PHONE_REGION
    """ISO 3166 country whose national numbers stories write without a country code."""
    dialled: tuple[str, ...] = field(init=False)
    """How a number dialled with a prefix starts: +, 0 (most trunk and international prefixes), and
    the region's own trunk prefix (1 in the US)."""

    def __post_init__(self) -> None:
        metadata = PhoneMetadata.metadata_for_region(self.phone_region)
        trunk = metadata.national_prefix if metadata is not None else None
        object.__setattr__(self, "dialled", ("+", "0", *([trunk] if trunk else [])))

    @classmethod
    def of(cls, public_handles: Iterable[str], phone_region: str) -> ContactMasking:
        return cls(frozenset(handle.lstrip("@").casefold() for handle in public_handles), phone_region)

    def mask(self, text: str) -> str:
        """`text` without e-mail addresses, profile addresses or phone numbers. Handles are masked
        apart (`mask_handles`), after names: a customer known by their handle reads as their label."""
        lower = text.lower()
        if any(mark in lower for mark in _EMAIL_MARKS):
            text = _EMAIL.sub(EMAIL_WITHHELD, text)
        if any(mark in lower for mark in _PROFILE_MARKS):
            text = _PROFILE.sub(self._profile, text)
        if sum(map(text.count, "0123456789")) >= _MIN_PHONE_DIGITS and _NINE_DIGITS.search(text):
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

    def _written_as_phone_number(self, raw: str, number: PhoneNumber) -> bool:
        """Is what libphonenumber found possible also written as people write a phone number?

        The matcher's stricter leniencies keep only numbers valid today, and so miss fictional and
        retired ones (07700 900123, 555-123-4567, 0171 ...) that a story still must not show; the
        lenient one finds order numbers, prices and dates too. So: nine digits or more and not a date;
        then one dialled with a prefix (+44, 0044, 07700, (020), 1-800), or in the North American shape
        (555-123-4567), or else a valid number of ten digits or more. Validity is asked last: it is
        slow, and shorter order numbers (123456789) never need it."""
        written = _EXTENSION.sub("", raw)
        digits = sum(char.isdigit() for char in written)
        if digits < _MIN_PHONE_DIGITS or _DATE.match(written):
            return False
        if written.lstrip("(").startswith(self.dialled) or _NORTH_AMERICAN.fullmatch(written):
            return True
        return digits > _MIN_PHONE_DIGITS and is_valid_number(number)

    def _mask_phones(self, text: str) -> str:
        pieces: list[str] = []
        position = 0
        for start, end in _windows(text):
            window = text[start:end]
            for match in PhoneNumberMatcher(window, self.phone_region, leniency=Leniency.POSSIBLE):
                if self._written_as_phone_number(match.raw_string, match.number):
                    pieces += [text[position : start + match.start], PHONE_WITHHELD]
                    position = start + match.end
        pieces.append(text[position:])
        return "".join(pieces)


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """The words that hold each run of nine digits, and the extension after it ("ext. 1234"): the
    matcher reads these, not the whole text, which would cost it far more."""
    start = end = -1
    for run in _NINE_DIGITS.finditer(text):
        extension = _EXTENSION_AFTER.match(text, run.end())
        before, after = run.start(), extension.end() if extension else run.end()
        while before > 0 and run.start() - before < _WORD_ROOM and not text[before - 1].isspace():
            before -= 1
        while after < len(text) and after - run.end() < _WORD_ROOM and not text[after].isspace():
            after += 1
        if before > end:
            if end >= 0:
                yield start, end
            start = before
        end = after
    if end >= 0:
        yield start, end


_EXTENSION_MARK = r"\s*(?:x|ext\.?|extension|#)\s*\d{1,6}"
_EXTENSION = re.compile(rf"{_EXTENSION_MARK}$", re.IGNORECASE)
_EXTENSION_AFTER = re.compile(_EXTENSION_MARK, re.IGNORECASE)
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_NORTH_AMERICAN = re.compile(r"(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}")
