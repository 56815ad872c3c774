"""Is a leader's memo about customers or internal work? Weighed as a reader would, with a one-line reason.

Each customer or internal word or phrase (vocabulary.py, plus a company's own in balance.yml) counts where
it stands: three times in the subject, twice in the opening, once elsewhere; ambiguous words count half,
and a greeting to customers ("Dear Guest") double. The longest phrase wins, so "customer events" or
"performance review" are not customer words. A linked story or a quoted customer (a quote in the first
person or naming customers; a forwarded press release is in the third, and so is the executive it quotes)
counts three. A memo is about customers when that weight beats the internal weight, with at least two
customer mentions of which one names people, not only things (bookings, refunds, waiting), or three such
things and no internal word at all, or a link or quote: one stray mention never decides. The reason names
the leading topics and how often they came.

Words are read in context. Beside an internal service's topics (IT, pay, expenses, facilities...), with no
customer named, service words (apologies, refunds, bills, orders, waiting, outages) are about staff; beside
a service to staff named outright (the travel desk, the staff shuttle, the summer party), so are the roles
staff have too (travellers, passengers, members, guests, readers). An internal term owned by another
organisation ("Acme's employees", "benefits for the client's staff") counts for neither side. A one-word term
written with a capital inside a sentence, in a run of capitals or always so in the memo, is a name (Target,
Customer First), not the word; the company's own name ("Northwind's pension") owns nothing of another's. A
greeting by job ("Drivers,") greets staff; a memo with no greeting that writes to "you" is a letter to a
customer, unless a service to staff is named outright. And when a site's memos with `focus:` are enough to
learn from (learned.py), what they teach overrules the words at high odds; without them, what emptychair's
own labelled memos teach (the built-in prior) overrules them at higher odds.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..publishing.rendering import ROOT
from .learned import FocusModel, built_in_prior
from .vocabulary import (
    CUSTOMER_TOPICS,
    INTERNAL_TOPICS,
    NOT_ABOUT_CUSTOMERS,
    NOT_PEOPLE,
    SERVICE_TOPICS,
    STAFF_DESKS,
    STAFF_ROLES,
    STAFF_SERVICES,
    WEIGHTS,
)

STORY_LINK = f'href="{ROOT}stories/'
_QUOTE = re.compile(r"<blockquote[^>]*>(.*?)</blockquote>", re.DOTALL)
_FIRST_PERSON = frozenset(("i", "me", "my", "we", "us", "our"))
_SPEECH = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d|&quot;.*?&quot;', re.DOTALL)
"""Speech inside a quote: what an executive says in a press release, or what a customer says in an article."""
NARRATION_WORDS = 8
"""A quote with at least this many words outside its speech marks is narrated (a press release, an article):
its speaker is whoever it quotes, and the "we" of an executive's words is not a customer's."""

SUBJECT_WEIGHT = 3.0
OPENING_WEIGHT = 2.0
EVIDENCE_WEIGHT = 3.0
"""What one linked story or one quoted customer weighs."""
MINIMUM_CUSTOMER_WEIGHT = 2.0
OVERRULE_LOG_ODDS = 5.0
"""The site's labelled memos overrule the words when they disagree at odds of e^5 (148) to 1 or more: of 2 to
8, the lowest with the best 10-fold cross-validation (benchmarks/classifier_eval.py --cross-validate 10)."""
PRIOR_OVERRULE_LOG_ODDS = 9.0
PRIOR_WORDS = 40
"""emptychair's own labelled memos (the built-in prior, learned.py) overrule the words only at odds of e^9
(8,103) to 1 or more, and a memo with more than 40 words they know (most have 22 to 48) counts as 40 words'
worth: they are not the site's own style, and naive Bayes grows surer with length alone. Chosen by
classifying each tuned set with a prior learnt from the others: 457 of 457 right (the words alone: 453),
where 20, 30, 40, 60 or no limit and 6 to 12 gave 453 to 457; without the limit the prior overruled one of
the demo site's memos (a utilisation memo full of customer jobs) wrongly."""
MINIMUM_CUSTOMER_MENTIONS = 2
MINIMUM_SERVICE_MENTIONS = 3
"""Mentions of service (orders, waiting, bills) that make a memo about customers without naming any, where
it has no internal word at all."""
OWNER_REACH = 3
"""How far after an internal term a "for" or "of" may name whose it is ("payroll and pensions for Acme's")."""
LETTER_YOUS = 3
"""A memo with no greeting that says "you" or "your" this often is a letter to its reader: a customer, unless
a service to staff is named outright (the reader is then staff, as the travel desk's travellers are)."""
_YOU = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
SIGNATURE_WORDS = 6
"""A memo's last line, if no longer than this, signs it: the names in it are the writer's own."""
OPENING_WORDS = 8
"""The opening runs to the end of the first paragraph of at least this many words (a greeting is shorter)."""

