#!/usr/bin/env python3
"""Deterministic generator of short customer complaints and reviews whose topics are known.

    python benchmarks/themes_corpus.py --count 3000 --out DIR [--seed 1] [--weeks 1]

Every record is written from templates in this file (no third-party text): one of fifteen topics
(cancelled flights, lost bags, hold times on the phone, refunds, rude staff, late deliveries, sizing...),
a quarter of them with a second topic ("... and now I am waiting for the refund"), about one in ten with
no topic at all ("meh", "ok I guess 🙄", a rating with no words). Like real exports they carry @handles
at the start, emoji, HTML entities, misspellings, shouting, filler every topic shares ("never again",
"10 years a customer") and words that belong to no topic.

`generate(count, seed)` gives the records with their true topics (what `themes_eval.py` scores against);
`write_site(records, out)` writes them as stories of a site, with a copy of the repo's site_config, so a
real build or `emptychair themes` can read them. The same seed and count give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
LAST_MONDAY = date(2026, 11, 16)
"""The Monday of ISO week 2026-W47, the corpus's last week."""


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    touchpoint: str
    sentiment: str
    titles: tuple[str, ...]
    sentences: tuple[str, ...]
    slots: dict[str, tuple[str, ...]]


def _topic(
    slug: str, touchpoint: str, titles: str, sentences: str, sentiment: str = "negative", **slots: str
) -> Topic:
    return Topic(
        slug,
        touchpoint,
        sentiment,
        tuple(line.strip() for line in titles.strip().splitlines()),
        tuple(line.strip() for line in sentences.strip().splitlines()),
        {name: tuple(value.split("|")) for name, value in slots.items()},
    )


