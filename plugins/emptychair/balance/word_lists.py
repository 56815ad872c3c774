"""The classifier's word lists from site_config/balance.yml."""

from __future__ import annotations

from pathlib import Path

from ..stories.site_config import ConfigFileReader, SiteConfigError
from .classifier import DEFAULT_WORDS, WordLists


def load_word_lists(site_config_dir: Path, *, root: Path) -> WordLists:
    """balance.yml's customer and internal-process words; the classifier's defaults when it is absent."""
    path = site_config_dir / "balance.yml"
    if not path.exists():
        return DEFAULT_WORDS
    reader = ConfigFileReader(path, root)
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("customer_words", "internal_words"):
        value = reader.data.get(key) if isinstance(reader.data, dict) else None
        if value is None:
            lists[key] = getattr(DEFAULT_WORDS, key.removesuffix("_words"))
        elif isinstance(value, list) and all(isinstance(word, str) and word.strip() for word in value):
            lists[key] = tuple(word.strip() for word in value)
        else:
            reader.report((key,), "must be a list of words or phrases")
    if reader.problems:
        raise SiteConfigError(reader.problems)
    return WordLists(customer=lists["customer_words"], internal=lists["internal_words"])
