"""Consent decides what of a customer may be shown; everything else is withheld before rendering.

Consent belongs to the person: a customer who has not consented is withheld from every text of the
site (their own story, other stories, memos, digest intros), not only from their own story. One
Aho-Corasick automaton holds every withheld customer's distinctive forms, so a text is scanned once
whatever the number of customers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import ahocorasick

from ..stories.intros import DigestIntro
from ..stories.loading import Rejected
from ..stories.model import Customer, Story
from ..stories.problems import Problem

EMAIL_WITHHELD = "[e-mail withheld]"
PHONE_WITHHELD = "[phone withheld]"
HANDLE_WITHHELD = "[handle withheld]"
ORGANISATION_WITHHELD = "[organisation withheld]"
LATER_MENTION = "the customer"
"""A withheld customer's second and later mentions in one text: the label once reads well, not twice."""

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of digits with the separators people write phone numbers with; nine digits or more,
# so dates, prices and order numbers are left alone.
_PHONE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().-]{7,}\d(?![\w/])")
_MIN_PHONE_DIGITS = 9
_HANDLE = re.compile(r"(?<![\w@])@\w{1,50}(?![\w@])")
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "mr.", "mrs.", "ms.", "mx.", "dr."})
_SENTENCE_END = frozenset(".!?\n")
_WORD_BEFORE = re.compile(r"(?<!\S)(\S+) \Z")


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


def customer_key(customer: Customer) -> str:
    """One person, however their stories spell the case of their name."""
    return " ".join(customer.name.split()).casefold()


@dataclass(frozen=True, slots=True)
class _Form:
    """One way of writing a customer: what it stands for and where it is withheld."""

    owner: str
    """customer_key of the customer it names."""
    organisation: bool
    site_wide: bool
    """False for a lone first name: withheld only within the customer's own story."""
    capitalised: bool
    """A single word written with a capital ('Rose', 'Baker') names someone only when written so."""
    withheld: bool
    """False: a consenting customer's name, matched only so that a withheld part inside it stays."""


def _forms(customer: Customer, key: str, *, withheld: bool) -> Iterator[tuple[str, _Form]]:
    """(text, form) for each distinctive way of writing the customer, and their first names."""

    def form(
        text: str, *, organisation: bool = False, site_wide: bool = True, initial: bool = False
    ) -> tuple[str, _Form] | None:
        text = text.strip(",;:!?\"'()")
        text = text if initial else text.rstrip(".")
        if len(text) < 2:
            return None
        # Elsewhere than in their own story, 'Baker' may be a name and 'baker' is a word.
        capitalised = site_wide and _first_name_like(text)
        return text, _Form(key, organisation, site_wide, capitalised, withheld)

    words = customer.name.split()
    found = [form(" ".join(words))]
    if customer.organisation:
        found.append(form(" ".join(customer.organisation.split()), organisation=True))
    if len(words) == 1 and words[0].startswith("@"):
        found.append(form(words[0][1:]))
    elif len(words) == 1 and not _first_name_like(words[0]):
        # 'jetfan99', 'JetBlueFan': a handle imported without its @, as distinctive as a full name.
        found.append(form("@" + words[0]))
    elif not withheld:
        # In their own story, a consenting customer's surname or first name is theirs, whoever shares it.
        found += [form(word, site_wide=False) for word in words]
    elif len(words) == 1:
        found[0] = form(words[0], site_wide=False)
    else:
        found += [
            form(words[-1]),
            form(f"{words[0]} {words[-1][0]}.", initial=True) if words[-1][:1].isalpha() else None,
        ]
        found += [form(word, site_wide=False) for word in words[:-1]]
    yield from (item for item in found if item is not None)


def _first_name_like(word: str) -> bool:
    """'Rose', 'Anne-Marie', "D'Arcy": a name many people share; 'jetfan99' or 'JetBlueFan' are not."""
    letters = word.replace("-", "").replace("'", "")
    return letters.isalpha() and word[:1].isupper() and not any(char.isupper() for char in letters[1:])