Words = Sequence[str] | Mapping[str, Sequence[str]]
"""A list of words and phrases (each its own topic), or topics mapped to their words and phrases."""


@dataclass(frozen=True, slots=True)
class WordLists:
    customer: Words = ()
    internal: Words = ()
    not_customer: Sequence[str] = ()
    """Phrases in which a customer word is not about customers ("customer events")."""
    built_in: bool = True
    """Whether these add to the built-in English vocabulary (True) or replace it."""
    own_names: Sequence[str] = ()
    """The company's own names ("Northwind"): what they own ("Northwind's pension") is ours, not another
    organisation's."""


DEFAULT_WORDS = WordLists()


@dataclass(frozen=True, slots=True)
class Classification:
    focus: str
    """'customer' or 'internal'."""
    reason: str

    @property
    def is_customer(self) -> bool:
        return self.focus == "customer"


@dataclass(frozen=True, slots=True)
class _Term:
    side: str
    """'customer', 'internal' or 'neutral' (a customer word in a sense that is not about customers)."""
    topic: str
    phrase: str
    weight: float
    role: bool = False
    """A customer word for a role staff have too (STAFF_ROLES)."""


@dataclass(frozen=True, slots=True)
class _Read:
    """A part of a memo as words: their one spelling (tokens), each as written with what stands before it
    (found: a sentence end or line break, else nothing), and the positions of the tokens the vocabulary
    has (candidates)."""

    tokens: list[str]
    found: list[tuple[str, str]]
    candidates: list[int]
    title_case: bool = False
    """A subject with most words capitalised: a capital there says nothing."""
    owned: bool = False
    """Whether it has a possessive or "their" at all: most parts have neither, and need no look for whose."""

    def initial(self, position: int) -> bool:
        """Whether the word starts with a capital (and is not an acronym such as HR)."""
        word = self.found[position][1]
        return word[0].isupper() and not word.isupper()

    def capital(self, position: int) -> bool:
        """Whether the word has a capital inside a sentence, where only names have one."""
        opens = position == 0 or bool(self.found[position][0])
        return not self.title_case and not opens and self.initial(position)


