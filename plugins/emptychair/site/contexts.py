"""What each template receives: the public API of every site that overrides a template in its
`custom_dir`. A template's context is one of the typed dictionaries below, plus the `Helpers` every template
gets; `TEMPLATE_CONTEXTS` names the context of each template, and `docs/templates.md` documents them (a
test holds the two together). A key marked NotRequired is left out, not empty, when it does not apply:
templates test it with `is defined`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NotRequired, TypedDict

from markupsafe import Markup

from ..balance.chart import ShareChart, ShareSparkline, StoriesSparkline
from ..balance.classifier import Classification
from ..balance.report import BalanceReport
from ..digests.weekly import Digest
from ..index.story_index import WeekFigures
from ..publishing.addresses import Addresses
from ..publishing.publish import PublishedStory
from ..stories.loading import Rejected
from ..stories.model import Department, Scope
from ..stories.problems import Problem
from ..stories.weeks import IsoWeek
from ..themes.summary import ThemeTrend
from .directory_reads import DirectoryReads


class Helpers(TypedDict):
    """What every template receives besides its own context, made for the depth it is served at."""

    link: Callable[[str], str]
    """A generated page's or file's source path -> its address, relative to the page."""
    story_link: Callable[[PublishedStory], str]
    """A story's page address, relative to the page."""
    body: Callable[[str], Markup]
    """A story's already sanitized HTML, its links made relative to the page."""
    summary: Callable[[PublishedStory], Markup]
    """A story's summary (partials/story-summary.html), rendered once per story."""
    addresses: Addresses
    """Every generated page's source path (`addresses.digest(week)`, `addresses.department(slug)`...)."""
    directory: DirectoryReads
    """Departments, touchpoints, people and channels, as site_config/ defines them (read as the
    `Directory` it stands for: `directory.departments[slug].name`; what a page reads of it is noted)."""
    today: date
    """The build's day (SOURCE_DATE_EPOCH's, when set)."""
    ec: Any
    """The macros of partials/macros.html (a site's own, when it overrides it)."""


class PageTitle(TypedDict):
    page_title: str
    """The page's title, as its title element and the navigation show it."""


@dataclass(frozen=True, slots=True)
class Up:
    """Where a listing belongs, named: a reader at its end knows where the link leads."""

    src_uri: str
    title: str


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page is in its listing: its number, how many pages, the newer and older pages' source
    paths. Only the first page counts the listing's stories (`total`, None on the others): an older page
    stays the same while new stories arrive (site/pages.py `_paginated`)."""

    number: int
    count: int
    previous: str | None
    next: str | None
    total: int | None


@dataclass(frozen=True, slots=True)
class DepartmentCount:
    """A department with how many customer stories it has, and how many customers wait on it."""

    department: Department
    stories: int
    waiting: int


class StoryContext(TypedDict):
    """A story's or memo's own page, and the parts of it a site may override one by one."""

    item: PublishedStory
    related: list[PublishedStory]
    """Up to three customer stories sharing a touchpoint or a department (none for a memo)."""
    focus: Classification | None
    """A memo's focus (None for a customer story)."""
    empty_chair: PublishedStory | None
    """For an internal memo, a customer's own words to stand beside it."""


class HomeContext(TypedDict):
    """The home page."""

    featured: list[PublishedStory]
    """The newest customer stories marked `featured`, at most three."""
    recent: list[PublishedStory]
    """The newest other customer stories, at most six."""
    waiting: list[PublishedStory]
    """The customers waiting longest, at most five."""
    waiting_total: int
    """Customers waiting who told us within policy.yml's waiting_days."""
    waiting_older: int
    """Older stories never answered: counted on one line, listed only on the full waiting listing."""
    memos: list[PublishedStory]
    """The newest memos, customer-focused first."""
    balance: BalanceReport | None
    """None when the site has no balance page."""
    departments: list[DepartmentCount]
    story_total: int
    """Customer stories published."""
    rejected_total: int
    """Story files not published for a problem (see the Needs-attention page)."""


class DepartmentsContext(TypedDict):
    """The list of departments."""

    rows: list[DepartmentCount]


class DepartmentContext(TypedDict):
    """A department's page."""

    department: Department
    recent: list[PublishedStory]
    """Its newest customer stories, at most ten."""
    total: int
    waiting: list[PublishedStory]
    """Its customers waiting longest, at most ten."""
    waiting_total: int
    """Its customers waiting who told us within policy.yml's waiting_days."""
    waiting_older: int
    """Its older stories never answered."""
    follow_ups: list[PublishedStory]
    """Its open follow-ups, soonest due first, at most ten."""
    follow_ups_total: int
    figures: list[WeekFigures]
    """The department's recent weeks, oldest first."""
    digest_weeks: set[IsoWeek]
    """Weeks that have a digest page."""
    has_digest: bool
    latest_digest: NotRequired[Digest]
    """Its newest digest, whose themes (`Digest.themes`, at most THEMES_SHOWN) the page shows: what its
    customers talked about most that week. Absent when it has no digest."""


class ListingContext(TypedDict):
    """A listing of stories, one page of it."""

    heading: str
    items: Sequence[PublishedStory]
    """This page's share of the listing."""
    pager: Pager
    """Its page number and neighbours; the whole listing's count on the first page only (`Pager`)."""
    up: NotRequired[Up]
    """The page the listing belongs to."""
    waiting: NotRequired[bool]
    """Shown as a table of customers waiting."""
    follow_up_listing: NotRequired[bool]
    """Shown as a table of open follow-ups."""
    department: NotRequired[Department]
    """A touchpoint's listing: the department it belongs to."""


class InternalNoticesContext(ListingContext):
    """Every internal memo of a week, one page of them."""

    week: IsoWeek
    focus: Mapping[str, Classification]
    """Each memo's focus, by slug, with the reason it counts as internal."""


