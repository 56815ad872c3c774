"""Weekly digests per department and for the company, assembled from the index."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

from ..balance.classifier import Classification
from ..index.story_index import NPS_MIN_ANSWERS, StoryIndex, WeekFigures, week_figures
from ..publishing.publish import PublishedStory, RenderedIntro
from ..stories.model import Department, Directory, Scope, scope_of
from ..stories.weeks import IsoWeek
from ..themes.summary import ThemeRow, theme_rows
from ..themes.weekly import Theme
from .summary import (
    CLOSED_SHOWN,
    FEATURED_SHOWN,
    LESSONS_SHOWN,
    MEMOS_SHOWN,
    WeekSummary,
    count_groups,
    distinct_lessons,
    select_range,
)

WAITING_SHOWN = 10
"""A digest names the longest waits and links to the full list: a weekly read, not a ledger."""
MAX_STORIES = 25
"""Customer stories a digest lists in full; above this it summarises the week (the `digest_max_stories`
option)."""
THEMES_SHOWN = 8
"""Themes a digest shows near its top, with a link to the week's other themes."""
EMAIL_LESSONS = 5
EMAIL_THEMES = 5
"""A digest's e-mail shows fewer themes (one quote each) than its page, and when it summarises, fewer
lessons; how many of its stories it shows is decided by its size in bytes (`email_cut`, and the budget
in mail/)."""
EMAIL_STORIES_BEFORE_LESSONS = 3
"""Stories an e-mail over its budget keeps while it drops its lessons; then it drops those too."""


@dataclass(frozen=True, slots=True)
class Waiting:
    item: PublishedStory
    days: int
    """Days from the story to the end of the digest's week."""


@dataclass(frozen=True, slots=True)
class Digest:
    week: IsoWeek
    department: Department | None
    """None: the whole company."""
    intro: RenderedIntro | None
    figures: WeekFigures
    previous: WeekFigures
    waiting: tuple[Waiting, ...]
    """The longest waits, at most WAITING_SHOWN; `waiting_total` counts them all."""
    waiting_total: int
    featured: tuple[PublishedStory, ...]
    stories: tuple[PublishedStory, ...]
    """The week's other customer stories, newest first; when summarising, a selection of them."""
    lessons: tuple[PublishedStory, ...]
    """Stories with a lesson; when summarising, one per distinct lesson, capped."""
    closed: tuple[PublishedStory, ...]
    memos: tuple[PublishedStory, ...]
    """Leaders' memos to this audience: customer-focused first, then internal ones up to the cap."""
    internal_hidden: int
    """Internal memos beyond the cap, listed on the week's Internal notices page instead."""
    published: datetime
    """The newest story of the week, company-wide: a real moment, even for a week still running."""
    summary: WeekSummary | None = None
    """Set when the week has more customer stories than a digest lists: it then summarises, and every
    story is on the week's listing."""
    waiting_older: int = 0
    """Unanswered stories older than policy.yml's waiting_days at the week's end: counted, not listed."""
    themes: tuple[ThemeRow, ...] = ()
    """What customers talked about: the week's largest themes in this scope, at most THEMES_SHOWN."""
    themes_total: int = 0
    """The week's themes in this scope; every one is on the themes page."""
    left_out: int = 0
    """Stories of a digest that lists its whole week which its e-mail leaves out to keep within its byte
    budget: every one is on the digest's page. (A summarising digest counts them in `summary.more`.)"""

    @property
    def scope(self) -> Scope:
        return scope_of(self.department.slug if self.department else None)

    @property
    def audience(self) -> str:
        return self.department.name if self.department else "the whole company"

    @property
    def title(self) -> str:
        return digest_title(self.department, self.week)

    @property
    def is_empty(self) -> bool:
        return not (self.featured or self.stories or self.summary or self.left_out)

    @property
    def in_a_sentence(self) -> str:
        return week_in_a_sentence(self)


def _change(current: float | None, previous: float | None) -> float | None:
    return None if current is None or previous is None else round(current - previous, 1)


def figures_change(digest: Digest) -> dict[str, float | None]:
    """Change against the previous week, for each headline figure; none for an NPS of too few answers."""
    now, before = digest.figures, digest.previous
    enough = min(now.nps_answers, before.nps_answers) >= NPS_MIN_ANSWERS
    return {
        "stories": now.stories - before.stories,
        "average_rating": _change(now.average_rating, before.average_rating),
        "nps": _change(now.nps, before.nps) if enough else None,
        "negative": now.negative - before.negative,
    }


def counted(number: int, one: str, many: str) -> str:
    """'1 story', '3,000 stories': a count with its noun, for sentences and subject lines."""
    return f"{number:,} {one if number == 1 else many}"


