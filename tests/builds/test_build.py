"""Real `mkdocs build` runs of small sites, checked on the HTML a reader sees."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from ..conftest import Site, search_records

Texts = Callable[[LexborHTMLParser, str], list[str]]


def test_story_page_shows_the_card_quote_lesson_and_follow_up(site: Site, text_of: Texts) -> None:
    site.add(
        "2026/w47/parcel-in-the-rain.md",
        "She found the parcel **soaked** on the doorstep.",
        quote="I paid for next-day delivery, not next-day puddle.",
        lesson="Drivers cannot see the safe-place note.",
        follow_up={"owner": "ops-lead", "status": "open", "due": "2026-11-20", "note": "Show the note."},
        tags=["delivery"],
    )
    site.build()
    page = site.content("stories/parcel-in-the-rain/")
    assert text_of(page, "h1") == ["Parcel left in the rain"]
    card = dict(zip(text_of(page, ".ec-card dt"), text_of(page, ".ec-card dd"), strict=True))
    assert card["Kind"] == "complaint"
    assert card["Date"] == "17 Nov 2026 (2026-W47, 16–22 Nov)"
    assert card["Customer"] == "Margaret Hughes (Retail)"
    assert card["Channel"] == "phone"
    assert card["Rating"] == "★★☆☆☆"
    assert card["Sentiment"] == "negative"
    assert card["Departments"] == "Operations"
    assert card["Touchpoints"] == "Delivery"
    assert card["Captured by"] == "Sam Agent"
    links = {node.text(): node.attributes["href"] for node in page.css(".ec-card a")}
    assert links["Operations"] == "../../departments/operations/"
    assert links["Delivery"] == "../../touchpoints/delivery/"
    assert links["2026-W47"] == "../../digests/2026-W47/"
    assert text_of(page, ".ec-quote p") == ["I paid for next-day delivery, not next-day puddle."]
    assert text_of(page, ".ec-body strong") == ["soaked"]
    assert text_of(page, ".ec-lesson") == ["Drivers cannot see the safe-place note."]
    follow_up = dict(zip(text_of(page, ".ec-follow-up dt"), text_of(page, ".ec-follow-up dd"), strict=True))
    assert follow_up == {"Owner": "Ops Lead", "Status": "open · due 20 Nov 2026 overdue by 2 days"}
    assert text_of(page, ".ec-follow-up__note") == ["Show the note."]


def test_without_consent_no_name_or_contact_detail_appears_anywhere(site: Site, text_of: Texts) -> None:
    site.add(
        "2026/w47/anonymous-refund.md",
        "Margaret wrote from margaret.hughes@example.com and asked Hughes & Daughters to call 07700 900123.",
        title="Refund for Margaret H. took three weeks",
        customer={"name": "Margaret Hughes", "organisation": "Hughes & Daughters", "segment": "Retail"},
        consent=False,
        quote="Margaret Hughes here: call me on +44 7700 900123.",
    )
    site.add(
        "2026/w47/named-praise.md",
        kind="praise",
        rating=5,
        title="Lovely fitters",
        customer={"name": "Ravi Patel", "segment": "Trade"},
        consent=True,
    )
    site.build()
    built = [
        path
        for path in (site.root / "site").rglob("*")
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".css", ".js"}
    ]
    for secret in ("Margaret", "Hughes", "margaret.hughes@example.com", "900123"):
        leaks = [
            path.relative_to(site.root).as_posix()
            for path in built
            if secret in path.read_text(encoding="utf-8")
        ]
        assert leaks == [], f"{secret!r} appears in {leaks}"
    page = site.content("stories/anonymous-refund/")
    assert text_of(page, "h1") == ["Refund for Customer from Retail took three weeks"]
    card = dict(zip(text_of(page, ".ec-card dt"), text_of(page, ".ec-card dd"), strict=True))
    assert card["Customer"] == "Customer from Retail"
    assert text_of(page, ".ec-body p") == [
        "Customer from Retail wrote from [e-mail withheld] and asked [organisation withheld] to call [phone withheld]."
    ]
    assert "Ravi Patel" in site.content("stories/named-praise/").text(), "with consent the name is shown"


def test_raw_html_cannot_run_script_and_front_matter_is_escaped(site: Site) -> None:
    site.add(
        "2026/w47/pasted-html.md",
        'The customer pasted <b>URGENT</b><script>alert("x")</script> and <img src="x.png" onerror="alert(1)">.\n\n'
        '<a href="javascript:alert(2)">click</a>',
        title="<i>Angry</i> & loud",
        quote='<script>alert("q")</script>',
    )
    site.build()
    html = site.content("stories/pasted-html/")
    assert html.css("article script") == []
    assert all("onerror" not in node.attributes for node in html.css("img"))
    assert all(not (node.attributes.get("href") or "").startswith("javascript:") for node in html.css("a"))
    assert [node.text() for node in html.css(".ec-body b")] == ["URGENT"]
    assert html.css_first("h1").text() == "<i>Angry</i> & loud"
    assert html.css_first(".ec-quote p").text() == '<script>alert("q")</script>'


def test_invalid_story_is_listed_on_needs_attention_and_fails_strict(site: Site, text_of: Texts) -> None:
    site.add("2026/w47/fine.md")
    site.add("2026/w47/broken-rating.md", title="Rated eleven", rating=11)
    result = site.build()
    message = "stories/2026/w47/broken-rating.md:10: rating: 11 is not an integer from 1 to 5"
    assert message in result.stderr
    assert not (site.root / "site/stories/broken-rating").exists()
    attention = site.content("attention/")
    assert text_of(attention, "h2") == ["Rated eleven"]
    assert text_of(attention, ".ec-problems li") == ["line 10: rating: 11 is not an integer from 1 to 5"]
    assert "1 story needs attention" in site.content("").text()
    nav = [
        node.text().strip()
        for node in site.page("").css(".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link")
    ]
    assert nav[-1] == "Needs attention", "shown in the navigation while something needs attention"
    strict = site.build("--strict", check=False)
    assert strict.returncode == 1
    assert message in strict.stderr


def test_home_leads_with_featured_and_waiting_customers(site: Site, text_of: Texts) -> None:
    site.add("2026/w46/old-wait.md", title="Oldest wait", date="2026-11-10", rating=1)
    site.add(
        "2026/w47/new-wait.md",
        title="Newer wait",
        date="2026-11-18",
        rating=2,
        follow_up={"owner": "ops-lead", "status": "in-progress"},
    )
    site.add(
        "2026/w47/solved.md",
        title="Solved",
        date="2026-11-19",
        rating=1,
        follow_up={"owner": "ops-lead", "status": "done"},
    )
    site.add(
        "2026/w47/star.md",
        title="Star fitter",
        kind="praise",
        rating=5,
        featured=True,
        quote="Best fitter ever.",
    )
    site.write(
        "2026/w47/memo.md",
        "---\ntitle: Timesheets\ndate: 2026-11-18\nkind: memo\nauthor: pat-lead\n---\nFile them.\n",
    )
    site.build()
    home = site.content("")
    assert text_of(home, "h2")[:3] == ["Featured", "Customers still waiting", "Most recent"]
    assert text_of(home, "#featured ~ .ec-featured .ec-summary__title") == ["Star fitter"]
    assert text_of(home, ".ec-waiting tbody td:nth-child(2)") == ["Oldest wait", "Newer wait"]
    assert text_of(home, ".ec-waiting tbody td:nth-child(4)") == ["nobody yet", "Ops Lead"]
    departments = {node.text(): node.attributes["href"] for node in home.css(".ec-departments a")}
    assert departments == {
        "Sales": "departments/sales/",
        "Finance": "departments/finance/",
        "Operations": "departments/operations/",
    }
    assert text_of(home, "#from-leaders ~ .ec-list .ec-summary__title") == ["Timesheets"]


def test_department_page_has_lead_waiting_figures_and_follow_ups(site: Site, text_of: Texts) -> None:
    site.add(
        "2026/w46/late.md",
        title="Late van",
        date="2026-11-10",
        rating=1,
        follow_up={"owner": "sam-agent", "due": "2026-11-30"},
    )
    site.add("2026/w47/great.md", title="Great driver", date="2026-11-17", rating=5, kind="praise")
    site.add("2026/w47/billing.md", title="Double charged", rating=2, touchpoints=["billing"])
    site.build()
    page = site.content("departments/operations/")
    assert text_of(page, "h1") == ["Operations"]
    assert "Led by Ops Lead." in text_of(page, "p")
    assert text_of(page, ".ec-waiting tbody td:nth-child(2)") == ["Late van"]
    rows = [[" ".join(td.text().split()) for td in row.css("td")] for row in page.css(".ec-figures tbody tr")]
    assert rows[0] == ["2026-W47, 16–22 Nov", "1", "5.0", "–", "1", "0", "0"]
    assert rows[1] == ["2026-W46, 9–15 Nov", "1", "1.0", "–", "0", "0", "1"]
    assert len(rows) == 8
    assert text_of(page, "#recent-stories ~ .ec-list .ec-summary__title") == ["Great driver", "Late van"]
    assert text_of(page, ".ec-follow-ups td:nth-child(1)") == ["Late van"]


def test_listings_are_paginated_and_stories_stay_out_of_the_nav(site: Site, text_of: Texts) -> None:
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace('today: "2026-11-22"', 'today: "2026-11-22"\n      page_size: 2')
    )
    for number in range(5):
        site.add(f"2026/w47/story-{number}.md", title=f"Story {number}", date=f"2026-11-{number + 16}")
    site.build()
    # Older pages are whole pages counted from the oldest story; the first holds what is left over.
    first = site.content("touchpoints/delivery/")
    assert text_of(first, ".ec-summary__title") == ["Story 4"]
    assert text_of(first, ".ec-count") == ["5 stories, page 1 of 3."]
    assert text_of(first, ".ec-pager span") == ["Page 1 of 3"]
    assert [a.attributes["href"] for a in first.css(".ec-pager a")] == ["../../touchpoints/delivery/page/2/"]
    last = site.content("touchpoints/delivery/page/3/")
    assert text_of(last, ".ec-summary__title") == ["Story 1", "Story 0"]
    assert text_of(last, ".ec-count") == ["Page 3 of 3."]
    nav = [
        node.text().strip()
        for node in site.page("").css(".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link")
    ]
    assert nav == ["Home", "Departments", "Digests", "Themes", "Balance"], "nothing needs attention"


def test_a_new_story_leaves_the_older_pages_of_a_listing_as_they_were(site: Site, text_of: Texts) -> None:
    # A newest-first listing cut from its newest story would shift every page by one on each new story:
    # the build would make every page of every listing the story is in again, and a reader's link to
    # page 3 would show other stories tomorrow.
    site.configure("page_size: 2")
    for number in range(5):
        site.add(f"2026/w47/story-{number}.md", title=f"Story {number}", date=f"2026-11-{number + 16}")
    site.build()
    older = ("touchpoints/delivery/page/2/index.html", "touchpoints/delivery/page/3/index.html")
    before = [(site.root / "site" / page).read_bytes() for page in older]
    site.add("2026/w47/story-5.md", title="Story 5", date="2026-11-21")
    site.build()
    assert [(site.root / "site" / page).read_bytes() for page in older] == before
    first = site.content("touchpoints/delivery/")
    assert text_of(first, ".ec-summary__title") == ["Story 5", "Story 4"]
    assert text_of(first, ".ec-count") == ["6 stories, page 1 of 3."]


def test_related_stories_share_a_touchpoint(site: Site, text_of: Texts) -> None:
    site.add("2026/w47/a.md", title="A", touchpoints=["delivery"])
    site.add("2026/w47/b.md", title="B", touchpoints=["delivery"], date="2026-11-18")
    site.add("2026/w47/c.md", title="C", touchpoints=["billing"])
    site.add("2026/w47/d.md", title="D", touchpoints=["delivery", "billing"], date="2026-11-19")
    site.build()
    assert text_of(site.content("stories/d/"), ".ec-related li a") == ["B", "A", "C"]
    assert text_of(site.content("stories/c/"), ".ec-related li a") == ["D"]


def test_links_between_stories_resolve_and_broken_ones_warn(site: Site) -> None:
    site.add("2026/w46/first.md", "It began well.\n\n## Details\n\nThen the van was late.", title="First")
    site.add("2026/w47/second.md", "See [the first one](../w46/first.md#details) and [gone](../w40/gone.md).")
    result = site.build()
    links = [a.attributes["href"] for a in site.content("stories/second/").css(".ec-body a")]
    assert links == ["../../stories/first/#details", "../w40/gone.md"]
    assert [node.text() for node in site.content("stories/first/").css(".ec-body h2#details")] == ["Details"]
    assert "stories/2026/w47/second.md: link '../w40/gone.md' leads to no story or file" in result.stderr


def test_drafts_are_not_published(site: Site) -> None:
    site.add("2026/w47/draft-one.md", title="Not yet", draft=True)
    site.add("2026/w47/ready.md", title="Ready")
    site.build("--strict")
    assert (site.root / "site/stories/ready/index.html").exists()
    assert not (site.root / "site/stories/draft-one").exists()


def test_a_site_can_override_any_template(site: Site, text_of: Texts) -> None:
    overrides = site.root / "overrides/emptychair"
    overrides.mkdir(parents=True)
    (overrides / "story.html").write_text("<h1>Our own: {{ item.story.title }}</h1>\n")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: material", "name: material\n  custom_dir: overrides"))
    site.add("2026/w47/custom.md", title="Custom")
    site.build("--strict")
    assert text_of(site.content("stories/custom/"), "h1") == ["Our own: Custom"]


def test_same_stories_give_byte_identical_sites(site: Site) -> None:
    site.configure("search_shard_size: 2")
    for number in range(6):
        site.add(
            f"2026/w4{number % 3 + 5}/s-{number}.md",
            title=f"S {number}",
            rating=number % 5 + 1,
            date=f"2026-11-0{number + 1}",
        )

    out = site.root / "site"

    def digest() -> dict[str, str]:
        return {
            path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(out.rglob("*"))
            if path.is_file() and not path.name.startswith("sitemap") and not _unstable_in_pagefind(path, out)
        }

    site.build()
    first, first_records = digest(), search_records(out)
    site.build()
    assert digest() == first
    assert search_records(out) == first_records


def _unstable_in_pagefind(path: Path, site_dir: Path) -> bool:
    """Pagefind writes each filter's values in hash-map order, so its filter files, and the two files
    that name them by content hash, differ from run to run (Pagefind issue #638); what they hold does
    not, and the pages' records (fragments) and word index are byte-identical."""
    parts = path.relative_to(site_dir).parts
    if len(parts) < 3 or parts[0] != "pagefind":
        return False
    in_shard = parts[2:]
    return (
        in_shard[0] == "filter"
        or in_shard == ("pagefind-entry.json",)
        or (in_shard[0].startswith("pagefind.") and in_shard[0].endswith(".pf_meta"))
    )


def test_the_demo_site_builds_strict(demo_site: Path) -> None:
    # The fixture's build is strict and fails the test when it fails.
    stories = list((demo_site / "stories").iterdir())
    assert len(stories) >= 48


def test_a_story_with_headings_has_a_table_of_contents(site: Site, text_of: Texts) -> None:
    site.add(
        "2026/w47/long-story.md",
        "It began on Monday.\n\n## What happened\n\nThe van came late.\n\n### The second call\n\n"
        "She rang again.\n\n## What we did\n\nWe refunded the delivery.\n",
    )
    site.add("2026/w47/linking.md", "See [the second call](long-story.md#the-second-call).", title="Linked")
    site.build("--strict")
    toc = site.page("stories/long-story/").css_first("nav.md-nav--secondary")
    assert toc is not None
    assert text_of(LexborHTMLParser(toc.html or ""), "a.md-nav__link") == [
        "What happened",
        "The second call",
        "What we did",
        "Related stories",
    ]
    assert [node.attributes["href"] for node in toc.css("a.md-nav__link")] == [
        "#what-happened",
        "#the-second-call",
        "#what-we-did",
        "#related",
    ]


def test_other_plugins_see_a_storys_markdown_redacted(site: Site) -> None:
    # The hook records the Markdown each story page hands to on_page_markdown.
    _add_hooks(
        site,
        "import json, pathlib\n"
        "def on_page_markdown(markdown, page, config, files):\n"
        "    if page.file.src_uri.startswith('stories/'):\n"
        "        seen = pathlib.Path(config.config_file_path).parent / 'seen.json'\n"
        "        found = json.loads(seen.read_text()) if seen.exists() else {}\n"
        "        found[page.file.src_uri] = markdown\n"
        "        seen.write_text(json.dumps(found))\n"
        "    return markdown\n",
    )
    site.add(
        "2026/w47/private.md",
        "---\n\n## What happened\n\nMargaret Hughes rang twice about the parcel.",
        consent=False,
    )
    site.build("--strict")
    seen = json.loads((site.root / "seen.json").read_text())
    markdown = seen["stories/private.md"]
    assert "## What happened" in markdown
    assert "rang twice about the parcel" in markdown
    assert "Margaret" not in markdown and "Hughes" not in markdown
    # The body's opening rule stays a rule: MkDocs took no front matter from it.
    assert site.page("stories/private/").css_first("article hr") is not None


def test_a_story_pages_html_is_held_compressed_until_written_and_every_plugin_reads_it(site: Site) -> None:
    # MkDocs makes every page's HTML before it writes the first: held as text, that was most of a large
    # build's memory. A hook changes a story page's HTML, then looks at what each page holds.
    _add_hooks(
        site,
        "import json, pathlib\n"
        "def on_page_content(html, page, config, files):\n"
        "    if page.file.src_uri.startswith('stories/'):\n"
        "        return html + '<p class=\"from-a-hook\">Added by another plugin – after the story.</p>'\n"
        "    return html\n"
        "def on_env(env, config, files):\n"
        "    held = {}\n"
        "    for file in files.documentation_pages():\n"
        "        texts = [value for value in vars(file.page).values() if isinstance(value, str)]\n"
        "        held[file.src_uri] = {\n"
        "            'content': file.page.content,\n"
        "            'as_text': any('from-a-hook' in text or '<h1' in text for text in texts),\n"
        "        }\n"
        "    (pathlib.Path(config.config_file_path).parent / 'held.json').write_text(json.dumps(held))\n"
        "    return env\n",
    )
    site.add("2026/w47/parcel-in-the-rain.md", "She found the parcel **soaked** on the doorstep.")
    site.build("--strict")
    held = json.loads((site.root / "held.json").read_text())
    story = held["stories/parcel-in-the-rain.md"]
    assert story["as_text"] is False
    assert held["index.md"]["as_text"] is False
    written = (site.root / "site/stories/parcel-in-the-rain/index.html").read_text(encoding="utf-8")
    assert story["content"] in written
    page = site.content("stories/parcel-in-the-rain/")
    assert [node.text() for node in page.css(".ec-body strong")] == ["soaked"]
    assert [node.text() for node in page.css(".from-a-hook")] == [
        "Added by another plugin – after the story."
    ]


def _add_hooks(site: Site, source: str) -> None:
    """A hook is MkDocs' smallest plugin: `source` becomes the site's hooks.py."""
    (site.root / "hooks.py").write_text(source, encoding="utf-8")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - hooks.py\n")
