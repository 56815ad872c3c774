"""What finding a week's themes gives: importing it imports neither numpy nor scikit-learn (`apart`)."""

from __future__ import annotations

from dataclasses import dataclass

LIBRARIES = ("scikit-learn", "numpy", "scipy", "threadpoolctl")
"""What `discover` computes with: a new version of any may find other themes in the same texts."""


@dataclass(frozen=True, slots=True)
class FoundTheme:
    label: str
    terms: tuple[str, ...]
    """The words and phrases that define the theme, strongest first, as people wrote them."""
    weights: dict[str, float]
    """Every defining term (folded, not as written) -> its weight, the strongest 1: what later weeks'
    themes are matched against."""
    members: tuple[tuple[int, float], ...]
    """(position of a text, how strongly it belongs), strongest first."""
