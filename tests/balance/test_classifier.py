"""The memo classifier reads a memo as a person would: each failure of the old keyword count, pinned by a
memo written for it; a company's own words from balance.yml; and the figures on our labelled memos."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from emptychair.balance.classifier import DEFAULT_WORDS, Classification, Classifier, WordLists
from emptychair.balance.learned import PRIOR_FILE, FocusModel, built_in_prior
from emptychair.balance.word_lists import load_word_lists
from emptychair.pipeline.project import load_project
from emptychair.pipeline.stages import read_site
from emptychair.publishing.rendering import StoryRenderer
from emptychair.stories.site_config import SiteConfigError

from ..conftest import REPO, Site, story_text

MEMOS = Path(__file__).parents[1] / "data" / "memos"


def classify(
    title: str, body: str, words: WordLists = DEFAULT_WORDS, *, classifier: Classifier | None = None
) -> Classification:
    renderer = StoryRenderer(lambda src, target: "stories/x/" if target.endswith(".md") else None)
    html, _ = renderer.render("2026/w47/memo.md", body)
    return (classifier or Classifier(words, prior=False)).classify(f"{title}\n{body}", html)


# Each memo is short but written the way leaders write; the comment says what the old count got wrong.
FAILURE_MODES = [
    pytest.param(
        "Working from the office",
        "Hi all,\n\nFrom March we ask everyone to be in the office three days a week. If you need an "
        "exception, tell your manager. I will review and approve those exceptions myself.\n\nPriya",
        "internal",
        "internal: about leave and attendance, services for staff (3 mentions); no customer words or story links",
        id="sense: 'I will review' is not a customer review",
    ),
    pytest.param(
        "Year-end reviews",
        "Team,\n\nPerformance ratings and feedback are due by 15 December. Calibration sessions follow, "
        "and pay decisions come in January.\n\nRuth",
        "internal",
        None,
        id="sense: performance ratings and feedback",
    ),
    pytest.param(
        "We are sorry",
        "Dear customer,\n\nSome order e-mails went to the wrong address last week. We are sorry. Our "
        "privacy policy says how we look after your data; please call us if you have any questions.",
        "customer",
        None,
        id="sense: a privacy policy in a customer apology",
    ),
    pytest.param(
        "Snow and our grocery vans",
        "Drivers,\n\nMany older customers cannot leave their homes this week. Please ring ahead, carry the "
        "bags to the door, and call the customer before you turn back.\n\nSam",
        "customer",
        None,
        id="sense: customers unable to leave their homes",
    ),
    pytest.param(
        "The help desk has a new ticketing system",
        "Hello,\n\nOur customers are you, our colleagues. From Monday raise a ticket in the portal; password "
        "resets are self-service and laptop requests use a form.\n\nIT",
        "internal",
        "internal: about IT and security (5 mentions, 2 in the subject); "
        "customer words only in 'our customers are you'",
        id="whose customer: an IT help desk's colleagues",
    ),
    pytest.param(
        "Spending approvals",
        "All,\n\nOver 5,000, and all customer events and customer gifts, need the finance director's "
        "approval. Attach receipts to every expense claim.\n\nMarcus",
        "internal",
        "internal: about expenses and approvals, finance and results (6 mentions, 2 in the subject); "
        "customer words only in 'customer events', 'customer gifts'",
        id="whose customer: customer events in a spending memo",
    ),
    pytest.param(
        "Password reset service",
        "All staff,\n\nOn Tuesday the self-service password reset was down for three hours and many of you "
        "were locked out of e-mail. We apologise for the disruption. If you are still locked out, call the "
        "help desk.\n\nIT Operations",
        "internal",
        "internal: about IT and security, services for staff (4 mentions, 1 in the subject); service words "
        "about staff, not customers (complaints and apologies, outages, 3 mentions)",
        id="whose customer: an internal service apologises to staff",
    ),
    pytest.param(
        "What Target asked of us",
        "Team,\n\nTarget's buyers told us two deliveries to their stores were late this month, and Target's "
        "shoppers are complaining about torn packaging. Operations will show me a plan for every Target "
        "delivery by Monday.",
        "customer",
        "customer: about customers, orders and deliveries (5 mentions)",
        id="names: Target the retailer is not a target",
    ),
    pytest.param(
        "Values awards",
        "Everyone,\n\nNominations are open for the Customer First award and the Teamwork award. Nominate a "
        "colleague on the intranet by 30 April.",
        "internal",
        "internal: about staff survey and events (1 mention); customer words only in names (Customer)",
        id="names: the Customer First award",
    ),
    pytest.param(
        "New sales territories",
        "Team,\n\nFrom January the north region splits in two, reporting to me. Forty customer accounts move "
        "between territories; each account manager keeps most of their customers. The org chart and "
        "commission plans follow next week.",
        "internal",
        None,
        id="whose customer: a sales reorganisation full of customers",
    ),
    pytest.param(
        "Welcome",
        "Dear Guest,\n\nYour room is ready from two o'clock. Breakfast is served until half past ten; tell "
        "us about any allergies and the kitchen will prepare something for you.",
        "customer",
        "customer: about customers, what customers tell us (2 mentions)",
        id="other names: Dear Guest",
    ),
    pytest.param(
        "Passengers on the 7:42",
        "Hi all,\n\nThe 7:42 has been late on eleven of twenty days and passengers are posting photos of "
        "the board. Station staff, be on the platform with information so passengers are not left guessing.",
        "customer",
        None,
        id="other names: passengers",
    ),
    pytest.param(
        "Patients waiting for results",
        "Colleagues,\n\nPatients wait nine days for blood results, and some ring four times. From next "
        "week normal results go by text as soon as a doctor has checked them.",
        "customer",
        None,
        id="other names: patients",
    ),
    pytest.param(
        "Operations restructure",
        "Colleagues,\n\nWe propose to reduce operations roles from 48 to 40 and start consultation "
        "tomorrow. Those at risk will be offered redeployment, or enhanced severance. One customer "
        "complaint about phones will be handled by the Leeds team meanwhile.",
        "internal",
        None,
        id="internal vocabulary: severance, consultation, redeployment outweigh a stray complaint",
    ),
    pytest.param(
        "Payroll dates",
        "Hi all,\n\nPayroll moves to the 25th. Expense reimbursements go out with the same payment, and a "
        "customer refund you paid on your own card counts as an expense.",
        "internal",
        None,
        id="internal vocabulary: payroll and reimbursements",
    ),
    pytest.param(
        "Office move on 14 October",
        "Hi all,\n\nWe move to the new office over the weekend. Pack your desk into the crates by Thursday; "
        "parking at the new building is limited, so check the parking rota.\n\nCustomer calls on Friday "
        "go to the Leeds team.",
        "internal",
        None,
        id="what it is about: one customer mention at the end does not decide",
    ),
    pytest.param(
        "Late deliveries in the north",
        "Team,\n\nCustomers in the north have waited three weeks for sofas. We have had 64 complaints, and "
        "customers told us they took days off for deliveries that never came.\n\nThe delivery budget is not "
        "the constraint; our promises are. Timesheets for the extra depot shifts as usual.",
        "customer",
        None,
        id="what it is about: subject, opening and recurrence outweigh a budget and timesheets",
    ),
]


# Context rules for words whose sense depends on who is speaking or whose thing it is.
CONTEXT_RULES = [
    pytest.param(
        "Rail tickets for the sales conference",
        "Dear passengers,\n\nThe travel desk has booked your rail tickets for Leeds. If a train is delayed, "
        "the travel desk's night line will rebook you; keep every receipt within the travel policy.",
        "internal",
        "internal: about services for staff, expenses and approvals (4 mentions); service words about staff, "
        "not customers (customers, refunds and bills, 2 mentions)",
        id="whose customer: staff are the passengers of the travel desk",
    ),
    pytest.param(
        "New gym on the third floor",
        "Dear members,\n\nThe staff gym opens on Monday. Show your staff pass at the door; visitors and "
        "family may use it at weekends.",
        "internal",
        None,
        id="whose customer: staff are the members and visitors of the staff gym",
    ),
    pytest.param(
        "Rail tickets for our passengers",
        "Dear passengers,\n\nFrom Monday you can book rail tickets in the app and show them on your phone. "
        "Customers who travel daily save a fifth. Our staff at the gate will help with the new tickets.",
        "customer",
        None,
        id="whose customer: passengers with customers named are customers even beside staff words",
    ),
    pytest.param(
        "Payroll for Brightwater's staff",
        "Team,\n\nBrightwater has chosen us to run payroll and pensions for their 3,000 staff from April. "
        "Brightwater's employees will be our customers: many will call us about their first payslip, and "
        "every call must be answered the same day.",
        "customer",
        None,
        id="whose thing: the payroll and employees of a client company",
    ),
    pytest.param(
        "Residents' parking permits",
        "Colleagues,\n\nFor ten days residents could not renew their parking permits online, and many were "
        "fined outside their own homes. I am sorry to every resident, and the fines are cancelled.",
        "customer",
        "customer: about customers, complaints and apologies (6 mentions, 1 in the subject); "
        "internal words outweighed (offices and facilities, 2 mentions)",
        id="whose thing: residents' parking permits are the residents', not staff parking",
    ),
    pytest.param(
        "The client's facilities",
        "Team,\n\nOur customer's facilities in Hull reopen on Monday after the flood. Their customers have "
        "waited a month for our engineers; the client's employees will meet our crews at the gate.",
        "customer",
        None,
        id="whose thing: the facilities and employees of a customer",
    ),
    pytest.param(
        "Payments outage on Saturday",
        "All,\n\nOn Saturday the payments platform was down for 40 minutes at the busiest time of the week. "
        "Around 9,000 card payments failed at the till and online, and the contact centre took 1,400 calls."
        "\n\nEngineering will publish the review on Wednesday. Until the fix is in, the fallback terminals "
        "stay switched on in every shop.",
        "customer",
        None,
        id="vocabulary: an outage hits people even where none is named",
    ),
    pytest.param(
        "VPN outage on Monday",
        "All staff,\n\nThe VPN was down from 8 to 10 on Monday and many of you could not reach your e-mail "
        "from home. The help desk has replaced the faulty server. If your laptop still cannot connect, "
        "raise a ticket.\n\nIT Operations",
        "internal",
        None,
        id="whose customer: an outage of a service to staff hits staff",
    ),
    pytest.param(
        "Customer service this winter",
        "Team,\n\nCustomer service is the one thing people remember about us after the holidays. This winter "
        "every call gets answered within two minutes and every e-mail the same day, and anyone whose parcel "
        "is late hears from us before they have to ask.",
        "customer",
        None,
        id="word sense: customer service as the work of serving customers",
    ),
    pytest.param(
        "Third floor moves",
        "Hi all,\n\nThe Customer Services team moves to the third floor on Friday, and Finance takes "
        "their old desks on the second. Pack your desk by Thursday; facilities will move the crates.",
        "internal",
        None,
        id="word sense: Customer Services as a department",
    ),
    pytest.param(
        "Customer service week",
        "Hi everyone,\n\nCustomer service week starts on Monday with breakfast in the atrium. Nominate a "
        "colleague for the customer service awards by Friday; the winners get an extra day of leave.",
        "internal",
        None,
        id="word sense: a week and awards named after customer service are staff events",
    ),
    pytest.param(
        "Guests at the summer party",
        "Hi all,\n\nEach of you may bring one guest to the summer party on 12 July. Guests must be registered "
        "by 1 July for the security desk. The venue has no parking, so please use the shuttle from head "
        "office.",
        "internal",
        None,
        id="whose customer: the guests of a staff party are staff's",
    ),
    pytest.param(
        "Welcome to the family",
        "Everyone,\n\nPlease welcome Dana, who joins the finance team as a new member from Monday. She will "
        "stay with us for at least two years on secondment from our Oslo office. Make her feel part of the "
        "family.",
        "internal",
        None,
        id="word sense: family, member and stay in a welcome to a colleague",
    ),
    pytest.param(
        "FW: Kestrel Foods completes sale of bakery division",
        "For information, the announcement from this morning.\n\n> Kestrel Foods plc has completed the sale "
        "of its bakery division to Hollis Group for 85 million. The proceeds will reduce net debt. The board "
        "expects the sale to add to earnings per share next year.\n\nThanks to the deal team.",
        "internal",
        None,
        id="style: a forwarded press release is quoted in the third person, not a customer's words",
    ),
    pytest.param(
        "FW: Kestrel Foods half-year results",
        "For information.\n\n> Kestrel Foods plc today reports revenue of 410 million, up 6%, and an "
        'interim dividend of 2p.\n>\n> Chief Executive Ann Cole said: "We have had a strong half and we '
        'remain on track."\n\nInvestor Relations',
        "internal",
        None,
        id="style: an executive quoted inside a press release is not a customer",
    ),
    pytest.param(
        "What Mrs Hale wrote",
        'Team,\n\nFrom Friday\'s post:\n\n> "I waited three weeks for my refund and nobody rang me back," '
        "she wrote.\n\nPlease read it before Monday's stand-up.",
        "customer",
        None,
        id="style: a customer's words in speech marks are still a customer's",
    ),
    pytest.param(
        "A letter from Mrs Hale",
        "Team,\n\nThis came in on Friday:\n\n> Your engineer came back three times and each time had the "
        "wrong part. I took three days off work for one boiler.\n\nPlease read it before Monday's stand-up.",
        "customer",
        None,
        id="style: a quote in the first person is a customer's words",
    ),
    pytest.param(
        "The staff magazine",
        "Hi all,\n\nReaders of Inside Track told us the magazine is too long. From spring it is four pages, "
        "and the internal communications team wants your team's news by the 20th of each month.",
        "internal",
        None,
        id="whose customer: the readers of an internal publication are staff",
    ),
    pytest.param(
        "Office party at the Grand",
        "Hi all,\n\nThe office party is at the Grand on 19 December. Rooms are booked for everyone who asked; "
        "drinks at the bar will be charged to your own card at checkout. Sorry to those still on the waiting "
        "list.",
        "internal",
        None,
        id="whose customer: the bookings and charges of a staff party",
    ),
    pytest.param(
        "Visitors to the lab",
        "Hi all,\n\nVisitors to the lab must now be signed in at reception and collect a visitor pass. Book "
        "a meeting room on the ground floor for guests where you can.",
        "internal",
        None,
        id="whose customer: staff's visitors and guests at a building's reception",
    ),
    pytest.param(
        "After the ice storm",
        "Everyone,\n\nAbout 5,000 homes are still without power after the ice storm, some for a third night. "
        "Crews from the south arrive tomorrow, and we are calling every household with someone on oxygen.",
        "customer",
        None,
        id="vocabulary: homes without power are people hit by an outage",
    ),
    pytest.param(
        "Losing Brookfield",
        "Team,\n\nBrookfield has decided not to renew with us. Their finance director said our reports were "
        "always late and full of errors. Every client report now gets a second check before it goes out.",
        "customer",
        None,
        id="vocabulary: a client that will not renew",
    ),
    pytest.param(
        "Customer obsessed",
        "All,\n\nWe will become truly customer obsessed and delight our customers at every turn. To get there, "
        "the operating model changes: two divisions merge, the cost base falls by a tenth and the executive "
        "committee meets weekly.",
        "internal",
        None,
        id="style: slogans about customers over an internal plan",
    ),
    pytest.param(
        "Lead times",
        "Team,\n\nOur distributors and resellers say they cannot plan when our lead times slip. From July each "
        "distributor hears within a day if a date moves.",
        "customer",
        None,
        id="vocabulary: distributors and resellers are a manufacturer's customers",
    ),
    pytest.param(
        "What next year is for",
        "Everyone,\n\nNext year I want orders that arrive on the day we promised, a call answered in under "
        "two minutes, and a refund that never needs chasing.",
        "customer",
        None,
        id="whose customer: orders, calls and refunds with nobody else served are customers'",
    ),
    pytest.param(
        "Your stay in March",
        "You stayed with us in Bath in March, when the heating in your room failed for two nights. That is not "
        "what you paid for, and I am sorry. We have refunded both nights to your card; send us your receipts "
        "for any taxi and we will pay those too.\n\nGeneral Manager",
        "customer",
        "customer: about a letter to you, complaints and apologies (4 mentions, 1 in the subject); "
        "internal words outweighed (expenses and approvals, 1 mention)",
        id="whose customer: a letter that opens by writing to you, with no greeting to staff",
    ),
    pytest.param(
        "Your new laptop",
        "Your new laptop arrives on Monday. If you cannot sign in, we are sorry: call the service desk and "
        "your password will be reset.\n\nIT Service Desk",
        "internal",
        None,
        id="whose customer: a letter to you from a service to staff is to staff",
    ),
    pytest.param(
        "Season tickets",
        "Box office team,\n\nSeason tickets for next year go on sale on Monday. Fans told us the queue for "
        "tickets last year was too long, so tickets will be sold online from 9am.",
        "customer",
        "customer: about waiting for service, what customers tell us (3 mentions)",
        id="word sense: tickets are customers' unless raised with IT",
    ),
    pytest.param(
        "Pension scheme meeting",
        "Dear members,\n\nThe trustees of the staff pension scheme invite all members to the annual meeting "
        "on 3 June. Members can send their questions to the trustees in advance.",
        "internal",
        None,
        id="whose customer: the members of the staff pension scheme are staff",
    ),
    pytest.param(
        "Staff restaurant menu",
        "Hello everyone,\n\nOur customers in the staff restaurant asked for more vegetarian dishes, and from "
        "Monday there are two every day. Customers can leave feedback on the tables.\n\nWorkplace Services",
        "internal",
        None,
        id="whose customer: the staff restaurant is a service to staff, whoever it calls customers",
    ),
    pytest.param(
        "Simpler bills",
        "Dear colleagues,\n\nPeople ring us after every bill because they cannot see what they owe. From "
        "spring the first page of the bill shows only the amount and the date. The billing team will show it "
        "at the town hall.",
        "customer",
        None,
        id="vocabulary: people who ring us are customers, even beside a town hall",
    ),
    pytest.param(
        "Two renewals at risk",
        "Team,\n\nTwo of our largest accounts have told us they will review the contract in March. Both "
        "say our reports arrive late. Until renewal, each account gets its report on the first working day.",
        "customer",
        None,
        id="vocabulary: a business's customers called accounts",
    ),
    pytest.param(
        "Your expense account",
        "Hi all,\n\nCorporate cards now feed your expense account directly. Take into account that the "
        "finance system closes at month end; your user account for it stays the same.",
        "internal",
        None,
        id="word sense: expense, user and bank accounts are no customers",
    ),
    pytest.param(
        "Your account moves to the new e-mail system",
        "Dear colleague,\n\nThis weekend your account moves to the new e-mail system. If anything looks wrong "
        "on Monday, call the service desk and we will put it right.",
        "internal",
        None,
        id="whose customer: the account of a service to staff is staff's login",
    ),
]


@pytest.mark.parametrize(("title", "body", "focus", "reason"), CONTEXT_RULES)
def test_words_are_read_in_context(title: str, body: str, focus: str, reason: str | None) -> None:
    result = classify(title, body)
    assert result.focus == focus, result.reason
    if reason is not None:
        assert result.reason == reason


@pytest.mark.parametrize(("title", "body", "focus", "reason"), FAILURE_MODES)
def test_each_failure_mode_of_the_keyword_count(
    title: str, body: str, focus: str, reason: str | None
) -> None:
    result = classify(title, body)
    assert result.focus == focus, result.reason
    assert result.reason.startswith(f"{focus}: ")
    if reason is not None:
        assert result.reason == reason


def test_the_subject_weighs_more_than_the_body() -> None:
    body = (
        "Hi all,\n\nA few reminders for the week ahead, in no particular order.\n\n"
        "The new approval limits start on Monday, and every expense needs a receipt.\n\n{last}"
    )
    in_subject = classify("Customer complaints", body.format(last="Thanks."))
    at_the_end = classify("This week", body.format(last="Customer complaints go to Jo."))
    assert in_subject.reason == (
        "customer: about complaints and apologies, customers (2 mentions, all in the subject); "
        "internal words outweighed (expenses and approvals, 3 mentions)"
    )
    assert at_the_end.reason == (
        "internal: about expenses and approvals (3 mentions); "
        "customer words outweighed (complaints and apologies, customers, 2 mentions)"
    )


def test_a_greeting_by_job_greets_staff_but_valued_customers_are_customers() -> None:
    body = "{greeting},\n\nSpring supplier visits are booked; bring back cost prices, samples and lead times."
    assert classify("Supplier visits", body.format(greeting="Buyers")).reason == (
        "internal: nothing about customers (no customer words, story links or quotes)"
    )
    assert classify("Supplier visits", body.format(greeting="Valued customers")).reason == (
        "internal: customer words too few to decide (customers, 1 mention)"
    )


def test_one_mention_never_decides_even_in_the_subject() -> None:
    result = classify("Customers", "Please be in by nine on Monday for the photographs.")
    assert result.reason == "internal: customer words too few to decide (customers, 1 mention)"


def test_a_linked_story_or_a_quote_counts_three() -> None:
    body = "Hi all,\n\nPlease read [the wet parcel](../w45/wet-parcel.md) before the payroll deadline."
    assert classify("Before Friday", body).reason == (
        "customer: about orders and deliveries (1 mention); links 1 story; "
        "internal words outweighed (pay and pensions, 1 mention)"
    )


def test_explicit_focus_always_wins() -> None:
    classifier = Classifier(DEFAULT_WORDS)
    text = "Customer complaints\nDear customer, we are sorry about your delivery and your refund."
    assert classifier.classify(text, "", explicit="internal") == Classification(
        "internal", "internal: set by its author (focus: internal)"
    )


def test_a_company_adds_its_own_words_for_customers_and_internal_jargon() -> None:
    title = "Stocktake on 28 December"
    body = (
        "Store teams,\n\nOur annual stocktake is on 28 December. Stores close to customers at 2pm so the "
        "stocktake can start, and customers who ordered online collect the next day."
    )
    assert classify(title, body).reason == "customer: about customers (2 mentions)"
    assert classify(title, body, WordLists(internal={"stock control": ("stocktake",)})).reason == (
        "internal: about stock control (3 mentions, 1 in the subject); "
        "customer words outweighed (customers, 2 mentions)"
    )
    gate = (
        "Spectators at the gate",
        "Hi all,\n\nSpectators queued for an hour at the north gate; spectators deserve better.",
    )
    assert classify(*gate).focus == "internal"
    assert classify(*gate, WordLists(customer=("spectator",))).reason == (
        "customer: about spectator (3 mentions, 1 in the subject)"
    )


def test_a_company_says_where_a_customer_word_is_not_about_customers() -> None:
    title, body = (
        "Partner summit",
        "Hi all,\n\nThe customer summit is on 4 June; every customer summit needs a host.",
    )
    assert classify(title, body).focus == "customer"
    assert classify(title, body, WordLists(not_customer=("customer summit",))).reason == (
        "internal: customer words too few to decide (customers, 1 mention)"
    )


def test_without_built_in_words_only_the_company_lists_count() -> None:
    words = WordLists(customer=("kunde", "kunden", "kundin"), internal=("spesen",), built_in=False)
    assert classify(
        "Kunden zuerst", "Jede Kundin und jeder Kunde zählt, auch vor den Spesen.", words
    ).reason == (
        "customer: about kunden, kunde (3 mentions, 1 in the subject); internal words outweighed (spesen, 1 mention)"
    )
    assert classify("Dear customer", "We are sorry about your refund.", words).focus == "internal"


OWN_PENSION = (
    "Changes from April",
    "All colleagues,\n\nFrom April Northwind's pension contribution rises to 6% and Northwind's bonus is "
    "paid twice a year. Customers will see no change to their bills.\n\n{signature}",
)


def test_the_companys_own_possessive_is_ours_not_another_organisations() -> None:
    """ "Acme's employees" are not ours, but "Northwind's pension" is, in Northwind's memo: the name that signs
    the memo, or a name balance.yml lists as the company's own (own_names), owns no one else's pension."""
    title, body = OWN_PENSION
    signed = classify(title, body.format(signature="Northwind People Team"))
    assert signed.focus == "internal", signed.reason
    assert signed.reason.startswith("internal: about pay and pensions, services for staff (3 mentions)")
    unsigned = body.format(signature="Maria, Chief People Officer")
    assert classify(title, unsigned).focus == "customer"
    assert classify(title, unsigned, WordLists(own_names=("Northwind",))).focus == "internal"


def write_balance(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "site_config"
    folder.mkdir()
    (folder / "balance.yml").write_text(text, encoding="utf-8")
    return folder


def test_balance_yml_lists_and_topics(tmp_path: Path) -> None:
    folder = write_balance(
        tmp_path,
        "customer_words: [fan, season ticket]\n"
        "internal_words:\n  stock control: [stocktake, shrinkage]\n"
        "not_customer_words: [customer summit]\nown_names: [Northwind, Northwind Group]\n",
    )
    assert load_word_lists(folder, root=tmp_path) == WordLists(
        customer=("fan", "season ticket"),
        internal={"stock control": ("stocktake", "shrinkage")},
        not_customer=("customer summit",),
        own_names=("Northwind", "Northwind Group"),
    )
    assert load_word_lists(tmp_path, root=tmp_path) == DEFAULT_WORDS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "customer_words: fan\n",
            "site_config/balance.yml:1: customer_words: must be a list of words or phrases, "
            "or a mapping of topics to such lists",
        ),
        (
            "internal_words:\n  stock control: stocktake\n",
            "site_config/balance.yml:2: internal_words.stock control: must be a list of words or phrases",
        ),
        (
            "built_in_words: no thanks\n",
            "site_config/balance.yml:1: built_in_words: 'no thanks' is not true or false",
        ),
        (
            "customer_word: [fan]\n",
            "site_config/balance.yml:1: customer_word: unknown setting; balance.yml takes customer_words, "
            "internal_words, not_customer_words, built_in_words, own_names",
        ),
        (
            "own_names: Northwind\n",
            "site_config/balance.yml:1: own_names: must be a list of the company's own names, e.g. [Northwind]",
        ),
        (
            "not_customer_words: []\n",
            "site_config/balance.yml:1: not_customer_words: must be a list of phrases, e.g. customer events",
        ),
    ],
)
def test_balance_yml_mistakes_are_named_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    folder = write_balance(tmp_path, text)
    with pytest.raises(SiteConfigError) as raised:
        load_word_lists(folder, root=tmp_path)
    assert [str(problem) for problem in raised.value.problems] == [message]


def labelled(name: str) -> list[dict[str, str]]:
    entries: list[dict[str, str]] = yaml.safe_load((MEMOS / f"{name}.yml").read_text(encoding="utf-8"))
    return entries


SETS = ("tuning", "held-out", "fresh", "fresh-2", "fresh-3", "styles-tuning")
"""Every set but the styles-held-out and styles-fresh sets (NEVER_TUNED_FLOORS), whose figures are the ones
nobody tuned."""


def figures(memos: list[dict[str, str]], classifier: Classifier | None = None) -> tuple[float, float]:
    """Accuracy, and precision for 'customer'."""
    called = [
        (memo["label"], classify(memo["title"], memo["body"], classifier=classifier).focus) for memo in memos
    ]
    right = sum(label == focus for label, focus in called)
    customer_calls = [label for label, focus in called if focus == "customer"]
    return right / len(memos), customer_calls.count("customer") / len(customer_calls)


def test_the_labelled_memos_meet_the_goal() -> None:
    """The issue's goal, at least 90% right and 85% precision for 'customer', on all our memos; and on
    each set (the fresh ones were written after tuning) the precision that keeps the share honest."""
    accuracy, precision = figures([memo for name in SETS for memo in labelled(name)])
    assert accuracy >= 0.9
    assert precision >= 0.85
    for name in SETS:
        assert figures(labelled(name))[1] >= 0.85, name


def test_the_labelled_memos_cover_every_failure_mode_both_ways() -> None:
    memos = [memo for name in SETS for memo in labelled(name)]
    assert len(memos) >= 80
    assert len({memo["id"] for memo in memos}) == len(memos)
    modes = {memo["mode"] for memo in memos}
    assert modes == {"sense", "whose", "names", "jargon", "topic", "plain"}
    for mode in modes - {"names", "jargon"}:  # customers' other names, internal jargon: one way by nature
        assert {memo["label"] for memo in memos if memo["mode"] == mode} == {"customer", "internal"}, mode


def test_the_demo_memos_read_as_a_person_reads_them() -> None:
    site = read_site(load_project(REPO / "mkdocs.yml").settings)
    customer = {
        "late-summer-delivery-feedback",
        "trade-quote-feedback-september",
        "callbacks-promised-not-made",
        "october-digital-feedback",
        "three-stories-to-read-november",
        "what-customers-say-about-fitters",
        "what-new-app-customers-tell-us",
        "invoices-customers-can-file",
    }
    assert len(site.memo_focus) == 17
    assert {slug for slug, focus in site.memo_focus.items() if focus.is_customer} == customer


def teachers(*, leaving_out: str = "") -> list[tuple[str, str]]:
    """Every labelled memo but the held-out ones (and `leaving_out`), as a site's memos with `focus:`."""
    return [
        (f"{memo['title']}\n{memo['body']}", memo["label"])
        for name in SETS
        for memo in labelled(name)
        if memo["id"] != leaving_out
    ]


