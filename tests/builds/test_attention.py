"""Needs attention: each file once, in the right section, with plurals that read right; and a story whose
file name would publish a customer's name without consent is stopped by check and by the build."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser

from ..conftest import Site

Texts = Callable[[LexborHTMLParser, str], list[str]]


def test_one_unpublished_file_is_listed_once_with_its_warning(site: Site, text_of: Texts) -> None:
    site.add("2026/w47/fine.md")
    site.add("2026/w47/broken.md", title="Rated eleven", rating=11, colour="red")
    site.build()

    attention = site.content("attention/")
    assert text_of(attention, "p")[0].startswith("This file could not be published.")
    assert text_of(attention, "h2") == ["Rated eleven"]
    problems = text_of(attention, ".ec-problems li")
    assert len(problems) == 2
    assert "line 10: rating: 11 is not an integer from 1 to 5" in problems
    assert any(problem.startswith("line 14: colour: unknown field") for problem in problems)
    assert "Warnings" not in text_of(attention, "h2")
    assert attention.text().count("broken.md") == 1


def test_published_files_with_warnings_each_once_after_the_unpublished(site: Site, text_of: Texts) -> None:
    site.add("2026/w47/broken-one.md", title="Broken one", rating=11)
    site.add("2026/w47/broken-two.md", title="Broken two", rating=12)
    site.add("2026/w47/odd.md", title="Odd", colour="red", flavour="sour")
    site.add("2026/w47/odder.md", title="Odder", colour="blue")
    site.build()

    attention = site.content("attention/")
    assert text_of(attention, "p")[0].startswith("These 2 files could not be published.")
    assert text_of(attention, "h2") == ["Broken one", "Broken two", "Warnings"]
    assert "These 2 files were published, but something in them looks wrong." in text_of(attention, "p")
    assert text_of(attention, "h3") == ["stories/2026/w47/odd.md", "stories/2026/w47/odder.md"]
    warned = attention.css("#warnings ~ ul.ec-problems")
    assert [len(group.css("li")) for group in warned] == [2, 1]


def test_one_published_file_with_a_warning_reads_in_the_singular(site: Site, text_of: Texts) -> None:
    site.add("2026/w47/odd.md", title="Odd", colour="red")
    site.build()
    attention = site.content("attention/")
    assert "This file was published, but something in it looks wrong." in text_of(attention, "p")


def test_a_customer_name_in_the_file_name_stops_check_and_the_build(site: Site) -> None:
    site.add(
        "2026/w47/colin-ferris-sideboard.md",
        title="Split sideboard",
        customer={"name": "Colin Ferris", "segment": "Retail"},
        consent=False,
    )
    message = (
        # The path stays, for the author; the name quoted in the message is withheld like any other.
        "stories/2026/w47/colin-ferris-sideboard.md:5: customer: the file name 'Customer from Retail-sideboard.md' "
        "contains the customer's name (colin, ferris) but consent is false, and the file name is the story's "
        "public address: rename the file, e.g. sideboard.md (or set consent: true if the customer agreed to "
        "be named)"
    )
    check = subprocess.run(
        [sys.executable, "-m", "emptychair", "check"], capture_output=True, text=True, cwd=site.root
    )
    assert (check.returncode, check.stdout.splitlines()) == (1, [message])

    built = site.build()
    assert message in built.stderr
    assert not (site.root / "site/stories/colin-ferris-sideboard").exists()
    assert "colin" not in (site.root / "site/index.html").read_text().lower()
    attention = (site.root / "site/attention/index.html").read_text().lower()
    assert "colin" not in attention and "ferris" not in attention
    assert site.build("--strict", check=False).returncode == 1


def test_a_consenting_customers_own_file_name_may_hold_a_surname_another_customer_withholds(
    site: Site,
) -> None:
    site.add("2026/w47/van-late.md", customer={"name": "David Hughes", "segment": "Trade"}, consent=False)
    site.add("2026/w47/hughes-thanks.md", customer={"name": "Margaret Hughes", "segment": "Retail"})
    site.write(
        "2026/w47/hughes-memo.md",
        "---\ntitle: Memo\ndate: 2026-11-18\nkind: memo\nauthor: ops-lead\n---\nWe will apologise.\n",
    )
    check = subprocess.run(
        [sys.executable, "-m", "emptychair", "check"], capture_output=True, text=True, cwd=site.root
    )
    # Hers, as her own story keeps her name in its text; a memo's is anybody's, so it is refused.
    assert [line.split(":")[0] for line in check.stdout.splitlines()] == ["stories/2026/w47/hughes-memo.md"]
