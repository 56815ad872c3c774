"""Atom and RSS 2.0 feeds of weekly digests, made with feedgen: one entry per digest, newest first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from feedgen.feed import FeedGenerator

from ..digests.weekly import Digest, figures_change, themes_in_a_sentence
from ..publishing.addresses import Addresses
from ..stories.model import Directory, Scope
from .contexts import DigestBodyContext
from .renderer import PageRenderer

FEED_PAGE_TEMPLATE = "emptychair/page-with-feeds.html"
"""The theme template of a page whose <head> announces its digest feeds."""
ENTRY_TEMPLATE = "emptychair/partials/digest-body.html"
FEED_TYPES = {"atom": ("application/atom+xml", "Atom"), "rss": ("application/rss+xml", "RSS")}


@dataclass(frozen=True, slots=True)
class FeedInfo:
    title: str
    description: str
    home_url: str
    """Absolute URL of the page listing this scope's digests."""
    atom_url: str
    rss_url: str


def digest_feeds(
    info: FeedInfo,
    digests: Sequence[Digest],
    *,
    entry_url: Callable[[Digest], str],
    entry_html: Callable[[Digest], str],
    limit: int,
) -> tuple[bytes, bytes]:
    """(Atom, RSS) bytes for the newest `limit` digests. Content is rendered once for both."""
    entries = [(digest, entry_url(digest), entry_html(digest)) for digest in digests[:limit]]

    def generate(self_url: str) -> FeedGenerator:
        feed = FeedGenerator()
        feed.id(info.home_url)
        feed.title(info.title)
        feed.description(info.description)
        # feedgen's RSS <channel><link> is the last link given: the HTML page, not the feed itself.
        feed.link(href=self_url, rel="self")
        feed.link(href=info.home_url, rel="alternate")
        feed.language("en")
        feed.generator("emptychair")
        if entries:
            newest = entries[0][0].published
            feed.updated(newest)
            feed.lastBuildDate(newest)
        for digest, url, html in entries:
            entry = feed.add_entry(order="append")
            entry.id(url)
            entry.guid(url, permalink=True)
            entry.title(digest.title)
            entry.link(href=url)
            entry.published(digest.published)
            entry.updated(digest.published)
            entry.summary(" ".join(filter(None, (digest.in_a_sentence, themes_in_a_sentence(digest)))))
            entry.content(html, type="html")
        return feed

    return generate(info.atom_url).atom_str(pretty=True), generate(info.rss_url).rss_str(pretty=True)


class KeptFeeds(Protocol):
    """Feeds an earlier build made (the build cache)."""

    def feeds(self, shown: tuple[Any, ...], make: Callable[[], tuple[bytes, bytes]]) -> tuple[bytes, bytes]:
        """The (Atom, RSS) feeds made of `shown` (everything they show) before, else `make()`'s, kept."""

    def feed_entry(self, shown: tuple[Any, ...], make: Callable[[], str]) -> str:
        """A feed entry's HTML made of `shown` before, else `make()`'s, kept: a week's digest stays the
        same while the feeds that hold it change with the newest week."""


def _audience(scope: Scope, directory: Directory) -> str:
    department = directory.departments.get(scope)
    return department.name if department else "the whole company"


def feed_links(scope: Scope, addresses: Addresses, directory: Directory) -> list[dict[str, str]]:
    """A scope's feeds as the <head> of a page announces them: type, title and site-relative URL."""
    audience = _audience(scope, directory)
    return [
        {
            "type": media_type,
            "title": f"Weekly digest for {audience} ({name})",
            "url": addresses.url(addresses.feed(scope, flavour)),
        }
        for flavour, (media_type, name) in FEED_TYPES.items()
    ]


def digest_feed_files(
    digests: dict[Scope, list[Digest]],
    renderer: PageRenderer,
    *,
    site_name: str,
    site_url: str,
    limit: int,
    kept: KeptFeeds | None = None,
) -> dict[str, bytes]:
    """Source URI -> content of every scope's Atom and RSS feed, links absolute from `site_url`. With
    `kept`, a scope's feeds are made only when their digests changed (a new story changes its week's)."""
    addresses = renderer.addresses
    root = site_url if site_url.endswith("/") else site_url + "/"
    files: dict[str, bytes] = {}
    for scope, scope_digests in digests.items():
        audience = _audience(scope, renderer.directory)
        home = (
            addresses.department_digests(scope)
            if scope in renderer.directory.departments
            else addresses.digests
        )
        info = FeedInfo(
            title=f"{site_name}: weekly digest for {audience}",
            description=f"What customers told {audience}, week by week.",
            home_url=root + addresses.url(home),
            atom_url=root + addresses.url(addresses.feed(scope, "atom")),
            rss_url=root + addresses.url(addresses.feed(scope, "rss")),
        )

        def entry_url(digest: Digest, scope: Scope = scope) -> str:
            return root + addresses.url(addresses.digest(digest.week, scope))

        make = partial(_feeds, info, scope_digests, entry_url, renderer, root, limit, kept)
        shown = (scope, info, root, tuple(scope_digests[:limit]))
        atom, rss = make() if kept is None else kept.feeds(shown, make)
        files.update(zip(feed_uris(scope, addresses), (atom, rss), strict=True))
    return files


def feed_uris(scope: Scope, addresses: Addresses) -> tuple[str, str]:
    """The source URIs of a scope's Atom and RSS feeds."""
    return addresses.feed(scope, "atom"), addresses.feed(scope, "rss")


def _feeds(
    info: FeedInfo,
    digests: Sequence[Digest],
    entry_url: Callable[[Digest], str],
    renderer: PageRenderer,
    root: str,
    limit: int,
    kept: KeptFeeds | None,
) -> tuple[bytes, bytes]:
    def entry_html(digest: Digest) -> str:
        context = DigestBodyContext(digest=digest, change=figures_change(digest))
        make = partial(renderer.render_template, ENTRY_TEMPLATE, context, root)
        return make() if kept is None else kept.feed_entry((ENTRY_TEMPLATE, context, root), make)

    return digest_feeds(info, digests, entry_url=entry_url, entry_html=entry_html, limit=limit)
