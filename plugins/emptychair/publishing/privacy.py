"""Consent decides what of a customer may be shown; everything else is withheld before rendering.

Consent belongs to the person: a customer who has not consented is withheld from every text of the
site (their own story, other stories, memos, digest intros), not only from their own story. One
Aho-Corasick automaton holds every withheld customer's distinctive forms, so a text is scanned once
whatever the number of customers.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any, NamedTuple

import ahocorasick

from ..stories.intros import DigestIntro
from ..stories.loading import Rejected
from ..stories.model import DEFAULT_PHONE_REGION, Customer, Story
from ..stories.problems import Problem
from .contacts import EMAIL_WITHHELD, ContactMasking

ORGANISATION_WITHHELD = "[organisation withheld]"
LATER_MENTION = "the customer"
"""A withheld customer's second and later mentions in one text: the label once reads well, not twice."""
WITHHELD_IN_ADDRESS = "withheld"
"""A name inside a web address or a path: one word, so that the address stays one."""

_EMAIL_PARTS = re.compile(r"(?<![\w.+-])([\w.+-]+)[@\uff20]([\w-]+(?:\.[\w-]+)+)")
_DOMAIN = re.compile(r"(?<![\w@.\uff20-])(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-])")
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "mr.", "mrs.", "ms.", "mx.", "dr."})
_SENTENCE_END = frozenset(".!?\n")
_WORD_BEFORE = re.compile(r"(?<!\S)(\S+) \Z")


class _Folding(dict[int, str]):
    """One character for one: lower case, accents off (Zoë -> zoe), every apostrophe as ', dashes and
    underscores as spaces (Smith-Jones, margaret_hughes), so that str.translate folds a text at C speed
    and positions in the folded text are positions in the text."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in _APOSTROPHES:
            folded = "'"
        elif char in _DASHES:
            folded = " "
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            folded = base.lower() if len(base) == 1 and len(base.lower()) == 1 else char
            folded = folded if len(folded) == 1 else char
        self[code] = folded
        return folded


_APOSTROPHES = frozenset("'\u2018\u2019\u02bc\u02b9\u2032\u00b4`\uff07")
_DASHES = frozenset("-_\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")
_FOLDING = _Folding()
# What a folded text cannot keep at one character for one: invisible characters inside a word
# (Hu\u00adghes) and HTML entities (Hu&#103;hes). Rare: texts with none skip the position map.
_HIDDEN = re.compile(
    r"[\u00ad\u200b-\u200d\u2060\ufeff]|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});"
)


def fold(text: str) -> str:
    """A name or a text as the redaction automaton compares it."""
    return text.translate(_FOLDING)


def _folded_with_spans(text: str) -> tuple[str, list[tuple[int, int]] | None]:
    """The folded text, and for each of its characters the span of `text` it comes from (None when each
    comes from the character at its own position)."""
    if "&" not in text and not _HIDDEN.search(text):
        return fold(text), None
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for hidden in _HIDDEN.finditer(text):
        pieces.append(text[position : hidden.start()])
        spans.extend((index, index + 1) for index in range(position, hidden.start()))
        decoded = html.unescape(hidden.group()) if hidden.group().startswith("&") else ""
        if len(decoded) == 1:
            pieces.append(decoded)
            spans.append(hidden.span())
        elif decoded:
            pieces.append(hidden.group())
            spans.extend((index, index + 1) for index in range(hidden.start(), hidden.end()))
        position = hidden.end()
    pieces.append(text[position:])
    spans.extend((index, index + 1) for index in range(position, len(text)))
    return fold("".join(pieces)), spans


def anonymised_label(customer: Customer) -> str:
    """A stable label that never contains the customer's name or organisation."""
    if customer.segment:
        return f"Customer from {customer.segment}"
    initials = ".".join(part[0].upper() for part in customer.name.split() if part[:1].isalpha())
    return f"Customer {initials}." if initials else "A customer"


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

    words = _name_words(customer.name)
    found = [form(" ".join(customer.name.split())), form(" ".join(words))]
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
    elif len(words) > 1:
        # (A name of one word, 'Cher', is withheld wherever it is written with a capital, as a surname is.)
        first, last = words[0], words[-1]
        found += [
            form(last),
            form(f"{last}, {first}"),
            form(f"{first} {last[0]}.", initial=True) if last[:1].isalpha() else None,
            form(f"{last}, {first[0]}.", initial=True) if first[:1].isalpha() else None,
        ]
        if len(words) > 2:
            # 'Mary Smith', 'Ann Smith' and 'Smith, Mary Ann' name 'Mary Ann Smith' too; any two words
            # in a row ('Hughes Smith' of 'Hughes Smith Jones') are as distinctive as a full name.
            found += [form(f"{given} {last}") for given in words[:-1]]
            found += [form(f"{last}, {' '.join(words[:-1])}")]
            found += [form(f"{one} {two}") for one, two in pairwise(words)]
        found += [form(word, site_wide=False) for word in words[:-1]]
    yield from (item for item in found if item is not None)


