"""Is a leader's memo about customers or internal process? A transparent rule with its reason."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..publishing.rendering import ROOT

STORY_LINK = f'href="{ROOT}stories/'
_QUOTE = "<blockquote"


@dataclass(frozen=True, slots=True)
class WordLists:
    customer: tuple[str, ...]
    internal: tuple[str, ...]


DEFAULT_WORDS = WordLists(
    customer=(
        "customer",
        "client",
        "complaint",
        "review",
        "feedback",
        "told us",
        "delivery",
        "refund",
        "waiting",
    ),
    internal=(
        "expense",
        "receipt",
        "timesheet",
        "utilisation",
        "utilization",
        "compliance",
        "policy",
        "audit",
        "approval",
    ),
)


@dataclass(frozen=True, slots=True)
class Classification:
    focus: str
    """'customer' or 'internal'."""
    reason: str

    @property
    def is_customer(self) -> bool:
        return self.focus == "customer"


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?:s|es)?(?![\w-])", re.IGNORECASE)


class Classifier:
    """Counts story links, customer quotes and words from two lists; explicit focus always wins."""

    def __init__(self, words: WordLists) -> None:
        self.customer_words = _pattern(words.customer)
        self.internal_words = _pattern(words.internal)

    @staticmethod
    def _found(pattern: re.Pattern[str] | None, text: str) -> list[str]:
        if pattern is None:
            return []
        return sorted({match.group(1).lower() for match in pattern.finditer(text)})

    def classify(
        self, text: str, body_html: str, *, explicit: str | None = None, quote: str | None = None
    ) -> Classification:
        """`text` is the memo's title and Markdown; `body_html` its rendered body, where story links are marked."""
        if explicit in ("customer", "internal"):
            return Classification(explicit, f"{explicit}: set by its author (focus: {explicit})")
        links = body_html.count(STORY_LINK)
        quotes = body_html.count(_QUOTE) + (1 if quote else 0)
        customer = self._found(self.customer_words, text)
        internal = self._found(self.internal_words, text)
        evidence = []
        if links:
            evidence.append(f"links {links} {'story' if links == 1 else 'stories'}")
        if quotes:
            evidence.append(f"quotes {'a customer' if quotes == 1 else f'{quotes} customers'}")
        if links or quotes or len(customer) > len(internal):
            if customer:
                evidence.append(f"mentions {', '.join(customer)}")
            return Classification("customer", "customer: " + "; ".join(evidence))
        parts = [f"mentions {', '.join(internal)}"] if internal else []
        parts.append("no customer story linked")
        if customer:
            parts.append(f"customer words ({', '.join(customer)}) do not outweigh internal ones")
        return Classification("internal", "internal: " + "; ".join(parts))
