"""Themes found in a week's texts: TF-IDF over words and two-word phrases, factorised by NMF.

Why NMF: each theme is a short list of weighted words and phrases a person can read (the explanation of
the theme is its terms), each story's weights say how strongly it belongs to each theme (so a story can
belong to none), and with NNDSVD initialisation it has no random start: the same texts give the same
themes. scikit-learn does both steps, offline, with nothing to download.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

import numpy as np
from threadpoolctl import ThreadpoolController

from .found import FoundTheme
from .words import Features, features

MAX_THEMES = 20
STORIES_PER_CANDIDATE = 25
"""A week of fewer stories is factorised into fewer candidate themes: 200 stories, at most 8."""
MIN_STORIES = 3
MIN_SHARE = 0.005
"""A theme is kept when at least this share of the week's stories (and MIN_STORIES) clearly belong to it."""
CLEAR = 0.5
"""A story belongs to a theme when that theme holds at least this share of its weight over all themes."""
MIN_WEIGHT = 0.02
"""... and its weight is at least this: a story whose words hardly fit any theme stays out."""
SAME_TERMS = 0.12
SAME_STORIES = 0.05
"""Two candidate themes are one theme, found twice, when their terms are this alike (cosine) and the same
stories use both (cosine of their story weights): NMF asked for more themes than a week holds splits
one theme by its phrasings ("on hold for 90 minutes", "hold music")."""
TERMS = 8
MIN_TERMS = 3
"""A theme is defined by at least this many terms of at least a tenth of its first term's weight: one word
said alone ("fine", "meh") is no subject."""
LABEL_PHRASE = 0.4
"""A theme is labelled with the defining term most of its stories use; with a two-word phrase ("lost
luggage" says more than "luggage") when at least this share as many stories use the phrase."""


