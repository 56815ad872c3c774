#!/usr/bin/env python3
"""How well, and how fast, the balance classifier tells customer-focused memos from internal ones.

    .venv/bin/python benchmarks/classifier_eval.py [--set tuning --set held-out] [--site-config DIR]
                                                   [--no-prior] [--learn-from styles-tuning]
                                                   [--cross-validate 10] [--show-errors]
                                                   [--speed 10000 --runs 5 --longer 3]

Reads the labelled memos in tests/data/memos/<set>.yml (each: id, label, mode, title, body), renders
each body as a story would be (so story links count), classifies "title\\nbody" as the site does, and
prints, per set and for all sets together: accuracy, precision and recall for "customer", the
confusion matrix, and how many memos of each failure mode were right. Without --site-config the
classifier's built-in word lists are used (what a site without balance.yml gets), with its built-in prior
(the model of emptychair's own labelled memos, balance/prior.json); --no-prior gives the rules alone.

--learn-from SET trains the model of a site's labelled memos (balance/learned.py) on those sets, as if
their labels were the site's `focus:` fields, and classifies the --set sets with words and model. With
--cross-validate K, the --set sets are cut into K folds (by a hash of the id, the same every run), and
each fold is classified by a model trained on the other folds (and the --learn-from sets): figures for
the words alone, the model alone, and both together.

--speed N classifies N memos (the sets repeated; --longer K makes each K times as long) --runs times and
prints the median wall and CPU time; the Markdown rendering is done once beforehand, as the site does it
once per story.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from emptychair.balance.classifier import DEFAULT_WORDS, Classifier, WordLists
from emptychair.balance.word_lists import load_word_lists
from emptychair.publishing.rendering import StoryRenderer

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "memos"


@dataclass(frozen=True)
class Memo:
    id: str
    label: str
    mode: str
    text: str
    html: str


def load(name: str, renderer: StoryRenderer) -> list[Memo]:
    memos = []
    for entry in yaml.safe_load((DATA / f"{name}.yml").read_text(encoding="utf-8")):
        html, _ = renderer.render("2026/w47/memo.md", entry["body"])
        memos.append(
            Memo(entry["id"], entry["label"], entry["mode"], f"{entry['title']}\n{entry['body']}", html)
        )
    return memos


def taught(words: WordLists, memos: list[Memo], *, prior: bool = True) -> Classifier:
    return Classifier(words, prior=prior).taught((memo.text, memo.label) for memo in memos)


def cross_validate(
    memos: list[Memo], also: list[Memo], words: WordLists, folds: int
) -> list[tuple[Memo, str, str, str]]:
    """Each memo with the focus the words, the model and both give it, the model trained without its fold."""
    fold_of = {memo.id: zlib.crc32(memo.id.encode()) % folds for memo in memos}
    called = []
    for fold in range(folds):
        rest = [memo for memo in memos if fold_of[memo.id] != fold] + also
        both = taught(words, rest)
        model = both.model
        assert model is not None, "too few labelled memos to learn from"
        alone = Classifier(words, prior=False)
        for memo in memos:
            if fold_of[memo.id] == fold:
                called.append(
                    (
                        memo,
                        alone.classify(memo.text, memo.html).focus,
                        model.read(both.words_of(memo.text)).focus,
                        both.classify(memo.text, memo.html).focus,
                    )
                )
    return called


def summary(pairs: list[tuple[str, str]]) -> str:
    """Accuracy, precision and recall for 'customer' of (label, called) pairs, on one line."""
    tp = sum(pair == ("customer", "customer") for pair in pairs)
    fp = sum(pair == ("internal", "customer") for pair in pairs)
    fn = sum(pair == ("customer", "internal") for pair in pairs)
    right = sum(label == called for label, called in pairs)
    return (
        f"accuracy {right / len(pairs):6.1%}  precision {tp / max(tp + fp, 1):6.1%}  "
        f"recall {tp / max(tp + fn, 1):6.1%}"
    )


def figures(name: str, memos: list[Memo], classifier: Classifier, show_errors: bool) -> None:
    matrix: Counter[tuple[str, str]] = Counter()
    modes: Counter[tuple[str, bool]] = Counter()
    errors = []
    for memo in memos:
        result = classifier.classify(memo.text, memo.html)
        matrix[memo.label, result.focus] += 1
        modes[memo.mode, result.focus == memo.label] += 1
        if result.focus != memo.label:
            errors.append(f"  {memo.id} [{memo.mode}] {memo.text.splitlines()[0]!r} -> {result.reason}")
    tp, fp = matrix["customer", "customer"], matrix["internal", "customer"]
    fn, tn = matrix["customer", "internal"], matrix["internal", "internal"]
    total = tp + fp + fn + tn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"## {name}: {total} memos ({tp + fn} customer, {fp + tn} internal)")
    print(f"accuracy  {(tp + tn) / total:6.1%}  ({tp + tn} of {total})")
    print(f"precision {precision:6.1%}  (of {tp + fp} called customer, {tp} are)")
    print(f"recall    {recall:6.1%}  (of {tp + fn} customer memos, {tp} found)")
    print("confusion            called customer  called internal")
    print(f"  labelled customer  {tp:15}  {fn:15}")
    print(f"  labelled internal  {fp:15}  {tn:15}")
    right = ", ".join(
        f"{mode} {modes[mode, True]}/{modes[mode, True] + modes[mode, False]}"
        for mode in sorted({mode for mode, _ in modes})
    )
    print(f"right by failure mode: {right}")
    if show_errors and errors:
        print("wrong:")
        print("\n".join(errors))
    print()


def speed(memos: list[Memo], classifier: Classifier, count: int, runs: int, longer: int) -> None:
    batch = [memos[index % len(memos)] for index in range(count)]
    if longer > 1:
        batch = [
            Memo(memo.id, memo.label, memo.mode, memo.text + ("\n\n" + memo.text) * (longer - 1), memo.html)
            for memo in batch
        ]
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        for memo in batch:
            classifier.classify(memo.text, memo.html)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    median = statistics.median(times)
    words = sum(len(memo.text.split()) for memo in batch) / count
    print(
        f"speed: {count} memos of {words:.0f} words on average in {median:.3f} s wall, "
        f"{statistics.median(cpu):.3f} s CPU (medians of {runs}; {median / count * 1e6:.0f} us per memo; "
        f"wall min {min(times):.3f} s, max {max(times):.3f} s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--set", action="append", dest="sets", help="a file under tests/data/memos (repeatable)"
    )
    parser.add_argument("--site-config", type=Path, help="read balance.yml from this site_config folder")
    parser.add_argument("--no-prior", action="store_true", help="the rules alone, without the built-in prior")
    parser.add_argument(
        "--learn-from", action="append", default=[], metavar="SET", help="train the model on these sets"
    )
    parser.add_argument("--cross-validate", type=int, default=0, metavar="K", help="K-fold figures")
    parser.add_argument("--show-errors", action="store_true", help="list every memo classified wrongly")
    parser.add_argument("--speed", type=int, default=0, metavar="N", help="time the classifier on N memos")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--longer", type=int, default=1, metavar="K", help="time memos K times as long")
    options = parser.parse_args()
    sets = options.sets or sorted(path.stem for path in DATA.glob("*.yml"))
    words = (
        load_word_lists(options.site_config, root=options.site_config.parent)
        if options.site_config
        else DEFAULT_WORDS
    )
    renderer = StoryRenderer(lambda src, target: "stories/x/" if target.endswith(".md") else None)
    teachers = [memo for name in options.learn_from for memo in load(name, renderer)]
    classifier = taught(words, teachers, prior=not options.no_prior)
    if classifier.model is not None:
        print(f"model: learnt from {classifier.model.memos} memos of {', '.join(options.learn_from)}\n")
    everything: list[Memo] = []
    for name in sets:
        memos = load(name, renderer)
        everything.extend(memos)
        figures(name, memos, classifier, options.show_errors)
    if len(sets) > 1:
        figures("all", everything, classifier, False)
    if options.cross_validate:
        called = cross_validate(everything, teachers, words, options.cross_validate)
        print(f"## {options.cross_validate}-fold cross-validation over {len(called)} memos")
        for index, method in enumerate(("words alone", "model alone", "words and model")):
            print(f"{method:16} {summary([(memo.label, calls[index]) for memo, *calls in called])}")
        print()
    if options.speed:
        speed(everything, classifier, options.speed, options.runs, options.longer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
