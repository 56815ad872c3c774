"""Consent belongs to the person: a customer without consent is named nowhere on the site."""

from __future__ import annotations

import pickle
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from emptychair.pipeline.cache import open_cache
from emptychair.publishing.privacy import Redactor, Spellings, redactor_sources, spellings_of
from emptychair.stories.intros import DigestIntro
from emptychair.stories.model import Customer, FollowUp, Story
from emptychair.stories.weeks import IsoWeek

from ..conftest import Site
from ..hostile_site import week_digest

ISLA = Customer("Isla Kerr", "Kerr Bakeries", "Hospitality")
DAVID = Customer("David Kerr", None, "Trade")


def story(
    slug: str, body: str, customer: Customer | None = None, *, consent: bool = False, **fields: object
) -> Story:
    values: dict[str, object] = {
        "slug": slug,
        "source": f"stories/{slug}.md",
        "src_uri": f"{slug}.md",
        "title": "A story",
        "published": datetime(2026, 11, 17, tzinfo=UTC),
        "kind": "complaint" if customer else "memo",
        "body": body,
        "customer": customer,
        "consent": consent,
        **fields,
    }
    return Story(**values)  # type: ignore[arg-type]


def test_own_story_withholds_every_form_and_later_mentions_read_the_customer() -> None:
    own = story(
        "late-van",
        "Isla rang at nine. Isla Kerr said the van was late, and isla was upset. Mrs Kerr signed for it.",
        ISLA,
        title="Isla K. waited two days",
        quote="Isla here, from Kerr Bakeries.",
        follow_up=FollowUp(owner="sam", note="Call Isla back about Kerr Bakeries."),
        tags=("Kerr Bakeries", "late"),
    )
    shown = Redactor(redactor_sources([own])).redact(own)
    assert shown.title == "Customer from Hospitality waited two days"
    assert shown.body == (
        "Customer from Hospitality rang at nine. The customer said the van was late, and the customer was upset. "
        "The customer signed for it."
    )
    assert shown.quote == "Customer from Hospitality here, from [organisation withheld]."
    assert shown.follow_up is not None
    assert shown.follow_up.note == "Call Customer from Hospitality back about [organisation withheld]."
    assert shown.customer == Customer("Customer from Hospitality", None, "Hospitality")
    assert shown.tags == ("[organisation withheld]", "late")


def test_distinctive_forms_are_withheld_in_other_stories_a_lone_first_name_is_not() -> None:
    own = story("late-van", "The van was late.", ISLA)
    other = story(
        "shop-visit",
        "Rose from accounts met Isla at the door. Isla Kerr and Kerr Bakeries came up; so did Isla K. "
        "and Ms Kerr, and a kerr-side baker.",
        Customer("Tom Reed", None, "Trade"),
        consent=True,
    )
    shown = Redactor(redactor_sources([own, other])).redact(other)
    assert shown.body == (
        "Rose from accounts met Isla at the door. Customer from Hospitality and [organisation withheld] "
        "came up; so did the customer and the customer, and a kerr-side baker."
    )


def test_a_consenting_customer_keeps_their_own_name_even_when_another_shares_a_part() -> None:
    hidden = story("late-van", "The van was late.", ISLA)
    named = story(
        "thanks", "David Kerr thanked the fitters. Mr Kerr was glad.", DAVID, consent=True, title="Kerr"
    )
    memo = story("memo", "David Kerr wrote in, and so did Isla Kerr.")
    redactor = Redactor(redactor_sources([hidden, named, memo]))
    assert redactor.redact(named).body == "David Kerr thanked the fitters. Mr Kerr was glad."
    assert redactor.redact(named).title == "Kerr"
    assert redactor.redact(memo).body == "David Kerr wrote in, and so did Customer from Hospitality."


def test_memos_and_digest_intros_name_no_customer_without_consent() -> None:
    hidden = story("late-van", "The van was late.", ISLA)
    memo = story("memo", "Thanks to everyone who helped Isla Kerr.", title="What Isla K. taught us")
    redactor = Redactor(redactor_sources([hidden, memo]))
    assert redactor.redact(memo).title == "What Customer from Hospitality taught us"
    assert redactor.redact(memo).body == "Thanks to everyone who helped Customer from Hospitality."
    intro = DigestIntro(
        week=IsoWeek(2026, 47),
        department=None,
        author="pat-lead",
        featured=(),
        title="Isla Kerr waited",
        body="Read what Kerr Bakeries told us.",
        source="stories/digests/2026-W47.md",
        src_uri="digests/2026-W47.md",
    )
    shown = redactor.redact_intro(intro)
    assert (shown.title, shown.body) == (
        "Customer from Hospitality waited",
        "Read what [organisation withheld] told us.",
    )


