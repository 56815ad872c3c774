"""Every link of the built demo site leads somewhere: pages, anchors, assets and the feeds, crawled.

The crawler reads each HTML page with a real HTML parser, and each feed and the sitemap with an XML
parser (and the HTML inside feed entries with the HTML parser again), resolves every link against the
address the file is served at, and looks the target up among the built files and their anchors.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin

import yaml
from selectolax.lexbor import LexborHTMLParser

from ..conftest import REPO, Site

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Where HTML names what it fetches or leads to.
LINKING = {"a": "href", "link": "href", "area": "href", "img": "src", "script": "src", "source": "src"}
NOT_FETCHED = ("mailto:", "tel:", "javascript:", "data:")
LINK_RELS_NOT_FETCHED = {"alternate", "canonical", "prev", "next", "search"}


@dataclass(frozen=True, slots=True)
class Reference:
    source: str
    """The built file the link is in, relative to the site folder."""
    target: str
    """The link, resolved to an absolute URL."""
    fetched: bool = False
    """Whether a browser fetches it on opening the page (a stylesheet, script, image or font)."""


def served_at(site_url: str, relative: str) -> str:
    """The URL a built file is served at (folders serve their index.html)."""
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return site_url + relative


def html_references(site_url: str, relative: str, html: str) -> Iterator[Reference]:
    base = served_at(site_url, relative)
    tree = LexborHTMLParser(html)
    for tag, attribute in LINKING.items():
        for node in tree.css(f"{tag}[{attribute}]"):
            value = (node.attributes.get(attribute) or "").strip()
            if value and not value.startswith(NOT_FETCHED):
                rels = set((node.attributes.get("rel") or "").split())
                fetched = tag not in ("a", "area") and not (tag == "link" and rels <= LINK_RELS_NOT_FETCHED)
                yield Reference(relative, urljoin(base, value), fetched)


def xml_references(site_url: str, relative: str, text: bytes) -> Iterator[Reference]:
    """Links of an Atom feed, an RSS feed or the sitemap, and of the HTML their entries carry."""
    root = ElementTree.fromstring(text)
    for node in root.iter():
        if node.tag == f"{ATOM}link":
            yield Reference(relative, node.attrib["href"])
        elif node.tag in ("link", f"{SITEMAP}loc") and node.text:
            yield Reference(relative, node.text.strip())
        elif node.tag in (f"{ATOM}content", "{http://purl.org/rss/1.0/modules/content/}encoded"):
            # Entry HTML links from site_url, wherever the feed is read.
            yield from (
                Reference(relative, reference.target, reference.fetched)
                for reference in html_references(site_url, "index.html", node.text or "")
            )


def anchors(html: str) -> set[str]:
    tree = LexborHTMLParser(html)
    found = {node.attributes.get("id") or "" for node in tree.css("[id]")}
    found |= {node.attributes.get("name") or "" for node in tree.css("a[name]")}
    return found


def broken_links(site_dir: Path, site_url: str) -> tuple[list[str], int, list[Reference]]:
    """(Broken links with where they are, how many internal links were checked, external references)."""
    references: list[Reference] = []
    html_files: dict[str, str] = {}
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            html_files[relative] = path.read_text(encoding="utf-8")
            references.extend(html_references(site_url, relative, html_files[relative]))
        elif path.suffix == ".xml":
            references.extend(xml_references(site_url, relative, path.read_bytes()))
    anchor_cache: dict[str, set[str]] = {}
    broken: list[str] = []
    external: list[Reference] = []
    checked = 0
    for reference in references:
        if not reference.target.startswith(site_url):
            external.append(reference)
            continue
        checked += 1
        address, fragment = urldefrag(reference.target)
        relative = unquote(address[len(site_url) :].split("?")[0])
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        target = site_dir / relative
        if not target.is_file():
            broken.append(f"{reference.source}: {reference.target} (no such file)")
            continue
        if fragment and relative.endswith(".html"):
            if relative not in anchor_cache:
                anchor_cache[relative] = anchors(html_files[relative])
            if unquote(fragment) not in anchor_cache[relative]:
                broken.append(f"{reference.source}: {reference.target} (no such anchor)")
    return broken, checked, external


def test_every_link_of_the_demo_site_leads_somewhere(demo_site: Path) -> None:
    site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    feeds = sorted(path.relative_to(demo_site).as_posix() for path in demo_site.glob("feeds/*/*.xml"))
    assert "feeds/company/atom.xml" in feeds and "feeds/company/rss.xml" in feeds

    broken, checked, _ = broken_links(demo_site, site_url)

    assert not broken, f"{len(broken)} broken links, e.g.:\n" + "\n".join(broken[:20])
    assert checked > 10_000, f"only {checked} links were checked: is the crawler reading the pages?"


def test_no_page_or_feed_fetches_from_another_host(demo_site: Path) -> None:
    site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    _, _, external = broken_links(demo_site, site_url)
    fetched = sorted(
        {f"{reference.source}: {reference.target}" for reference in external if reference.fetched}
    )
    assert not fetched, f"{len(fetched)} outside resources, e.g.:\n" + "\n".join(fetched[:10])


def test_feeds_point_at_themselves_and_at_their_html_page(demo_site: Path) -> None:
    site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    atom = ElementTree.fromstring((demo_site / "feeds/sales/atom.xml").read_bytes())
    links = {node.attrib["rel"]: node.attrib["href"] for node in atom.findall(f"{ATOM}link")}
    assert links == {
        "self": f"{site_url}feeds/sales/atom.xml",
        "alternate": f"{site_url}departments/sales/digests/",
    }
    channel = ElementTree.fromstring((demo_site / "feeds/sales/rss.xml").read_bytes()).find("channel")
    assert channel is not None
    assert channel.findtext("link") == f"{site_url}departments/sales/digests/"
    self_link = channel.find(f"{ATOM}link")
    assert self_link is not None and self_link.attrib == {
        "href": f"{site_url}feeds/sales/rss.xml",
        "rel": "self",
    }


def test_digest_pages_announce_their_feeds_in_the_head(demo_site: Path) -> None:
    assert not (demo_site / "emptychair").exists(), "no template is published as a file of the site"
    for page, scope in (
        ("digests/2026-W47/operations/index.html", "operations"),
        ("digests/latest/index.html", "company"),
        ("digests/index.html", "company"),
        ("departments/sales/digests/index.html", "sales"),
    ):
        head = LexborHTMLParser((demo_site / page).read_text(encoding="utf-8")).css_first("head")
        assert head is not None
        announced = {
            (
                node.attributes.get("type"),
                urljoin(served_at("https://x.test/", page), node.attributes["href"] or ""),
            )
            for node in head.css('link[rel="alternate"]')
        }
        assert announced == {
            ("application/atom+xml", f"https://x.test/feeds/{scope}/atom.xml"),
            ("application/rss+xml", f"https://x.test/feeds/{scope}/rss.xml"),
        }, page


def test_without_site_url_no_page_links_a_feed(site: Site) -> None:
    site.add("2026/w47/parcel.md")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_url: https://voice.example.test/\n", ""))
    site.build("--strict")

    assert not (site.root / "site/feeds").exists()
    broken, _, _ = broken_links(site.root / "site", "https://anywhere.test/")
    assert not broken, "\n".join(broken)
    for page in ("digests/2026-W47/", "digests/"):
        assert not site.page(page).css('link[rel="alternate"]'), page
