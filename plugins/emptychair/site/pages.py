"""The generated pages of the site, planned from the index: what exists, with which template and data."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..balance.chart import share_chart, share_sparkline, stories_sparkline
from ..balance.classifier import Classification
from ..balance.report import EmptyChairVoices
from ..digests.weekly import Digest, figures_change, stories_in_scope
from ..index.story_index import week_figures
from ..publishing.addresses import Addresses
from ..publishing.publish import PublishedStory
from ..stories.model import COMPANY, KIND_NAMES, KINDS, Department, Scope, scope_of
from ..stories.problems import Problem
from ..stories.weeks import IsoWeek
from ..themes.summary import ThemeTrend, theme_trends
from .contexts import (
    AttentionContext,
    BalanceContext,
    DepartmentContext,
    DepartmentCount,
    DepartmentsContext,
    DigestContext,
    DigestsContext,
    GroupsContext,
    HomeContext,
    InternalNoticesContext,
    ListingContext,
    PageContext,
    Pager,
    StoryContext,
    ThemeContext,
    ThemesContext,
    TouchpointsContext,
    Up,
    WeeksContext,
)
from .data import SiteData

RECENT_WEEKS = 8
HOME_FEATURED = 3
HOME_RECENT = 6
HOME_WAITING = 5
HOME_MEMOS = 4
DEPARTMENT_RECENT = 10
DEPARTMENT_WAITING = 10
DEPARTMENT_FOLLOW_UPS = 10


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    src_uri: str
    title: str
    template: str
    context: PageContext
    """What the template receives (see site/contexts.py and docs/templates.md)."""
    searchable: bool = True
    """Listings and digests repeat what story pages say: leaving them out keeps search results to the
    stories, and indexing them would be most of the build's time."""
    markdown: str = ""
    """What other plugins see of the page in on_page_markdown: a story's own Markdown, redacted. MkDocs
    does not render it (the body was rendered once, in the publishing stage)."""
    feeds: Scope | None = None
    """The scope whose digest feeds the page announces to feed readers in its <head>."""


@dataclass(frozen=True, slots=True)
class SitePlan:
    data: SiteData
    addresses: Addresses
    page_size: int
    feeds: bool = False
    """Whether the digest feeds are made (they need site_url): pages link them only then."""
    today: date | None = None
    """The build's day: who still waits is counted back from it (policy.yml's waiting_days)."""