def test_handles_are_contact_details_unless_the_story_has_consent_or_they_are_the_companys() -> None:
    hidden = story(
        "tweet", "@jetfan99 wrote: thanks @harbourpine, and ask @crewlead about it.", Customer("@jetfan99")
    )
    named = story("praise", "Ask @crewlead, or @jetfan99.", Customer("Ann Lee"), consent=True)
    redactor = Redactor(redactor_sources([hidden, named], public_handles=["@HarbourPine"]))
    assert (
        redactor.redact(hidden).body
        == "A customer wrote: thanks @harbourpine, and ask [handle withheld] about it."
    )
    assert redactor.redact(named).body == "Ask @crewlead, or A customer."


def test_a_handle_imported_without_its_at_sign_is_withheld_everywhere() -> None:
    hidden = story("tweet", "Delayed again.", Customer("jetfan99"))
    rose = story("rose", "Rose asked.", Customer("Rose Tan"))
    other = story(
        "reply", "Rose thanked @JetFan99 and jetfan99 on the phone.", Customer("Ann Lee"), consent=True
    )
    assert (
        Redactor(redactor_sources([hidden, rose, other])).redact(other).body
        == "Rose thanked Customer J. and the customer on the phone."
    )


def test_capitalised_name_words_are_names_only_when_written_with_a_capital() -> None:
    hidden = story("oven", "The oven broke.", Customer("Sam Baker", None, "Retail"))
    other = story("bread", "The baker said Baker had called.", Customer("Ann Lee"), consent=True)
    assert (
        Redactor(redactor_sources([hidden, other])).redact(other).body
        == "The baker said Customer from Retail had called."
    )


def test_a_story_the_redactor_was_not_built_from_still_withholds_its_customer() -> None:
    hidden = story("late-van", "Isla Kerr rang.", ISLA)
    latecomer = story("new", "Nora Quill and Isla Kerr rang.", Customer("Nora Quill", None, "Trade"))
    assert (
        Redactor(redactor_sources([hidden])).redact(latecomer).body
        == "Customer from Trade and Customer from Hospitality rang."
    )


def test_another_process_gets_the_same_redactor() -> None:
    hidden = story("late-van", "Isla Kerr rang.", ISLA)
    memo = story("memo", "Kerr Bakeries and @someone.")
    redactor = pickle.loads(
        pickle.dumps(Redactor(redactor_sources([hidden, memo], public_handles=["@harbourpine"])))
    )
    assert redactor.redact(hidden).body == "Customer from Hospitality rang."
    assert redactor.redact(memo).body == "[organisation withheld] and @someone."


@pytest.fixture
def leaky_site(site: Site) -> Site:
    """A customer without consent, named in every other kind of text the site has."""
    site.add(
        "2026/w47/late-van.md",
        "Isla Kerr from Kerr Bakeries rang about the van; Isla was upset. Her handle: @islakerr.",
        title="Van late for Isla K.",
        customer={"name": "Isla Kerr", "organisation": "Kerr Bakeries", "segment": "Hospitality"},
        consent=False,
        rating=1,
        follow_up={"owner": "ops-lead", "status": "open", "note": "Ring Isla Kerr back."},
    )
    site.add(
        "2026/w47/shop-visit.md",
        "Rose from accounts met Isla Kerr in the shop; @jetfan99 tweeted about Kerr Bakeries. Nora Quill too.",
        title="Mrs Kerr came back",
        customer={"name": "Tom Reed", "segment": "Trade"},
        consent=True,
        quote="Kerr Bakeries deserve better, said Isla K.",
        lesson="Tell Isla Kerr first.",
        follow_up={"owner": "ops-lead", "status": "open", "note": "Ask Kerr Bakeries about it."},
    )
    site.add(
        "2026/w47/not-published.md",
        "Nora rang.",
        title="Nora Quill waited",
        customer={"name": "Nora Quill", "segment": "Trade"},
        consent=False,
        rating=9,
    )
    site.add(
        "2026/w47/tweet.md",
        "Flew home at last.",
        title="A tweet",
        customer={"name": "@jetfan99"},
        consent=False,
    )
    site.add(
        "2026/w47/thanks-memo.md",
        "Thanks to all who helped Isla Kerr and Kerr Bakeries.",
        title="What Isla Kerr taught us",
        kind="memo",
        customer=None,
        consent=None,
        rating=None,
        channel=None,
        touchpoints=None,
        author="ops-lead",
    )
    site.write(
        "digests/2026-W47.md",
        "---\nweek: 2026-W47\nauthor: ops-lead\ntitle: Isla Kerr waited\n---\nRead what Kerr Bakeries said.\n",
    )
    return site