def digest_title(department: Department | None, week: IsoWeek) -> str:
    """'Operations digest, 2026-W47': known before the digest is built, so a command can name it early."""
    return f"{department.name if department else 'Company'} digest, {week}"


def week_in_a_sentence(digest: Digest) -> str:
    """The digest's week in one plain sentence: stories, customers waiting, rating against last week."""
    stories = counted(digest.figures.stories, "customer story", "customer stories")
    waiting = (
        counted(digest.waiting_total, "customer", "customers") + " still waiting"
        if digest.waiting_total
        else "nobody waiting"
    )
    rating, before = digest.figures.average_rating, digest.previous.average_rating
    if rating is None:
        rated = "no ratings"
    elif before is None:
        rated = f"an average rating of {rating} (none the week before)"
    elif rating == before:
        rated = f"an average rating of {rating}, as the week before"
    else:
        rated = f"an average rating of {rating}, {'up' if rating > before else 'down'} from {before}"
    return f"{digest.week}: {stories}, {waiting} and {rated}."


def _in_scope(item: PublishedStory, department: str | None) -> bool:
    return department is None or department in item.story.departments


def _memo_for(item: PublishedStory, department: str | None) -> bool:
    audience = item.story.departments
    return department is None or not audience or department in audience


@dataclass(frozen=True, slots=True)
class _WeekInScope:
    """What one week holds for one scope, before a digest chooses what of it to show."""

    stories: list[PublishedStory]
    """The week's stories and memos, newest first."""
    stories_before: list[PublishedStory]
    """The week before's."""
    customer: list[PublishedStory]
    """The week's customer stories, newest first."""
    customer_before: list[PublishedStory]
    """The week before's."""
    featured: list[PublishedStory]
    lessons: list[PublishedStory]
    closed: list[PublishedStory]
    customer_memos: list[PublishedStory]
    internal_memos: list[PublishedStory]

    def others(self, featured: Sequence[PublishedStory]) -> list[PublishedStory]:
        shown = {item.slug for item in featured}
        return [item for item in self.customer if item.slug not in shown]

    def internal_cap(self, configured: int | None) -> int:
        items = len(self.featured) + len(self.others(self.featured)) + len(self.customer_memos)
        return internal_cap(items, configured)


@dataclass(frozen=True, slots=True)
class _Shown:
    """What a digest shows of its week: all of it, or a summary."""

    featured: list[PublishedStory]
    stories: list[PublishedStory]
    lessons: list[PublishedStory]
    closed: list[PublishedStory]
    customer_memos: list[PublishedStory]
    internal_cap: int
    summary: WeekSummary | None = None


def _week_in_scope(
    index: StoryIndex,
    week: IsoWeek,
    department: str | None,
    intro: RenderedIntro | None,
    closed_by_week: Mapping[IsoWeek, Sequence[PublishedStory]],
    memo_focus: Mapping[str, Classification],
) -> _WeekInScope:
    stories = stories_in_scope(index, week, department)
    before = stories_in_scope(index, week.previous(), department)
    customer = [item for item in stories if not item.story.is_memo]
    memos = [
        item for item in index.by_week.get(week, []) if item.story.is_memo and _memo_for(item, department)
    ]
    customer_memos = [item for item in memos if item.slug in memo_focus and memo_focus[item.slug].is_customer]
    return _WeekInScope(
        stories=stories,
        stories_before=before,
        customer=customer,
        customer_before=[item for item in before if not item.story.is_memo],
        featured=_featured(index, intro, customer),
        lessons=[item for item in customer if item.story.lesson],
        closed=[item for item in closed_by_week.get(week, []) if _in_scope(item, department)],
        customer_memos=customer_memos,
        internal_memos=[item for item in memos if item not in customer_memos],
    )


def _featured(
    index: StoryIndex, intro: RenderedIntro | None, customer: Sequence[PublishedStory]
) -> list[PublishedStory]:
    """What the week's intro features, else the week's stories marked `featured`."""
    if intro and intro.intro.featured:
        return [index.by_slug[slug] for slug in intro.intro.featured if slug in index.by_slug]
    return [item for item in customer if item.story.featured]


def _in_full(week: _WeekInScope, max_internal: int | None) -> _Shown:
    """A digest of an ordinary week: every customer story, lesson, closed follow-up and customer memo."""
    return _Shown(
        featured=week.featured,
        stories=week.others(week.featured),
        lessons=week.lessons,
        closed=week.closed,
        customer_memos=week.customer_memos,
        internal_cap=week.internal_cap(max_internal),
    )


