"""Generated pages get a table of contents from their headings: Material's skip link and "On this page"."""

from __future__ import annotations

from emptychair.site.toc import TITLE_ID, with_table_of_contents

from ..conftest import Site


def test_headings_become_the_table_of_contents() -> None:
    html = (
        "<h1>Sofa &amp; chair</h1><p>x</p>"
        '<h2 id="waiting">Customers <em>waiting</em></h2>'
        '<h3 class="ec-summary__title"><a href="#">A story</a></h3>'
        '<h2 id="lesson">What we learned<a class="headerlink" href="#lesson" title="Permanent link">&para;</a></h2>'
        "<h2>No id, so no entry</h2>"
    )
    page, tokens = with_table_of_contents(html)
    assert page.startswith(f'<h1 id="{TITLE_ID}">Sofa &amp; chair</h1>')
    assert page.removeprefix(f'<h1 id="{TITLE_ID}">') == html.removeprefix("<h1>")
    assert tokens == [
        {
            "level": 1,
            "id": TITLE_ID,
            "name": "Sofa &amp; chair",
            "children": [
                {"level": 2, "id": "waiting", "name": "Customers waiting", "children": []},
                {"level": 2, "id": "lesson", "name": "What we learned", "children": []},
            ],
        }
    ]


def test_a_heading_with_an_id_keeps_it() -> None:
    page, tokens = with_table_of_contents('<h1 id="own">Title</h1>')
    assert page == '<h1 id="own">Title</h1>'
    assert tokens[0]["id"] == "own"


def test_generated_pages_have_a_skip_link_to_their_title(site: Site) -> None:
    site.add(
        "2026/w47/late-van.md",
        "## Van & driver\n\nThe van came at nine.",
        title="Late <van>",
        rating=1,
        lesson="Ring before leaving the depot.",
    )
    site.build()
    for url in ("", "stories/late-van/", "digests/2026-W47/", "kinds/complaint/"):
        page = site.page(url)
        skip = page.css_first("a.md-skip")
        assert skip is not None, f"{url or 'home'} has no skip link"
        assert skip.attributes["href"] == f"#{TITLE_ID}"
        assert page.css_first(f"article h1#{TITLE_ID}") is not None
    story = site.page("stories/late-van/")
    toc = story.css_first("nav.md-nav--secondary")
    assert toc is not None
    assert [" ".join(link.text().split()) for link in toc.css("a.md-nav__link")] == [
        "Van & driver",
        "What we learned",
    ]
    assert "Van &amp; driver" in (toc.html or "")
