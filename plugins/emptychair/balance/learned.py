"""What a site's own labelled memos teach: memos with `focus: customer` or `focus: internal` train a small
naive Bayes model over their words, which the classifier asks about every other memo.

Multinomial naive Bayes, hand-written rather than scikit-learn's: it is a few sums that explain
themselves (a word's weight is how much more often it comes in one side's memos, and the reason names the
words that weighed most), and scikit-learn would bring numpy and scipy and about a second of import into
every build for them. Deterministic (sorted vocabulary, exact sums), nothing downloaded. It reads the
words as the classifier does, so a memo is read once; each memo counts each word once (short memos:
repetition says little), smoothed by one (Laplace). Chosen by 10-fold cross-validation on our labelled
memos (benchmarks/classifier_eval.py --cross-validate 10) over Bernoulli naive Bayes and over words with
pairs of words, which both did worse.
"""

from __future__ import annotations

import functools
import heapq
import json
import math
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

MINIMUM_PER_SIDE = 10
"""Fewer labelled memos on either side than this, and the model says nothing."""
MINIMUM_MEMOS = 2
"""A word counts only if at least this many labelled memos have it: one memo's quirks teach nothing."""
TOP_TERMS = 3
PRIOR_FILE = Path(__file__).with_name("prior.json")
"""The built-in prior: the model of emptychair's own labelled memos (tests/data/memos, all but the sets never
tuned on), written by benchmarks/classifier_prior.py; a test checks that it is what those memos teach."""

_STOP = frozenset(
    ("a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have", "i", "in",
     "is", "it", "its", "of", "on", "or", "our", "so", "that", "the", "their", "this", "to", "was", "we",
     "were", "will", "with", "you", "your")
)  # fmt: skip
"""Words too common to tell one side from the other."""


@dataclass(frozen=True, slots=True)
class Reading:
    """The model's view of one memo."""

    log_odds: float
    """ln(P(customer | words) / P(internal | words)); positive leans customer."""
    found: frozenset[str]
    """The memo's words and pairs that the model knows."""

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
    def train(cls, labelled: Iterable[tuple[Collection[str], str]]) -> FocusModel | None:
        """From (a memo's words, 'customer' or 'internal') pairs; None when either side has too few memos to
        learn from. The words are the classifier's (Classifier.words_of): one spelling for "customers" and
        "Customer's", so the model and the vocabulary read the same words."""
        memos: dict[str, list[Collection[str]]] = {"customer": [], "internal": []}
        for words, focus in labelled:
            memos[focus].append(words)
        customer, internal = len(memos["customer"]), len(memos["internal"])
        if min(customer, internal) < MINIMUM_PER_SIDE:
            return None
        counts = {side: Counter(term for found in memos[side] for term in found) for side in memos}
        kept = sorted(
            term
            for term in counts["customer"].keys() | counts["internal"].keys()
            if counts["customer"][term] + counts["internal"][term] >= MINIMUM_MEMOS and term not in _STOP
        )
        customer_total = sum(counts["customer"][term] for term in kept) + len(kept)
        internal_total = sum(counts["internal"][term] for term in kept) + len(kept)
        weights = {
            term: math.log((counts["customer"][term] + 1) / customer_total)
            - math.log((counts["internal"][term] + 1) / internal_total)
            for term in kept
        }
        return cls(customer + internal, math.log(customer / internal), weights)

    def read(self, words: Collection[str], *, at_most: int = 0) -> Reading:
        """What the model makes of a memo's words (Classifier.words_of). With `at_most`, a memo that has
        more known words than that counts as that many words' worth: naive Bayes takes each word as fresh
        evidence, so its odds grow with a memo's length, not with how clear the memo is."""
        weights = self.weights
        found = frozenset(weights.keys() & words)
        # fsum is exact, so the sum is the same in any order: the same memos give the same reason.
        evidence = math.fsum(map(weights.__getitem__, found))
        if at_most and len(found) > at_most:
            evidence = evidence * at_most / len(found)
        return Reading(self.prior + evidence, found)

    def terms(self, reading: Reading) -> tuple[str, ...]:
        """The words that pushed a memo most toward the side it leans to, for its reason."""
        sign = 1.0 if reading.log_odds > 0 else -1.0
        leaning = [term for term in reading.found if sign * self.weights[term] > 0]
        return tuple(heapq.nsmallest(TOP_TERMS, leaning, key=lambda term: (-sign * self.weights[term], term)))

    def to_json(self) -> str:
        """The model as JSON, sorted: the same memos write the same bytes (floats round-trip exactly)."""
        return json.dumps(
            {"memos": self.memos, "prior": self.prior, "weights": dict(sorted(self.weights.items()))},
            indent=0,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> FocusModel:
        data = json.loads(text)
        return cls(
            int(data["memos"]), float(data["prior"]), {str(k): float(v) for k, v in data["weights"].items()}
        )


@functools.cache
def built_in_prior() -> FocusModel:
    """What emptychair's own labelled English memos teach (PRIOR_FILE), read once."""
    return FocusModel.from_json(PRIOR_FILE.read_text(encoding="utf-8"))
