"""Realistic exports, made here from our own words (never third-party text), with the warts real ones have.

- `social_posts`: a social-media tool's export of posts about the company (Harbour & Pine): ids mangled
  by a spreadsheet into `5.70306E+17` and shared by many rows, the company's own accounts among the
  authors, `@HarbourPine` at the start of most posts, HTML entities, emoji, dates years old.
- `product_reviews`: a shop's review export with no date column, no unique id, missing titles and
  rating-only rows.
- `write_csv`: either one as a CSV file, in the export's order or re-sorted.

Used by tests (small sizes) and by benchmarks/import_run.py (15,000 rows).
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

BRAND_ACCOUNTS = ("HarbourPine", "HarbourPine_Help")
"""The company's own accounts: they author some rows, and most posts address them."""

SOCIAL_HEADER = (
    "tweet_id",
    "airline_sentiment",
    "negativereason",
    "name",
    "retweet_count",
    "text",
    "tweet_created",
)
SOCIAL_MAPPING = """\
source: social-posts
id: [tweet_id]
timezone: Europe/London
fields:
  date: {column: tweet_created, format: "%Y-%m-%d %H:%M:%S %z"}
  title: {column: text, max: 80}
  body: text
  customer: name
  kind: {value: complaint}
  consent: {value: false}
  channel: {value: social}
  sentiment: {column: airline_sentiment}
  touchpoints: {column: negativereason, map: {Late Delivery: [delivery], Bad Refund: [refunds]}, default: [support]}
"""

REVIEW_HEADER = ("Product ID", "Age", "Title", "Review Text", "Rating", "Department Name")
REVIEW_MAPPING = """\
source: shop-reviews
fields:
  date: {value: today}
  title: {column: Title, fallback: Review Text, max: 80, default: A rating without words}
  body: Review Text
  customer: {value: Online reviewer}
  kind: {value: review}
  consent: {value: false}
  channel: {value: review-site}
  rating: Rating
  touchpoints: {value: [website]}
"""

_FIRST = ("jo", "sam", "ana", "tom", "lee", "bo", "cy", "di", "ed", "zoe", "ali", "eve", "gabs", "mo")
_SECOND = ("baker", "ito", "silva", "price", "chan", "li", "ode", "roe", "ray", "hart", "moss", "rahman")
# Pieces of handles that are common words: a file name holding one of them names nobody.
_WORDS = ("tweets", "travels", "home", "reviews", "life", "official", "daily", "world")
_OPENINGS = (
    "my sofa is three weeks late",
    "the delivery window came and went",
    "still waiting for the refund you promised",
    "the oak table arrived with a cracked leg",
    "your driver was kind and careful",
    "charged twice for one order",
    "nobody answers the phone after 5pm",
    "lovely fitters, quick and tidy",
    "the app lost my basket again",
    "the showroom staff were brilliant",
)
_ENDINGS = (
    "not impressed",
    "thanks so much",
    "really getting on my nerves",
    "please call me back",
    "will order again",
    "what a mess",
    "",
)
_EMOJI = ("\U0001f621", "\U0001f44d", "\u2764\ufe0f", "\U0001f62d", "\U0001f60a", "\u2708\ufe0f")
_REASONS = ("Late Delivery", "Bad Refund", "Customer Service Issue", "")
_SENTIMENTS = ("negative", "neutral", "positive")
_REPLIES = (
    "sorry to hear that, please send us a DM with your order number",
    "thanks for the kind words, we will pass them on",
    "we are looking into it now",
)
_ADJECTIVES = ("Lovely", "Too small", "Great fit", "Runs large", "Cheap fabric", "Perfect", "Not as pictured")
_REVIEW_WORDS = (
    "the fabric feels soft",
    "the colour is darker than on the site",
    "it washed well",
    "the seams came apart after a week",
    "I ordered my usual size",
    "the sleeves are long",
    "great for work",
)
_DEPARTMENTS = ("Tops", "Dresses", "Bottoms", "Jackets", "Intimate")


def _handle(rng: random.Random) -> str:
    first, second = rng.choice(_FIRST), rng.choice(_SECOND + _WORDS)
    joiner = rng.choice(("", "_", ""))
    handle = f"{first}{joiner}{second}"
    return handle.title() if rng.random() < 0.3 else handle


def _post(rng: random.Random, author: str) -> str:
    if author in BRAND_ACCOUNTS:
        return f"@{_handle(rng)} {rng.choice(_REPLIES)}"
    text = rng.choice(_OPENINGS)
    ending = rng.choice(_ENDINGS)
    if ending:
        text += f", {ending}"
    if rng.random() < 0.12:
        text += rng.choice((" &amp; no reply", " &lt;3", " -&gt; worst week", " tmrw &amp; my"))
    if rng.random() < 0.12:
        text += " " + rng.choice(_EMOJI)
    if rng.random() < 0.85:
        text = f"@{rng.choice(BRAND_ACCOUNTS[:1] * 4 + BRAND_ACCOUNTS[1:])} {text}"
    return text


def social_posts(count: int = 15000, *, seed: int = 1) -> list[list[str]]:
    """Rows of SOCIAL_HEADER, in the export's order (newest first, as such tools give them)."""
    rng = random.Random(seed)
    start = datetime(2015, 2, 24, 11, 35)
    rows: list[list[str]] = []
    for number in range(count):
        author = rng.choice(BRAND_ACCOUNTS) if rng.random() < 0.01 else _handle(rng)
        when = start - timedelta(minutes=number * 3 + rng.randrange(3))
        tweet_id = 570306133677760513 - number * 6_000_017_123
        shown_id = str(tweet_id)
        if rng.random() < 0.15:
            shown_id = f"{tweet_id:.5E}"  # what a spreadsheet does to an 18-digit number
        rows.append(
            [
                shown_id,
                rng.choice(_SENTIMENTS),
                rng.choice(_REASONS),
                author,
                str(rng.choice((0, 0, 0, 1, 2))),
                _post(rng, author),
                when.strftime("%Y-%m-%d %H:%M:%S -0800"),
            ]
        )
    # A row exported twice, as tools do at page boundaries.
    for position in rng.sample(range(count), count // 200):
        rows.insert(position, list(rows[position]))
    return rows[:count]


def product_reviews(count: int = 1000, *, seed: int = 1) -> list[list[str]]:
    """Rows of REVIEW_HEADER: no date, ids that repeat (a product, not a review), missing titles,
    rating-only rows (no title, no text) that differ only in their other columns."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    for _ in range(count):
        rating = rng.randint(1, 5)
        roll = rng.random()
        title = "" if roll < 0.2 else rng.choice(_ADJECTIVES)
        text = (
            "" if roll < 0.05 else ". ".join(rng.sample(_REVIEW_WORDS, rng.randint(1, 3))).capitalize() + "."
        )
        if rng.random() < 0.05:
            text += " Fits &amp; flatters \U0001f60a"
        rows.append(
            [
                str(rng.randint(800, 1200)),
                str(rng.randint(18, 80)),
                title,
                text,
                str(rating),
                rng.choice(_DEPARTMENTS),
            ]
        )
    return rows


def write_csv(
    path: Path, header: tuple[str, ...], rows: list[list[str]], *, sort_seed: int | None = None
) -> Path:
    """The export as a spreadsheet saves it; `sort_seed` re-sorts the rows as a user sorting a column would."""
    if sort_seed is not None:
        rows = list(rows)
        random.Random(sort_seed).shuffle(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