@dataclass
class _Side:
    weight: float = 0.0
    mentions: int = 0
    in_subject: int = 0
    topics: dict[str, list[float]] = field(default_factory=dict)
    """topic -> [weight, mentions]"""

    def add(self, term: _Term, where: float) -> None:
        weight = term.weight * where
        in_subject = where == SUBJECT_WEIGHT
        self.weight += weight
        self.mentions += 1
        self.in_subject += in_subject
        tally = self.topics.setdefault(term.topic, [0.0, 0])
        tally[0] += weight
        tally[1] += 1

    def about(self, limit: int = 2) -> str:
        ranked = sorted(self.topics.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
        return ", ".join(topic for topic, _ in ranked)

    def summary(self) -> str:
        if not self.in_subject:
            where = ""
        elif self.mentions == 1:
            where = ", in the subject"
        elif self.in_subject == self.mentions:
            where = ", all in the subject"
        else:
            where = f", {self.in_subject} in the subject"
        return f"about {self.about()} ({_mentions(self.mentions)}{where})"


_LETTER_TO_YOU = _Term("customer", "a letter to you", "you", 1.0, role=True)
_TOKEN = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?")
_LEAD_TOKEN = re.compile(
    r"([.!?:;\"'\u201c\u2018\u2019(*#>\u2013\u2014\n-]?)[ \t]*([a-zA-Z0-9]+(?:['\u2019][a-zA-Z]+)?)"
)
"""A word (as _TOKEN, in any case) with what stands before it: a sentence end or line break, or nothing
(mid-sentence). Letters spelt out rather than re.IGNORECASE, which makes it three times slower."""
_POSSESSIVE_NAME = re.compile(r"\b([A-Z][A-Za-z]+)['\u2019]s\b")
_CALENDAR = frozenset(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
     "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
)  # fmt: skip
"""Names with a capital that own no one's staff: "Friday's timesheets" are ours."""
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_STAFF_GREETING = re.compile(r"\s*(?!(?:dear|valued|our)\b)[A-Za-z]+(?: [A-Za-z]+)?,[ \t]*\n", re.IGNORECASE)


def _normal(token: str) -> str:
    """One spelling for a word and its plural or possessive, the same for vocabulary and memo."""
    token = token.replace("\u2019", "'")
    if token.endswith("'s"):
        token = token[:-2]
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 4 and token.endswith(("ches", "shes", "sses", "xes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def _topics(words: Words) -> Iterable[tuple[str, str]]:
    """(topic, phrase) pairs; a plain list's phrases are their own topics."""
    if isinstance(words, Mapping):
        return ((topic, phrase) for topic, phrases in words.items() for phrase in phrases)
    return ((phrase, phrase) for phrase in words)


class Classifier:
    """Weighs a memo's customer and internal words by topic and position; explicit focus always wins."""

    def __init__(self, words: WordLists, *, prior: bool = True) -> None:
        self._model: FocusModel | None = None
        """What the site's labelled memos teach (learned.py): it overrules the words when it disagrees at
        odds of OVERRULE_LOG_ODDS or more."""
        self._prior = built_in_prior() if prior and words.built_in else None
        """What emptychair's own labelled English memos teach, for a site without enough labels of its own:
        it overrules the words at odds of PRIOR_OVERRULE_LOG_ODDS or more."""
        self._terms: dict[tuple[str, ...], _Term] = {}
        self._lengths: dict[str, tuple[int, ...]] = {}
        """First word -> the lengths of the phrases it starts, longest first."""
        self._normals: dict[str, str] = {}
        self._english = words.built_in
        self._own_names = tuple(words.own_names)
        """Only in English does a capital inside a sentence mark a name (German writes every noun so)."""
        if words.built_in:
            self._add_all("customer", CUSTOMER_TOPICS, WEIGHTS)
            self._add_all("internal", INTERNAL_TOPICS, WEIGHTS)
            self._add_all("neutral", {"": NOT_ABOUT_CUSTOMERS}, WEIGHTS)
            for role in STAFF_ROLES:
                key = tuple(self._tokens(role))
                self._terms[key] = dataclasses.replace(self._terms[key], role=True)
        self._add_all("customer", words.customer, {}, keep_topic=True)
        self._add_all("internal", words.internal, {}, keep_topic=True)
        self._add_all("neutral", {"": words.not_customer}, {})
        single = {key[0] for key, term in self._terms.items() if term.side == "customer" and len(key) == 1}
        self._people = frozenset(word for word in single if self._terms[(word,)].topic not in SERVICE_TOPICS)
        """One-word customer terms that name people: a quote with one is about customers."""
        for key, term in list(self._terms.items()):
            if term.side == "customer" and len(key) == 1:
                # A letter that opens "Dear Guest" is written to customers, whatever they are called.
                self._add(
                    ("dear", *key), _Term("customer", term.topic, f"dear {term.phrase}", 2.0, term.role)
                )
            elif term.side == "neutral" and single.intersection(key):
                # Only these are worth naming in a reason: they hold a customer word that did not count.
                self._terms[key] = _Term("neutral", "customer word", term.phrase, term.weight)

    @property
    def model(self) -> FocusModel | None:
        """What this site's labelled memos taught it, if they were enough."""
        return self._model

    def taught(self, labelled: Iterable[tuple[str, str]]) -> Classifier:
        """This classifier, with what memos labelled by their authors teach ((text, focus) pairs); itself
        when they are too few to learn from."""
        model = FocusModel.train((self.words_of(text), focus) for text, focus in labelled)
        if model is None:
            return self
        taught = copy.copy(self)
        taught._model = model
        return taught

    def _tokens(self, text: str) -> list[str]:
        normals = self._normals
        return [
            normals[token] if token in normals else normals.setdefault(token, _normal(token))
            for token in _TOKEN.findall(text.lower())
        ]

    def _memo_tokens(self, text: str, *, title_case: bool = False) -> _Read:
        normals, lengths = self._normals, self._lengths
        found: list[tuple[str, str]] = _LEAD_TOKEN.findall(text)
        # Keyed as written too ("Customers" and "customers"): one look-up a word, no lower() for each.
        tokens = [
            normals[word] if word in normals else normals.setdefault(word, _normal(word.lower()))
            for _, word in found
        ]
        candidates = [index for index, token in enumerate(tokens) if token in lengths]
        owned = any(mark in text for mark in ("'s", "\u2019s", "s'", "s\u2019", "their"))
        return _Read(tokens, found, candidates, title_case, owned)

    def _names(self, read: Sequence[_Read]) -> frozenset[str]:
        """One-word terms that a memo writes with a capital inside a sentence, and never in lower case: names
        (Target the retailer, the Customer First award, Head of Customer Care), wherever they stand."""
        lengths = self._lengths
        found = {
            part.tokens[index]
            for part in read
            for index in part.candidates
            if 1 in lengths[part.tokens[index]] and part.capital(index) and part.tokens[index - 1] != "dear"
        }
        for part in read if found else ():
            found.difference_update(
                token for index, token in enumerate(part.tokens) if token in found and not part.initial(index)
            )
        return frozenset(found)

    def _add(self, key: tuple[str, ...], term: _Term) -> None:
        if not key:
            return
        self._terms[key] = term
        lengths = {len(key), *self._lengths.get(key[0], ())}
        self._lengths[key[0]] = tuple(sorted(lengths, reverse=True))

    def _add_all(
        self, side: str, words: Words, weights: Mapping[str, float], *, keep_topic: bool = False
    ) -> None:
        for topic, phrase in _topics(words):
            key = tuple(self._tokens(phrase))
            known = self._terms.get(key)
            if keep_topic and known is not None and known.side == side:
                continue
            self._add(key, _Term(side, topic, phrase, weights.get(phrase, 1.0)))

    def _matches(self, read: _Read, names: frozenset[str], owners: _Owners) -> Iterator[_Term]:
        """The vocabulary's terms in a part of a memo, longest first, none overlapping; a name among `names`
        written with a capital (not after "Dear") comes as a term of side 'name', and an internal term that
        belongs to someone else ("Acme's employees", "benefits for the client's staff") as one of side
        'neutral' that counts for neither side."""
        tokens = read.tokens
        terms, lengths = self._terms, self._lengths
        free = 0
        for position in read.candidates:
            if position < free:
                continue
            for length in lengths[tokens[position]]:
                term = terms.get(tuple(tokens[position : position + length]))
                if term is not None:
                    free = position + length
                    if length == 1 and self._english and self._is_name(read, position, names):
                        yield _Term("name", term.side, term.phrase, 0.0)
                    elif (
                        read.owned
                        and term.side == "internal"
                        and self._theirs(read, position, length, owners)
                    ):
                        yield _Term("neutral", "", term.phrase, 0.0)
                    else:
                        yield term
                    break

    def _theirs(self, read: _Read, position: int, length: int, owners: _Owners) -> bool:
        """Whether the internal term at `position` is another organisation's: owned just before ("Acme's
        employees", "their new payslip") or by what follows a "for" or "of" close after ("payroll and
        pensions for Acme's staff", "the facilities of the client's plant")."""
        tokens = read.tokens
        if self._owner(read, position - 1, owners) or self._owner(read, position - 2, owners):
            return True
        end = min(position + length + OWNER_REACH, len(tokens) - 1)
        for index in range(position + length, end):
            if tokens[index] in ("for", "of"):
                owner = index + 2 if tokens[index + 1] == "the" else index + 1
                return self._owner(read, owner, owners)
        return False

    def _owner(self, read: _Read, position: int, owners: _Owners) -> bool:
        if position < 0 or position >= len(read.tokens):
            return False
        token = read.tokens[position]
        if token == "their":
            return bool(owners.names)
        word = read.found[position][1]
        # "Residents' permits": the apostrophe after the s stands before the next word.
        plural = (
            word.endswith("s") and position + 1 < len(read.found) and read.found[position + 1][0] in "'\u2019"
        )
        if not (plural or word.endswith(("'s", "\u2019s"))):
            return False
        term = self._terms.get((token,))
        return (term is not None and term.side == "customer") or token in owners.names

    @staticmethod
    def _is_name(read: _Read, position: int, names: frozenset[str]) -> bool:
        """A one-word term is a name where the memo always writes it with a capital, or where it stands in a
        run of capitalised words inside a sentence (Chief Customer Officer), but not after "Dear"."""
        if not read.initial(position) or read.tokens[position - 1] == "dear":
            return False
        if read.tokens[position] in names:
            return True
        last = len(read.tokens) - 1
        return read.capital(position) and (
            (position > 0 and read.initial(position - 1)) or (position < last and read.initial(position + 1))
        )

    def _sections(self, text: str) -> Iterator[tuple[str, float]]:
        """The subject (the first line), the opening and the rest, each with what a word there weighs."""
        subject, _, body = _LINK_TARGET.sub("]", text).partition("\n")
        yield subject, SUBJECT_WEIGHT
        greeting = _STAFF_GREETING.match(body)
        if greeting:
            # "Drivers," or "Buyers," greets staff by their job; "Dear travellers," is left to count.
            body = body[greeting.end() :]
        paragraphs = _PARAGRAPH_BREAK.split(body.strip())
        opening = 0
        while opening < len(paragraphs):
            opening += 1
            if len(paragraphs[opening - 1].split()) >= OPENING_WORDS:
                break
        yield "\n".join(paragraphs[:opening]), OPENING_WEIGHT
        yield "\n".join(paragraphs[opening:]), 1.0

    def classify(
        self, text: str, body_html: str, *, explicit: str | None = None, quote: str | None = None
    ) -> Classification:
        """`text` is the memo's title and Markdown; `body_html` its rendered body, where story links are marked."""
        if explicit in ("customer", "internal"):
            return Classification(explicit, f"{explicit}: set by its author (focus: {explicit})")
        sections = self._read(text)
        by_words = self._by_words(sections, body_html, quote, _Owners(text, self._own_names))
        if self._model is not None:
            model, threshold, at_most, whose = self._model, OVERRULE_LOG_ODDS, 0, "this site's"
        elif self._prior is not None:
            model, threshold, at_most, whose = (
                self._prior,
                PRIOR_OVERRULE_LOG_ODDS,
                PRIOR_WORDS,
                "emptychair's",
            )
        else:
            return by_words
        reading = model.read(set().union(*(read.tokens for read, _ in sections)), at_most=at_most)
        if reading.focus == by_words.focus or abs(reading.log_odds) < threshold:
            return by_words
        terms = ", ".join(model.terms(reading))
        return Classification(
            reading.focus,
            f"{reading.focus}: reads like {whose} {reading.focus} memos ({reading.odds} from "
            f"{model.memos} labelled: {terms}), though its words say {by_words.reason}",
        )

    def words_of(self, text: str) -> set[str]:
        """A memo's words, each in its one spelling: what the model of labelled memos reads."""
        return set().union(*(read.tokens for read, _ in self._read(text)))

    def _read(self, text: str) -> list[tuple[_Read, float]]:
        """The subject, opening and rest of a memo as words, each with what a word there weighs."""
        title_case = _title_case(text)
        return [
            (self._memo_tokens(section, title_case=title_case and where == SUBJECT_WEIGHT), where)
            for section, where in self._sections(text)
        ]

    def _by_words(
        self, sections: list[tuple[_Read, float]], body_html: str, quote: str | None, owners: _Owners
    ) -> Classification:
        tally = self._tally(sections, owners)
        evidence = _Evidence(
            body_html.count(STORY_LINK), self._customer_quotes(body_html) + (1 if quote else 0)
        )
        tally.settle_service_words(evidence)
        if tally.is_customer(evidence):
            return Classification("customer", "customer: " + "; ".join(tally.customer_reasons(evidence)))
        return Classification("internal", "internal: " + "; ".join(tally.internal_reasons(evidence)))

    def _customer_quotes(self, body_html: str) -> int:
        """Quotes that speak as a person (first person) or name customers: a customer's words, not a forwarded
        press release or results announcement, which is written in the third person."""
        if "<blockquote" not in body_html:
            return 0
        return sum(
            not self._people.isdisjoint(self._tokens(quoted)) or _in_first_person(quoted)
            for quoted in _QUOTE.findall(body_html)
        )

    def _tally(self, sections: list[tuple[_Read, float]], owners: _Owners) -> _Tally:
        """Every term of the memo, counted on its side where it stands."""
        tally = _Tally()
        if self._english and _letter_to_you(owners.text):
            tally.count(_LETTER_TO_YOU, OPENING_WEIGHT)
        names = self._names([read for read, _ in sections]) if self._english else frozenset()
        for read, where in sections:
            for term in self._matches(read, names, owners):
                tally.count(term, where)
        return tally


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What a memo shows of customers besides words: linked stories and quoted customers."""

    links: int
    quotes: int

    @property
    def count(self) -> int:
        return self.links + self.quotes

    def reasons(self) -> list[str]:
        parts = []
        if self.links:
            parts.append(f"links {self.links} {'story' if self.links == 1 else 'stories'}")
        if self.quotes:
            parts.append(f"quotes {'a customer' if self.quotes == 1 else f'{self.quotes} customers'}")
        return parts


@dataclass
class _Tally:
    """A memo's terms by side, with the service words (SERVICE_TOPICS) kept apart until it is known whose
    service they are, and what did not count (for the reason)."""

    customer: _Side = field(default_factory=_Side)
    internal: _Side = field(default_factory=_Side)
    served: list[tuple[_Term, float]] = field(default_factory=list)
    roles: list[tuple[_Term, float]] = field(default_factory=list)
    not_counted: list[str] = field(default_factory=list)
    names_seen: list[str] = field(default_factory=list)
    for_staff: bool = False

    def count(self, term: _Term, where: float) -> None:
        if term.side == "customer":
            if term.role:
                self.roles.append((term, where))
            elif term.topic in SERVICE_TOPICS:
                self.served.append((term, where))
            else:
                self.customer.add(term, where)
        elif term.side == "internal":
            self.internal.add(term, where)
        elif term.side == "name":
            if term.topic == "customer" and term.phrase.title() not in self.names_seen:
                self.names_seen.append(term.phrase.title())
        elif term.topic and term.phrase not in self.not_counted:
            self.not_counted.append(term.phrase)

    def settle_service_words(self, evidence: _Evidence) -> None:
        """Service words count for customers unless an internal service to staff is speaking and no customer
        is named, linked or quoted; words for roles staff have too (travellers, members), unless such a
        service is named outright."""
        unnamed = not (self.customer.mentions or evidence.count)
        if unnamed and not STAFF_DESKS.isdisjoint(self.internal.topics):
            self.served.extend(self.roles)
        else:
            for term, where in self.roles:
                self.customer.add(term, where)
        self.for_staff = not (self.customer.mentions or evidence.count) and not STAFF_SERVICES.isdisjoint(
            self.internal.topics
        )
        if not self.for_staff:
            for term, where in self.served:
                self.customer.add(term, where)

    @property
    def people(self) -> int:
        """Customer mentions that name people, not only things (bookings, refunds, waiting)."""
        topics = self.customer.topics
        return self.customer.mentions - int(sum(topics.get(topic, (0, 0))[1] for topic in NOT_PEOPLE))

    def is_customer(self, evidence: _Evidence) -> bool:
        score = self.customer.weight + evidence.count * EVIDENCE_WEIGHT
        mentions = self.customer.mentions
        # Orders, calls and refunds with no internal work in sight: nobody is served but customers.
        served_only = mentions >= MINIMUM_SERVICE_MENTIONS and not self.internal.mentions
        named = mentions >= MINIMUM_CUSTOMER_MENTIONS and (self.people > 0 or served_only)
        return (
            (named or evidence.count > 0)
            and score > self.internal.weight
            and score >= MINIMUM_CUSTOMER_WEIGHT
        )

    def customer_reasons(self, evidence: _Evidence) -> list[str]:
        parts = [self.customer.summary()] if self.customer.mentions else []
        parts.extend(evidence.reasons())
        if not self.people and not evidence.count:
            parts.append("no internal words, so the service is to customers")
        if self.internal.mentions:
            parts.append(
                f"internal words outweighed ({self.internal.about(1)}, {_mentions(self.internal.mentions)})"
            )
        return parts

    def internal_reasons(self, evidence: _Evidence) -> list[str]:
        parts = [self.internal.summary()] if self.internal.mentions else []
        parts.append(self._why_not_customer(evidence))
        return parts

    def _why_not_customer(self, evidence: _Evidence) -> str:
        customer = self.customer
        if self.for_staff and self.served:
            return f"service words about staff, not customers ({_about_served(self.served)})"
        if customer.mentions and not self.people and not evidence.count:
            return f"names no customer, only {customer.about()} ({_mentions(customer.mentions)})"
        if customer.mentions or evidence.count:
            return f"customer words {'outweighed' if self.internal.mentions else 'too few to decide'} ({self._found(evidence)})"
        if self.not_counted:
            return "customer words only in " + ", ".join(f"'{phrase}'" for phrase in self.not_counted[:2])
        if self.names_seen:
            return f"customer words only in names ({', '.join(self.names_seen[:2])})"
        if self.internal.mentions:
            return "no customer words or story links"
        return "nothing about customers (no customer words, story links or quotes)"

    def _found(self, evidence: _Evidence) -> str:
        found = [self.customer.about(), _mentions(self.customer.mentions)] if self.customer.mentions else []
        if evidence.count:
            found.append(
                f"{evidence.count} story {'link or quote' if evidence.count == 1 else 'links and quotes'}"
            )
        return ", ".join(found)


class _Owners:
    """Names a memo writes as possessives and with a capital inside a sentence ("for Acme's", "told Acme"):
    other organisations and people, whose employees, benefits or facilities are not ours. Not the company's
    own names (balance.yml's own_names) nor those that sign the memo ("Northwind People Team"): what they own
    is ours. Found only when a possessive stands by an internal term: most memos have none, and the search
    reads the whole memo."""

    __slots__ = ("_names", "_own", "_text")

    def __init__(self, text: str, own: Sequence[str] = ()) -> None:
        self._text = text
        self._own = own
        self._names: frozenset[str] | None = None

    @property
    def text(self) -> str:
        return self._text

    @property
    def names(self) -> frozenset[str]:
        if self._names is None:
            text = self._text
            for name in self._own:
                text = re.sub(rf"\b{re.escape(name)}['\u2019]s\b", name, text)
            signature = text.rstrip().rpartition("\n")[2]
            signing = set(signature.split()) if len(signature.split()) <= SIGNATURE_WORDS else set()
            self._names = frozenset(
                _normal(name.lower())
                for name in set(_POSSESSIVE_NAME.findall(text))
                if name.lower() not in _CALENDAR
                and name not in signing
                and name + "," not in signing
                and re.search(rf"[a-z,] {name}\b", text)
            )
        return self._names


def _letter_to_you(text: str) -> bool:
    """Whether a memo opens without a greeting ("Hi all,", "Dear colleagues,") and writes to its reader as
    "you": a letter, as a company writes to a customer."""
    body = text.partition("\n")[2].lstrip()
    first = body.partition("\n")[0].rstrip()
    if first.endswith(",") and len(first.split()) <= SIGNATURE_WORDS:
        return False
    return len(_YOU.findall(body)) >= LETTER_YOUS


def _in_first_person(quoted: str) -> bool:
    """Whether a quote speaks as a person: in the first person, outside any speech it narrates ("Chief
    Executive Ann Cole said: \"We...\"" is a press release's), or in its speech when there is little else."""
    narration = _TOKEN.findall(re.sub(r"<[^>]+>", " ", _SPEECH.sub(" ", quoted)).lower())
    if len(narration) >= NARRATION_WORDS:
        return not _FIRST_PERSON.isdisjoint(narration)
    return not _FIRST_PERSON.isdisjoint(_TOKEN.findall(quoted.lower()))


def _title_case(text: str) -> bool:
    """Whether most words of a subject (the first line) start with a capital, so a capital there says nothing."""
    words = [word for word in text.partition("\n")[0].split() if len(word) > 3]
    return sum(word[0].isupper() for word in words) * 2 > len(words)


def _about_served(served: Sequence[tuple[_Term, float]]) -> str:
    side = _Side()
    for term, where in served:
        side.add(term, where)
    return f"{side.about()}, {_mentions(side.mentions)}"


def _mentions(count: int) -> str:
    return f"{count} mention{'' if count == 1 else 's'}"