NEVER_TUNED_FLOORS = {
    # set: (accuracy, precision) with the rules alone, with the built-in prior, and with a model learnt from
    # SETS (teachers()) as a site's own labels
    "styles-held-out": ((0.96, 0.9), (0.97, 0.93), (0.97, 0.93)),
    "styles-fresh": ((0.89, 0.87), (0.95, 0.95), (0.95, 0.95)),
    "styles-fresh-2": ((0.98, 0.96), (0.98, 0.96), (0.98, 0.96)),
    "styles-fresh-3": ((0.98, 0.95), (0.98, 0.95), (0.98, 0.95)),
    "styles-fresh-4": ((0.95, 0.95), (0.98, 0.96), (0.96, 0.92)),
    "styles-fresh-5": ((0.85, 0.83), (0.95, 0.92), (0.96, 0.92)),
}
"""styles-held-out.yml was written with styles-tuning.yml, before the classifier saw either, and never
tuned on; styles-fresh.yml was written after the first changes for issue 25 and run once. Before issue 25
the words scored 83% right and 73% precision on the first, 85% and 86% on the second; now 97% and 94%, and
92% and 91%. styles-fresh-2 (87.5% and 82%, the words alone, when first run), styles-fresh-3 (86% and
93%) and styles-fresh-4 (78% and 80%) were each written, committed and run once before the changes made from
their misses; they guard those changes now (and the built-in prior learnt from them). styles-fresh-5 was
written with styles-fresh-4, never tuned on, and run once after the last change: 86.7% and 87.0% with the
rules alone, 96.7% and 96.0% with the built-in prior. Each floor leaves one memo of slack."""


