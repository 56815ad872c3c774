"""What a site's own labelled memos teach: memos with `focus: customer` or `focus: internal` train a small
naive Bayes model over their words and word pairs, which the classifier asks about every other memo.

Multinomial naive Bayes, hand-written rather than scikit-learn's: it is a few sums that explain
themselves (a word's weight is how much more often it comes in one side's memos, and the reason names the
words that weighed most), and scikit-learn would bring numpy and scipy and about a second of import into
every build for them. Deterministic (sorted vocabulary, sums in a fixed order), nothing downloaded. Each
memo counts each word once (short memos: repetition says little), smoothed by one (Laplace). Chosen over
Bernoulli naive Bayes by 10-fold cross-validation on our labelled memos (95% against 92% right).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

MINIMUM_PER_SIDE = 10
"""Fewer labelled memos on either side than this, and the model says nothing."""
MINIMUM_MEMOS = 2
"""A word or pair counts only if at least this many labelled memos have it: one memo's quirks teach nothing."""
TOP_TERMS = 3

_WORD = re.compile(r"[a-z][a-z0-9]*(?:['\u2019][a-z]+)?")
_STOP = frozenset(
    ("a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have", "i", "in",
     "is", "it", "its", "of", "on", "or", "our", "so", "that", "the", "their", "this", "to", "was", "we",
     "were", "will", "with", "you", "your")
)  # fmt: skip


def features(text: str) -> set[str]:
    """A memo's words (without the commonest) and pairs of neighbouring words, lower case."""
    words = [word.replace("\u2019", "'") for word in _WORD.findall(text.lower())]
    found = {word for word in words if word not in _STOP}
    found.update(f"{first} {second}" for first, second in itertools.pairwise(words))
    return found


@dataclass(frozen=True, slots=True)
class Reading:
    """The model's view of one memo."""

    log_odds: float
    """ln(P(customer | words) / P(internal | words)); positive leans customer."""
    terms: tuple[str, ...]
    """The words that pushed most toward the side it leans to."""

    @property
    def focus(self) -> str:
        return "customer" if self.log_odds > 0 else "internal"

    @property
    def odds(self) -> str:
        """'12 to 1', for a reason."""
        return f"{min(round(math.exp(abs(self.log_odds))), 999)} to 1"


@dataclass(frozen=True, slots=True)
class FocusModel:
    memos: int
    """How many labelled memos it learnt from."""
    prior: float
    """ln(customer memos / internal memos)."""
    weights: dict[str, float]
    """term -> ln(P(term | customer) / P(term | internal))."""

    @classmethod
    def train(cls, labelled: Iterable[tuple[str, str]]) -> FocusModel | None:
        """From (text, 'customer' or 'internal') pairs; None when either side has too few memos to learn."""
        memos: dict[str, list[set[str]]] = {"customer": [], "internal": []}
        for text, focus in labelled:
            memos[focus].append(features(text))
        customer, internal = len(memos["customer"]), len(memos["internal"])
        if min(customer, internal) < MINIMUM_PER_SIDE:
            return None
        counts = {side: Counter(term for found in memos[side] for term in found) for side in memos}
        kept = sorted(
            term
            for term in counts["customer"].keys() | counts["internal"].keys()
            if counts["customer"][term] + counts["internal"][term] >= MINIMUM_MEMOS
        )
        customer_total = sum(counts["customer"][term] for term in kept) + len(kept)
        internal_total = sum(counts["internal"][term] for term in kept) + len(kept)
        weights = {
            term: math.log((counts["customer"][term] + 1) / customer_total)
            - math.log((counts["internal"][term] + 1) / internal_total)
            for term in kept
        }
        return cls(customer + internal, math.log(customer / internal), weights)

    def read(self, text: str) -> Reading:
        weights = self.weights
        found = sorted(term for term in features(text) if term in weights)
        log_odds = self.prior + sum(weights[term] for term in found)
        sign = 1.0 if log_odds > 0 else -1.0
        ranked = sorted(found, key=lambda term: (-sign * weights[term], term))
        return Reading(log_odds, tuple(term for term in ranked[:TOP_TERMS] if sign * weights[term] > 0))