@dataclass(frozen=True, slots=True)
class _Entry:
    """Everything the forms written the same way say, ready for one decision per match."""

    length: int
    wide_owner: str | None
    """The customer withheld wherever this is written ('' when it names several), or None."""
    wide_organisation: bool
    wide_capitalised: bool
    own_only: frozenset[str]
    """Customers withheld by this only within their own story (a first name)."""
    owners: frozenset[str]
    kept_wide: bool
    """A consenting customer's full name: kept whole, so no withheld part inside it is replaced."""
    kept_capitalised: bool

    @classmethod
    def of(cls, length: int, forms: list[_Form]) -> _Entry:
        wide = [form for form in forms if form.withheld and form.site_wide]
        kept = [form for form in forms if not form.withheld and form.site_wide]
        wide_owners = {form.owner for form in wide}
        return cls(
            length=length,
            wide_owner=(wide[0].owner if len(wide_owners) == 1 else "") if wide else None,
            wide_organisation=bool(wide) and all(form.organisation for form in wide),
            wide_capitalised=any(form.capitalised for form in wide),
            own_only=frozenset(form.owner for form in forms if form.withheld and not form.site_wide),
            owners=frozenset(form.owner for form in forms),
            kept_wide=bool(kept),
            kept_capitalised=any(form.capitalised for form in kept),
        )

    def decide(self, upper: bool, own: str | None, consent: bool) -> tuple[str | None, bool] | None:
        """(owner to withhold, or None to keep as written; is an organisation), or None: no name here."""
        if consent and own in self.owners:
            return None, False
        if self.wide_owner is not None and (upper or not self.wide_capitalised):
            return self.wide_owner, self.wide_organisation
        if own in self.own_only:
            return own, False
        if self.kept_wide and (upper or not self.kept_capitalised):
            return None, False
        return None


