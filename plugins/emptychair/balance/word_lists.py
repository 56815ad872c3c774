"""A company's own words for the classifier, from site_config/balance.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..stories.problems import Problem
from ..stories.site_config import ConfigFileReader, SiteConfigError
from .classifier import DEFAULT_WORDS, WordLists, Words

_WORDS = "must be a list of words or phrases, or a mapping of topics to such lists"
_KEYS = ("customer_words", "internal_words", "not_customer_words", "built_in_words", "own_names")


def _phrases(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(word, str) and word.strip() for word in value):
        return tuple(word.strip() for word in value)
    return None


def _words(reader: ConfigFileReader, key: str, value: Any) -> Words:
    if value is None:
        return ()
    phrases = _phrases(value)
    if phrases is not None:
        return phrases
    if isinstance(value, dict) and value:
        topics: dict[str, tuple[str, ...]] = {}
        for topic, listed in value.items():
            found = _phrases(listed)
            if found is None or not str(topic).strip():
                reader.report((key, str(topic)), "must be a list of words or phrases")
            else:
                topics[str(topic).strip()] = found
        return topics
    reader.report((key,), _WORDS)
    return ()


def load_word_lists(site_config_dir: Path, *, root: Path) -> WordLists:
    """balance.yml's words for customers, for internal work and for phrases where a customer word is not
    about customers, added to the built-in vocabulary (or replacing it: built_in_words: false), and the
    company's own names (own_names: what "Northwind's" owns is ours)."""
    path = site_config_dir / "balance.yml"
    if not path.exists():
        return DEFAULT_WORDS
    reader = ConfigFileReader(path, root)
    data = reader.data if isinstance(reader.data, dict) else {}
    if reader.document is not None and reader.data is not None and not isinstance(reader.data, dict):
        reader.problems.append(Problem(reader.shown, f"must be a mapping with any of {', '.join(_KEYS)}"))
    for key in data:
        if key not in _KEYS:
            reader.report((str(key),), f"unknown setting; balance.yml takes {', '.join(_KEYS)}")
    not_customer: tuple[str, ...] = ()
    if data.get("not_customer_words") is not None:
        not_customer = _phrases(data["not_customer_words"]) or ()
        if not not_customer:
            reader.report(("not_customer_words",), "must be a list of phrases, e.g. customer events")
    built_in = data.get("built_in_words", True)
    if not isinstance(built_in, bool):
        reader.report(("built_in_words",), f"{built_in!r} is not true or false")
    own_names: tuple[str, ...] = ()
    if data.get("own_names") is not None:
        own_names = _phrases(data["own_names"]) or ()
        if not own_names:
            reader.report(("own_names",), "must be a list of the company's own names, e.g. [Northwind]")
    lists = WordLists(
        customer=_words(reader, "customer_words", data.get("customer_words")),
        internal=_words(reader, "internal_words", data.get("internal_words")),
        not_customer=not_customer,
        built_in=built_in is not False,
        own_names=own_names,
    )
    if reader.problems:
        raise SiteConfigError(reader.problems)
    return lists