TOPICS: tuple[Topic, ...] = (
    _topic(
        "cancelled-flights",
        "delivery",
        """
        Flight cancelled
        Cancelled flight again
        Cancelled with no notice
        They cancelled my flight
        """,
        """
        My flight to {city} was cancelled {when} with no explanation.
        They cancelled our flight {when} and rebooked us two days later.
        Flight {flight} cancelled at the gate, no alternative offered.
        Third cancelled flight this year, the cancellation email came after we got to the airport.
        Our connecting flight was cancelled and nobody would rebook us.
        Cancelled flight, stuck in {city} overnight with two kids.
        The flight was cancelled because of crew shortage, no hotel, no voucher.
        Got a text at 5am saying my flight was cancelled. Rebooked on a flight {when2}.
        """,
        city="Lisbon|Dublin|Oslo|Madrid|Leeds|Glasgow|Nice|Porto",
        when="last night|this morning|an hour before departure|on Friday|yesterday",
        when2="three days later|the next evening|on Monday",
        flight="HP214|HP880|HP1032|HP77",
    ),
    _topic(
        "lost-bags",
        "returns",
        """
        Lost luggage
        Where is my bag
        Bag never arrived
        Lost suitcase
        """,
        """
        My bag never arrived in {city} and nobody at baggage claim could tell me where it is.
        Lost luggage for {days} days now, the tracing reference does nothing.
        Suitcase lost on the way to {city}, all my clothes were in it.
        They lost my bag again, waited at the carousel for an hour.
        Our checked bags went missing, the baggage desk gave us a form and that was it.
        Still no sign of my luggage after {days} days.
        The bag turned up a week later, wet and with the handle missing.
        """,
        city="Lisbon|Dublin|Oslo|Madrid|Leeds|Glasgow|Nice|Porto",
        days="3|4|5|6|9|12",
    ),
    _topic(
        "hold-times",
        "phone",
        """
        On hold forever
        Two hours on hold
        Nobody answers the phone
        Call centre is useless
        """,
        """
        I was on hold for {minutes} minutes before anyone answered the phone.
        Called customer service {times} times, on hold for over an hour each time.
        The phone line just plays hold music and then hangs up.
        Waited on hold {minutes} minutes, got cut off, called back and started again.
        Nobody answers the phone at the call centre, the hold time is ridiculous.
        Your automated phone menu sends me round in circles and then on hold for ages.
        Spent my whole lunch break on hold to customer services.
        """,
        minutes="45|50|70|90|95|120|140",
        times="three|four|five|six",
    ),
    _topic(
        "refunds",
        "refunds",
        """
        Still no refund
        Where is my refund
        Refund never came
        Want my money back
        """,
        """
        I was promised a refund {weeks} weeks ago and I am still waiting for the money.
        Still no refund for the order I returned, the refund request says pending.
        Asked for my money back {weeks} weeks ago, the refund has not reached my account.
        The refund was approved but never paid back to my card.
        They keep saying the refund takes 5 to 7 working days, it has been {weeks} weeks.
        Refund refused even though the item was returned within 14 days.
        """,
        weeks="two|three|four|six|eight",
    ),
    _topic(
        "rude-staff",
        "support",
        """
        Rude staff
        So rude
        Unprofessional attitude
        Spoken to like dirt
        """,
        """
        The staff member at the desk was incredibly rude and rolled her eyes at me.
        Rude and unprofessional, the agent laughed when I explained the problem.
        I have never been spoken to so rudely, the manager was dismissive and rude.
        The attitude of your staff was appalling, rude from start to finish.
        The woman at the counter was rude to my elderly mother.
        Staff were rude and unhelpful, no apology, just a shrug.
        """,
    ),
    _topic(
        "late-delivery",
        "delivery",
        """
        Late delivery
        Parcel still not here
        Delivery late again
        Where is my order
        """,
        """
        My parcel was due on {day} and the delivery still has not come.
        Order placed {weeks} weeks ago, tracking has said out for delivery since {day}.
        The courier never turned up, delivery late by {days} days.
        The tracking page says delivered but no parcel arrived.
        Delivery was meant to be next day, it took {days} days.
        Waited in all day for the delivery slot and the driver never came.
        """,
        day="Monday|Tuesday|Wednesday|Thursday|Friday",
        weeks="two|three",
        days="3|4|5|8|10",
    ),
    _topic(
        "sizing",
        "website",
        """
        Wrong size
        Sizing is way off
        Too small
        Does not fit
        """,
        """
        Ordered my usual size {size} and it is far too small.
        The sizing chart is wrong, the jacket runs two sizes small.
        Jeans are too tight even in a size up, the fit is nothing like the website says.
        The shoes run large, had to send them back for a smaller size.
        Sizes are inconsistent, the same size {size} fits completely differently in each colour.
        Lovely fabric but the fit is strange, the sleeves are too short for the size.
        """,
        size="10|12|14|M|L|XL|42",
    ),
    _topic(
        "damaged-items",
        "returns",
        """
        Arrived damaged
        Broken on arrival
        Damaged item
        Smashed in the post
        """,
        """
        The {item} arrived damaged, the box was crushed and the corner was broken.
        Opened the parcel and the {item} was smashed, terrible packaging.
        Item arrived scratched and dented, clearly damaged in transit.
        Second one arrived damaged as well, the packaging is not fit for purpose.
        The {item} came with a crack down the side, arrived broken.
        """,
        item="lamp|mirror|table|vase|chair|television|kettle",
    ),
    _topic(
        "billing",
        "billing",
        """
        Charged twice
        Overcharged
        Wrong amount on my bill
        Double charged
        """,
        """
        I was charged twice for the same order, two payments taken from my card.
        My bill shows {amount} more than the price I was quoted, overcharged again.
        Double charged on my credit card and nobody can explain the extra payment.
        The invoice has charges I never agreed to, billing is a mess.
        You took a payment after I cancelled my subscription, charged for a month I did not use.
        Overcharged by {amount}, the billing team says the system is correct.
        """,
        amount="£12|£30|£45.99|£80|€25|$60",
    ),
    _topic(
        "app-login",
        "mobile-app",
        """
        App will not log in
        Cannot log in
        App keeps crashing
        Locked out of my account
        """,
        """
        The app keeps crashing every time I try to log in.
        Cannot log in to my account, the password reset email never arrives.
        After the last update the app will not let me log in, just spins.
        Locked out of my account, the login code never comes through.
        The app crashes on the payment screen, had to use the website instead.
        Password reset link expired before I could use it, still cannot log in.
        """,
    ),
    _topic(
        "seats",
        "onboarding",
        """
        Uncomfortable seats
        No legroom
        Seat was broken
        Paid for a seat I did not get
        """,
        """
        The seats are so cramped, no legroom at all for a {hours} hour flight.
        Paid extra for a window seat and was moved to a middle seat without asking.
        My seat would not recline and the tray table was broken.
        Seat allocation split our family up across the plane.
        The legroom is a joke, my knees were against the seat in front.
        """,
        hours="two|three|four|six",
    ),
    _topic(
        "food",
        "sales",
        """
        Awful food
        Cold meal
        Food on board
        Catering was poor
        """,
        """
        The food on board was cold and the sandwich was stale.
        They ran out of meals before reaching our row, nothing to eat for {hours} hours.
        Ordered the vegetarian meal in advance and it was not loaded.
        The hot meal was barely warm and tasted of nothing.
        Snacks and drinks cost a fortune and the coffee was cold.
        """,
        hours="three|four|five|seven",
    ),
    _topic(
        "helpful-staff",
        "support",
        """
        Brilliant service
        Thank you {name}
        So helpful
        Great team
        """,
        """
        {name} at the desk was so helpful and friendly, sorted everything in minutes.
        Huge thanks to {name} who went above and beyond for us.
        The crew were friendly and helpful, made the trip a pleasure.
        Really helpful staff, patient with my questions and kind to my kids.
        {name} on the chat was friendly, helpful and fixed it straight away.
        """,
        sentiment="positive",
        name="Tom|Priya|Ana|Sam|Kofi|the agent|the steward",
    ),
    _topic(
        "loyalty-points",
        "sales",
        """
        Missing points
        Loyalty points gone
        Points not credited
        Rewards scheme is a con
        """,
        """
        My loyalty points from the last {trips} trips were never credited.
        The points I earned have disappeared from my rewards account.
        Tried to spend my points and the rewards page says not eligible.
        Membership points expired without any warning after {years} years as a member.
        Missing points again, the loyalty team asks for receipts every time.
        """,
        trips="two|three|four",
        years="five|seven|ten",
    ),
    _topic(
        "delays",
        "delivery",
        """
        Delayed again
        Flight delayed
        Hours of delay
        Late departure
        """,
        """
        Our flight was delayed {hours} hours and we were told nothing at the gate.
        Delayed {hours} hours on the tarmac with no water.
        Departure delayed again, missed my connection in {city}.
        The delay kept growing, first one hour then {hours}, no updates on the screens.
        Flight delayed twice in one week, always the same excuse.
        """,
        hours="two|three|four|five|six",
        city="Lisbon|Dublin|Oslo|Madrid|Amsterdam",
    ),
)