@pytest.mark.parametrize("name", NEVER_TUNED_FLOORS)
def test_the_held_out_memos_stay_above_their_floor(name: str) -> None:
    memos = labelled(name)
    classifiers = (None, Classifier(DEFAULT_WORDS), Classifier(DEFAULT_WORDS).taught(teachers()))
    for (accuracy, precision), classifier in zip(NEVER_TUNED_FLOORS[name], classifiers, strict=True):
        found = figures(memos, classifier)
        assert found[0] >= accuracy and found[1] >= precision, found


def test_a_sites_labelled_memos_overrule_the_words_and_say_why() -> None:
    """A memo about a mystery shop names its customers once, as shoppers, so its words are too few to
    decide; memos that authors labelled teach the classifier what it is."""
    memo = next(memo for memo in labelled("fresh") if memo["id"] == "f12")
    assert classify(memo["title"], memo["body"]).focus == "internal"
    taught = Classifier(DEFAULT_WORDS).taught(teachers(leaving_out="f12"))
    result = classify(memo["title"], memo["body"], classifier=taught)
    assert result.focus == "customer"
    assert result.reason == (
        "customer: reads like this site's customer memos (999 to 1 from 282 labelled: had, thing, shopper), "
        "though its words say internal: customer words too few to decide (customers, 1 mention)"
    )


