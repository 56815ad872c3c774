"""Where every generated page lives: one place that names them, used by pages, links and nav."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..stories.model import COMPANY, Scope
from ..stories.weeks import IsoWeek

UrlRule = Callable[[str, bool], str]
"""(source path, use_directory_urls) -> the URL MkDocs serves it at, from the site's root ('' for the root)."""


@dataclass(frozen=True, slots=True)
class Addresses:
    """Source URIs of generated pages and the URLs MkDocs gives them."""

    url_rule: UrlRule
    """MkDocs' own rule (`pipeline.page_urls.mkdocs_url`), handed in so that this stage stays free of
    MkDocs. A plain function: addresses travel to the processes that render stories and index them."""
    use_directory_urls: bool = True

    def url(self, src_uri: str) -> str:
        """The URL MkDocs gives a source URI: pages move to folders, other files keep their own name."""
        return self.url_rule(src_uri, self.use_directory_urls)

    @staticmethod
    def _paged(base: str, page: int) -> str:
        return f"{base}/index.md" if page <= 1 else f"{base}/page/{page}.md"

    home = "index.md"
    departments = "departments/index.md"
    touchpoints = "touchpoints/index.md"
    kinds = "kinds/index.md"
    channels = "channels/index.md"
    weeks = "weeks/index.md"
    attention = "attention.md"
    themes = "themes/index.md"

    def story(self, slug: str) -> str:
        return f"stories/{slug}.md"

    def department(self, slug: str) -> str:
        return f"departments/{slug}/index.md"

    def department_stories(self, slug: str, page: int = 1) -> str:
        return self._paged(f"departments/{slug}/stories", page)

    def touchpoint(self, slug: str, page: int = 1) -> str:
        return self._paged(f"touchpoints/{slug}", page)

    def kind(self, kind: str, page: int = 1) -> str:
        return self._paged(f"kinds/{kind}", page)

    def channel(self, channel: str, page: int = 1) -> str:
        return self._paged(f"channels/{channel}", page)

    digests = "digests/index.md"
    balance = "balance/index.md"

    def internal_notices(self, week: IsoWeek, page: int = 1) -> str:
        base = f"digests/{week}/internal-notices"
        return f"{base}.md" if page <= 1 else f"{base}/page/{page}.md"

    def digest(self, week: IsoWeek | str, scope: Scope = COMPANY) -> str:
        """`week` is an ISO week, or 'latest' for the page that always shows the newest one."""
        return f"digests/{week}/index.md" if scope == COMPANY else f"digests/{week}/{scope}.md"

    def department_digests(self, slug: str) -> str:
        return f"departments/{slug}/digests.md"

    @staticmethod
    def feed(scope: Scope, flavour: str) -> str:
        """flavour: 'atom' or 'rss'."""
        return f"feeds/{scope}/{flavour}.xml"

    def week_stories(self, week: IsoWeek, scope: Scope = COMPANY, page: int = 1) -> str:
        """Every story of one week, the company's or a department's: what a busy week's digest links to."""
        return self._paged(f"weeks/{week}" if scope == COMPANY else f"departments/{scope}/weeks/{week}", page)

    def themes_of(self, scope: Scope = COMPANY) -> str:
        """Every theme: the company's (`themes`), or counted in one department's stories."""
        return self.themes if scope == COMPANY else f"departments/{scope}/themes/index.md"

    def theme(self, slug: str, page: int = 1, scope: Scope = COMPANY) -> str:
        return self._paged(
            f"themes/{slug}" if scope == COMPANY else f"departments/{scope}/themes/{slug}", page
        )

    def follow_ups(self, slug: str, page: int = 1) -> str:
        """A department's open follow-ups, soonest due first."""
        return self._paged(f"departments/{slug}/follow-ups", page)

    def waiting(self, page: int = 1, scope: Scope = COMPANY) -> str:
        """Every customer still waiting, longest first: the company's, or a department's."""
        return self._paged("waiting" if scope == COMPANY else f"departments/{scope}/waiting", page)


def root_prefix(page_url: str) -> str:
    """The relative way from a page's URL back to the site root."""
    return "../" * page_url.count("/")