class Redactor:
    """Withholds every customer without consent from any text of the site, built once per site."""

    def __init__(
        self,
        stories: Iterable[Story],
        public_handles: Iterable[str] = (),
        *,
        also_withheld: Iterable[Customer] = (),
    ) -> None:
        """`also_withheld`: customers of files that could not be published, named nowhere either."""
        withheld: dict[str, Customer] = {}
        consenting: dict[str, Customer] = {}
        for story in stories:
            if story.customer is not None:
                key = customer_key(story.customer)
                (consenting if story.consent else withheld).setdefault(key, story.customer)
        for customer in also_withheld:
            withheld.setdefault(customer_key(customer), customer)
        self._build(withheld, consenting, tuple(public_handles))

    def _build(
        self, withheld: dict[str, Customer], consenting: dict[str, Customer], public_handles: tuple[str, ...]
    ) -> None:
        self._sources = (withheld, consenting, public_handles)
        self.public_handles = frozenset(handle.casefold() for handle in public_handles)
        self.labels = {key: anonymised_label(customer) for key, customer in withheld.items()}
        self.given_names = {
            key: frozenset(word.casefold() for word in customer.name.split()[:-1])
            for key, customer in withheld.items()
        }
        forms: dict[str, list[_Form]] = {}
        for key, customer in withheld.items():
            for text, form in _forms(customer, key, withheld=True):
                forms.setdefault(text.lower(), []).append(form)
        for key, customer in consenting.items():
            for text, form in _forms(customer, key, withheld=False):
                forms.setdefault(text.lower(), []).append(form)
        self.automaton: Any = ahocorasick.Automaton()
        for text, entries in forms.items():
            self.automaton.add_word(text, _Entry.of(len(text), entries))
        if forms:
            self.automaton.make_automaton()
        self.empty = not withheld

    # Other processes get the customers and build their own automaton: smaller to send than the automaton.
    def __getstate__(self) -> tuple[Any, ...]:
        return self._sources

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self._build(*state)

    def redact(self, story: Story) -> Story:
        """The story as it may be shown: nobody without consent named, and without its own customer's
        consent no e-mail address, phone number or social handle."""
        own = story.customer
        own_key = customer_key(own) if own is not None else None
        hidden = own is not None and not story.consent
        if self.empty and not hidden:
            return story
        if own is not None and own_key is not None and hidden and own_key not in self.labels:
            # A story this redactor was not built from: it still withholds its own customer.
            withheld, consenting, public_handles = self._sources
            extended = Redactor.__new__(Redactor)
            extended._build({**withheld, own_key: own}, consenting, public_handles)
            return extended.redact(story)

        label = anonymised_label(own) if hidden and own is not None else None

        def clean(text: str | None) -> str | None:
            return None if text is None else self.redact_text(text, own_key, consent=not hidden, label=label)

        return replace(
            story,
            customer=Customer(name=label, segment=own.segment) if label and own else own,
            title=clean(story.title) or label or story.title,
            quote=clean(story.quote),
            lesson=clean(story.lesson),
            body=clean(story.body) or "",
            follow_up=story.follow_up and replace(story.follow_up, note=clean(story.follow_up.note)),
            tags=tuple(self.redact_text(tag, own_key, consent=not hidden) for tag in story.tags),
        )

    def redact_intro(self, intro: DigestIntro) -> DigestIntro:
        """A leader's digest intro names no customer without consent either."""
        if self.empty:
            return intro
        title = intro.title and self.redact_text(intro.title)
        return replace(intro, title=title, body=self.redact_text(intro.body))

    def redact_rejected(self, rejected: Rejected) -> Rejected:
        """A file that could not be published, as the Needs attention page may show it."""
        own = customer_key(rejected.customer) if rejected.customer else None
        label = anonymised_label(rejected.customer) if rejected.customer else None

        def clean(text: str) -> str:
            return self.redact_text(text, own, consent=own is None, label=label)

        return replace(
            rejected,
            title=rejected.title and clean(rejected.title),
            problems=tuple(self.redact_problem(problem, clean) for problem in rejected.problems),
        )

    def redact_problem(self, problem: Problem, clean: Callable[[str], str] | None = None) -> Problem:
        """A problem's message may quote what a story says; the site shows it."""
        message = (clean or self.redact_text)(problem.message)
        return problem if message == problem.message else replace(problem, message=message)

    def redact_text(
        self, text: str, own: str | None = None, *, consent: bool = True, label: str | None = None
    ) -> str:
        """`text` without any withheld customer; `own` is the customer_key of the story it belongs to,
        whose contact details are masked too unless the story has `consent`, and who is called `label`."""
        if not consent:
            # Contact details first: a name inside an e-mail address must not break the address apart.
            text = mask_contact_details(text)
        if not self.empty:
            text = self._withhold_names(text, own, consent, label)
        if not consent and "@" in text:
            text = _HANDLE.sub(
                lambda m: m.group() if m.group().casefold() in self.public_handles else HANDLE_WITHHELD, text
            )
        return text

    def _withhold_names(self, text: str, own: str | None, consent: bool, label: str | None) -> str:
        lowered = text.lower()
        if len(lowered) != len(text):
            # A few characters lower to two ('İ'): keep those as they are, so positions still match.
            lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
        candidates: list[tuple[int, int, str | None, bool]] = []
        for end, entry in self.automaton.iter(lowered):
            start = end + 1 - entry.length
            if not _whole_word(text, start, end + 1):
                continue
            decision = entry.decide(text[start].isupper(), own, consent)
            if decision is not None:
                candidates.append((start, end + 1, *decision))
        if not candidates:
            return text
        candidates.sort(key=lambda item: (item[0], item[0] - item[1]))
        pieces: list[str] = []
        position = 0
        mentioned: set[str] = set()
        for start, end, owner, organisation in candidates:
            if start < position:
                continue
            if owner is None:
                # A consenting customer's own name: kept whole, with any withheld part inside it.
                pieces.append(text[position:end])
                position = end
                continue
            if organisation:
                replacement = ORGANISATION_WITHHELD
            else:
                start = self._extend_back(text, start, owner, position)
                replacement = self._mention(owner, label if owner == own else None, mentioned, text, start)
            pieces += [text[position:start], replacement]
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    def _extend_back(self, text: str, start: int, owner: str, limit: int) -> int:
        """Take in the honorific and first names written before a surname ('Mrs Isla Kerr')."""
        given = self.given_names.get(owner, frozenset())
        while (word := _WORD_BEFORE.search(text, max(limit, start - 40), start)) is not None:
            if word.group(1).casefold() not in given and word.group(1).casefold() not in _HONORIFICS:
                break
            start = word.start()
        return start

    def _mention(self, owner: str, label: str | None, mentioned: set[str], text: str, start: int) -> str:
        if owner not in mentioned:
            mentioned.add(owner)
            return label or self.labels.get(owner) or "a customer"
        before = text[:start].rstrip(" ")
        return LATER_MENTION.capitalize() if not before or before[-1] in _SENTENCE_END else LATER_MENTION


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_@" or after.isalnum() or after in "_@")