_SUFFIXES = frozenset(
    {"jr", "jnr", "sr", "snr", "ii", "iii", "iv", "phd", "md", "dds", "esq", "mbe", "obe", "cbe", "kc", "qc"}
)
_LEGAL_FORMS = frozenset(
    {"ltd", "limited", "plc", "inc", "llc", "llp", "gmbh", "co", "corp", "company", "the", "and", "group"}
)


def _name_words(name: str) -> list[str]:
    """The words of a name without suffixes ('Robert Stone Jr.'), given names first ('Hughes, Margaret')."""
    if name.count(",") == 1:
        surname, given = name.split(",")
        if given.strip() and fold(given.strip(" .")) not in _SUFFIXES:
            name = f"{given} {surname}"
    words = name.replace(",", " ").split()
    kept = [word for word in words if fold(word.strip(".")) not in _SUFFIXES]
    return kept or words


def _organisation_labels(organisation: str) -> set[str]:
    """How an organisation is written in its own web and e-mail addresses ('Acme Ltd': acme.co.uk)."""
    core = [word for word in re.findall(r"[a-z0-9]+", fold(organisation)) if word not in _LEGAL_FORMS]
    return {label for label in ("".join(core), "-".join(core)) if len(label) >= 3}


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


RedactorSources = tuple[dict[str, Customer], dict[str, Customer], ContactMasking]
"""What a Redactor is made of: the customers withheld and those who consented, by `customer_key`, in the
order the stories name them, and the contact details' masking."""


@dataclass(frozen=True, slots=True)
class Spellings:
    """What a Redactor finds names by, made from its sources alone (`spellings_of`)."""

    labels: dict[str, str]
    given_names: dict[str, frozenset[str]]
    organisation_labels: set[str]
    automaton: Any
    empty: bool


def spellings_of(sources: RedactorSources) -> Spellings:
    """Every spelling of every customer's name, in one automaton: what a site's Redactor takes longest
    to make (0.2-0.6 s for 2,000 withheld customers)."""
    withheld, consenting, _ = sources
    forms: dict[str, list[_Form]] = {}
    for key, customer in withheld.items():
        for text, form in _forms(customer, key, withheld=True):
            for spelling in _spellings(fold(text)):
                forms.setdefault(spelling, []).append(form)
    for key, customer in consenting.items():
        for text, form in _forms(customer, key, withheld=False):
            for spelling in _spellings(fold(text)):
                forms.setdefault(spelling, []).append(form)
    automaton: Any = ahocorasick.Automaton()
    for text, entries in forms.items():
        automaton.add_word(text, _Entry.of(len(text), entries))
    if forms:
        automaton.make_automaton()
    return Spellings(
        labels={key: anonymised_label(customer) for key, customer in withheld.items()},
        given_names={key: _given_names(customer.name) for key, customer in withheld.items()},
        organisation_labels={
            label
            for customer in withheld.values()
            if customer.organisation
            for label in _organisation_labels(customer.organisation)
        },
        automaton=automaton,
        empty=not withheld,
    )