def _summarised(
    directory: Directory, week: _WeekInScope, max_internal: int | None, max_stories: int
) -> _Shown:
    """A digest of a busy week: counts against last week, a selection that shows the range, each lesson
    once, and a few of everything else, with how many more the week's listing holds."""
    featured = week.featured[:FEATURED_SHOWN]
    others = select_range(week.others(featured), max_stories)
    shown = {item.slug for item in featured}
    shown_here = sum(item.slug in shown for item in week.customer) + len(others)
    lessons = distinct_lessons(week.lessons)
    summary = WeekSummary(
        counts=count_groups(directory, week.customer, week.customer_before),
        stories_total=len(week.customer),
        more=len(week.customer) - shown_here,
        memos_more=max(0, len(week.customer_memos) - MEMOS_SHOWN),
        lessons_total=len(lessons),
        closed_total=len(week.closed),
    )
    return _Shown(
        featured=featured,
        stories=others,
        lessons=lessons[:LESSONS_SHOWN],
        closed=week.closed[:CLOSED_SHOWN],
        customer_memos=week.customer_memos[:MEMOS_SHOWN],
        internal_cap=min(week.internal_cap(max_internal), MEMOS_SHOWN),
        summary=summary,
    )


def build_digest(
    index: StoryIndex,
    week: IsoWeek,
    department: Department | None,
    intro: RenderedIntro | None,
    zone: tzinfo,
    *,
    waiting_in_scope: Sequence[PublishedStory] | None = None,
    closed_by_week: Mapping[IsoWeek, Sequence[PublishedStory]] | None = None,
    memo_focus: Mapping[str, Classification] | None = None,
    max_internal: int | None = None,
    max_stories: int = MAX_STORIES,
) -> Digest:
    """One digest, in full or summarised when the week has more than `max_stories` customer stories; the
    keyword lists are per-scope and per-week lookups a caller may compute once; `waiting_in_scope` is
    oldest first, as `StoryIndex.waiting` gives it."""
    slug = department.slug if department else None
    if waiting_in_scope is None:
        waiting_in_scope = index.waiting(slug)
    if closed_by_week is None:
        closed_by_week = closed_follow_ups_by_week(index)
    held = _week_in_scope(index, week, slug, intro, closed_by_week, memo_focus or {})
    if len(held.customer) > max_stories:
        shown = _summarised(index.directory, held, max_internal, max_stories)
    else:
        shown = _in_full(held, max_internal)
    window_start = week.sunday - timedelta(days=index.directory.waiting_days)
    # Oldest first: who waited by this week's end is a run from the start, those who told us before the
    # window its head (found in log n steps: scanning every waiting story for each week and scope was
    # 5 s of a 100,000-story build).
    until_now = bisect_right(waiting_in_scope, week, key=_week_of)
    older = bisect_left(
        waiting_in_scope,
        window_start,
        hi=until_now,
        key=lambda item: item.story.published.astimezone(zone).date(),
    )
    waiting_until_now = waiting_in_scope[older:until_now]
    return Digest(
        week=week,
        department=department,
        intro=intro,
        figures=week_figures(week, held.stories),
        previous=week_figures(week.previous(), held.stories_before),
        waiting=tuple(
            Waiting(item, (week.sunday - item.story.published.astimezone(zone).date()).days)
            for item in waiting_until_now[:WAITING_SHOWN]
        ),
        waiting_total=len(waiting_until_now),
        waiting_older=older,
        featured=tuple(shown.featured),
        stories=tuple(shown.stories),
        lessons=tuple(shown.lessons),
        closed=tuple(shown.closed),
        memos=(*shown.customer_memos, *held.internal_memos[: shown.internal_cap]),
        internal_hidden=max(0, len(held.internal_memos) - shown.internal_cap),
        published=index.by_week[week][0].story.published,
        summary=shown.summary,
    )


def _week_of(item: PublishedStory) -> IsoWeek:
    return item.week


def emailed(digest: Digest) -> Digest:
    """What the e-mail of a digest shows at most: fewer themes (with one quote each) and, when it
    summarises, fewer lessons than its page. `email_cut` then leaves out what its byte budget has no room
    for; it links to the page for the rest."""
    themes = tuple(replace(row, quotes=row.quotes[:1]) for row in digest.themes[:EMAIL_THEMES])
    digest = replace(digest, themes=themes)
    if digest.summary is None:
        return digest
    return replace(digest, lessons=digest.lessons[:EMAIL_LESSONS])


def email_cuts(digest: Digest) -> int:
    """How many things `email_cut` can leave out of the e-mail of `digest`."""
    return len(digest.featured) + len(digest.stories) + len(digest.lessons) + len(digest.themes)


