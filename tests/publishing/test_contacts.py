"""Without consent, a story shows no way to reach its customer, however the contact is written; the
numbers every story has (orders, prices, dates, times, ratings) stay as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from emptychair.publishing.privacy import Redactor, redactor_sources
from emptychair.stories.site_config import SiteConfigError, load_directory

from ..conftest import FIXTURES

CONTACTS = [
    # Phone numbers, with the separators people type and the extensions they add.
    "07700 900123",
    "07700–900235",
    "07700—900235",
    "0171/234 5678",
    "07700 900235 x12",
    "07700 900235 ext. 12",
    "07700 900235 ext 12",
    "+44 20 7946 0958",
    "+44 (0)20 7946 0958",
    "0044 20 7946 0958",
    "(020) 7946 0958",
    "020-7946-0958",
    "07911123456",
    "555-123-4567",
    "(555) 123-4567",
    "+1 212 555 0199",
    "212.555.0199",
    # E-mail addresses, spelt out so that a scraper misses them.
    "jo.bloggs+shop@example.co.uk",
    "jo.bloggs (at) example (dot) com",
    "jo.bloggs at example dot com",
    "jo.bloggs[at]example[dot]com",
    "JO.BLOGGS [AT] EXAMPLE [DOT] COM",
    "JO.BLOGGS AT EXAMPLE DOT COM",
    "jo.bloggs＠example．com",
    "jo.bloggs＠example.com",
    "jo.bloggs {at} example {dot} co {dot} uk",
    # Profiles: a page that leads to the person.
    "twitter.com/jobloggs",
    "https://twitter.com/jobloggs",
    "x.com/jobloggs",
    "https://www.linkedin.com/in/jo-bloggs-1a2b3c",
    "linkedin.com/in/jo-bloggs",
    "www.facebook.com/jo.bloggs.77",
    "facebook.com/profile.php?id=100012345678",
    "instagram.com/jo_bloggs",
    "http://instagram.com/jo_bloggs/",
    "tiktok.com/@jobloggs",
    "HTTPS://WWW.TIKTOK.COM/@JOBLOGGS",
    "@jobloggs",
]

ORDINARY = [
    "order 123456789",
    "order number 987654321",
    "order #A-123456789",
    "ticket #45678912",
    "invoice 2026-000123",
    "ref 123-456-789",
    "ref 2026-11-17",
    "on 2026-11-17 at 14:30",
    "on 17/11/2026 at 09:00",
    "2026-11-17T14:30:00",
    "between 09:00-17:30",
    "from 10:30-11:45",
    "£1,299.99",
    "$1,234,567.00",
    "£12,345.67 refunded",
    "2,000 stories",
    "10,000,000 stories",
    "in 2026",
    "from 1999-2026",
    "the 2024/2025 season",
    "rated 4/5",
    "9/10 would buy again",
    "version 1.2.3",
    "0.5 mg",
    "postcode SW1A 1AA",
    "order 112-3456789-1234567",
    "ISBN 978-3-16-148410-0",
    "visit harbourpine.example/help",
    "https://harbourpine.example/orders/123456789",
    "sat at the table, dot by dot",
    "ordered it at amazon.co.uk",
    "twitter.com/harbourpine",
    "https://x.com/HarbourPine_Help",
    "@harbourpine",
]


def masked(text: str) -> str:
    """`text` as a story without consent shows it."""
    return Redactor(redactor_sources([], public_handles=["@harbourpine", "@harbourpine_help"])).redact_text(
        text, consent=False
    )


@pytest.mark.parametrize("contact", CONTACTS)
def test_every_way_of_writing_a_contact_is_masked(contact: str) -> None:
    shown = masked(f"She said: reach me on {contact} after six.")
    assert shown.startswith("She said: reach me on [")
    assert shown.endswith("] after six.")
    assert "withheld]" in shown
    assert not any(char.isdigit() for char in shown), shown
    assert "bloggs" not in shown.casefold(), shown


@pytest.mark.parametrize("ordinary", ORDINARY)
def test_ordinary_numbers_and_the_companys_own_profiles_are_kept(ordinary: str) -> None:
    text = f"She wrote about {ordinary}, and thanked us."
    assert masked(text) == text


def test_with_consent_contacts_are_shown() -> None:
    text = "Ring 07700–900235 or write to jo (at) example (dot) com."
    assert Redactor(redactor_sources([])).redact_text(text, consent=True) == text


def test_the_sites_region_reads_numbers_written_without_a_country_code() -> None:
    # A US site: 1-800 numbers are national numbers there, and not in Britain.
    text = "Call 1-800-555-0199 today."
    assert (
        Redactor(redactor_sources([], phone_region="US")).redact_text(text, consent=False)
        == "Call [phone withheld] today."
    )


def policy(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "site_config"
    folder.mkdir()
    for name in ("people.yml", "departments.yml"):
        (folder / name).write_text((FIXTURES / "site_config" / name).read_text())
    (folder / "policy.yml").write_text(text)
    return folder


def test_the_region_is_policy_ymls_phone_region_and_britain_by_default(tmp_path: Path) -> None:
    assert load_directory(policy(tmp_path, "phone_region: US\n"), root=tmp_path).phone_region == "US"
    (tmp_path / "site_config" / "policy.yml").write_text("waiting_days: 30\n")
    assert load_directory(tmp_path / "site_config", root=tmp_path).phone_region == "GB"


@pytest.mark.parametrize(("value", "hint"), [("UK", " (the United Kingdom is GB)"), ("us", ""), ("[GB]", "")])
def test_phone_region_is_checked(tmp_path: Path, value: str, hint: str) -> None:
    with pytest.raises(SiteConfigError) as raised:
        load_directory(policy(tmp_path, f"phone_region: {value}\n"), root=tmp_path)
    (problem,) = raised.value.problems
    assert str(problem).startswith("site_config/policy.yml:1: phone_region: ")
    assert str(problem).endswith(
        f"is not a country code: two capital letters as in ISO 3166, e.g. GB, US, DE{hint}"
    )


def test_numbers_far_apart_in_a_long_text_are_each_masked_in_place() -> None:
    filler = "The van came late again. " * 80
    text = f"Ring 07700 900123 x4. {filler}Order 123456789 cost £1,299.99. {filler}Or +44 (0)20 7946 0958."
    assert masked(text) == (
        f"Ring [phone withheld]. {filler}Order 123456789 cost £1,299.99. {filler}Or [phone withheld]."
    )