SECOND_TOPIC = {
    "cancelled-flights": ("refunds", "hold-times", "rude-staff"),
    "lost-bags": ("hold-times", "rude-staff", "refunds"),
    "late-delivery": ("damaged-items", "hold-times", "refunds"),
    "damaged-items": ("refunds", "late-delivery"),
    "sizing": ("refunds", "late-delivery"),
    "billing": ("refunds", "hold-times", "app-login"),
    "app-login": ("billing", "hold-times"),
    "delays": ("food", "rude-staff", "cancelled-flights"),
    "seats": ("food", "rude-staff"),
    "refunds": ("hold-times",),
    "rude-staff": ("hold-times",),
    "hold-times": ("rude-staff",),
    "food": ("seats",),
    "loyalty-points": ("hold-times", "app-login"),
    "helpful-staff": ("refunds", "lost-bags"),
}
"""Which topics come up together, as in life: a cancelled flight, then the fight for the refund."""

FILLER = (
    "Absolutely ridiculous.",
    "Never again.",
    "I have been a customer for {years} years.",
    "Not good enough.",
    "Sort it out.",
    "Really disappointed.",
    "Thanks for nothing.",
    "What a joke.",
    "Would not recommend.",
    "I expected better from you.",
    "Please do something about this.",
    "Very frustrating experience overall.",
    "First time using you and probably the last.",
    "My husband is furious.",
    "This happened on my birthday trip.",
)
NOISE = (
    "meh",
    "ok I guess",
    "Fine.",
    "It was alright",
    "nothing to add",
    "see title",
    "no comment",
    "Average experience overall, nothing special",
    "Just ok",
    "As expected",
    "first time with you, we will see",
    "my sister recommended you",
    "Booked through a friend",
    "",
)
NOISE_TITLES = ("Review", "Feedback", "3 stars", "Rating", "My experience", "...", "Survey answer")
EMOJI = ("😡", "🙄", "😤", "👎", "😭", "🤬", "😊", "👍", "✈️", "📦", "💸", "☎️")
HANDLES = ("@harbourpine", "@harbourpine_help", "@jo_travels", "@mikeyb", "@shopper_77")
ENTITIES = (("'", "&#39;"), ("&", "&amp;"), ('"', "&quot;"))
FIRST_NAMES = ("Avery", "Brook", "Casey", "Devon", "Ellis", "Frankie", "Harper", "Jordan", "Kit", "Morgan")
SURNAMES = ("Ashdown", "Birchell", "Coldwater", "Dunmore", "Elsworth", "Fennick", "Galloway", "Hartfield")
"""Invented names for the stories' customers (none has consented: their names are withheld everywhere)."""
CHANNELS = ("social", "review-site", "email", "survey", "phone", "chat")


