"""What the site is made from: the index, the balance and the digests, with every problem found."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..balance.classifier import Classification
from ..balance.report import BalanceReport
from ..digests.weekly import Digest
from ..index.story_index import StoryIndex
from ..stories.loading import Rejected
from ..stories.model import Directory, Scope
from ..stories.problems import Problem
from ..stories.weeks import IsoWeek
from ..themes.weekly import Theme


@dataclass(frozen=True, slots=True)
class SiteData:
    """Stage 3: the index, the balance and the digests, from which every output is made."""

    directory: Directory
    index: StoryIndex
    digests: dict[Scope, list[Digest]]
    """Scope ('company' or a department slug) -> its weekly digests, newest first."""
    memo_focus: dict[str, Classification]
    """Every memo's focus and the reason for it, by slug."""
    balance: BalanceReport
    rejected: list[Rejected]
    """Every story and digest intro that could not be published, with why."""
    problems: list[Problem]
    """Every problem, validation and rendering alike, in file order."""
    refused: list[Rejected] = field(default_factory=list)
    """Files under the stories folder that are not stories and are not published (an .html, a link out
    of the repository), with why."""
    assets: frozenset[str] = frozenset()
    """The images below the stories folder that the site copies as they are; nothing else is."""
    themes: dict[IsoWeek, tuple[Theme, ...]] = field(default_factory=dict)
    """Each week's themes, newest week first."""
    story_keys: Mapping[str, str] = field(default_factory=dict)
    """By slug, what a story published through the build cache is known by there: two stories with the
    same key are equal (made from the same file, redaction, HTML, timezone and links' targets). A page is keyed by the
    keys of the stories it shows rather than by digests of them."""

    @property
    def warnings(self) -> list[Problem]:
        """Problems of stories that were published all the same."""
        return [problem for problem in self.problems if problem.severity == "warning"]
