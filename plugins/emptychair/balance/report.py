"""How much of what leaders publish is about customers: per week, leader and department, against a target."""

from __future__ import annotations

import zlib
from bisect import bisect_right
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from ..index.story_index import StoryIndex
from ..publishing.addresses import Addresses
from ..publishing.publish import PublishedStory, RenderedIntro
from ..stories.model import scope_of
from ..stories.weeks import IsoWeek
from .classifier import Classification, Classifier

DASHBOARD_WEEKS = 26
SUGGESTIONS = 3
AGE_BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("0-7 days", 0, 7),
    ("8-30 days", 8, 30),
    ("over 30 days", 31, 10**6),
)


@dataclass(frozen=True, slots=True)
class BalanceSettings:
    target: float = 0.6
    window: int = 4
    enforce: str = "warn"
    """'off', 'warn' or 'strict'."""
    max_internal_per_digest: int | None = None


@dataclass(frozen=True, slots=True)
class LeadershipItem:
    published: datetime
    """A memo's date; a digest intro and what it features count from the Monday of their week."""
    week: IsoWeek
    leader: str
    audience: tuple[str, ...]
    """Department slugs; empty means everyone."""
    kind: str
    """'memo' or 'digest intro' (with the stories it features: one item)."""
    title: str
    src_uri: str
    classification: Classification

    def reaches(self, department: str) -> bool:
        return not self.audience or department in self.audience


@dataclass(frozen=True, slots=True)
class Share:
    customer: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.customer / self.total if self.total else None

    @property
    def percent(self) -> str:
        return "\u2013" if self.value is None else f"{round(self.value * 100)}%"

    @property
    def internal(self) -> int:
        return self.total - self.customer


def share_of(items: Iterable[LeadershipItem]) -> Share:
    listed = list(items)
    return Share(sum(item.classification.is_customer for item in listed), len(listed))


@dataclass(frozen=True, slots=True)
class Finding:
    """A leader or department below target over the window: what tipped it and what could lead instead."""

    subject: str
    audience_phrase: str
    weeks: tuple[IsoWeek, IsoWeek]
    share: Share
    target: float
    internal: tuple[LeadershipItem, ...]
    suggestions: tuple[PublishedStory, ...]

    def message(self) -> str:
        first, last = self.weeks
        span = str(first) if first == last else f"{first} to {last}"
        tipped = ", ".join(f"'{item.title}' ({item.week})" for item in self.internal)
        text = (
            f"{self.subject}: {self.share.percent} of {self.audience_phrase} were about customers in {span} "
            f"({self.share.customer:,} of {self.share.total:,}; target {round(self.target * 100)}%). "
            f"Internal: {tipped}."
        )
        if self.suggestions:
            stories = ", ".join(f"{item.slug} ('{item.story.title}')" for item in self.suggestions)
            text += f" Lead with a customer: no digest has featured {stories} yet."
        return text


@dataclass(frozen=True, slots=True)
class LeaderRow:
    leader: str
    items: int
    memos: int
    share: Share
    window: Share
    previous: Share

    @property
    def trend(self) -> str:
        now, before = self.window.value, self.previous.value
        if now is None or before is None or now == before:
            return "steady" if now is not None and now == before else "\u2013"
        return "up" if now > before else "down"


@dataclass(frozen=True, slots=True)
class DepartmentRow:
    department: str
    stories_per_week: tuple[tuple[IsoWeek, int], ...]
    gaps: tuple[IsoWeek, ...]
    """Weeks of the dashboard with no customer story at all."""
    window_gaps: tuple[IsoWeek, ...]
    """The same, within the report's window: what `emptychair balance` shows."""
    follow_ups_by_age: tuple[tuple[str, int], ...]
    window: Share
    share_per_week: tuple[tuple[IsoWeek, Share], ...] = ()
    """The customer share of leadership items reaching the department, per dashboard week."""