def redactor_sources(
    stories: Iterable[Story],
    public_handles: Iterable[str] = (),
    *,
    also_withheld: Iterable[Customer] = (),
    phone_region: str = DEFAULT_PHONE_REGION,
) -> RedactorSources:
    """`also_withheld`: customers of files that could not be published, named nowhere either;
    `phone_region`: the country whose numbers stories write without a country code."""
    withheld: dict[str, Customer] = {}
    consenting: dict[str, Customer] = {}
    for story in stories:
        if story.customer is not None:
            key = customer_key(story.customer)
            (consenting if story.consent else withheld).setdefault(key, story.customer)
    for customer in also_withheld:
        withheld.setdefault(customer_key(customer), customer)
    return withheld, consenting, ContactMasking.of(public_handles, phone_region)


class Redactor:
    """Withholds every customer without consent from any text of the site, built once per site."""

    def __init__(self, sources: RedactorSources, spellings: Spellings | None = None) -> None:
        """The Redactor of `redactor_sources(...)`; `spellings`: their `spellings_of`, if made earlier (the
        build cache keeps them)."""
        self._build(sources, spellings_of(sources) if spellings is None else spellings)

    def _build(self, sources: RedactorSources, spellings: Spellings) -> None:
        self._sources = sources
        self.contacts = sources[2]
        self.labels = spellings.labels
        self.given_names = spellings.given_names
        self.organisation_labels = spellings.organisation_labels
        self.automaton = spellings.automaton
        self.empty = spellings.empty

    # Other processes get the customers and build their own automaton: smaller to send than the automaton.
    def __getstate__(self) -> RedactorSources:
        return self._sources

    def __setstate__(self, state: RedactorSources) -> None:
        self._build(state, spellings_of(state))

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
            withheld, consenting, contacts = self._sources
            sources: RedactorSources = ({**withheld, own_key: own}, consenting, contacts)
            return Redactor(sources).redact(story)

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
            tags=tuple(
                self.redact_text(tag, own_key, consent=not hidden, any_case=True) for tag in story.tags
            ),
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

        def meta(text: str) -> str:
            # A refusal quotes the name in lower case ('hughes'); a path or a key is written any way.
            return self.redact_text(text, own, consent=own is None, label=label, any_case=True)

        return replace(
            rejected,
            shown_path=meta(rejected.path),
            title=rejected.title and clean(rejected.title),
            problems=tuple(self.redact_problem(problem, meta) for problem in rejected.problems),
        )

    def redact_problem(self, problem: Problem, clean: Callable[[str], str] | None = None) -> Problem:
        """A problem as the site shows it: its message may quote what a file says, and its field may be
        an unknown key written verbatim (in any case). The path stays, so that `check` and the build's
        log lead the author to the file; the site shows a refused file's `shown_path`."""
        message = (clean or self.redact_text)(problem.message)
        field = problem.field and (clean or self._redact_key)(problem.field)
        if (message, field) == (problem.message, problem.field):
            return problem
        return replace(problem, message=message, field=field)

    def _redact_key(self, text: str) -> str:
        return self.redact_text(text, any_case=True)

    def redact_text(
        self,
        text: str,
        own: str | None = None,
        *,
        consent: bool = True,
        label: str | None = None,
        any_case: bool = False,
    ) -> str:
        """`text` without any withheld customer; `own` is the customer_key of the story it belongs to,
        whose contact details are masked too unless the story has `consent`, and who is called `label`."""
        if not consent:
            # Contact details first: a name inside an e-mail address must not break the address apart.
            text = self.contacts.mask(text)
        if not self.empty:
            text = self._withhold_names(self._withhold_addresses(text), own, consent, label, any_case)
        if not consent:
            text = self.contacts.mask_handles(text)
        return text

    def _names(self, text: str, own: str | None, consent: bool, any_case: bool) -> list[_Name]:
        """Every name in `text`; in a web address or a path, as in a tag, written in any case."""
        folded, spans = _folded_with_spans(text)
        slash = "/" in text
        candidates: list[_Name] = []
        for last, entry in self.automaton.iter(folded):
            first = last + 1 - entry.length
            start, end = (first, last + 1) if spans is None else (spans[first][0], spans[last][1])
            in_address = slash and _in_address(text, start, end)
            loose = any_case or in_address
            if not _whole_word(text, start, end, loose):
                continue
            decision = entry.decide(loose or text[start].isupper(), own, consent)
            if decision is not None:
                owner, organisation = decision
                candidates.append(_Name(start, end, owner, organisation, in_address))
        return candidates

    def names_withheld(self, text: str, consenting: Customer | None = None) -> bool:
        """Does `text` (a file name, say) name a customer who has not consented, written in any case?
        In the story of a `consenting` customer, their own name is theirs, whoever shares a part of it."""
        own = customer_key(consenting) if consenting is not None else None
        return not self.empty and any(name.owner for name in self._names(text, own, True, any_case=True))

    def _withhold_addresses(self, text: str) -> str:
        """E-mail addresses that name a withheld customer (Margaret.Hughes@, m.hughes@) or their
        organisation's domain, and that domain written alone (acme.co.uk), whoever's text it is."""
        if "@" in text or "\uff20" in text:

            def address(match: re.Match[str]) -> str:
                local, domain = match.group(1), match.group(2)
                labels = set(fold(domain).split("."))
                named = any(name.owner for name in self._names(local.replace(".", " "), None, True, True))
                return EMAIL_WITHHELD if named or labels & self.organisation_labels else match.group()

            text = _EMAIL_PARTS.sub(address, text)
        if self.organisation_labels and "." in text:
            text = _DOMAIN.sub(
                lambda match: (
                    ORGANISATION_WITHHELD
                    if set(fold(match.group()).split(".")) & self.organisation_labels
                    else match.group()
                ),
                text,
            )
        return text

    def _withhold_names(
        self, text: str, own: str | None, consent: bool, label: str | None, any_case: bool = False
    ) -> str:
        candidates = self._names(text, own, consent, any_case)
        if not candidates:
            return text
        candidates.sort(key=lambda name: (name.start, name.start - name.end))
        pieces: list[str] = []
        position = 0
        mentioned: set[str] = set()
        for start, end, owner, organisation, in_address in candidates:
            if start < position:
                continue
            if owner is None:
                # A consenting customer's own name: kept whole, with any withheld part inside it.
                pieces.append(text[position:end])
                position = end
                continue
            if in_address:
                replacement = WITHHELD_IN_ADDRESS
            elif organisation:
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


