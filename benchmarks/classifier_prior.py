#!/usr/bin/env python3
"""Writes the balance classifier's built-in prior: the model (balance/learned.py) of emptychair's own
labelled memos, the sets of tests/data/memos that the rules were tuned on (PRIOR_SETS), never the sets kept
for figures nobody tuned (styles-held-out, styles-fresh, styles-fresh-5).

    .venv/bin/python benchmarks/classifier_prior.py

Run it after changing those sets or how the classifier reads words (Classifier.words_of);
tests/balance/test_classifier.py checks that plugins/emptychair/balance/prior.json is what they teach.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from emptychair.balance.classifier import DEFAULT_WORDS, Classifier
from emptychair.balance.learned import PRIOR_FILE, FocusModel

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "memos"
PRIOR_SETS = (
    "styles-tuning",
    "tuning",
    "held-out",
    "fresh",
    "fresh-2",
    "fresh-3",
    "styles-fresh-2",
    "styles-fresh-3",
    "styles-fresh-4",
)


def prior() -> FocusModel:
    """The model of the PRIOR_SETS memos, read as the classifier reads words."""
    classifier = Classifier(DEFAULT_WORDS, prior=False)
    labelled = [
        (classifier.words_of(f"{memo['title']}\n{memo['body']}"), memo["label"])
        for name in PRIOR_SETS
        for memo in yaml.safe_load((DATA / f"{name}.yml").read_text(encoding="utf-8"))
    ]
    model = FocusModel.train(labelled)
    assert model is not None, "too few labelled memos"
    return model


def main() -> int:
    model = prior()
    PRIOR_FILE.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"{PRIOR_FILE}: {model.memos} memos, {len(model.weights)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