@dataclass
class BalanceReport:
    target: float
    window_weeks: tuple[IsoWeek, ...]
    weeks: tuple[tuple[IsoWeek, Share], ...]
    """The dashboard's weeks, oldest first."""
    leaders: list[LeaderRow] = field(default_factory=list)
    departments: list[DepartmentRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    items: list[LeadershipItem] = field(default_factory=list)

    @property
    def window_share(self) -> Share:
        window = set(self.window_weeks)
        return share_of(item for item in self.items if item.week in window)

    @property
    def previous_window_weeks(self) -> tuple[IsoWeek, ...]:
        """As many weeks as the window, just before it: what "up" or "down" compares with."""
        if not self.window_weeks:
            return ()
        return tuple(self.window_weeks[0].previous().span(len(self.window_weeks)))

    @property
    def previous_window_share(self) -> Share:
        previous = set(self.previous_window_weeks)
        return share_of(item for item in self.items if item.week in previous)

    @property
    def trend(self) -> str:
        """'up', 'down' or 'steady' against the previous window; '' when either has no item."""
        now, before = self.window_share.value, self.previous_window_share.value
        if now is None or before is None:
            return ""
        return "up" if now > before else "down" if now < before else "steady"

    @property
    def most_needing_attention(self) -> Finding | None:
        """The finding furthest below target; of equal shares, the one with more internal items."""
        if not self.findings:
            return None
        return min(self.findings, key=lambda finding: (finding.share.value or 0.0, -finding.share.internal))


def memo_text(item: PublishedStory) -> str:
    """What the classifier reads of a memo: its title and Markdown."""
    return f"{item.story.title}\n{item.story.body}"


def labelled_memos(index: StoryIndex) -> list[tuple[str, str]]:
    """The text and focus of every memo whose author set `focus`: what the classifier learns from."""
    return [
        (memo_text(item), item.story.focus)
        for item in index.by_kind.get("memo", [])
        if item.story.focus in ("customer", "internal")
    ]


def classify_memos(
    index: StoryIndex, classifier: Classifier, *, only: Collection[str] | None = None
) -> dict[str, Classification]:
    """Every memo's focus (or that of the memos of `only`), by slug: explicit `focus` wins, else the
    classifier's reading of its text."""
    result: dict[str, Classification] = {}
    for item in index.by_kind.get("memo", []):
        if only is None or item.slug in only:
            story = item.story
            result[item.slug] = classifier.classify(
                memo_text(item), item.body_html, explicit=story.focus, quote=story.quote
            )
    return result


def leadership_items(
    index: StoryIndex,
    intros: Iterable[RenderedIntro],
    memo_focus: Mapping[str, Classification],
    classifier: Classifier,
    addresses: Addresses,
) -> list[LeadershipItem]:
    people = index.directory.people
    items: list[LeadershipItem] = []
    for item in index.by_kind.get("memo", []):
        author = item.story.author
        if author and people[author].leader:
            items.append(
                LeadershipItem(
                    item.story.published,
                    item.week,
                    author,
                    item.story.departments,
                    "memo",
                    item.story.title,
                    addresses.story(item.slug),
                    memo_focus[item.slug],
                )
            )
    for rendered in intros:
        intro = rendered.intro
        audience = (intro.department,) if intro.department else ()
        scope = scope_of(intro.department)
        where = addresses.digest(intro.week, scope)
        title = intro.title or f"{intro.week} digest intro"
        # An intro and the stories it features are one message to staff: counted once, as customer, so
        # a week with one intro featuring twelve stories is one customer item, not thirteen.
        if intro.featured:
            count = len(intro.featured)
            focus = Classification(
                "customer", f"customer: features {count} {'story' if count == 1 else 'stories'}"
            )
        else:
            focus = classifier.classify(f"{title}\n{intro.body}", rendered.body_html)
        opened = datetime.combine(intro.week.monday, time(), UTC)
        items.append(
            LeadershipItem(opened, intro.week, intro.author, audience, "digest intro", title, where, focus)
        )
    return sorted(items, key=lambda item: (item.published, item.leader, item.kind, item.title))


def _suggestions(index: StoryIndex, department: str | None, featured: set[str]) -> tuple[PublishedStory, ...]:
    pool = index.stories if department is None else index.by_department.get(department, [])
    chosen = [
        item
        for item in pool
        if not item.story.is_memo
        and item.story.consent
        and not item.story.featured
        and item.slug not in featured
    ]
    return tuple(chosen[:SUGGESTIONS])


@dataclass(frozen=True, slots=True)
class _Weeks:
    """The weeks a balance report looks at, each as a sequence and as a set."""

    window: tuple[IsoWeek, ...]
    in_window: frozenset[IsoWeek]
    before_window: frozenset[IsoWeek]
    """As many weeks as the window, just before it: what a leader's trend compares with."""
    dashboard: tuple[IsoWeek, ...]
    on_dashboard: frozenset[IsoWeek]
    first: IsoWeek
    """The first week with a story anywhere: weeks before it are not gaps, nothing was recorded yet."""

    @classmethod
    def of(cls, latest: IsoWeek, window: int, first: IsoWeek) -> _Weeks:
        weeks = tuple(latest.span(window))
        dashboard = tuple(latest.span(DASHBOARD_WEEKS))
        return cls(
            window=weeks,
            in_window=frozenset(weeks),
            before_window=frozenset(weeks[0].previous().span(window)),
            dashboard=dashboard,
            on_dashboard=frozenset(dashboard),
            first=first,
        )

    @property
    def span(self) -> tuple[IsoWeek, IsoWeek]:
        return self.window[0], self.window[-1]


def _leader_row(leader: str, mine: Sequence[LeadershipItem], weeks: _Weeks) -> LeaderRow:
    recent = [item for item in mine if item.week in weeks.on_dashboard]
    return LeaderRow(
        leader=leader,
        items=len(recent),
        memos=sum(item.kind == "memo" for item in recent),
        share=share_of(recent),
        window=share_of(item for item in mine if item.week in weeks.in_window),
        previous=share_of(item for item in mine if item.week in weeks.before_window),
    )


def _department_row(
    index: StoryIndex,
    slug: str,
    by_week: Mapping[IsoWeek, Sequence[LeadershipItem]],
    reaching: Sequence[LeadershipItem],
    weeks: _Weeks,
    today: date,
) -> DepartmentRow:
    """One department's customer stories per week, gaps, open follow-ups by age, and the customer share
    of the leadership items reaching it (`reaching`: those of the window)."""
    in_department = {item.slug for item in index.by_department.get(slug, [])}
    counts = tuple(
        (
            week,
            sum(
                1
                for item in index.by_week.get(week, [])
                if item.slug in in_department and not item.story.is_memo
            ),
        )
        for week in weeks.dashboard
    )
    ages = [(today - item.story.published.date()).days for item in index.open_follow_ups(slug)]
    gaps = tuple(week for week, count in counts if count == 0 and week >= weeks.first)
    return DepartmentRow(
        department=slug,
        stories_per_week=counts,
        gaps=gaps,
        window_gaps=tuple(week for week in gaps if week in weeks.in_window),
        follow_ups_by_age=tuple(
            (label, sum(low <= age <= high for age in ages)) for label, low, high in AGE_BUCKETS
        ),
        window=share_of(reaching),
        share_per_week=tuple(
            (week, share_of(item for item in by_week.get(week, []) if item.reaches(slug)))
            for week in weeks.dashboard
        ),
    )


def _is_below(share: Share, target: float) -> bool:
    return share.value is not None and share.value < target


def _leaders(
    index: StoryIndex, items: Sequence[LeadershipItem], weeks: _Weeks, featured: set[str], target: float
) -> tuple[list[LeaderRow], list[Finding]]:
    """A row for each leader with an item on the dashboard, and a finding for each below target."""
    rows, findings = [], []
    for leader in sorted({item.leader for item in items if item.week in weeks.on_dashboard}):
        mine = [item for item in items if item.leader == leader]
        row = _leader_row(leader, mine, weeks)
        rows.append(row)
        if _is_below(row.window, target):
            person = index.directory.people[leader]
            internal = (i for i in mine if i.week in weeks.in_window and not i.classification.is_customer)
            findings.append(
                Finding(
                    subject=person.name,
                    audience_phrase="their communications",
                    weeks=weeks.span,
                    share=row.window,
                    target=target,
                    internal=tuple(internal),
                    suggestions=_suggestions(index, person.department, featured),
                )
            )
    return rows, findings


def _departments(
    index: StoryIndex,
    items: Sequence[LeadershipItem],
    by_week: Mapping[IsoWeek, Sequence[LeadershipItem]],
    weeks: _Weeks,
    featured: set[str],
    *,
    target: float,
    today: date,
) -> tuple[list[DepartmentRow], list[Finding]]:
    """A row for each department, and a finding for each whose leadership items are below target."""
    rows, findings = [], []
    in_window = [item for item in items if item.week in weeks.in_window]
    for slug, department in index.directory.departments.items():
        reaching = [item for item in in_window if item.reaches(slug)]
        row = _department_row(index, slug, by_week, reaching, weeks, today)
        rows.append(row)
        if _is_below(row.window, target):
            findings.append(
                Finding(
                    subject=department.name,
                    audience_phrase="leadership communications to the department",
                    weeks=weeks.span,
                    share=row.window,
                    target=target,
                    internal=tuple(item for item in reaching if not item.classification.is_customer),
                    suggestions=_suggestions(index, slug, featured),
                )
            )
    return rows, findings


def balance_report(
    index: StoryIndex,
    items: Sequence[LeadershipItem],
    intros: Iterable[RenderedIntro],
    *,
    target: float,
    window: int,
    today: date,
) -> BalanceReport:
    """The customer share of leadership items per week, leader and department, and a finding for each
    leader and department below target over the window, with customer stories to lead with instead."""
    latest = index.latest_week
    if latest is None:
        return BalanceReport(target, (), ())
    weeks = _Weeks.of(latest, window, index.weeks[-1])
    by_week: dict[IsoWeek, list[LeadershipItem]] = {}
    for item in items:
        by_week.setdefault(item.week, []).append(item)
    featured = {slug for rendered in intros for slug in rendered.intro.featured}
    leaders, leader_findings = _leaders(index, items, weeks, featured, target)
    departments, department_findings = _departments(
        index, items, by_week, weeks, featured, target=target, today=today
    )
    return BalanceReport(
        target=target,
        window_weeks=weeks.window,
        weeks=tuple((week, share_of(by_week.get(week, []))) for week in weeks.dashboard),
        leaders=leaders,
        departments=departments,
        findings=leader_findings + department_findings,
        items=list(items),
    )


EMPTY_CHAIR_CANDIDATES = 10


def _by_time(item: PublishedStory) -> tuple[datetime, str]:
    return item.story.published, item.slug


class EmptyChairVoices:
    """A customer's own words for an internal memo: one of the latest quoted stories its audience
    received before it, picked by the memo's slug so the same memo always shows the same voice.

    Each department's quoted stories (and the whole company's) are sorted once, and a memo's latest
    candidates are found by bisection in each of its departments' and merged: filtering and sorting the
    audience's whole pool per memo grew as N^2.5 (43.8 s of a 100,000-story build), and sorting a pool
    per set of departments a memo went to was 2.3 s at 100,000 (a pool for each of dozens of sets)."""

    def __init__(self, index: StoryIndex) -> None:
        self._index = index
        self._pools: dict[str | None, tuple[list[datetime], list[PublishedStory]]] = {}

    def _pool(self, department: str | None) -> tuple[list[datetime], list[PublishedStory]]:
        """The quoted customer stories a department received (None: the whole company's), oldest first."""
        found = self._pools.get(department)
        if found is None:
            index = self._index
            members = index.stories if department is None else index.by_department.get(department, [])
            quoted = [item for item in members if not item.story.is_memo and item.story.quote]
            ordered = sorted(quoted, key=_by_time)
            found = self._pools[department] = ([item.story.published for item in ordered], ordered)
        return found

    def __call__(self, memo: PublishedStory) -> PublishedStory | None:
        latest: dict[str, PublishedStory] = {}
        audience: list[str | None] = [*sorted(memo.story.departments)] or [None]
        for department in audience:
            published, ordered = self._pool(department)
            before = bisect_right(published, memo.story.published)
            for item in ordered[max(0, before - EMPTY_CHAIR_CANDIDATES) : before]:
                latest[item.slug] = item
        candidates = sorted(latest.values(), key=_by_time)[-EMPTY_CHAIR_CANDIDATES:][::-1]
        if not candidates:
            return None
        return candidates[zlib.crc32(memo.slug.encode()) % len(candidates)]
