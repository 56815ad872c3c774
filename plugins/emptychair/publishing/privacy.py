"""Consent decides what of a customer may be shown; everything else is withheld before rendering."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..stories.model import Customer, Story

EMAIL_WITHHELD = "[e-mail withheld]"
PHONE_WITHHELD = "[phone withheld]"
ORGANISATION_WITHHELD = "[organisation withheld]"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of digits with the separators people write phone numbers with; nine digits or more,
# so dates, prices and order numbers are left alone.
_PHONE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().-]{7,}\d(?![\w/])")
_MIN_PHONE_DIGITS = 9


def anonymised_label(customer: Customer) -> str:
    """A stable label that never contains the customer's name or organisation."""
    if customer.segment:
        return f"Customer from {customer.segment}"
    initials = ".".join(part[0].upper() for part in customer.name.split() if part[:1].isalpha())
    return f"Customer {initials}." if initials else "A customer"


def mask_contact_details(text: str) -> str:
    text = _EMAIL.sub(EMAIL_WITHHELD, text)

    def phone(match: re.Match[str]) -> str:
        digits = sum(char.isdigit() for char in match.group())
        return PHONE_WITHHELD if digits >= _MIN_PHONE_DIGITS else match.group()

    return _PHONE.sub(phone, text)


@lru_cache(maxsize=4096)
def _name_pattern(name: str, organisation: str | None) -> re.Pattern[str] | None:
    """The full name, the short form people write ("Isla K."), then each part, as whole words in any case.

    Cached: the same customers come back, and compiling costs more than the rest of redaction.
    """
    words = name.split()
    parts = {part.strip(".,") for part in [name, organisation or "", *words] if len(part.strip(".,")) > 1}
    if len(words) > 1 and words[-1][:1].isalpha():
        parts.add(f"{words[0]} {words[-1][0]}.")
    alternatives = sorted(map(re.escape, parts), key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def redact(story: Story) -> Story:
    """The story as it may be shown: without consent, no name, organisation, e-mail or phone number."""
    if story.consent or story.customer is None:
        return story
    label = anonymised_label(story.customer)
    texts = (story.title, story.quote, story.lesson, story.body, story.follow_up and story.follow_up.note)
    everything = "\n".join(text for text in texts if text).casefold()
    parts = [story.customer.name, *story.customer.name.split(), story.customer.organisation or ""]
    named = any(len(part) > 1 and part.casefold() in everything for part in parts)
    pattern = _name_pattern(story.customer.name, story.customer.organisation) if named else None
    organisation = (story.customer.organisation or "").casefold()

    def clean(text: str | None) -> str | None:
        if text is None:
            return None
        # Contact details first: a name inside an e-mail address must not break the address apart.
        text = mask_contact_details(text)
        if pattern is not None:
            text = pattern.sub(
                lambda m: (
                    ORGANISATION_WITHHELD
                    if organisation and m.group().casefold().startswith(organisation)
                    else label
                ),
                text,
            )
        return text

    return replace(
        story,
        customer=Customer(name=label, organisation=None, segment=story.customer.segment),
        title=clean(story.title) or label,
        quote=clean(story.quote),
        lesson=clean(story.lesson),
        body=clean(story.body) or "",
        follow_up=story.follow_up and replace(story.follow_up, note=clean(story.follow_up.note)),
    )