def _paginated(
    plan: SitePlan,
    address: Any,
    items: Sequence[PublishedStory],
    title: str,
    *,
    up: Up | None = None,
    waiting: bool = False,
    follow_up_listing: bool = False,
    department: Department | None = None,
    notices: tuple[IsoWeek, Mapping[str, Classification]] | None = None,
    trend: tuple[ThemeTrend, Scope] | None = None,
    grows_at_front: bool = True,
) -> Iterator[GeneratedPage]:
    """A listing split into pages of `page_size`; page 1 keeps the listing's own address. `notices`: a
    week's internal notices (the week, and each memo's focus), shown by their own template.

    A listing whose new stories come first (`grows_at_front`, newest first) is cut from its oldest
    story: every page but the first holds a whole page, and the first what is left, between half a
    page and one and a half. A new story then changes the first page only (the others until the
    listing gains a page), which the build cache keeps: cut from the newest story, every page of every
    listing a story is in shifted by one (287 pages at 10,000 stories), and a link to page 3 led to
    other stories the next day. The others (customers waiting, oldest first; follow-ups, soonest due
    first) are cut from the first."""
    size = plan.page_size
    if grows_at_front:
        count = max(1, (len(items) + size // 2) // size)
        first = len(items) - (count - 1) * size
        bounds = [(0, first)] + [(first + at * size, first + (at + 1) * size) for at in range(count - 1)]
    else:
        count = max(1, -(-len(items) // size))
        bounds = [(at * size, (at + 1) * size) for at in range(count)]
    for number, (start, end) in enumerate(bounds, start=1):
        pager = Pager(
            number=number,
            count=count,
            previous=address(number - 1) if number > 1 else None,
            next=address(number + 1) if number < count else None,
            total=len(items) if number == 1 else None,
        )
        context: ListingContext = {
            "heading": title,
            "items": items[start:end],
            "pager": pager,
        }
        if up is not None:
            context["up"] = up
        if waiting:
            context["waiting"] = True
        if follow_up_listing:
            context["follow_up_listing"] = True
        if department is not None:
            context["department"] = department
        template = "emptychair/listing.html"
        if notices is not None:
            template = "emptychair/internal-notices.html"
            context = InternalNoticesContext(**context, week=notices[0], focus=notices[1])
        if trend is not None:
            template = "emptychair/theme.html"
            # The trend on the first page only: a new week's count would make every page again.
            context = ThemeContext(**context, trend=trend[0] if number == 1 else None, scope=trend[1])
        yield GeneratedPage(
            src_uri=address(number),
            title=title if number == 1 else f"{title} (page {number:,} of {count:,})",
            template=template,
            context=context,
            searchable=False,
        )


def story_pages(plan: SitePlan) -> Iterator[GeneratedPage]:
    empty_chair_voice = EmptyChairVoices(plan.data.index)
    for item in plan.data.index.stories:
        focus = plan.data.memo_focus.get(item.slug)
        voice = empty_chair_voice(item) if focus is not None and not focus.is_customer else None
        yield GeneratedPage(
            src_uri=plan.addresses.story(item.slug),
            title=item.story.title,
            template="emptychair/story.html",
            markdown=item.story.body,
            context=StoryContext(
                item=item,
                related=[] if item.story.is_memo else plan.data.index.related(item),
                focus=focus,
                empty_chair=voice,
            ),
        )


def home_page(plan: SitePlan) -> GeneratedPage:
    index = plan.data.index
    customer = index.customer_stories()
    featured = [item for item in customer if item.story.featured][:HOME_FEATURED]
    shown = {item.slug for item in featured}
    recent = [item for item in customer if item.slug not in shown][:HOME_RECENT]
    waiting, older = _waiting(plan, None)
    return GeneratedPage(
        src_uri=plan.addresses.home,
        title="Home",
        template="emptychair/home.html",
        context=HomeContext(
            featured=featured,
            recent=recent,
            waiting=waiting[:HOME_WAITING],
            waiting_total=len(waiting),
            waiting_older=older,
            memos=_customer_first(plan, index.by_kind.get("memo", [])[:HOME_MEMOS]),
            balance=plan.data.balance,
            departments=_department_rows(plan),
            story_total=len(customer),
            rejected_total=len(plan.data.rejected),
        ),
    )


def _customer_first(plan: SitePlan, memos: Sequence[PublishedStory]) -> list[PublishedStory]:
    """Customer-focused memos lead; internal ones follow, newest first within each."""
    return sorted(
        memos,
        key=lambda item: (
            not (plan.data.memo_focus.get(item.slug) and plan.data.memo_focus[item.slug].is_customer)
        ),
    )


def _waiting(plan: SitePlan, department: str | None) -> tuple[list[PublishedStory], int]:
    """Who still waits (within the policy's waiting_days), and how many older stories were never answered;
    the listing of everyone waiting keeps them all."""
    index = plan.data.index
    if plan.today is None:
        return index.waiting(department), 0
    return index.waiting_within(department, plan.today)


def _department_rows(plan: SitePlan) -> list[DepartmentCount]:
    index = plan.data.index
    return [
        DepartmentCount(
            department=department,
            stories=len(index.department_stories(department.slug)),
            waiting=len(_waiting(plan, department.slug)[0]),
        )
        for department in index.directory.departments.values()
    ]


def department_pages(plan: SitePlan) -> Iterator[GeneratedPage]:
    index, addresses = plan.data.index, plan.addresses
    yield GeneratedPage(
        src_uri=addresses.departments,
        title="Departments",
        template="emptychair/departments.html",
        context=DepartmentsContext(rows=_department_rows(plan)),
    )
    weeks = index.latest_week.span(RECENT_WEEKS) if index.latest_week else []
    for department in index.directory.departments.values():
        items = index.department_stories(department.slug)
        waiting, older = _waiting(plan, department.slug)
        follow_ups = index.open_follow_ups(department.slug)
        in_department = {item.slug for item in items}
        figures = [
            week_figures(week, [item for item in index.by_week.get(week, []) if item.slug in in_department])
            for week in weeks
        ]
        digests = plan.data.digests.get(scope_of(department.slug))
        context = DepartmentContext(
            department=department,
            recent=items[:DEPARTMENT_RECENT],
            total=len(items),
            waiting=waiting[:DEPARTMENT_WAITING],
            waiting_total=len(waiting),
            waiting_older=older,
            follow_ups=follow_ups[:DEPARTMENT_FOLLOW_UPS],
            follow_ups_total=len(follow_ups),
            figures=figures[::-1],
            digest_weeks=set(index.by_week),
            has_digest=bool(digests),
        )
        if digests:
            context["latest_digest"] = digests[0]
        yield GeneratedPage(
            src_uri=addresses.department(department.slug),
            title=department.name,
            template="emptychair/department.html",
            context=context,
        )
        yield from _paginated(
            plan,
            lambda page, slug=department.slug: addresses.waiting(page, slug),
            index.waiting(department.slug),
            f"{department.name}: customers waiting",
            up=Up(addresses.department(department.slug), department.name),
            waiting=True,
            grows_at_front=False,
        )
        yield from _paginated(
            plan,
            lambda page, slug=department.slug: addresses.follow_ups(slug, page),
            follow_ups,
            f"{department.name}: open follow-ups",
            up=Up(addresses.department(department.slug), department.name),
            follow_up_listing=True,
            grows_at_front=False,
        )
        yield from _paginated(
            plan,
            lambda page, slug=department.slug: addresses.department_stories(slug, page),
            items,
            f"{department.name}: every story",
            up=Up(addresses.department(department.slug), department.name),
        )


def listing_pages(plan: SitePlan) -> Iterator[GeneratedPage]:
    index, addresses, directory = plan.data.index, plan.addresses, plan.data.index.directory
    yield GeneratedPage(
        src_uri=addresses.touchpoints,
        title="Touchpoints",
        template="emptychair/touchpoints.html",
        context=TouchpointsContext(counts={slug: len(items) for slug, items in index.by_touchpoint.items()}),
    )
    for touchpoint in directory.touchpoints.values():
        yield from _paginated(
            plan,
            lambda page, slug=touchpoint.slug: addresses.touchpoint(slug, page),
            index.by_touchpoint.get(touchpoint.slug, []),
            touchpoint.name,
            up=Up(addresses.touchpoints, "All touchpoints"),
            department=directory.departments[touchpoint.department],
        )
    yield GeneratedPage(
        src_uri=addresses.kinds,
        title="Kinds",
        template="emptychair/groups.html",
        context=GroupsContext(
            groups=[
                (KIND_NAMES[kind], addresses.kind(kind), len(index.by_kind.get(kind, []))) for kind in KINDS
            ]
        ),
    )
    for kind in KINDS:
        yield from _paginated(
            plan,
            lambda page, kind=kind: addresses.kind(kind, page),
            index.by_kind.get(kind, []),
            KIND_NAMES[kind],
            up=Up(addresses.kinds, "All kinds of story"),
        )
    yield GeneratedPage(
        src_uri=addresses.channels,
        title="Channels",
        template="emptychair/groups.html",
        context=GroupsContext(
            groups=[
                (channel, addresses.channel(channel), len(index.by_channel.get(channel, [])))
                for channel in directory.channels
            ]
        ),
    )
    for channel in directory.channels:
        yield from _paginated(
            plan,
            lambda page, channel=channel: addresses.channel(channel, page),
            index.by_channel.get(channel, []),
            f"Channel: {channel}",
            up=Up(addresses.channels, "All channels"),
        )
    yield GeneratedPage(
        src_uri=addresses.weeks,
        title="Archive by week",
        # Each week links to its company digest, which lists every story of that week or links to them all.
        template="emptychair/weeks.html",
        context=WeeksContext(figures=[week_figures(week, items) for week, items in index.by_week.items()]),
    )
    yield from _paginated(
        plan,
        addresses.waiting,
        index.waiting(),
        "Customers waiting",
        up=Up(addresses.home, "Home"),
        waiting=True,
        grows_at_front=False,
    )


def digest_page(
    plan: SitePlan, digest: Digest, src_uri: str, newer: Digest | None, older: Digest | None
) -> GeneratedPage:
    return GeneratedPage(
        src_uri=src_uri,
        title=digest.title,
        template="emptychair/digest.html",
        context=DigestContext(
            digest=digest, change=figures_change(digest), newer=newer, older=older, feeds=plan.feeds
        ),
        searchable=False,
        feeds=digest.scope if plan.feeds else None,
    )


def digest_pages(plan: SitePlan) -> Iterator[GeneratedPage]:
    """A page per week and scope at a stable address, the newest again under digests/latest/, and indexes."""
    addresses = plan.addresses
    for scope, digests in plan.data.digests.items():
        for position, digest in enumerate(digests):
            newer = digests[position - 1] if position > 0 else None
            older = digests[position + 1] if position + 1 < len(digests) else None
            yield digest_page(plan, digest, addresses.digest(digest.week, scope), newer, older)
            if position == 0:
                yield digest_page(plan, digest, addresses.digest("latest", scope), None, older)
            if digest.summary is not None:
                yield from week_listing_pages(plan, digest)
        if scope != COMPANY:
            department = plan.data.index.directory.departments[scope]
            yield GeneratedPage(
                src_uri=addresses.department_digests(scope),
                title=f"{department.name}: weekly digests",
                template="emptychair/digests.html",
                context=DigestsContext(scope=scope, digests=digests, department=department, feeds=plan.feeds),
                feeds=scope if plan.feeds else None,
            )
    yield GeneratedPage(
        src_uri=addresses.digests,
        title="Weekly digests",
        template="emptychair/digests.html",
        context=DigestsContext(
            scope=COMPANY,
            digests=plan.data.digests.get(COMPANY, []),
            department=None,
            feeds=plan.feeds,
            department_stories=_department_stories_by_week(plan),
        ),
        feeds=COMPANY if plan.feeds else None,
    )


def week_listing_pages(plan: SitePlan, digest: Digest) -> Iterator[GeneratedPage]:
    """Every story and memo of a week that its digest only summarises: nothing a digest leaves out is lost."""
    department = digest.department.slug if digest.department else None
    where = f"{digest.department.name}: every" if digest.department else "Every"
    yield from _paginated(
        plan,
        lambda page: plan.addresses.week_stories(digest.week, digest.scope, page),
        stories_in_scope(plan.data.index, digest.week, department),
        f"{where} story of {digest.week}",
        up=Up(plan.addresses.digest(digest.week, digest.scope), digest.title),
    )


def _department_stories_by_week(plan: SitePlan) -> dict[IsoWeek, list[tuple[str, int]]]:
    """Per week, the departments that had customer stories and how many: the company index links
    those digests only, not every department's every week."""
    by_week: dict[IsoWeek, list[tuple[str, int]]] = {}
    for scope, digests in plan.data.digests.items():
        if scope == COMPANY:
            continue
        for digest in digests:
            if digest.figures.stories:
                by_week.setdefault(digest.week, []).append((scope, digest.figures.stories))
    return by_week


def theme_pages(plan: SitePlan) -> Iterator[GeneratedPage]:
    """The themes page (every theme, the newest week's first) and a page per theme: its trend week by
    week and all its stories, paginated; the same for each department, counted in its own stories."""
    addresses = plan.addresses
    departments = plan.data.index.directory.departments
    for department in (None, *departments.values()):
        scope = scope_of(department.slug if department else None)
        trends = theme_trends(plan.data.index, plan.data.themes, department.slug if department else None)
        everything = addresses.themes_of(scope)
        yield GeneratedPage(
            src_uri=everything,
            title=f"{department.name}: themes" if department else "Themes: what customers talk about",
            template="emptychair/themes.html",
            context=ThemesContext(
                trends=trends,
                latest=plan.data.index.latest_week,
                scope=scope,
                department=department,
                departments=() if department else tuple(departments.values()),
            ),
            searchable=False,
        )
        up = Up(everything, f"All themes of {department.name}" if department else "All themes")
        for trend in trends:
            yield from _paginated(
                plan,
                lambda page, slug=trend.slug, scope=scope: addresses.theme(slug, page, scope),
                trend.stories,
                f"{department.name}: {trend.label}" if department else f"Theme: {trend.label}",
                up=up,
                trend=(trend, scope),
            )


def internal_notice_pages(plan: SitePlan) -> Iterator[GeneratedPage]:
    """Every internal memo of a week, in one place: digests show only a few, none is ever dropped."""
    for week, items in plan.data.index.by_week.items():
        internal = [
            item
            for item in items
            if item.story.is_memo
            and not (plan.data.memo_focus.get(item.slug) and plan.data.memo_focus[item.slug].is_customer)
        ]
        if internal:
            yield from _paginated(
                plan,
                lambda page, week=week: plan.addresses.internal_notices(week, page),
                internal,
                f"Internal notices, {week}",
                notices=(week, plan.data.memo_focus),
            )


def balance_page(plan: SitePlan) -> GeneratedPage:
    report = plan.data.balance
    assert report is not None
    return GeneratedPage(
        src_uri=plan.addresses.balance,
        title="Balance: customer voice in leadership communications",
        template="emptychair/balance.html",
        context=BalanceContext(
            report=report,
            chart=share_chart(
                [(week, share.customer, share.total) for week, share in report.weeks], report.target
            ),
            sparklines={
                row.department: (
                    stories_sparkline(row.stories_per_week, row.gaps),
                    share_sparkline(
                        [(week, share.customer, share.total) for week, share in row.share_per_week],
                        report.target,
                    ),
                )
                for row in report.departments
            },
        ),
    )


def attention_page(plan: SitePlan) -> GeneratedPage:
    """Each file once: unpublished ones with every problem (warnings too), then published ones with
    warnings, grouped by file in the order found."""
    unpublished = {entry.path for entry in plan.data.rejected}
    warned: dict[str, list[Problem]] = {}
    for problem in plan.data.warnings:
        if problem.path not in unpublished:
            warned.setdefault(problem.path, []).append(problem)
    return GeneratedPage(
        src_uri=plan.addresses.attention,
        title="Needs attention",
        template="emptychair/attention.html",
        context=AttentionContext(
            rejected=plan.data.rejected, refused=plan.data.refused, warned=list(warned.items())
        ),
    )


def _site_pages(plan: SitePlan) -> list[GeneratedPage]:
    """Every page the plugin adds to the site but the stories' own, in a stable order."""
    return [
        home_page(plan),
        *department_pages(plan),
        *listing_pages(plan),
        *digest_pages(plan),
        *theme_pages(plan),
        *internal_notice_pages(plan),
        *([balance_page(plan)] if plan.data.balance is not None else []),
        attention_page(plan),
    ]


def plan_pages(plan: SitePlan) -> list[GeneratedPage]:
    """Every page the plugin adds to the site, in a stable order."""
    return [*_site_pages(plan), *story_pages(plan)]


def page_addresses(plan: SitePlan) -> list[str]:
    """The source URI of every page `plan_pages` makes, without the story pages' related stories and
    voices (the costly part of planning them)."""
    stories = [plan.addresses.story(item.slug) for item in plan.data.index.stories]
    return [page.src_uri for page in _site_pages(plan)] + stories