class _Name(NamedTuple):
    """Where a customer's name is written in a text, and what to do with it."""

    start: int
    end: int
    owner: str | None
    """The customer to withhold, or None: a consenting customer's name, kept as written."""
    organisation: bool
    in_address: bool


def _given_names(name: str) -> frozenset[str]:
    """What may stand before a surname and goes with it: given names and their initials ('M. A.')."""
    given = [word.casefold() for word in name.split()[:-1]]
    return frozenset(given) | {word[0] + "." for word in given if word[:1].isalpha()}


def _spellings(folded: str) -> tuple[str, ...]:
    """A folded form, and the same without its apostrophe as addresses and file names write it
    (o'neill: oneill, o neill)."""
    if "'" not in folded:
        return (folded,)
    return folded, folded.replace("'", ""), folded.replace("'", " ")


_ADDRESS_END = frozenset("<>()[]{}\"'`|")


def _in_address(text: str, start: int, end: int) -> bool:
    """Inside a web address or a path: a run of text without spaces that holds a '/'."""

    def ends(char: str) -> bool:
        return char.isspace() or char in _ADDRESS_END

    if any(map(ends, text[start:end])):
        return False
    left, right = start, end
    while left > 0 and not ends(text[left - 1]):
        left -= 1
    while right < len(text) and not ends(text[right]):
        right += 1
    return "/" in text[left:right]


def _whole_word(text: str, start: int, end: int, any_case: bool = False) -> bool:
    """Not inside a word; in prose not inside a handle either (@jet_fan), but in a key or a file name
    (margaret_hughes_phone) an underscore parts words."""
    joining = "@" if any_case else "_@"
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in joining or after.isalnum() or after in joining)