def email_cut(digest: Digest, cuts: int) -> Digest:
    """The e-mail of `digest` with `cuts` things left out, the least missed first: its listed stories from
    the last down to EMAIL_STORIES_BEFORE_LESSONS, then its lessons, then the rest of its stories
    (featured last), then the themes' quotes from the last theme. Each cut makes the e-mail smaller; the
    stories left out are counted, and every one is on the page the e-mail links to."""
    listed = (*digest.featured, *digest.stories)
    first = max(0, len(listed) - EMAIL_STORIES_BEFORE_LESSONS)
    dropped = min(cuts, first)
    lessons_dropped = min(cuts - dropped, len(digest.lessons))
    dropped += min(cuts - dropped - lessons_dropped, len(listed) - dropped)
    quotes_dropped = min(cuts - dropped - lessons_dropped, len(digest.themes))
    kept = len(listed) - dropped
    featured = digest.featured[:kept]
    stories = digest.stories[: max(0, kept - len(digest.featured))]
    themes = tuple(
        replace(row, quotes=()) if position >= len(digest.themes) - quotes_dropped else row
        for position, row in enumerate(digest.themes)
    )
    digest = replace(
        digest,
        featured=featured,
        stories=stories,
        lessons=digest.lessons[: len(digest.lessons) - lessons_dropped],
        themes=themes,
    )
    if digest.summary is None:
        return replace(digest, left_out=digest.left_out + dropped)
    summary = replace(digest.summary, more=digest.summary.more + dropped, shortened=dropped > 0)
    return replace(digest, summary=summary)


def stories_in_scope(index: StoryIndex, week: IsoWeek, department: str | None) -> list[PublishedStory]:
    """The week's stories and memos for the company or one department, newest first: the week's listing."""
    return [item for item in index.by_week.get(week, []) if _in_scope(item, department)]


def internal_cap(customer_items: int, configured: int | None) -> int:
    """Internal memos a digest shows: as configured, else one per three customer items, at least one."""
    return configured if configured is not None else max(1, customer_items // 3)


def build_digests(
    index: StoryIndex,
    intros: Mapping[tuple[IsoWeek, str | None], RenderedIntro],
    zone: tzinfo,
    *,
    memo_focus: Mapping[str, Classification] | None = None,
    max_internal: int | None = None,
    max_stories: int = MAX_STORIES,
    themes: Mapping[IsoWeek, Sequence[Theme]] | None = None,
    weeks: Collection[IsoWeek] | None = None,
) -> dict[Scope, list[Digest]]:
    """Every week that has stories (or those of `weeks` that do), for the company and each department:
    scope -> digests, newest first."""
    scopes: list[Department | None] = [None, *index.directory.departments.values()]
    closed = closed_follow_ups_by_week(index)
    digests: dict[Scope, list[Digest]] = {}
    for department in scopes:
        slug = department.slug if department else None
        waiting = index.waiting(slug)
        digests[scope_of(slug)] = [
            build_digest(
                index,
                week,
                department,
                intros.get((week, slug)),
                zone,
                waiting_in_scope=waiting,
                closed_by_week=closed,
                memo_focus=memo_focus,
                max_internal=max_internal,
                max_stories=max_stories,
            )
            for week in index.weeks
            if weeks is None or week in weeks
        ]
        if themes:
            digests[scope_of(slug)] = [
                _with_themes(digest, theme_rows(index, themes, digest.week, slug))
                for digest in digests[scope_of(slug)]
            ]
    return digests


def _with_themes(digest: Digest, rows: Sequence[ThemeRow]) -> Digest:
    return replace(digest, themes=tuple(rows[:THEMES_SHOWN]), themes_total=len(rows))


def themes_in_a_sentence(digest: Digest) -> str:
    """The largest themes in a sentence, for a feed entry's summary: "Customers talked most about ..."."""
    named = [f"{row.label} ({row.count})" for row in digest.themes[:3]]
    if not named:
        return ""
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + f" and {named[-1]}"
    return f"Customers talked most about {listed}."


def closed_follow_ups_by_week(index: StoryIndex) -> dict[IsoWeek, list[PublishedStory]]:
    closed: dict[IsoWeek, list[PublishedStory]] = {}
    for item in index.stories:
        follow_up = item.story.follow_up
        if follow_up and follow_up.is_done and follow_up.closed:
            closed.setdefault(IsoWeek.of(follow_up.closed), []).append(item)
    return closed


def digest_for(digests: Mapping[Scope, Sequence[Digest]], week: IsoWeek, scope: Scope) -> Digest | None:
    return next((digest for digest in digests.get(scope, []) if digest.week == week), None)