LATE_TRAINS = (
    "Late trains home",
    "Conductors and station teams,\n\nSince the timetable changed, many people have missed the last "
    "connection at Hexham and been stranded for the night. Several wrote to the local paper. Please hold the "
    "22:40 for up to five minutes when the connecting train is late, and tell people on board what is "
    "happening.",
)


def test_emptychairs_own_labelled_memos_overrule_the_words_at_high_odds_and_say_why() -> None:
    """A site without labels of its own still has emptychair's (the built-in prior): a memo about stranded
    people names no customer word, and reads like the customer memos we labelled."""
    assert classify(*LATE_TRAINS).focus == "internal"
    result = classify(*LATE_TRAINS, classifier=Classifier(DEFAULT_WORDS))
    assert result.reason == (
        "customer: reads like emptychair's customer memos (999 to 1 from 457 labelled: wrote, missed, many), "
        "though its words say internal: about finance and results (1 mention); no customer words or story links"
    )
    english_off = Classifier(WordLists(customer=("people",), built_in=False))
    assert "emptychair's" not in classify(*LATE_TRAINS, classifier=english_off).reason


def test_the_built_in_prior_is_what_our_tuned_memos_teach() -> None:
    """plugins/emptychair/balance/prior.json is written by benchmarks/classifier_prior.py from the sets the
    rules were tuned on, never from styles-held-out, styles-fresh or styles-fresh-5; the same memos write
    the same bytes."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import classifier_prior

    assert PRIOR_FILE.read_text(encoding="utf-8") == classifier_prior.prior().to_json() + "\n"
    assert not {"styles-held-out", "styles-fresh", "styles-fresh-5"} & set(classifier_prior.PRIOR_SETS)
    assert built_in_prior() == FocusModel.from_json(PRIOR_FILE.read_text(encoding="utf-8"))


def test_too_few_labelled_memos_teach_nothing() -> None:
    few = teachers()[:15]
    classifier = Classifier(DEFAULT_WORDS)
    assert FocusModel.train((classifier.words_of(text), focus) for text, focus in few) is None
    assert classifier.taught(few) is classifier
    assert classifier.model is None


def test_the_model_is_deterministic_and_names_its_terms() -> None:
    classifier = Classifier(DEFAULT_WORDS)
    labelled = [(classifier.words_of(text), focus) for text, focus in teachers()]
    first, second = FocusModel.train(labelled), FocusModel.train(reversed(labelled))
    assert first is not None and first == second
    memo = "Outage\nDear customer, we are sorry: you could not reach your account yesterday."
    reading = first.read(classifier.words_of(memo))
    assert reading.focus == "customer"
    terms = first.terms(reading)
    assert len(terms) == 3
    assert all(first.weights[term] > 0 for term in terms)


def test_a_sites_memos_with_focus_teach_it_to_read_the_others(site: Site) -> None:
    """Through the pipeline: memos whose authors set `focus` train the model; a memo without one is read
    with it, and its reason says so."""
    unlabelled = next(memo for memo in labelled("fresh") if memo["id"] == "f12")
    for memo in [*labelled("styles-tuning"), unlabelled]:
        fields: dict[str, object] = {"title": memo["title"], "date": "2026-11-17", "kind": "memo"}
        fields |= {"author": "ops-lead"} | ({} if memo is unlabelled else {"focus": memo["label"]})
        site.write(f"2026/w47/{memo['id']}.md", story_text(memo["body"], **fields))
    focus = read_site(load_project(site.root / "mkdocs.yml").settings).memo_focus
    assert focus["s002"].reason == "internal: set by its author (focus: internal)"
    assert focus["f12"].focus == "customer"
    assert focus["f12"].reason.startswith("customer: reads like this site's customer memos (")
    assert " from 133 labelled: " in focus["f12"].reason
