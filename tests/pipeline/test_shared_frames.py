"""Pages that differ by their title and address share the theme's page around their content in a build
(`pipeline/shared_frames.py`): the page a reader gets is the theme's, byte for byte."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from emptychair.pipeline.cache import CACHE_DIR
from emptychair.pipeline.fingerprints import template_snippets
from emptychair.pipeline.shared_frames import SharedFrames, reads_pages_as_known
from emptychair.site.renderer import THEME_TEMPLATES

from ..conftest import Site, search_records

_SHARED = re.compile(r"pages made by the theme's templates: (\d+) of (\d+) \((\d+) as a page like them")
_PAGEFIND_BINARY = re.compile(r"pagefind/")

# Titles a frame must not be fooled by: one that is also the navigation's text, markup, quotes and
# ampersands (escaped in the page, URL-encoded in Material's feedback), emoji, white space a filter
# collapses, a one-letter slug, the site's name.
_TITLES = {
    "departments.md": "Departments",
    "markup.md": "<b>Bold</b> & \"quoted\" 'refund'",
    "emoji.md": "Delivery 🚚 was late ❤️",
    "spaces.md": "Two  spaces   inside",
    "x.md": "x",
    "site-name.md": "Test voice",
    "plain-1.md": "Parcel left in the rain",
    "plain-2.md": "Refund took three weeks",
    "plain-3.md": "Installer came on time",
    "plain-4.md": "Agent stayed on the line",
}


def _outputs(site_dir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site_dir).as_posix(): path.read_bytes()
        for path in sorted(site_dir.rglob("*"))
        if path.is_file() and not _PAGEFIND_BINARY.match(path.relative_to(site_dir).as_posix())
    }


def _cold(site: Site, name: str) -> tuple[int, int, int]:
    shutil.rmtree(site.root / CACHE_DIR, ignore_errors=True)
    log = site.build("-d", name).stderr
    found = _SHARED.search(log)
    assert found is not None, log
    made, total, shared = map(int, found.groups())
    return made, total, shared


def test_a_cold_build_shares_the_theme_s_page_and_gives_the_theme_s_bytes(site: Site) -> None:
    for name, title in _TITLES.items():
        site.add(f"2026/w47/{name}", f"What happened to {title}.", title=title)
    made, total, shared = _cold(site, "shared")
    assert shared > 0 and made + shared <= total
    # A site's main.html that reads a page's title in a way the frames do not know (its length), and
    # prints nothing of it: every page is the theme's again, and every byte is the same.
    site.override(
        "main.html",
        '{% extends "base.html" %}\n'
        "{% block footer %}{% if page.title | length > 10000 %}long{% endif %}{{ super() }}{% endblock %}\n",
    )
    assert _cold(site, "theme")[2] == 0
    shared_files, theme_files = _outputs(site.root / "shared"), _outputs(site.root / "theme")
    assert sorted(shared_files) == sorted(theme_files)
    assert [path for path in shared_files if shared_files[path] != theme_files[path]] == []
    assert search_records(site.root / "shared") == search_records(site.root / "theme")
    page = (site.root / "shared/stories/markup/index.html").read_text("utf-8")
    assert (
        "<title>&lt;b&gt;Bold&lt;/b&gt; &amp; &#34;quoted&#34; &#39;refund&#39; - Test voice</title>" in page
    )


def test_material_s_templates_and_ours_read_pages_as_known() -> None:
    material = Path(pytest.importorskip("material").__file__).parent / "templates"
    assert reads_pages_as_known(template_snippets([str(THEME_TEMPLATES), str(material)]))


@pytest.mark.parametrize(
    "snippet",
    [
        "{{ page.title | upper }}",
        "{{ page.title | truncate(20) }}",
        "{% if page.url | length > 30 %}",
        "{% set here = page %}",
        "{{ page.markdown }}",
        "{{ page['title'] }}",
        "{{ describe(page) }}",
        "{{ page.meta.title | lower }}",
    ],
)
def test_a_template_reading_a_page_otherwise_shares_no_frame(snippet: str) -> None:
    assert reads_pages_as_known(["{{ page.title }}", "{{ page.toc | first }}"])
    assert not reads_pages_as_known(["{{ page.title }}", snippet])


def _page(title: str, slug: str, content: str, *, shows: str = "") -> tuple[tuple[str, ...], str, str]:
    """A page's forms, the theme's output and the content, as a theme that prints the title in <title>,
    the address in a canonical link and `shows` beside its navigation would make it."""
    forms = (
        title,
        title.replace(" ", "%20"),
        f"stories/{slug}/",
        f"stories/{slug}.md",
        f"stories/{slug}/index.html",
    )
    output = (
        f'<title>{title}</title><link href="https://x.test/stories/{slug}/">'
        f"<nav>Home Departments{shows}</nav><main>{content}</main>"
    )
    return forms, output, content


def test_a_frame_is_shared_only_once_a_second_page_gives_the_theme_s_output() -> None:
    frames = SharedFrames()
    first = _page("Departments", "d", "<p>one</p>")
    frames.rendered(b"f", *first)
    assert frames.page(b"f", first[0], first[2]) is None
    # "Departments" is also the navigation's text: the first page's frame, filled with the second's
    # title, is not the second's output, and the second teaches the frame instead.
    second = _page("Late parcel", "late", "<p>two</p>")
    frames.rendered(b"f", *second)
    assert frames.page(b"f", second[0], second[2]) is None
    third = _page("Kind agent", "kind", "<p>three</p>")
    frames.rendered(b"f", *third)
    fourth = _page("Departments", "again", "<p>four</p>")
    assert frames.page(b"f", fourth[0], fourth[2]) == fourth[1]
    assert frames.shared == 1


def test_a_page_that_depends_on_more_than_its_title_and_address_is_never_shared() -> None:
    frames = SharedFrames()
    for number, title in enumerate(["One story", "Another story", "A third one", "Story four here", "Fifth"]):
        # The theme prints how long the title is: no frame gives the next page's output.
        forms, output, content = _page(title, f"s{number}", "<p>text</p>", shows=str(len(title)))
        assert frames.page(b"f", forms, content) is None
        frames.rendered(b"f", forms, output, content)
    assert frames.shared == 0