@dataclass(frozen=True, slots=True)
class Record:
    """One generated review or complaint, with the topics it was written from (the primary first)."""

    number: int
    title: str
    body: str
    topics: tuple[str, ...]
    sentiment: str
    touchpoint: str
    channel: str
    week_offset: int
    """0 for the corpus's last week, 1 for the week before, ..."""


def _fill(rng: random.Random, text: str, slots: dict[str, tuple[str, ...]]) -> str:
    for name, values in slots.items():
        while "{" + name + "}" in text:
            text = text.replace("{" + name + "}", rng.choice(values), 1)
    return text.replace("{years}", str(rng.choice((2, 5, 10, 15, 20))))


def _misspell(rng: random.Random, word: str) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    place = rng.randrange(1, len(word) - 1)
    change = rng.randrange(3)
    if change == 0:
        return word[:place] + word[place + 1 :]
    if change == 1:
        return word[:place] + word[place] + word[place:]
    return word[: place - 1] + word[place] + word[place - 1] + word[place + 1 :]


def _roughen(rng: random.Random, text: str, rate: float) -> str:
    """Misspellings, lower case, shouting, entities, as people type on a phone."""
    words = [_misspell(rng, word) if rng.random() < rate else word for word in text.split(" ")]
    text = " ".join(words)
    roll = rng.random()
    if roll < 0.15:
        text = text.lower()
    elif roll < 0.2:
        text = text.upper()
    if rng.random() < 0.05:
        plain, entity = rng.choice(ENTITIES)
        text = text.replace(plain, entity)
    return text


def _sentence(rng: random.Random, topic: Topic) -> str:
    return _fill(rng, rng.choice(topic.sentences), topic.slots)