def test_a_customer_without_consent_is_named_nowhere_on_the_site(leaky_site: Site) -> None:
    leaky_site.build()
    built = [
        path
        for path in sorted((leaky_site.root / "site").rglob("*"))
        if path.is_file() and path.suffix in {".html", ".json", ".xml"}
    ]
    assert any(path.suffix == ".xml" for path in built), "feeds were built"
    forms = re.compile(r"Isla Kerr|Isla K\.|Kerr|islakerr|jetfan99|Quill", re.IGNORECASE)
    leaks = {
        path.relative_to(leaky_site.root).as_posix(): sorted(set(forms.findall(path.read_text("utf-8"))))
        for path in built
    }
    assert {path: found for path, found in leaks.items() if found} == {}
    # A story that could not be published is listed under its label, and its customer named nowhere.
    attention = leaky_site.content("attention/")
    assert "Customer from Trade waited" in [node.text() for node in attention.css("h2")]
    # The first name alone stays outside her own story ("Rose" the colleague too), never inside it.
    assert "Isla" not in leaky_site.content("stories/late-van/").text()
    assert "Rose from accounts" in leaky_site.content("stories/shop-visit/").text()
    assert leaky_site.content("stories/late-van/").css_first(".ec-body p").text() == (
        "Customer from Hospitality from [organisation withheld] rang about the van; the customer was upset. "
        "Her handle: [handle withheld]."
    )


def test_json_digest_names_no_customer_without_consent(leaky_site: Site) -> None:
    output = week_digest(leaky_site.root, "json")
    assert not re.search(r"Kerr|Isla K\.|Quill", output), output


MARGARET = Customer("Margaret Hughes", "Acme Ltd", "Retail")
WITHHELD = [
    MARGARET,
    Customer("Robert Stone Jr.", None, "Trade"),
    Customer("Zoë Brontë", None, "Retail"),
    Customer("Siobhan O'Neill", None, "Retail"),
    Customer("Anna Smith-Jones", None, "Retail"),
    Customer("Mary Ann Quigley", None, "Retail"),
    Customer("Hughes Smith Jones", None, "Trade"),
    Customer("Cher", None, "Retail"),
]


@pytest.mark.parametrize(
    ("written", "withheld"),
    [
        ("Hughes, Margaret rang twice.", "Hughes"),
        ("Robert Stone Jr. called.", "Stone"),
        ("Robert Stone called.", "Stone"),
        ("Zoe Bronte wrote in.", "Bronte"),
        ("ZOË BRONTË wrote in.", "BRONT"),
        ("Siobhan O\u2019Neill wrote in.", "Neill"),
        ("Siobhan O\u02bcNeill wrote in.", "Neill"),
        ("Anna Smith Jones wrote in.", "Jones"),
        ("Mary Quigley wrote in.", "Quigley"),
        ("Ann Quigley wrote in.", "Quigley"),
        ("Quigley, Mary Ann wrote in.", "Ann"),
        ("Mary A. Quigley wrote in.", "Mary A."),
        ("M. A. Quigley wrote in.", "M. A."),
        ("Hughes Smith wrote in.", "Smith"),
        ("Smith Jones wrote in.", "Jones"),
        ("Cher rang, then CHER wrote.", "Cher"),
        ("Siobhan Oneill wrote in.", "Oneill"),
        ("See https://example.com/hughes/complaint today.", "hughes"),
        ("Look in /users/hughes first.", "hughes"),
        ("[the notes](https://notes.test/quigley) and https://x.test/oneill.", "quigley"),
        ("[the notes](https://notes.test/quigley) and https://x.test/oneill.", "oneill"),
        ("Notes under team/cher/2026.", "cher"),
        ("Margaret Hu\u00adghes rang.", "ghes"),
        ("Margaret Hu&#103;hes rang.", "Hu&#103;hes"),
        ("See https://intranet.test/people/margaret-hughes for notes.", "margaret-hughes"),
        ("Write to Margaret.Hughes@example.com today.", "Hughes@"),
        ("Write to m.hughes@example.com today.", "hughes@"),
        ("Write to orders@acme.co.uk or visit acme.co.uk.", "acme"),
    ],
)
def test_every_way_of_writing_a_withheld_name_is_withheld_in_other_stories(
    written: str, withheld: str
) -> None:
    hidden = [story(f"h{number}", "x", customer) for number, customer in enumerate(WITHHELD)]
    other = story("memo", written, consent=True)
    redacted = Redactor(redactor_sources([*hidden, other])).redact(other).body
    assert withheld not in redacted, redacted


