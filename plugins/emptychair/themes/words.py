"""The words of a week's stories as features: tokens cleaned of handles, links and entities, plurals and
misspellings folded into the word most people wrote, then words and two-word phrases."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

_NOT_WORDS = re.compile(r"@\w+|https?://\S+|www\.\S+|\S+@\S+\.\w+|\\(?=\S)")
_TOKEN = re.compile(r"[a-z][a-z']*[a-z]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})

OUR_STOP_WORDS = {
    # What every complaint says whatever it is about: no theme is made of these.
    *("just", "got", "get", "getting", "did", "didn't", "don't", "doesn't", "isn't", "wasn't", "won't"),
    *("can't", "couldn't", "i'm", "i've", "it's", "that's", "there's", "you're", "they're", "we're"),
    *("im", "ive", "dont", "didnt", "cant", "wont", "said", "say", "says", "told", "tell", "asked"),
    *("really", "like", "know", "want", "need", "time", "times", "day", "days", "week", "weeks"),
    *("today", "yesterday", "going", "went", "come", "came", "make", "made", "way", "thing", "things"),
    *("lot", "bit", "good", "great", "bad", "terrible", "awful", "thanks", "thank", "please", "ok"),
    *("okay", "yes", "let", "lets", "still", "ever", "one", "two", "three", "also", "use", "used"),
    # What a record is rather than what it says: export headings and survey furniture.
    *("review", "feedback", "rating", "stars", "star", "survey", "answer", "experience", "overall"),
    # What redaction writes in place of a withheld handle or address.
    "withheld",
}


@cache
def stop_words() -> frozenset[str]:
    """scikit-learn's English stop words and ours. Imported when themes are found, not with this module:
    scikit-learn takes a second to import, which a command that finds no themes must not pay."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | OUR_STOP_WORDS


MIN_LENGTH = 3
FOLD_FROM = 5
"""A word seen in at least this many stories is a spelling others are folded into; rarer ones may be
misspellings of it."""


def clean(text: str) -> list[str]:
    """Lower-case word tokens of a story's text, without @handles, links, e-mail addresses or entities."""
    text = html.unescape(text).translate(_APOSTROPHES).lower()
    return [token for token in _TOKEN.findall(_NOT_WORDS.sub(" ", text)) if len(token) >= MIN_LENGTH]


def singular(word: str) -> str:
    """'bags' -> 'bag': a plural as its singular (whether that is a word is for the caller to know)."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > MIN_LENGTH else word


def _deletions(word: str) -> set[str]:
    return {word[:place] + word[place + 1 :] for place in range(len(word))}


def folding(documents: Iterable[Sequence[str]]) -> dict[str, str]:
    """Word -> the spelling it is folded into: a plural into its singular when both are written, a rare
    word one letter off (missing, extra, changed or swapped) into the commonest such frequent word."""
    frequency = Counter(word for tokens in documents for word in set(tokens))
    folded = _plurals(frequency)
    frequent = sorted(
        (word for word, count in frequency.items() if count >= FOLD_FROM and word not in folded),
        key=lambda word: (-frequency[word], word),
    )
    by_deletion = _by_deletion(frequent)
    known = set(frequent)
    for word, count in frequency.items():
        if count >= FOLD_FROM or word in folded or len(word) < FOLD_FROM:
            continue
        candidates = _near_frequent(word, by_deletion, known)
        if candidates:
            best = min(candidates, key=lambda candidate: (-frequency[candidate], candidate))
            folded[word] = folded.get(best, best)
    return folded


def _plurals(frequency: Counter[str]) -> dict[str, str]:
    """Each plural whose singular is written too -> that singular."""
    return {
        word: singular(word) for word in frequency if singular(word) != word and singular(word) in frequency
    }


def _by_deletion(frequent: Sequence[str]) -> dict[str, str]:
    """Each frequent word, and each word one letter shorter, -> the commonest frequent word it comes from."""
    by_deletion: dict[str, str] = {}
    for word in frequent:
        if len(word) >= FOLD_FROM:
            by_deletion.setdefault(word, word)
            for shorter in _deletions(word):
                by_deletion.setdefault(shorter, word)
    return by_deletion


def _near_frequent(word: str, by_deletion: dict[str, str], known: set[str]) -> list[str]:
    """The frequent words one letter off `word` (symmetric deletion: both lose at most one letter)."""
    candidates = [by_deletion[word]] if word in by_deletion else []
    for shorter in _deletions(word):
        if shorter in known:
            candidates.append(shorter)
        elif shorter in by_deletion:
            candidates.append(by_deletion[shorter])
    return candidates


@dataclass(frozen=True, slots=True)
class Features:
    """Each story as its features (words and two-word phrases, folded), and how each was written."""

    documents: list[list[str]]
    spellings: dict[str, Counter[str]]
    """Feature -> how often it was written otherwise than as the feature (a plural kept in a label,
    "lost bags"); the rest of the time it was written as the feature."""

    def written(self, feature: str) -> str:
        """The commonest spelling of a feature: a theme's label reads as people wrote it."""
        others = self.spellings.get(feature)
        if not others:
            return feature
        itself = sum(feature in document for document in self.documents) - sum(others.values())
        best = min(others, key=lambda spelling: (-others[spelling], spelling))
        return best if others[best] > itself else feature


def features(texts: Sequence[str]) -> Features:
    cleaned = [clean(text) for text in texts]
    fold = folding(cleaned)
    documents: list[list[str]] = []
    spellings: dict[str, Counter[str]] = {}
    for tokens in cleaned:
        kept = [token for token in tokens if token not in stop_words()]
        words = [fold.get(token, token) for token in kept]
        # Only plurals keep their own spelling in a label ("lost bags"); misspellings never do.
        shown = [
            token if fold.get(token) == token[:-1] else word for token, word in zip(kept, words, strict=True)
        ]
        document = list(words)
        for first in range(len(words) - 1):
            if words[first] != words[first + 1]:
                phrase = f"{words[first]} {words[first + 1]}"
                document.append(phrase)
                if shown[first] != words[first] or shown[first + 1] != words[first + 1]:
                    spellings.setdefault(phrase, Counter())[f"{shown[first]} {shown[first + 1]}"] += 1
        for word, spelling in zip(words, shown, strict=True):
            if spelling != word:
                spellings.setdefault(word, Counter())[spelling] += 1
        documents.append(document)
    return Features(documents, spellings)