class ThemeContext(ListingContext):
    """A theme's page: what defines it and its stories week by week (on page 1), then its stories, one
    page of them."""

    trend: ThemeTrend | None
    """What defines the theme and its stories week by week: on the first page only (None on the others,
    which a new week's count then leaves as they were, like `Pager.total`)."""
    scope: Scope
    """The company's theme page, or a department's (counted in its stories, its weeks linked to its
    digests)."""


class ThemesContext(TypedDict):
    """Every theme found in the stories, those of the newest week first."""

    trends: Sequence[ThemeTrend]
    latest: IsoWeek | None
    """The newest week that has stories."""
    scope: Scope
    """Where each theme's link leads: the company's theme page, or the department's."""
    department: Department | None
    """The department whose stories the themes are counted in; None: the whole company."""
    departments: Sequence[Department]
    """On the company's page, every department (each has its own themes page); on a department's, none."""


class TouchpointsContext(TypedDict):
    """The list of touchpoints."""

    counts: dict[str, int]
    """Stories per touchpoint slug."""


class GroupsContext(TypedDict):
    """The list of kinds of story, or of channels."""

    groups: list[tuple[str, str, int]]
    """(name, source path of its listing, stories) for each kind or channel."""


class WeeksContext(TypedDict):
    """The archive by week."""

    figures: list[WeekFigures]
    """Every week with stories, newest first."""


class DigestBodyContext(TypedDict):
    """A weekly digest's body, as a feed entry holds it."""

    digest: Digest
    change: dict[str, float | None]
    """Each headline figure's change against the week before (see figures_change)."""


class DigestContext(DigestBodyContext):
    """A weekly digest's page."""

    newer: Digest | None
    """The same scope's next week's digest, if any."""
    older: Digest | None
    feeds: bool
    """Whether the digest feeds are made (they need site_url)."""


class DigestDocumentContext(DigestBodyContext):
    """The digest as a document of its own: Markdown, or an e-mail (HTML and text), made by `emptychair
    digest`; an e-mail's digest shows fewer stories and lessons than the page when the week is busy."""

    site_name: str


class DigestsContext(TypedDict):
    """The index of a scope's weekly digests: the company's, or a department's."""

    scope: Scope
    digests: Sequence[Digest]
    """Newest first."""
    department: Department | None
    """None for the company's."""
    feeds: bool
    department_stories: NotRequired[dict[IsoWeek, list[tuple[str, int]]]]
    """The company's index: per week, (department slug, customer stories) of those that had some."""


class BalanceContext(TypedDict):
    """The balance page: the customer share of leadership communications against the target."""

    report: BalanceReport
    chart: ShareChart
    """The customer share per week, drawn as an SVG chart."""
    sparklines: dict[str, tuple[StoriesSparkline, ShareSparkline]]
    """Per department slug: its stories per week, and its customer share per week."""


class AttentionContext(TypedDict):
    """The Needs-attention page: files not published, and published files with warnings."""

    rejected: Sequence[Rejected]
    """Each unpublished file with every problem found in it."""
    refused: Sequence[Rejected]
    """Files under the stories folder that are not stories and are never published (an .html, an .svg,
    a link out of the repository), with why; `shown_path` masks a withheld customer's name."""
    warned: list[tuple[str, list[Problem]]]
    """Published files with warnings: (path, its problems)."""


class StorySummaryContext(TypedDict):
    """A story's summary in a listing, rendered once per story (its links from the site's root)."""

    item: PublishedStory


class SearchRecordContext(TypedDict):
    """A story's record for the search index."""

    item: PublishedStory
    language: str
    """The site's language, as the theme gives it."""
    filters: dict[str, list[str]]
    """The record's filter values, as the search box offers them."""


PageContext = (
    StoryContext
    | HomeContext
    | DepartmentsContext
    | DepartmentContext
    | ListingContext
    | InternalNoticesContext
    | ThemeContext
    | ThemesContext
    | TouchpointsContext
    | GroupsContext
    | WeeksContext
    | DigestContext
    | DigestsContext
    | BalanceContext
    | AttentionContext
)
"""The context of a generated page's template."""

TEMPLATE_CONTEXTS: Mapping[str, type] = {
    "emptychair/story.html": StoryContext,
    "emptychair/story-card.html": StoryContext,
    "emptychair/story-empty-chair.html": StoryContext,
    "emptychair/story-follow-up.html": StoryContext,
    "emptychair/story-related.html": StoryContext,
    "emptychair/home.html": HomeContext,
    "emptychair/departments.html": DepartmentsContext,
    "emptychair/department.html": DepartmentContext,
    "emptychair/listing.html": ListingContext,
    "emptychair/internal-notices.html": InternalNoticesContext,
    "emptychair/theme.html": ThemeContext,
    "emptychair/themes.html": ThemesContext,
    "emptychair/touchpoints.html": TouchpointsContext,
    "emptychair/groups.html": GroupsContext,
    "emptychair/weeks.html": WeeksContext,
    "emptychair/digest.html": DigestContext,
    "emptychair/digests.html": DigestsContext,
    "emptychair/balance.html": BalanceContext,
    "emptychair/attention.html": AttentionContext,
    "emptychair/digest.md": DigestDocumentContext,
    "emptychair/email/digest.html": DigestDocumentContext,
    "emptychair/email/digest.txt": DigestDocumentContext,
    "emptychair/partials/digest-body.html": DigestBodyContext,
    "emptychair/partials/story-summary.html": StorySummaryContext,
    "emptychair/search-record.html": SearchRecordContext,
}
"""Each template a site may override, with what it receives (besides `Helpers`; page templates also get
`PageTitle`). Partials not named here are included by the templates above and see their context."""