def test_a_fullwidth_at_sign_is_an_e_mail_address_too() -> None:
    own = story("h", "Reply to jo.b\uff20example.com please.", MARGARET)
    assert Redactor(redactor_sources([own])).redact(own).body == "Reply to [e-mail withheld] please."


def test_a_tag_in_lower_case_is_withheld() -> None:
    hidden = story("h", "x", MARGARET)
    other = story(
        "memo", "x", Customer("Ann Lee"), consent=True, tags=("hughes", "margaret-hughes", "delivery")
    )
    assert Redactor(redactor_sources([hidden, other])).redact(other).tags == (
        "Customer from Retail",
        "Customer from Retail",
        "delivery",
    )


def test_a_file_name_naming_a_withheld_customer_is_found_in_any_story() -> None:
    redactor = Redactor(redactor_sources([story("h", "x", MARGARET)]))
    assert redactor.names_withheld("margaret-hughes-apology-plan")
    assert not redactor.names_withheld("apology-plan")


def test_a_name_in_a_web_address_is_withheld_and_the_address_stays_one_word() -> None:
    hidden = story("h", "x", MARGARET)
    other = story(
        "memo",
        "See [the file](https://example.com/hughes/complaint) or https://example.com/Margaret-Hughes.",
        consent=True,
    )
    assert Redactor(redactor_sources([hidden, other])).redact(other).body == (
        "See [the file](https://example.com/withheld/complaint) or https://example.com/withheld."
    )


def test_a_one_word_name_is_a_name_only_with_a_capital_in_running_text() -> None:
    hidden = [story("h", "x", Customer("Cher", None, "Retail")), story("r", "x", Customer("Rose"))]
    other = story(
        "memo",
        "Cher rang. Our cher ami Rose sent a rose.",
        consent=True,
        tags=("cher", "Rose", "roses", "delivery"),
    )
    redactor = Redactor(redactor_sources([*hidden, other]))
    shown = redactor.redact(other)
    assert shown.body == "Customer from Retail rang. Our cher ami Customer R. sent a rose."
    # A tag, like a web address or a file name, is written in lower case whatever it names.
    assert shown.tags == ("Customer from Retail", "Customer R.", "roses", "delivery")


def test_a_lone_surname_or_one_word_name_in_any_file_name_is_found() -> None:
    redactor = Redactor(
        redactor_sources(
            [
                story("h", "x", MARGARET),
                story("c", "x", Customer("Cher")),
                story("o", "x", Customer("Siobhan O'Neill")),
                story("r", "x", Customer("Rose Tan")),
            ]
        )
    )
    for named in ("hughes-street-depot", "cher-apology-plan", "attack-oneill", "o-neill-refund"):
        assert redactor.names_withheld(named), named
    # A first name alone names nobody outside its own story.
    assert not redactor.names_withheld("rose-cushion-faded")


def test_a_redactor_made_from_spellings_the_build_cache_kept_withholds_as_one_made_afresh(
    tmp_path: Path,
) -> None:
    # Written as the build cache writes them, read back by another run: the Redactor made of them
    # withholds every customer as the one made from the stories does.
    hidden = [story(f"h{number}", "x", customer) for number, customer in enumerate(WITHHELD)]
    other = story(
        "memo",
        "Brontë, Zoe and Siobhan O\u2019Neill met Stone, Robert Jr. and MARGARET HUGHES; write to "
        "m.hughes@example.com or @harbourpine. Cher rang too.",
        Customer("Tom Reed", None, "Trade"),
        consent=True,
    )
    stories = [*hidden, other]
    sources = redactor_sources(stories, ["@harbourpine"])
    with open_cache(tmp_path) as cache:
        cache.put(b"spellings", spellings_of(sources))
    with open_cache(tmp_path) as cache:
        kept = cache.get_many([b"spellings"])[b"spellings"]
    assert isinstance(kept, Spellings)
    fresh, from_cache = Redactor(redactor_sources(stories, ["@harbourpine"])), Redactor(sources, kept)
    for item in stories:
        assert from_cache.redact(item) == fresh.redact(item)
    body = from_cache.redact(other).body
    assert not any(name in body for name in ("Brontë", "Siobhan", "Stone", "HUGHES", "m.hughes", "Cher"))