def generate(count: int, seed: int = 1, *, weeks: int = 1, misspelling_rate: float = 0.04) -> list[Record]:
    """`count` records spread over `weeks` weeks; topic frequencies differ, as in a real inbox."""
    rng = random.Random(seed)
    by_slug = {topic.slug: topic for topic in TOPICS}
    weights = [1.0 / (1 + position * 0.18) for position in range(len(TOPICS))]
    records = []
    for number in range(count):
        week_offset = rng.randrange(weeks)
        channel = rng.choice(CHANNELS)
        if rng.random() < 0.1:
            title = rng.choice(NOISE_TITLES)
            body = rng.choice(NOISE)
            if rng.random() < 0.4:
                body = f"{body} {rng.choice(EMOJI)}".strip()
            records.append(Record(number, title, body, (), "neutral", "support", channel, week_offset))
            continue
        topic = rng.choices(TOPICS, weights)[0]
        topics = [topic.slug]
        parts = [_sentence(rng, topic)]
        if rng.random() < 0.5:
            parts.append(_sentence(rng, topic))
        if rng.random() < 0.25:
            second = by_slug[rng.choice(SECOND_TOPIC[topic.slug])]
            topics.append(second.slug)
            parts.append(rng.choice(("And ", "Then ", "On top of that ", "")) + _sentence(rng, second))
        for _ in range(rng.choice((0, 0, 1, 2))):
            parts.insert(rng.randrange(len(parts) + 1), _fill(rng, rng.choice(FILLER), {}))
        body = _roughen(rng, " ".join(parts), misspelling_rate)
        if rng.random() < 0.3:
            body = f"{rng.choice(HANDLES)} {body}"
        if rng.random() < 0.25:
            body = f"{body} {''.join(rng.choice(EMOJI) for _ in range(rng.randint(1, 3)))}"
        title = _fill(rng, rng.choice(topic.titles), topic.slots) if rng.random() < 0.8 else ""
        records.append(
            Record(
                number, title, body, tuple(topics), topic.sentiment, topic.touchpoint, channel, week_offset
            )
        )
    return records


def _story_text(record: Record) -> str:
    monday = LAST_MONDAY - timedelta(weeks=record.week_offset)
    when = datetime.combine(monday, datetime.min.time(), UTC) + timedelta(
        minutes=(record.number * 37) % (7 * 24 * 60)
    )
    # Imported text is escaped so that nothing in it is Markdown; the same here.
    body = record.body.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_") or "(no text)"
    front = {
        "title": record.title or f"Review {record.number}",
        "date": when.isoformat(),
        "kind": "complaint" if record.sentiment == "negative" else "review",
        "channel": record.channel,
        "customer": f"{FIRST_NAMES[record.number % len(FIRST_NAMES)]} {SURNAMES[record.number // len(FIRST_NAMES) % len(SURNAMES)]}",
        "sentiment": record.sentiment,
        "touchpoints": [record.touchpoint],
        "consent": False,
        "quote": record.body[:200] if record.body and record.number % 3 == 0 else None,
    }
    front = {key: value for key, value in front.items() if value is not None}
    return "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n" + body + "\n"


def published_stories(records: list[Record], departments: tuple[str, ...] = ("operations",)) -> list[Any]:
    """The records as the themes stage sees them (published stories, `emptychair.publishing`), without a
    site: a record's week is its week_offset before LAST_MONDAY."""
    from emptychair.publishing.publish import PublishedStory
    from emptychair.stories.model import Story
    from emptychair.stories.weeks import IsoWeek

    monday = datetime.combine(LAST_MONDAY, datetime.min.time(), UTC) + timedelta(hours=9)
    items = []
    for record in records:
        # Within the record's week however many records there are (a week has 9,540 minutes after 09:00).
        when = monday - timedelta(weeks=record.week_offset) + timedelta(minutes=record.number % 9_000)
        story = Story(
            slug=story_slug(record),
            source=f"stories/{story_slug(record)}.md",
            src_uri=f"{story_slug(record)}.md",
            title=record.title or "Review",
            published=when,
            kind="complaint",
            body=record.body,
            sentiment=record.sentiment,
            departments=departments,
        )
        items.append(PublishedStory(story, IsoWeek.of(when.date()), "", ""))
    return items


def story_slug(record: Record) -> str:
    return f"review-{record.number:06d}"


def write_site(records: list[Record], out: Path) -> None:
    """The records as stories under out/stories/ (by ISO week), with a copy of the repo's site_config."""
    for record in records:
        monday = LAST_MONDAY - timedelta(weeks=record.week_offset)
        year, week, _ = monday.isocalendar()
        folder = out / "stories" / str(year) / f"w{week:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{story_slug(record)}.md").write_text(_story_text(record), encoding="utf-8")
    if not (out / "site_config").exists():
        shutil.copytree(REPO / "site_config", out / "site_config", ignore=shutil.ignore_patterns("overrides"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--weeks", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args(argv)
    write_site(generate(arguments.count, arguments.seed, weeks=arguments.weeks), arguments.out)
    print(f"{arguments.count} stories written to {arguments.out / 'stories'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
