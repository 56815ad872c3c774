"""Is a leader's memo about customers or internal work? Weighed as a reader would, with a one-line reason.

Each customer or internal word or phrase (vocabulary.py, plus a company's own in balance.yml) counts where
it stands: three times in the subject, twice in the opening, once elsewhere; ambiguous words count half,
and a greeting to customers ("Dear Guest") double. The longest phrase wins, so "customer events" or
"performance review" are not customer words. A linked story or a quoted customer counts three. A memo is
about customers when that weight beats the internal weight, with at least two customer mentions of which
one names people, not only things (bookings, refunds, waiting), or a link or quote: one stray mention never
decides. The reason names the leading topics and how often they came.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..publishing.rendering import ROOT
from .vocabulary import CUSTOMER_TOPICS, INTERNAL_TOPICS, NOT_ABOUT_CUSTOMERS, NOT_PEOPLE, WEIGHTS

STORY_LINK = f'href="{ROOT}stories/'
_QUOTE = "<blockquote"

SUBJECT_WEIGHT = 3.0
OPENING_WEIGHT = 2.0
EVIDENCE_WEIGHT = 3.0
"""What one linked story or one quoted customer weighs."""
MINIMUM_CUSTOMER_WEIGHT = 2.0
MINIMUM_CUSTOMER_MENTIONS = 2
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


_TOKEN = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


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

    def __init__(self, words: WordLists) -> None:
        self._terms: dict[tuple[str, ...], _Term] = {}
        self._lengths: dict[str, tuple[int, ...]] = {}
        """First word -> the lengths of the phrases it starts, longest first."""
        self._normals: dict[str, str] = {}
        if words.built_in:
            self._add_all("customer", CUSTOMER_TOPICS, WEIGHTS)
            self._add_all("internal", INTERNAL_TOPICS, WEIGHTS)
            self._add_all("neutral", {"": NOT_ABOUT_CUSTOMERS}, WEIGHTS)
        self._add_all("customer", words.customer, {}, keep_topic=True)
        self._add_all("internal", words.internal, {}, keep_topic=True)
        self._add_all("neutral", {"": words.not_customer}, {})
        single = {key[0] for key, term in self._terms.items() if term.side == "customer" and len(key) == 1}
        for key, term in list(self._terms.items()):
            if term.side == "customer" and len(key) == 1:
                # A letter that opens "Dear Guest" is written to customers, whatever they are called.
                self._add(("dear", *key), _Term("customer", term.topic, f"dear {term.phrase}", 2.0))
            elif term.side == "neutral" and single.intersection(key):
                # Only these are worth naming in a reason: they hold a customer word that did not count.
                self._terms[key] = _Term("neutral", "customer word", term.phrase, term.weight)

    def _tokens(self, text: str) -> list[str]:
        normals = self._normals
        return [
            normals[token] if token in normals else normals.setdefault(token, _normal(token))
            for token in _TOKEN.findall(text.lower())
        ]

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

    def _matches(self, text: str) -> Iterator[_Term]:
        """The vocabulary's terms in `text`, longest first, none overlapping."""
        tokens = self._tokens(text)
        terms, lengths = self._terms, self._lengths
        free = 0
        for position in [index for index, token in enumerate(tokens) if token in lengths]:
            if position < free:
                continue
            for length in lengths[tokens[position]]:
                term = terms.get(tuple(tokens[position : position + length]))
                if term is not None:
                    yield term
                    free = position + length
                    break

    def _sections(self, text: str) -> Iterator[tuple[str, float]]:
        """The subject (the first line), the opening and the rest, each with what a word there weighs."""
        subject, _, body = _LINK_TARGET.sub("]", text).partition("\n")
        yield subject, SUBJECT_WEIGHT
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
        customer, internal = _Side(), _Side()
        not_counted: list[str] = []
        for section, where in self._sections(text):
            for term in self._matches(section):
                if term.side == "customer":
                    customer.add(term, where)
                elif term.side == "internal":
                    internal.add(term, where)
                elif term.topic and term.phrase not in not_counted:
                    not_counted.append(term.phrase)
        links = body_html.count(STORY_LINK)
        quotes = body_html.count(_QUOTE) + (1 if quote else 0)
        score = customer.weight + (links + quotes) * EVIDENCE_WEIGHT
        people = customer.mentions - sum(customer.topics.get(topic, (0, 0))[1] for topic in NOT_PEOPLE)
        enough = (customer.mentions >= MINIMUM_CUSTOMER_MENTIONS and people) or links or quotes
        if enough and score > internal.weight and score >= MINIMUM_CUSTOMER_WEIGHT:
            parts = [customer.summary()] if customer.mentions else []
            if links:
                parts.append(f"links {links} {'story' if links == 1 else 'stories'}")
            if quotes:
                parts.append(f"quotes {'a customer' if quotes == 1 else f'{quotes} customers'}")
            if internal.mentions:
                parts.append(
                    f"internal words outweighed ({internal.about(1)}, {_mentions(internal.mentions)})"
                )
            return Classification("customer", "customer: " + "; ".join(parts))
        parts = [internal.summary()] if internal.mentions else []
        if customer.mentions and not people and not links and not quotes:
            parts.append(f"names no customer, only {customer.about()} ({_mentions(customer.mentions)})")
        elif customer.mentions or links or quotes:
            verdict = "outweighed" if internal.mentions else "too few to decide"
            found = [customer.about(), _mentions(customer.mentions)] if customer.mentions else []
            if links or quotes:
                found.append(
                    f"{links + quotes} story {'link or quote' if links + quotes == 1 else 'links and quotes'}"
                )
            parts.append(f"customer words {verdict} ({', '.join(found)})")
        elif not_counted:
            parts.append("customer words only in " + ", ".join(f"'{phrase}'" for phrase in not_counted[:2]))
        elif internal.mentions:
            parts.append("no customer words or story links")
        else:
            parts.append("nothing about customers (no customer words, story links or quotes)")
        return Classification("internal", "internal: " + "; ".join(parts))


def _mentions(count: int) -> str:
    return f"{count} mention{'' if count == 1 else 's'}"
