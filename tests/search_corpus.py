"""A small corpus of stories that read like real imports: clothing reviews that give sizes as single
letters ("I'm usually a L"), travel complaints about luggage, tweets with @handles, #tags and emoji, and
refund and delivery complaints. Generated, deterministic; for search tests that must find a typed word
and only it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .conftest import Site

SIZES = ("XS", "S", "M", "L", "XL")
GARMENTS = ("linen shirt", "wool jumper", "denim jacket", "summer dress", "rain coat", "chinos", "hoodie")
CLOTHING = (
    "I'm usually a {size} and the {size2} fits me well. The {garment} is lovely but runs a little small.",
    "Ordered the {garment} in {size}; I'm usually a {size2}. The sleeves are long and the collar is tight.",
    "Great {garment}, true to size. I'm usually a {size} in other brands and a {size} here too.",
    "The {garment} shrank after one wash, from a {size} to barely a {size2}. Disappointed.",
    "Love the colour of the {garment}. Size {size} was perfect, the zip feels cheap though.",
    "Returned the {garment}: the {size} was far too big, I\u2019m usually a {size2} and a {size2} was sold out.",
)
LUGGAGE = (
    "My luggage arrived with a broken wheel and nobody answered the phone for two days.",
    "The cabin luggage set was the wrong colour; the driver said to keep it &amp; call again.",
    "Bought luggage for our honeymoon and the handle came off at the airport \U0001f62d",
    "Your courier left the luggage in the rain by the back gate.",
)
TWEETS = (
    "@harbourpine my parcel is late AGAIN \U0001f621 #delivery #fail",
    "@harbourpine thanks for the quick reply, sorted in five minutes \U0001f44d",
    "@HarbourPineHelp where is my refund?? been 3 weeks now",
    "@harbourpine the courier knocked once and left, no card, no parcel",
)
REFUNDS = (
    "Still waiting for my refund after three weeks, and the chat keeps closing on me.",
    "The refund came through but for the wrong amount; one item was not refunded at all.",
    "Refunded quickly once I rang, but the e-mail said nothing about it.",
)


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    body: str


def realistic_stories(site: Site, count: int = 160, seed: int = 7) -> list[Story]:
    """Write `count` stories into the site over four weeks from 26 October 2026; return what each says.
    Luggage comes up in the first week only, so the newer weeks' shards have no story with the word."""
    rng = random.Random(seed)
    written: list[Story] = []
    start = date(2026, 10, 26)
    for number in range(count):
        day = start + timedelta(days=number * 28 // count)
        pick = rng.random()
        # Luggage was a problem of the first week only (a delayed shipment): later weeks never say it.
        if pick < 0.62 or (0.62 <= pick < 0.72 and day >= start + timedelta(days=7)):
            garment = rng.choice(GARMENTS)
            body = rng.choice(CLOTHING).format(
                garment=garment, size=rng.choice(SIZES), size2=rng.choice(SIZES)
            )
            title, touchpoint, kind, rating = (
                f"Review of the {garment}",
                "quotes",
                "review",
                rng.randint(2, 5),
            )
        elif pick < 0.72:
            body, title, touchpoint, kind, rating = (
                rng.choice(LUGGAGE),
                "Luggage order",
                "delivery",
                "complaint",
                1,
            )
        elif pick < 0.88:
            body, title, touchpoint, kind, rating = (
                rng.choice(TWEETS),
                "Post on social media",
                "delivery",
                "complaint",
                None,
            )
        else:
            body, title, touchpoint, kind, rating = rng.choice(REFUNDS), "Refund", "refunds", "complaint", 2
        slug = f"r{number:03d}"
        site.add(
            f"2026/{slug}.md",
            body,
            title=f"{title} {number}",
            date=day.isoformat(),
            kind=kind,
            rating=rating,
            touchpoints=[touchpoint],
            channel="email",
        )
        written.append(Story(slug, f"{title} {number}", body))
    return written