def discover(texts: Sequence[str], *, max_themes: int = MAX_THEMES) -> list[FoundTheme]:
    """The themes of one week's texts, largest first; a text that fits no theme clearly is in none."""
    # Imported here: scikit-learn takes a second to import, and a command that finds no themes (`check`,
    # `balance`, a digest whose weeks' themes are in the build cache) must not pay for it.
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    found = features(texts)
    minimum = max(MIN_STORIES, round(MIN_SHARE * len(texts)))
    candidates = min(max_themes, len(texts) // STORIES_PER_CANDIDATE)
    if candidates < 1:
        return []
    vectorizer = TfidfVectorizer(
        analyzer=_identity,
        min_df=minimum,
        max_df=0.5,
        sublinear_tf=True,
        dtype=np.float64,
    )
    try:
        matrix = vectorizer.fit_transform(found.documents)
    except ValueError:  # no feature is used often enough: a week of one-word reviews
        return []
    vocabulary = vectorizer.get_feature_names_out()
    idf = dict(zip(vocabulary.tolist(), vectorizer.idf_.tolist(), strict=True))
    candidates = min(candidates, len(vocabulary) - 1)
    if candidates < 1:
        return []
    # One thread: the same sums in the same order on every machine, so the same themes byte for byte.
    with _thread_pools().limit(limits=1):
        model = NMF(n_components=candidates, init="nndsvda", max_iter=400, tol=1e-4, random_state=0)
        weights = model.fit_transform(matrix)
    terms = model.components_
    merged = _merge_duplicates(terms, weights)
    themes: list[FoundTheme] = []
    grouped = np.zeros((weights.shape[0], len(merged)))
    grouped_terms = np.zeros((len(merged), terms.shape[1]))
    for position, group in enumerate(merged):
        grouped[:, position] = weights[:, group].sum(axis=1)
        grouped_terms[position] = terms[group].sum(axis=0)
    totals = grouped.sum(axis=1)
    best = grouped.argmax(axis=1)
    strongest = grouped[np.arange(grouped.shape[0]), best]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(totals > 0, strongest / totals, 0.0)
    clear = (share >= CLEAR) & (strongest >= MIN_WEIGHT)
    for position in range(len(merged)):
        chosen = np.flatnonzero(clear & (best == position))
        if len(chosen) < minimum:
            continue
        order = sorted(chosen.tolist(), key=lambda row: (-round(float(strongest[row]), 6), row))
        members = tuple((row, round(float(strongest[row]), 4)) for row in order)
        theme = _theme(found, vocabulary, idf, grouped_terms[position], members)
        if sum(weight >= 0.1 for weight in theme.weights.values()) >= MIN_TERMS:
            themes.append(theme)
    themes.sort(key=lambda theme: (-len(theme.members), theme.label))
    return themes


@cache
def _thread_pools() -> ThreadpoolController:
    """The BLAS and OpenMP libraries loaded, found once (finding them takes longer than a small week's
    themes)."""
    return ThreadpoolController()


def _identity(document: list[str]) -> list[str]:
    return document


def _merge_duplicates(terms: np.ndarray, weights: np.ndarray) -> list[list[int]]:
    """Candidate themes grouped when they share terms and stories (see SAME_TERMS), transitively."""
    alike_terms = _cosines(terms)
    alike_stories = _cosines(weights.T)
    parent = list(range(terms.shape[0]))

    def root(node: int) -> int:
        while parent[node] != node:
            node = parent[node]
        return node

    for first in range(terms.shape[0]):
        for second in range(first + 1, terms.shape[0]):
            if alike_terms[first, second] >= SAME_TERMS and alike_stories[first, second] >= SAME_STORIES:
                parent[max(root(first), root(second))] = min(root(first), root(second))
    groups: dict[int, list[int]] = {}
    for node in range(terms.shape[0]):
        groups.setdefault(root(node), []).append(node)
    return list(groups.values())


def _cosines(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    return np.asarray(unit @ unit.T)


def _label(
    found: Features, terms: list[str], members: tuple[tuple[int, float], ...], idf: Mapping[str, float]
) -> str:
    """The defining word that best tells the theme's stories from the week's others (how many of them
    use it, times its rarity in the week), or a defining phrase with that word when it does nearly as
    well ("vat receipt" rather than "receipt")."""
    using = {term: 0 for term in terms}
    for row, _ in members:
        for term in set(found.documents[row]) & using.keys():
            using[term] += 1
    score = {term: using[term] * idf[term] for term in terms}
    words = [term for term in terms if " " not in term] or terms
    word = max(words, key=lambda term: (score[term], -terms.index(term)))
    phrases = [term for term in terms if word in term.split(" ") and term != word]
    phrase = max(phrases, key=lambda term: (score[term], -terms.index(term)), default=None)
    return phrase if phrase is not None and score[phrase] >= LABEL_PHRASE * score[word] else word


def _theme(
    found: Features,
    vocabulary: np.ndarray,
    idf: Mapping[str, float],
    term_weights: np.ndarray,
    members: tuple[tuple[int, float], ...],
) -> FoundTheme:
    top = sorted(
        range(len(term_weights)), key=lambda column: (-round(float(term_weights[column]), 9), column)
    )
    top = [column for column in top[: TERMS * 2] if term_weights[column] > 0]
    strongest = float(term_weights[top[0]])
    picked: list[str] = []
    for column in top:
        term = str(vocabulary[column])
        # A word already inside a stronger phrase ("bag" after "lost bag") says nothing new.
        if any(term in phrase.split(" ") for phrase in picked if " " in phrase):
            continue
        picked.append(term)
        if len(picked) == TERMS:
            break
    weights = {str(vocabulary[column]): round(float(term_weights[column]) / strongest, 3) for column in top}
    label_term = _label(found, picked, members, idf)
    return FoundTheme(
        label=found.written(label_term),
        terms=tuple(found.written(term) for term in picked),
        weights={term: weights[term] for term in picked},
        members=members,
    )
