#!/usr/bin/env python3
"""Deterministic generator of a synthetic customer-story corpus for emptychair.

    python benchmarks/generate.py --count 5000 --out DIR [--seed 1]

writes ``DIR/stories/<iso-year>/w<NN>/<slug>.md`` (N stories spread over the
104 ISO weeks ending with ISO week 2026-W47, or with ``--shape week`` all in that
one week) and a copy of the repo's
``site_config`` into ``DIR/site_config``.

Every id the stories use (departments' touchpoint slugs, person ids, channels)
is read from the site_config, so the corpus is valid by construction.  All
randomness comes from one ``random.Random(seed)``; nothing depends on the clock,
the locale or hash ordering, so the same seed and count give byte-identical
files.  Standard library plus PyYAML only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SITE_CONFIG = REPO / "site_config"

END_ISO_YEAR, END_ISO_WEEK = 2026, 47
WEEKS = 104

KINDS = ["story", "review", "complaint", "praise", "call-note", "memo"]
# memo ~8%; the rest split so that complaints and praise dominate, as in real life.
KIND_WEIGHTS = [0.20, 0.16, 0.22, 0.18, 0.16, 0.08]

# Fixed English names, so output never depends on the machine's locale.
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# ---------------------------------------------------------------------------
# Phrase banks
# ---------------------------------------------------------------------------
# Data tables, laid out by hand for reading; the formatter would put one string per line.
# fmt: off

FIRST_NAMES = [
    "Alice", "Amir", "Anna", "Arjun", "Beatriz", "Bilal", "Bronwen", "Callum", "Carmen",
    "Chen", "Chloé", "Connor", "Dafydd", "Deborah", "Dev", "Elif", "Emeka", "Erin",
    "Fatima", "Fiona", "Gareth", "Hannah", "Harriet", "Hiroshi", "Imran", "Ines",
    "Isla", "Jakub", "Jasmine", "José", "Kwame", "Laila", "Leon", "Łukasz", "Margaret",
    "Mădălina", "Mohammed", "Nadia", "Niamh", "Olu", "Patrick", "Rhiannon", "Rosa",
    "Sam", "Sean", "Siobhán", "Sunita", "Tariq", "Theo", "Una", "Victor", "Wen",
    "Yusuf", "Zoë", "Björn", "Agnieszka", "Keith", "Pauline", "Derek", "Joan",
]
LAST_NAMES = [
    "Abbott", "Adeleke", "Ahmed", "Barnes", "Brennan", "Campbell", "Chowdhury", "Clarke",
    "Da Silva", "Davies", "Dunne", "Evans", "Fernández", "Fitzgerald", "Gallagher",
    "Green", "Gupta", "Hughes", "Hussain", "Jensen", "Jones", "Kaur", "Kelly", "Lewis",
    "MacLeod", "Malik", "Mensah", "Morgan", "Müller", "Murphy", "Nguyen", "Nowak",
    "O'Brien", "O'Connor", "Oyelaran", "Patel", "Pereira", "Quinn", "Reid", "Roberts",
    "Sandoval", "Shah", "Sørensen", "Stewart", "Taylor", "Thompson", "Van der Berg",
    "Walsh", "Wiśniewski", "Wright", "Yılmaz", "Zhang",  # noqa: RUF001
]
# Segment names follow the demo corpus in stories/ (Retail, Trade, Landlord, Hospitality).
RETAIL = "Retail"
ORGANISATIONS = [
    ("Brightwater Lettings", "Landlord"), ("Kestrel Property Management", "Landlord"),
    ("Riverside Housing Association", "Landlord"), ("Calder & Lowe Architects", "Trade"),
    ("Fenwick & Daughters Joinery", "Trade"), ("Tide & Timber Studio", "Trade"),
    ("Harrow Lane Interiors", "Trade"), ("The Old Mill B&B", "Hospitality"),
    ("Holm Oak Hotel", "Hospitality"), ("Lantern Lane Café", "Hospitality"),
    ("Northgate Dental Practice", "Business"), ("Quayside Co-working", "Business"),
    ("Maple Row Nurseries", "Business"), ("St Anne's Primary School", "Public sector"),
    ("Brook Street Surgery", "Public sector"), ("Hillcrest Care Home", "Public sector"),
]
HOUSEHOLD_PRODUCTS = [
    "a three-seater sofa", "an oak dining table", "a corner wardrobe", "a bunk bed",
    "a king-size mattress", "a garden table and four chairs", "a chest of drawers",
    "a recliner", "a walnut sideboard", "a double bed frame", "a writing desk",
    "a pair of bookcases", "a corner sofa", "a cot and changing unit", "an extending table",
    "a fitted kitchen", "a velvet armchair", "a TV unit",
]
SEGMENT_PRODUCTS = {
    "Trade": ["a run of fitted wardrobes", "a fitted kitchen", "eight chests of drawers",
              "a dozen bedside tables", "two corner sofas for a show home"],
    "Landlord": ["six bed frames", "four sofa beds", "fourteen mattresses", "five dining sets"],
    "Hospitality": ["eight dining sets", "twenty bar stools", "ten hotel headboards", "lounge seating"],
    "Business": ["twelve office chairs", "reception seating", "a set of meeting-room tables"],
    "Public sector": ["forty classroom chairs", "staff-room sofas", "twelve wipe-clean armchairs",
                      "a set of library shelves"],
}
OCCASIONS = [
    "for a new flat", "after months of comparing", "for their parents' new bungalow",
    "as a wedding present", "for the spare room", "for their first home",
    "to replace one that had lasted twenty years", "in the {month} sale",
    "for a new baby's room", "after seeing it in the showroom window",
    "for a holiday let", "for a loft conversion",
]
SITES = ["a refurbishment", "a new branch", "three rental flats", "the staff room",
         "the reception area", "the start of the new term", "a ground-floor extension"]
CONTACT = {
    "email": "emailed us", "phone": "rang the contact centre", "chat": "opened a live chat",
    "social": "posted about it publicly", "review-site": "left a review",
    "survey": "answered the post-purchase survey", "in-person": "told us in person",
    "letter": "wrote to us",
}
CONTACT_FALLBACK = "got in touch"

# Per-touchpoint phrases.  neg/pos: (title, clause); the clause follows "that ..."
# and may use {product}.  A touchpoint missing here falls back to GENERIC_TP.
TP: dict[str, dict[str, Any]] = {
    "sales": {
        "neg": [("Promised a date we could not keep", "the salesperson promised a delivery date the warehouse could never have met"),
                ("Pushed towards the premium range", "they felt pushed towards the premium range when they had asked for something within budget"),
                ("Twenty minutes in the showroom with no one free", "they waited twenty minutes in the showroom without anyone free to help"),
                ("Fabric sample did not match", "the fabric sample they were shown did not match what arrived")],
        "pos": [("Salesperson measured the stairwell first", "the salesperson asked about the stairwell and doorways before recommending anything"),
                ("Talked out of an upgrade they didn't need", "our colleague talked them out of an upgrade they did not need"),
                ("Showroom team remembered a returning customer", "the showroom team remembered them from a visit months earlier"),
                ("An honest answer on lead times", "they got an honest answer on lead times instead of a sales pitch")],
        "lessons": ["Check the warehouse lead time before promising a date, every time.",
                    "Ask about access (stairs, doors, lifts) before the customer falls in love with a piece.",
                    "Budget is part of the brief, not an obstacle to work around."],
        "qneg": ["I was told Thursday, in writing, and nobody seemed to know where that date came from.",
                 "I said my budget twice and still got walked to the most expensive sofa in the room."],
        "qpos": ["She asked how wide my stairs were before I'd even thought about it.",
                 "He told me I didn't need the extended warranty. That's why I'll be back."],
        "tags": ["sales", "expectations"],
    },
    "quotes": {
        "neg": [("Quote expired before they could decide", "the quote expired after seven days with no reminder and the price went up"),
                ("Quote missing the delivery charge", "the quote left out the delivery and assembly charges"),
                ("Three versions of the same quote", "they received three versions of the same quote and could not tell which was current")],
        "pos": [("Quote turned around the same day", "the quote came back the same afternoon with every line explained"),
                ("Quote broken down room by room", "the trade quote was broken down room by room, which made approval easy"),
                ("Price held while they waited for funding", "we held the quoted price while they waited for funding")],
        "lessons": ["Every quote shows the full price, delivery and assembly included.",
                    "Send a reminder three days before a quote expires.",
                    "One quote, one version number, and the old one marked as replaced."],
        "qneg": ["If the delivery charge isn't on the quote, the quote is wrong.",
                 "I had three PDFs with three totals. Which one was I meant to pay?"],
        "qpos": ["It was laid out so clearly I could forward it to our finance team without a covering note.",
                 "You kept the price for us for a fortnight. That made the decision for us."],
        "tags": ["quotes", "pricing"],
    },
    "website": {
        "neg": [("Website showed stock that had sold out", "the website showed the item in stock when it had sold out a week earlier"),
                ("Checkout failed at the payment step", "checkout failed at the payment step three times"),
                ("Dimensions on the product page were wrong", "the dimensions on the product page were wrong by several centimetres"),
                ("Store finder sent them to a closed store", "the store finder sent them to a branch that closed last year")],
        "pos": [("Room planner made the decision easy", "the room planner on the website showed them the wardrobe would fit"),
                ("Found an old assembly guide in seconds", "they found the assembly guide for an old bookcase in seconds"),
                ("Product pages worked with a screen reader", "the product pages worked well with their screen reader")],
        "lessons": ["Stock levels on the website should never be more than an hour old.",
                    "Dimensions come from the supplier sheet, checked by a person, not retyped.",
                    "Test checkout with a screen reader and a slow phone before every release."],
        "qneg": ["The website said twelve in stock. The store said none since last week.",
                 "The page said 210 centimetres. It's 218. That's the difference between fitting and not."],
        "qpos": ["The room planner is the reason we bought it. I could see it in our actual bedroom.",
                 "I use a screen reader and your site just worked, which is rarer than you'd think."],
        "tags": ["website", "digital"],
    },
    "social": {
        "neg": [("Public complaint went unanswered", "their public post about a late order sat unanswered for four days"),
                ("Canned reply to a detailed complaint", "they received a canned reply to a detailed complaint"),
                ("Promotion post had the wrong price", "a promotion post showed a price the stores would not honour")],
        "pos": [("Social team turned a rant into a fix", "the social team picked up an angry post and had it resolved within the hour"),
                ("Asked before sharing a customer's photo", "we asked before sharing their photo of the finished nursery, and they loved it"),
                ("Quick answer in direct messages", "a question in direct messages got a clear answer within minutes")],
        "lessons": ["Every public complaint gets a human reply within four working hours.",
                    "No canned replies to a message longer than two sentences.",
                    "Promotions are checked with pricing before they go out, not after."],
        "qneg": ["I only posted because nobody answered my emails. Then nobody answered the post either.",
                 "'Thanks for your feedback'? I wrote you three paragraphs."],
        "qpos": ["I posted at lunchtime feeling furious and by two o'clock it was sorted.",
                 "You asked before using my photo. Small thing, but it mattered."],
        "tags": ["social", "reputation"],
    },
    "newsletter": {
        "neg": [("Newsletter kept coming after unsubscribing", "the newsletter kept arriving weeks after they had unsubscribed"),
                ("Newsletter offer refused in store", "the newsletter offer was not accepted in store"),
                ("Discount email the day after paying full price", "a discount newsletter arrived the day after they had paid full price")],
        "pos": [("Care guide in the newsletter saved a table", "the care guide in the newsletter helped them rescue a water-marked table"),
                ("Early access for loyal customers", "early access in the newsletter let them get the last of a discontinued range")],
        "lessons": ["Unsubscribe means unsubscribe, the same day.",
                    "Store teams see every newsletter offer before customers do.",
                    "Useful content earns the right to send offers."],
        "qneg": ["I unsubscribed twice. I'm still hearing about garden furniture.",
                 "The email says 20% off. The till says it doesn't know what that is."],
        "qpos": ["The bit about water marks and a warm iron actually worked. Who knew?",
                 "I only got the last two chairs because of the early-access email."],
        "tags": ["newsletter", "marketing"],
    },
    "billing": {
        "neg": [("Charged twice for one order", "they were charged twice for one order and it took a week to notice"),
                ("Deposit taken without confirmation", "a deposit was taken without any confirmation email"),
                ("Payment plan letter full of jargon", "the payment plan letter was full of jargon they could not follow")],
        "pos": [("Billing spotted a duplicate charge first", "the billing team spotted a duplicate charge and refunded it before they noticed"),
                ("Payment plan explained in plain words", "someone explained the payment plan in plain words over the phone"),
                ("Payment date moved after a job loss", "we moved their payment date after they lost their job")],
        "lessons": ["Every payment gets a confirmation the customer can understand in ten seconds.",
                    "Check for duplicate charges daily, not when customers call.",
                    "Hardship is a conversation, not a form."],
        "qneg": ["Two payments, same amount, same minute. And I had to be the one to find it.",
                 "I read the letter three times and still couldn't tell you what I owe."],
        "qpos": ["You rang me to say you'd charged me twice. I didn't even know yet.",
                 "She didn't make me feel ashamed for asking to move the date. That meant a lot."],
        "tags": ["billing", "payments"],
    },
    "refunds": {
        "neg": [("Refund took six weeks", "the refund for a returned chair took six weeks to arrive"),
                ("Refunded the wrong amount", "the refund came back short by the delivery charge with no explanation"),
                ("Refund promised twice and never sent", "they were told the refund had been sent on two separate calls, and it had not")],
        "pos": [("Refund issued before the van left", "the driver confirmed the collection and the refund was issued the same hour"),
                ("Goodwill refund without a fight", "we offered a partial refund for a scratched table before they had to ask")],
        "lessons": ["Tell the customer the refund date, and then meet it.",
                    "A refund that differs from what the customer expects needs a sentence explaining why.",
                    "Nobody says 'it's been sent' without a reference they can give the customer."],
        "qneg": ["Six weeks. For money you took in six seconds.",
                 "Twice I was told it's been processed. It hadn't."],
        "qpos": ["The van hadn't left the street and the refund email was already there.",
                 "I was ready for an argument and you just offered. Thank you."],
        "tags": ["refunds", "money"],
    },
    "delivery": {
        "neg": [("Delivery slot moved twice", "the delivery slot was moved twice and nobody called to explain"),
                ("Sofa would not fit through the door", "the sofa would not fit through the front door and the crew left with it"),
                ("Damaged on arrival", "{product} arrived with a split panel"),
                ("Took a day off and nobody came", "they took a day off work and the van never arrived")],
        "pos": [("Crew carried it up four flights", "the delivery crew carried it up four flights without complaint and took the packaging away"),
                ("Driver called ahead with a real arrival time", "the driver called ahead with an arrival time that turned out to be exact"),
                ("Crew protected the new floor", "the crew laid down floor protection without being asked")],
        "lessons": ["Call the customer the evening before with a two-hour window, and keep it.",
                    "Check access and measurements at the point of sale, not on the doorstep.",
                    "A damaged item is photographed and replaced without the customer having to prove anything."],
        "qneg": ["I took a day's leave. I sat by the window all day. Nothing.",
                 "They stood in the hallway, shrugged, and took it back to the van."],
        "qpos": ["They even took the cardboard away. I could have hugged them.",
                 "He said 10:40 and he knocked at 10:40."],
        "tags": ["delivery", "logistics"],
    },
    "returns": {
        "neg": [("Collection booked for the wrong address", "the collection was booked for their old address"),
                ("Returns form asked for a receipt they never got", "the returns form asked for a receipt number they had never been given"),
                ("Collection crew refused the item", "the collection crew refused to take the item because it was not in its original box")],
        "pos": [("Collection arranged in one call", "the return and collection were arranged in a single call"),
                ("Mattress trial return without awkward questions", "the mattress trial return went through without a single awkward question")],
        "lessons": ["Confirm the collection address back to the customer in writing.",
                    "Nobody keeps packaging for thirty days; do not ask for it.",
                    "A return should take one contact, not three."],
        "qneg": ["Where exactly was I meant to keep a wardrobe box for a month?",
                 "I moved house. That's literally why I'm returning it."],
        "qpos": ["One phone call. That's all it took.",
                 "I was dreading the return. It was easier than the purchase."],
        "tags": ["returns", "collections"],
    },
    "support": {
        "neg": [("Case closed without a fix", "their support case was closed as resolved when nothing had been fixed"),
                ("Explained the problem four times", "they had to explain the same problem to four different people"),
                ("Promised callback never came", "a promised callback never came")],
        "pos": [("One agent owned the case end to end", "one agent owned the case from the first call to the final fix"),
                ("Support followed up unprompted", "support followed up a week later to check the repair had held")],
        "lessons": ["A case is closed by the customer saying it is fixed, not by a timer.",
                    "Case notes should mean the next person never asks the customer to repeat themselves.",
                    "If we promise a callback, it goes in the diary with a name on it."],
        "qneg": ["Every time I called I was starting from zero.",
                 "Resolved? Resolved according to whom?"],
        "qpos": ["It was the same person every time. I didn't have to explain a thing twice.",
                 "You called me to check it was still working. Nobody does that."],
        "tags": ["support", "case-handling"],
    },
    "phone": {
        "neg": [("Forty minutes on hold, then cut off", "they waited forty minutes on hold before the call dropped"),
                ("Phone menu went round in circles", "the phone menu sent them round in a loop with no option for their problem"),
                ("Transferred and cut off", "they were transferred to another team and cut off")],
        "pos": [("Callback option saved an afternoon", "the callback option meant they did not have to wait on hold"),
                ("Agent stayed on the line through the fix", "the agent stayed on the line while they tried the fix")],
        "lessons": ["Offer a callback as soon as the wait passes five minutes.",
                    "Every menu needs a way to reach a person.",
                    "Warm transfers only: introduce the customer, then hand over."],
        "qneg": ["Press one for deliveries, press two for deliveries... I gave up.",
                 "Forty minutes of the same song and then a dial tone."],
        "qpos": ["The callback came exactly when it said it would.",
                 "She waited while I crawled behind the bed to check. Patient doesn't cover it."],
        "tags": ["phone", "wait-time"],
    },
    "chat": {
        "neg": [("Chatbot could not hand over to a person", "the chatbot could not hand them over to a person"),
                ("Chat ended mid-sentence", "the chat closed while they were still typing"),
                ("Chat transcript never arrived", "the chat transcript they were promised never arrived")],
        "pos": [("Chat sorted a missing part in minutes", "live chat sorted a missing part in under ten minutes"),
                ("Chat agent sent a photo of the fitting", "the chat agent sent a photo showing exactly which fitting was missing")],
        "lessons": ["The word 'person' in chat always reaches a person.",
                    "Never close a chat while the customer is typing.",
                    "Send the transcript automatically at the end of every chat."],
        "qneg": ["I typed 'human' eleven times.",
                 "I was halfway through a sentence and it just said 'Thanks for chatting!'"],
        "qpos": ["Ten minutes, one photo, and the part is on its way. Perfect.",
                 "The picture of the bracket made it obvious. I'd been looking at the wrong bit."],
        "tags": ["chat", "digital"],
    },
    "email": {
        "neg": [("No reply to three emails", "three emails to support went without a reply"),
                ("Reply answered a different question", "the reply answered a different question from the one they asked"),
                ("Auto-reply promised 48 hours, answer took nine days", "the auto-reply promised an answer in 48 hours and the answer took nine days")],
        "pos": [("One email answered everything", "one email answered every question they had asked, in order"),
                ("A support email written like a person", "the reply read like it came from a person, not a template")],
        "lessons": ["Answer every question in the customer's email, in the order they asked.",
                    "If the inbox is behind, change the auto-reply to say so honestly.",
                    "Templates are a starting point, not the reply."],
        "qneg": ["I asked about the bed. You answered about the mattress.",
                 "Forty-eight hours, it said. It was nine days."],
        "qpos": ["Every question, answered, in the right order. I didn't know that was possible.",
                 "It sounded like someone had actually read my email."],
        "tags": ["email", "response-time"],
    },
    "hiring": {
        "neg": [("Applicant heard nothing after interview", "as a long-standing customer who applied for a job, they heard nothing after the interview"),
                ("Job advert listed the wrong store", "a job advert listed the wrong store and they travelled to the wrong town")],
        "pos": [("New starter knew the range on day three", "a new starter knew the range well enough on day three to help them choose"),
                ("Rejected candidate thanked us for feedback", "after we turned down their job application they still found the feedback honest and useful")],
        "lessons": ["Every candidate hears back within five working days, whatever the answer.",
                    "Applicants are customers too, and they talk to each other.",
                    "Onboarding includes an afternoon on the shop floor with real customers."],
        "qneg": ["I've shopped with you for ten years. I'd have appreciated a one-line email.",
                 "The advert said Leeds. The interview was in Bradford."],
        "qpos": ["The feedback was more useful than the job would have been, honestly.",
                 "She'd only been there three days and knew more than the last two people I asked."],
        "tags": ["hiring", "people"],
    },
    "contractors": {
        "neg": [("Installer left the kitchen unfinished", "the installer left the kitchen unfinished and did not come back"),
                ("Contractor arrived without ID", "the contractor arrived without ID and they did not feel safe letting them in"),
                ("Fitter left a mess behind", "the fitter left sawdust and offcuts all over the hallway")],
        "pos": [("Fitter fixed a shelf that wasn't ours", "the fitter spotted and fixed a wobbly shelf that was not even ours"),
                ("Installer explained every step", "the installer explained every step and left the room tidier than they found it")],
        "lessons": ["Every contractor carries photo ID and the customer gets their name in advance.",
                    "A job is finished when the customer signs it off, not when the van leaves.",
                    "Installers are the face of the company in someone's home, and we train them that way."],
        "qneg": ["Half a kitchen and a phone that goes to voicemail.",
                 "Someone I've never met, no badge, at my door at 8am. I didn't open it."],
        "qpos": ["He left it cleaner than he found it.",
                 "He fixed the shelf and wouldn't take a penny."],
        "tags": ["contractors", "installation"],
    },
    "invoices": {
        "neg": [("VAT receipt could not be downloaded", "they could not download a VAT receipt for their business claim"),
                ("Invoice addressed to the wrong company", "the invoice was addressed to the wrong company"),
                ("Invoice number missing from the paperwork", "the paperwork was missing an invoice number their accounts team needed")],
        "pos": [("Corrected VAT receipt in seven minutes", "the accounts team reissued a corrected VAT receipt within minutes"),
                ("Trade invoices batched monthly", "their trade invoices were batched monthly, which saved their bookkeeper hours")],
        "lessons": ["VAT receipts are available online for every order, without asking.",
                    "Check the billing entity on trade accounts at the first order.",
                    "Our paperwork should pass an auditor's glance."],
        "qneg": ["My accountant needs a VAT receipt. Not a screenshot of an order confirmation.",
                 "That's not even our company name."],
        "qpos": ["Sent at 10:02, corrected receipt back at 10:09.",
                 "One invoice a month instead of forty. Our bookkeeper sends her regards."],
        "tags": ["invoices", "vat"],
    },
    "statements": {
        "neg": [("Statement showed a balance already paid", "their account statement showed a balance they had already paid"),
                ("Statement arrived after its own due date", "the statement arrived two days after its own payment due date")],
        "pos": [("Statement reconciled line by line", "we walked them through the statement line by line until it reconciled"),
                ("Credit limit raised before a big order", "we raised their credit limit before a big order without them having to chase")],
        "lessons": ["A statement is checked against payments received before it goes out.",
                    "Trade customers get statements in time to pay them.",
                    "Credit decisions are explained, not just announced."],
        "qneg": ["You're chasing me for money I paid you in March.",
                 "The statement arrived after the date it said to pay by."],
        "qpos": ["Your team went through it with me line by line until it balanced.",
                 "You raised our limit before we even asked. That's a partner."],
        "tags": ["statements", "trade"],
    },
    "onboarding": {
        "neg": [("Account setup email never arrived", "the account setup email never arrived"),
                ("Welcome pack arrived after the order", "the welcome pack arrived a week after their first order"),
                ("Trade account application stuck for weeks", "their trade account application sat unreviewed for three weeks")],
        "pos": [("First order walked through on a video call", "someone walked them through their first order on a video call"),
                ("Trade account approved the same day", "their trade account was approved the same day")],
        "lessons": ["A new account works end to end within ten minutes of signing up.",
                    "Welcome before the first order, not after.",
                    "Trade applications get a decision within two working days."],
        "qneg": ["I signed up three times. No email. I went elsewhere for the first order.",
                 "Three weeks to open an account to give you money."],
        "qpos": ["Twenty minutes on a video call and I knew how everything worked.",
                 "Applied in the morning, ordering by lunchtime."],
        "tags": ["onboarding", "first-order"],
    },
    "mobile-app": {
        "neg": [("App crashed at checkout", "the app crashed at checkout and they could not tell whether the order went through"),
                ("App tracking stuck on 'preparing'", "order tracking in the app was stuck on 'preparing' after the delivery had arrived"),
                ("App logged them out every day", "the app logged them out every single day")],
        "pos": [("Photo return in the app took two minutes", "a photo-based return in the app took two minutes"),
                ("Live van tracking in the app", "live van tracking in the app let them pop out for an hour")],
        "lessons": ["If checkout fails, the app says clearly whether the order exists.",
                    "Tracking comes from the van, not from a batch job.",
                    "Staying logged in is a feature."],
        "qneg": ["Did it go through or not? I still don't know.",
                 "It says 'preparing'. The table is in my kitchen."],
        "qpos": ["I watched the van on the map and went to get milk. Back in time.",
                 "Two photos and a tap. That's how returns should be."],
        "tags": ["mobile-app", "digital"],
    },
}
GENERIC_TP = {
    "neg": [("We made them chase us", "they had to chase us three times for an answer"),
            ("Nobody owned the problem", "nobody seemed to own the problem")],
    "pos": [("Someone took ownership", "one person took ownership and saw it through"),
            ("A problem fixed before it was noticed", "we fixed a problem before they had noticed it")],
    "lessons": ["Tell customers what will happen next, and when."],
    "qneg": ["I shouldn't have to chase you to give you money."],
    "qpos": ["That's how it should always work."],
    "tags": ["general"],
}
GENERIC_LESSONS = [
    "Tell customers what will happen next, and when.",
    "The customer should never be the one who notices our mistake first.",
    "Small courtesies are remembered longer than discounts.",
    "Say sorry without a 'but'.",
    "Write it down so the next colleague doesn't have to ask again.",
    "Every handover between teams is a place where a customer can fall through.",
]
GENERIC_QNEG = [
    "I've been a customer for years and this is the first time I've felt like a number.",
    "Nobody was rude. Nobody helped either.",
    "I just wanted someone to tell me the truth about when.",
    "I shouldn't need a spreadsheet to keep track of my own order.",
]
GENERIC_QPOS = [
    "Honestly the best experience I've had buying furniture.",
    "You've got a customer for life, and I don't say that lightly.",
    "It's the little things. You got all the little things right.",
    "I'll be telling everyone at work about this.",
]
GENERIC_QMIXED = [
    "The {noun} is lovely. Getting it here was another matter.",
    "Good in the end, but I had to push to get there.",
    "Half of it was brilliant and half of it was a mess.",
]

EVENT_NEG = [
    "They {contact} because {clause}.",
    "When they {contact}, it was because {clause}.",
    "The problem, as they put it, was that {clause}.",
    "What went wrong was simple to describe: {clause}.",
    "{Clause}, and that was the point at which they {contact}.",
]
EVENT_POS = [
    "They {contact} to tell us that {clause}.",
    "What stood out for them was that {clause}.",
    "The reason they got in touch: {clause}.",
    "{Clause}, and they {contact} to say so.",
]
DETAIL_NEG = [
    "It was the {nth} time they had been in touch about the same order.",
    "By then they had spent around {hours} hours chasing it.",
    "That mattered because {reason}.",
    "They had already rearranged {rearranged} around it.",
    "None of this was in the notes when they called back, so they had to start again.",
    "Each step on its own looked reasonable from our side; together they added up to a bad {weekday}.",
]
DETAIL_POS = [
    "It was a small thing, but it changed how the whole order felt.",
    "They have since recommended us to {people} friends.",
    "They mentioned {staff} by name.",
    "It came at the end of a stressful week for them, which made it count twice.",
    "They said it was the first time a furniture company had surprised them in a good way.",
    "That mattered because {reason}.",
]
REASONS = [
    "they were moving house the following weekend",
    "they look after an elderly parent and cannot wait in all day",
    "it was for a baby due the following month",
    "the office reopened on the Monday",
    "they had taken unpaid leave to be there",
    "guests were arriving for a family celebration",
    "it was their first big purchase in a new home",
]
REARRANGED = ["a hospital appointment", "the school run", "two shifts", "a weekend away",
              "their mother's visit", "a contractor's start date"]
NTH = ["second", "third", "fourth", "fifth"]
QUOTE_PARA = [
    "In their words:\n\n> {quote}",
    "\"{quote}\" That was how {first} summed it up.",
    "{first} put it plainly: \"{quote}\"",
    "The line that stayed with me from the conversation:\n\n> {quote}",
]
RESPONSE_NEG = [
    "{staff} from {dept} picked it up {pickup} and {action}.",
    "We {action}, and {staff} called {first} to explain what had happened.",
    "{staff} took it on {pickup}. The first thing was to {action_inf}; the second was to find out why it had happened at all.",
]
ACTIONS = ["arranged a replacement", "refunded the delivery charge",
           "booked a new slot for the following morning", "apologised properly, without a script",
           "escalated it to {lead}", "sent a written explanation",
           "traced the problem to a handover between two teams"]
ACTIONS_INF = ["arrange a replacement", "refund the delivery charge", "book a new slot",
               "apologise properly", "put it in writing", "get {lead} involved"]
PICKUP = ["the same day", "within the hour", "the next morning", "on {weekday}", "before lunch"]
OUTCOME_NEG = [
    "By the end of the week it was sorted.",
    "It is not fully resolved yet.",
    "{first} said they would give us another chance.",
    "They accepted the apology but were clear that they expected better.",
    "It took longer than it should have, but it is fixed.",
    "{first} has not ordered since, and we should not pretend otherwise.",
]
RESPONSE_POS = [
    "We passed the thanks on to {staff} and the rest of the {dept} team.",
    "{lead} shared the story at the {weekday} team huddle.",
    "Nothing about this was in a process document; it was just good judgement.",
    "It is worth noticing how little it cost us: a few minutes and some attention.",
    "{staff} was a little embarrassed to hear it read out, which is how you know it was genuine.",
]
REFLECTION = [
    "This is not the first {tp} story like this. {lesson}",
    "The lesson we are taking from it: {lesson_lc}",
    "If there is one thing to take from this, it is this: {lesson_lc}",
    "{lesson}",
    "Worth asking in every team: could this have happened with us? {lesson}",
]
HEADINGS = [("What happened", "What they said", "What we did", "What we learned"),
            ("The story", "In their words", "Our response", "Takeaway")]
TIMELINE = [
    "Day 1: order placed{online}",
    "Day {d1}: {first} got in touch ({channel})",
    "Day {d2}: {staff} picked it up",
    "Day {d3}: {closing}",
]
CALL_FEELING_NEG = ["frustrated but calm", "angry at first, calmer by the end", "tired of chasing",
                    "disappointed more than angry", "worried about the cost"]
CALL_FEELING_POS = ["delighted", "relieved", "pleasantly surprised", "keen to say thank you"]
NEXT_CONTACT = ["call back on {weekday}", "email by the end of the week", "text once the part is in",
                "no further contact needed", "call back after the new delivery"]
MEMO_TITLES = [
    "What I heard from customers this week",
    "Three things I learned from {tp} stories",
    "What our {tp} stories are telling us",
    "Why I'm reading every {tp} complaint this month",
    "Thank you, {dept} team",
    "What {month}'s {tp} stories taught us",
    "Before the busy season: what {tp} stories say",
    "Listening to the {dept} team",
    "One story I keep coming back to",
]
MEMO_OPEN = [
    "I spent {weekday} morning reading every {tp} story filed in the last {n} weeks.",
    "Last week I sat in with the {dept} team for a morning, headphones on, listening to calls.",
    "I want to share something from the stories that came in this {month}.",
    "Most weeks I read the stories in batches. This week one of them stopped me.",
]
MEMO_PATTERN = [
    "Two things stood out. First, more than one customer told us that {neg}. Second, and this is the part I want us to remember, {pos}.",
    "The pattern was hard to miss: {neg}, in one form or another, {n} times. None of those customers was unreasonable.",
    "The good news first: {pos}. The less good news: {neg}, and it keeps happening.",
]
MEMO_ASK = [
    "So my ask of every team is this: {lesson_lc}",
    "I'm not asking for a project or a new process. I'm asking for this: {lesson_lc}",
    "{lesson} I will check back in {n} weeks to see what has changed.",
]
MEMO_CLOSE = [
    "If you have a story that shows this better than I can, file it. I read them all.",
    "Thank you to everyone who took the time to write these up.",
    "Reply to this if you disagree. I would rather hear it now.",
    "I'll share what we hear back at the next all-hands.",
]
FOLLOW_NOTES_NEG = [
    "Confirm with {first} that the replacement has arrived.",
    "Check whether this is a one-off or a pattern across {tp} stories.",
    "Bring this story to the next {dept} team meeting.",
    "Agree a change to the process and write it down.",
    "Send {first} a written apology with the refund reference.",
    "Review the last month of {tp} cases for the same issue.",
    "Find out where the handover broke and fix that step.",
]
FOLLOW_NOTES_POS = [
    "Pass the thanks on to {staff} and their manager.",
    "Share this story with the whole {dept} team as an example.",
    "Ask {first} whether we may use the quote in training.",
    "Turn what went right here into a line in the {tp} playbook.",
]
FOLLOW_NOTES_MEMO = [
    "Report back at the next leadership meeting.",
    "Collect examples from each team by the end of the month.",
    "Agree one measurable change with the {dept} team.",
]
TONE_TAGS = {
    "neg": ["communication", "repeat-contact", "escalation", "broken-promise", "wait-time"],
    "pos": ["great-service", "above-and-beyond", "shout-out", "ownership"],
    "mixed": ["recovered", "communication"],
}
SEGMENT_TAGS = {"Trade": "trade-customer", "Landlord": "landlord", "Hospitality": "hospitality",
                "Business": "business-customer", "Public sector": "public-sector"}
EXTRA_TAGS = ["first-order", "repeat-customer", "accessibility", "vulnerable-customer", "peak-season"]
LEADER_CHANNELS = ["email", "in-person"]
SENTIMENT = {"neg": "negative", "pos": "positive", "mixed": "neutral"}
# fmt: on


# ---------------------------------------------------------------------------
# Site config
# ---------------------------------------------------------------------------


@dataclass
class Config:
    touchpoints: dict[str, dict[str, str]]  # slug -> {name, dept}
    departments: dict[str, dict[str, Any]]  # slug -> {name, lead, touchpoints, members}
    people: dict[str, dict[str, Any]]  # id -> record
    leaders: list[str]
    channels: list[str]


def load_config(site_config: Path) -> Config:
    def load(name: str) -> Any:
        with open(site_config / name, encoding="utf-8") as fh:
            return yaml.safe_load(fh) or {}

    deps_doc, people_doc, policy = load("departments.yml"), load("people.yml"), load("policy.yml")
    people = dict(people_doc["people"])
    departments: dict[str, dict[str, Any]] = {}
    touchpoints: dict[str, dict[str, str]] = {}
    for d in deps_doc["departments"]:
        slugs = [tp["slug"] for tp in d.get("touchpoints", [])]
        members = [pid for pid, p in people.items() if p.get("department") == d["slug"]]
        departments[d["slug"]] = {
            "name": d["name"],
            "lead": d.get("lead"),
            "touchpoints": slugs,
            "members": members,
        }
        for tp in d.get("touchpoints", []):
            touchpoints[tp["slug"]] = {"name": tp["name"], "dept": d["slug"]}
    leaders = [pid for pid, p in people.items() if p.get("leader")]
    channels = list(policy["channels"])
    if not touchpoints or not people or not leaders or not channels:
        raise SystemExit(f"{site_config}: need touchpoints, people, at least one leader and channels")
    return Config(touchpoints, departments, people, leaders, channels)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

_PLAIN_OK = re.compile(r"^[^\W\d_][\w .,'&/()-]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}


def yaml_str(s: str) -> str:
    """A YAML scalar for s: plain when unambiguous, else double-quoted (JSON escaping is valid YAML)."""
    if _PLAIN_OK.match(s) and s.lower() not in _YAML_WORDS and not s.endswith(" "):
        return s
    return json.dumps(s, ensure_ascii=False)


def yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(yaml_str(i) for i in items) + "]"


def _ascii_words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


def slugify(text: str, max_words: int = 5, avoid: Iterable[str] = ()) -> str:
    """A file name from a title, never with a customer's name in it: the file name is a public address."""
    avoided = {word for phrase in avoid for word in _ascii_words(phrase)}
    words = [word for word in _ascii_words(text) if word not in avoided]
    return "-".join(words[:max_words]) or "untitled"


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def lc_first(s: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("IVR", "VAT")."""
    if len(s) > 1 and s[1].isupper():
        return s
    return s[:1].lower() + s[1:]


def lesson_lc(lesson: str) -> str:
    return lc_first(lesson)


def end_of_corpus() -> date:
    return date.fromisocalendar(END_ISO_YEAR, END_ISO_WEEK, 7)


def week_mondays() -> list[date]:
    last = date.fromisocalendar(END_ISO_YEAR, END_ISO_WEEK, 1)
    return [last - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]


def pick_datetimes(rng: random.Random, count: int, shape: str = "spread") -> list[datetime]:
    mondays = week_mondays()
    if shape == "week":  # one very large week: a bulk import of reviews or posts
        mondays = mondays[-1:]
    # Adoption grows over the two years; January (post-sale returns) and
    # November/December (peak season) are busier.
    weights = []
    for i, monday in enumerate(mondays):
        w = 1.0 + 0.6 * i / (WEEKS - 1)
        if monday.month in (1, 11, 12):
            w *= 1.3
        weights.append(w)
    spans = len(mondays)
    if count >= spans:  # every week gets at least one story
        weeks = list(range(spans)) + rng.choices(range(spans), weights=weights, k=count - spans)
    else:
        weeks = rng.choices(range(spans), weights=weights, k=count)
    day_weights = [1.2, 1.2, 1.1, 1.1, 1.0, 0.5, 0.3]
    out = []
    for w in weeks:
        day = rng.choices(range(7), weights=day_weights)[0]
        d = mondays[w] + timedelta(days=day)
        out.append(datetime(d.year, d.month, d.day, rng.randint(8, 19), rng.randrange(60)))
    out.sort()
    return out


# ---------------------------------------------------------------------------
# Story generation
# ---------------------------------------------------------------------------


def front_matter_lines(
    *,
    title: str,
    when: datetime,
    kind: str,
    customer: dict[str, str] | None,
    consent: bool | None,
    channel: str,
    rating: int | None,
    nps: int | None,
    tone: str,
    touchpoints: list[str],
    author: str,
    quote: str | None,
    lesson: str,
    follow: dict[str, str] | None,
    tags: list[str],
    featured: bool,
) -> list[str]:
    """A story's front matter, hand-written for a stable, readable layout."""
    fm = [
        "---",
        f"title: {yaml_str(title)}",
        f"date: {when.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"kind: {kind}",
    ]
    if customer:
        fm.append("customer:")
        fm.append(f"  name: {yaml_str(customer['name'])}")
        if "organisation" in customer:
            fm.append(f"  organisation: {yaml_str(customer['organisation'])}")
        fm.append(f"  segment: {customer['segment']}")
        fm.append(f"consent: {'true' if consent else 'false'}")
    fm.append(f"channel: {channel}")
    if rating is not None:
        fm.append(f"rating: {rating}")
    if nps is not None:
        fm.append(f"nps: {nps}")
    if customer and rating is None:
        # Without a rating the plugin would take the story as neutral; say what it is.
        fm.append(f"sentiment: {SENTIMENT[tone]}")
    fm.append(f"touchpoints: {yaml_list(touchpoints)}")
    fm.append(f"author: {author}")
    if quote:
        fm.append(f"quote: {yaml_str(quote)}")
    fm.append(f"lesson: {yaml_str(lesson)}")
    if follow:
        fm.append("follow_up:")
        fm.append(f"  owner: {follow['owner']}")
        fm.append(f"  status: {follow['status']}")
        fm.append(f"  due: {follow['due']}")
        fm.append(f"  note: {yaml_str(follow['note'])}")
        if "closed" in follow:
            fm.append(f"  closed: {follow['closed']}")
    fm.append(f"tags: {yaml_list(tags)}")
    if featured:
        fm.append("featured: true")
    fm.append("---")
    return fm


class StoryMaker:
    def __init__(self, cfg: Config, rng: random.Random):
        self.cfg = cfg
        self.rng = rng
        self.tp_slugs = list(cfg.touchpoints)
        self.non_leaders = [p for p in cfg.people if p not in cfg.leaders]
        self.frontline = [
            p for p in self.non_leaders if cfg.people[p].get("department") == "customer-service"
        ] or self.non_leaders

    # -- small pickers -----------------------------------------------------
    def pick(self, seq):
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def first_name(self, pid: str) -> str:
        return self.cfg.people[pid]["name"].split()[0]

    def bank(self, tp: str) -> dict[str, Any]:
        return TP.get(tp, GENERIC_TP)

    def tp_name(self, tp: str) -> str:
        return lc_first(self.cfg.touchpoints[tp]["name"])

    # -- fields --------------------------------------------------------------
    def touchpoints(self) -> list[str]:
        first = self.pick(self.tp_slugs)
        tps = [first]
        if self.chance(0.35):
            second = self.pick([t for t in self.tp_slugs if t != first] or [first])
            if second != first:
                tps.append(second)
        return tps

    def customer_author(self, tp: str) -> str:
        dept = self.cfg.departments[self.cfg.touchpoints[tp]["dept"]]
        r = self.rng.random()
        members = [m for m in dept["members"] if m not in self.cfg.leaders]
        if r < 0.55 and members:
            return self.pick(members)
        if r < 0.75:
            return self.pick(self.frontline)
        if r < 0.85 and dept["lead"] in self.cfg.people:
            return dept["lead"]
        return self.pick(list(self.cfg.people))

    def memo_author(self, tp: str) -> str:
        lead = self.cfg.departments[self.cfg.touchpoints[tp]["dept"]]["lead"]
        if lead in self.cfg.leaders and self.chance(0.6):
            return lead
        return self.pick(self.cfg.leaders)

    def channel(self, kind: str, tp: str) -> str:
        chans = self.cfg.channels
        preferred = {
            "review": ["review-site", "review-site", "survey"],
            "call-note": ["phone"],
            "complaint": ["email", "phone", "chat", "letter", "social"],
            "praise": ["email", "survey", "social", "in-person", "review-site"],
            "story": ["in-person", "phone", "email", "survey"],
            "memo": LEADER_CHANNELS,
        }[kind]
        # The touchpoint itself sometimes names the channel (phone, chat, email, social).
        if tp in chans and self.chance(0.5):
            return tp
        options = [c for c in preferred if c in chans]
        if options and self.chance(0.8):
            return self.pick(options)
        return self.pick(chans)

    def customer(self) -> dict[str, str]:
        name = f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}"
        if self.chance(0.3):
            org, segment = self.pick(ORGANISATIONS)
            return {"name": name, "organisation": org, "segment": segment}
        return {"name": name, "segment": RETAIL}

    def rating(self, tone: str, kind: str) -> int | None:
        if kind == "memo" or not self.chance(0.9):
            return None
        if tone == "neg":
            return self.rng.choices([1, 2, 3], weights=[5, 4, 1])[0]
        if tone == "pos":
            return self.rng.choices([3, 4, 5], weights=[1, 4, 7])[0]
        return self.rng.choices([2, 3, 4], weights=[2, 5, 2])[0]

    def nps(self, rating: int | None, tone: str) -> int | None:
        if not self.chance(0.35):
            return None
        ranges = {1: (0, 3), 2: (2, 5), 3: (5, 7), 4: (7, 9), 5: (9, 10)}
        if rating is None:
            rating = {"neg": 2, "pos": 5, "mixed": 3}[tone]
        lo, hi = ranges[rating]
        return self.rng.randint(lo, hi)

    def tags(self, tps: list[str], tone: str, segment: str | None) -> list[str]:
        tags = [self.pick(self.bank(tps[0])["tags"])]
        if self.chance(0.6):
            tags.append(self.pick(TONE_TAGS[tone]))
        if segment in SEGMENT_TAGS and self.chance(0.5):
            tags.append(SEGMENT_TAGS[segment])
        if self.chance(0.15):
            tags.append(self.pick(EXTRA_TAGS))
        out: list[str] = []
        for t in tags:
            if t not in out:
                out.append(t)
        return out

    def follow_up(
        self, when: datetime, tone: str, kind: str, ctx: dict[str, str], tp: str
    ) -> dict[str, str] | None:
        p = {"neg": 0.44, "mixed": 0.30, "pos": 0.14}[tone] if kind != "memo" else 0.25
        if not self.chance(p):
            return None
        dept = self.cfg.departments[self.cfg.touchpoints[tp]["dept"]]
        owner = dept["lead"] if dept["lead"] in self.cfg.people and self.chance(0.6) else None
        if owner is None:
            owner = self.pick(dept["members"] or list(self.cfg.people))
        due = when.date() + timedelta(days=self.rng.randint(3, 28))
        end = end_of_corpus()
        if due < end - timedelta(days=14):
            status = self.rng.choices(["done", "in-progress", "open"], weights=[80, 12, 8])[0]
        elif due < end:
            status = self.rng.choices(["done", "in-progress", "open"], weights=[40, 35, 25])[0]
        else:
            status = self.rng.choices(["done", "in-progress", "open"], weights=[5, 40, 55])[0]
        closed = None
        if status == "done":  # digests list follow-ups closed in their week
            closed = min(when.date() + timedelta(days=self.rng.randint(1, (due - when.date()).days + 5)), end)
        notes = (
            FOLLOW_NOTES_MEMO if kind == "memo" else (FOLLOW_NOTES_POS if tone == "pos" else FOLLOW_NOTES_NEG)
        )
        follow = {
            "owner": owner,
            "status": status,
            "due": due.isoformat(),
            "note": self.pick(notes).format_map(ctx),
        }
        if closed:
            follow["closed"] = closed.isoformat()
        return follow

    def tone(self, kind: str) -> str:
        """How the story goes: fixed by its kind, else drawn (each draw made whatever the kind, so that
        a corpus stays the same for a seed)."""
        rng = self.rng
        return {
            "complaint": "neg",
            "praise": "pos",
            "memo": "mixed",
            "review": rng.choices(["neg", "pos", "mixed"], weights=[4, 4, 2])[0],
            "story": rng.choices(["neg", "pos", "mixed"], weights=[4, 4, 2])[0],
            "call-note": rng.choices(["neg", "pos", "mixed"], weights=[6, 2, 2])[0],
        }[kind]

    def title(
        self,
        kind: str,
        tone: str,
        rating: int | None,
        ctx: dict[str, str],
        customer: dict[str, str] | None,
        neg_title: str,
        pos_title: str,
    ) -> str:
        if kind == "memo":
            return cap(self.pick(MEMO_TITLES).format_map(ctx))
        assert customer is not None
        first = ctx["first"]
        base = neg_title if tone in ("neg",) or (tone == "mixed" and self.chance(0.5)) else pos_title
        if kind == "review":
            return f"{rating}-star review: {lc_first(base)}" if rating else f"Review: {lc_first(base)}"
        if kind == "call-note":
            return self.pick(
                [
                    f"Call note: {lc_first(base)}",
                    f"Call with {customer['name'].split()[0]} {customer['name'].split()[-1][0]}.: {lc_first(base)}",
                ]
            )
        if kind == "story" and self.chance(0.2):
            return f"{base}: {first}'s story"
        if self.chance(0.08):
            return f"{base}, again"
        return base

    def quote(self, customer: dict[str, str], tone: str, bank: dict[str, Any], ctx: dict[str, str]) -> str:
        """A customer's own words, from the touchpoint's bank mostly, in the story's tone."""
        if tone == "neg":
            return self.pick(bank["qneg"] + GENERIC_QNEG[:1]) if self.chance(0.7) else self.pick(GENERIC_QNEG)
        if tone == "pos":
            return self.pick(bank["qpos"] + GENERIC_QPOS[:1]) if self.chance(0.7) else self.pick(GENERIC_QPOS)
        return self.pick(GENERIC_QMIXED + bank["qneg"][:1] + bank["qpos"][:1]).format_map(ctx)

    def body(
        self,
        kind: str,
        tone: str,
        ctx: dict[str, str],
        clauses: tuple[str, str],
        quote: str | None,
        bank: dict[str, Any],
        customer: dict[str, str] | None,
        rating: int | None,
    ) -> str:
        neg_clause, pos_clause = clauses
        if kind == "memo":
            return self.memo_body(ctx, neg_clause, pos_clause, bank)
        if kind == "call-note":
            return self.call_body(ctx, tone, neg_clause, pos_clause, quote, bank, customer)
        return self.customer_body(ctx, kind, tone, neg_clause, pos_clause, quote, bank, customer, rating)

    # -- one story -------------------------------------------------------------
    def make(self, number: int, width: int, when: datetime) -> tuple[str, str]:
        rng = self.rng
        kind = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
        tps = self.touchpoints()
        tp = tps[0]
        bank = self.bank(tp)
        dept_slug = self.cfg.touchpoints[tp]["dept"]
        dept = self.cfg.departments[dept_slug]
        lead_id = dept["lead"] if dept["lead"] in self.cfg.people else self.pick(self.cfg.leaders)

        tone = self.tone(kind)

        channel = self.channel(kind, tp)
        author = self.memo_author(tp) if kind == "memo" else self.customer_author(tp)
        staff_id = (
            author
            if (author not in self.cfg.leaders and self.chance(0.5))
            else self.pick(dept["members"] or [author])
        )
        customer = None if kind == "memo" else self.customer()
        neg_title, neg_clause = self.pick(bank["neg"])
        pos_title, pos_clause = self.pick(bank["pos"])
        segment = customer["segment"] if customer else RETAIL
        product = self.pick(SEGMENT_PRODUCTS.get(segment, HOUSEHOLD_PRODUCTS))
        lesson = self.pick(bank["lessons"]) if self.chance(0.8) else self.pick(GENERIC_LESSONS)

        first = customer["name"].split()[0] if customer else ""
        ctx: dict[str, str] = {
            "first": first,
            "full": customer["name"] if customer else "",
            "org": (customer or {}).get("organisation", ""),
            "product": product,
            "noun": product.split()[-1],
            "tp": self.tp_name(tp),
            "dept": dept["name"],
            "lead": self.cfg.people[lead_id]["name"],
            "staff": self.first_name(staff_id),
            "weekday": WEEKDAYS[when.weekday()],
            "month": MONTHS[when.month - 1],
            "lesson": lesson,
            "lesson_lc": lesson_lc(lesson),
            "channel": channel,
            "contact": CONTACT.get(channel, CONTACT_FALLBACK),
        }
        neg_clause = neg_clause.format_map(ctx)
        pos_clause = pos_clause.format_map(ctx)

        rating = self.rating(tone, kind)
        nps = None if kind == "memo" else self.nps(rating, tone)

        title = self.title(kind, tone, rating, ctx, customer, neg_title, pos_title)
        quote = self.quote(customer, tone, bank, ctx) if customer else None

        tags = self.tags(tps, tone, segment)
        follow = self.follow_up(when, tone, kind, ctx, tp)
        consent = self.chance(0.6) if customer else None
        # ~3% overall: featured stories are drawn from those with consent.
        featured = self.chance(0.05) if consent else (kind == "memo" and self.chance(0.03))

        body = self.body(kind, tone, ctx, (neg_clause, pos_clause), quote, bank, customer, rating)

        fm = front_matter_lines(
            title=title,
            when=when,
            kind=kind,
            customer=customer,
            consent=consent,
            channel=channel,
            rating=rating,
            nps=nps,
            tone=tone,
            touchpoints=tps,
            author=author,
            quote=quote,
            lesson=lesson,
            follow=follow,
            tags=tags,
            featured=featured,
        )
        names = [customer["name"], customer.get("organisation") or ""] if customer else []
        slug = f"{kind}-{number:0{width}d}-{slugify(title, avoid=names)}"
        text = "\n".join(fm) + "\n\n" + body.rstrip() + "\n"
        return slug, text

    # -- bodies ----------------------------------------------------------------
    def opener(self, ctx: dict[str, str], customer: dict[str, str]) -> str:
        if customer["segment"] != RETAIL:
            return self.pick(
                [
                    "{first} looks after purchasing at {org} and ordered {product} for "
                    + self.pick(SITES)
                    + ".",
                    "{org} has had a trade account with us since "
                    + str(self.rng.randint(2012, 2024))
                    + "; {first} placed this order, {product}, for "
                    + self.pick(SITES)
                    + ".",
                    "{full} from {org} ordered {product} for " + self.pick(SITES) + ".",
                ]
            ).format_map(ctx)
        occasion = self.pick(OCCASIONS).format_map(ctx)
        return self.pick(
            [
                "{first} bought {product} " + occasion + ".",
                "{full} has been a customer since "
                + str(self.rng.randint(2009, 2024))
                + ", and chose {product} "
                + occasion
                + ".",
                "{first} came to us looking for {product} " + occasion + ".",
                "{first} had been saving for {product} " + occasion + ".",
            ]
        ).format_map(ctx)

    def fill(self, template: str, ctx: dict[str, str], **extra: str) -> str:
        d = dict(ctx)
        d.update(extra)
        d.setdefault("nth", self.pick(NTH))
        d.setdefault("hours", str(self.rng.randint(2, 9)))
        d.setdefault("reason", self.pick(REASONS))
        d.setdefault("rearranged", self.pick(REARRANGED))
        d.setdefault("people", self.pick(["two", "three", "several", "half a dozen"]))
        d.setdefault("pickup", self.pick(PICKUP).format_map(ctx))
        d.setdefault("action", self.pick(ACTIONS).format_map(ctx))
        d.setdefault("action_inf", self.pick(ACTIONS_INF).format_map(ctx))
        return template.format_map(d)

    def event(self, tone: str, clause: str, ctx: dict[str, str]) -> str:
        template = self.pick(EVENT_NEG if tone == "neg" else EVENT_POS)
        return self.fill(template, ctx, clause=clause, Clause=cap(clause))

    def customer_body(self, ctx, kind, tone, neg_clause, pos_clause, quote, bank, customer, rating) -> str:
        paras: list[str] = []
        headings = self.pick(HEADINGS) if self.chance(0.25) else None

        main_clause = neg_clause if tone == "neg" else pos_clause
        p1 = [self.opener(ctx, customer)]
        if tone == "mixed":
            p1.append(self.fill(self.pick(EVENT_POS), ctx, clause=pos_clause, Clause=cap(pos_clause)))
            p1.append(f"But {neg_clause}.")
        else:
            p1.append(self.event(tone, main_clause, ctx))
        if kind == "review" and rating:
            p1.append(
                f"They gave us {rating} out of 5"
                + (", and the text is worth reading in full." if self.chance(0.5) else ".")
            )
        if self.chance(0.6):
            p1.append(self.fill(self.pick(DETAIL_NEG if tone == "neg" else DETAIL_POS), ctx))
        paras.append(" ".join(p1))

        if quote and self.chance(0.6):
            paras.append(self.fill(self.pick(QUOTE_PARA), ctx, quote=quote))

        p3: list[str] = []
        if tone == "pos":
            p3.append(self.fill(self.pick(RESPONSE_POS), ctx))
            if self.chance(0.5):
                p3.append(self.fill(self.pick(DETAIL_POS), ctx))
        else:
            p3.append(self.fill(self.pick(RESPONSE_NEG), ctx))
            p3.append(self.fill(self.pick(OUTCOME_NEG), ctx))
        paras.append(" ".join(p3))

        if self.chance(0.7) or len(paras) < 3:
            paras.append(self.fill(self.pick(REFLECTION), ctx))

        bullets = None
        if self.chance(0.3):
            if tone != "pos" and self.chance(0.5):
                d1 = self.rng.randint(2, 6)
                d2 = d1 + self.rng.randint(0, 3)
                d3 = d2 + self.rng.randint(1, 12)
                closing = self.pick(["resolved", "replacement delivered", "refund confirmed", "still open"])
                items = [
                    self.fill(
                        t,
                        ctx,
                        d1=str(d1),
                        d2=str(d2),
                        d3=str(d3),
                        closing=closing,
                        online=self.pick(["", " online", " in the showroom", " by phone"]),
                    )
                    for t in TIMELINE
                ]
                bullets = ("What happened, in order:", items)
            else:
                pool = [item for item in bank["lessons"] + GENERIC_LESSONS if item != ctx["lesson"]]
                items = self.rng.sample(pool, k=min(len(pool), self.rng.randint(2, 4)))
                heading = "What we are changing:" if tone != "pos" else "Worth copying:"
                bullets = (heading, items)

        text_paras = paras
        if headings:
            out = []
            for h, p in zip(headings, text_paras, strict=False):
                out.append(f"## {h}\n\n{p}")
            out.extend(text_paras[len(headings) :])
            text_paras = out
        if bullets:
            block = bullets[0] + "\n\n" + "\n".join(f"- {i}" for i in bullets[1])
            text_paras.insert(min(len(text_paras), self.rng.randint(2, 4)), block)
        return "\n\n".join(text_paras)

    def call_body(self, ctx, tone, neg_clause, pos_clause, quote, bank, customer) -> str:
        minutes = self.rng.randint(4, 35)
        org = f" ({customer['organisation']})" if "organisation" in customer else ""
        opening = f"Spoke to {customer['name']}{org} on {ctx['weekday']} for about {minutes} minutes."
        if self.chance(0.5):
            opening += " " + self.opener(ctx, customer)
        clause = neg_clause if tone != "pos" else pos_clause
        feeling = self.pick(CALL_FEELING_POS if tone == "pos" else CALL_FEELING_NEG)
        items = [f"Reason for the call: {clause}.", f"How they felt: {feeling}."]
        if tone == "mixed":
            items.append(f"Also mentioned that {pos_clause}.")
        if tone != "pos":
            items.append("What I said we would do: " + self.fill("{action_inf}", ctx) + ".")
        items.append("Agreed next contact: " + self.fill(self.pick(NEXT_CONTACT), ctx) + ".")
        paras = [opening, "\n".join(f"- {i}" for i in items)]
        has_quote = bool(quote) and self.chance(0.7)
        if has_quote:
            paras.append(self.fill(self.pick(QUOTE_PARA), ctx, quote=quote))
        if not has_quote or self.chance(0.6):
            paras.append(self.fill(self.pick(REFLECTION), ctx))
        return "\n\n".join(paras)

    def memo_body(self, ctx, neg_clause, pos_clause, bank) -> str:
        n = str(self.rng.randint(2, 8))
        paras = [self.fill(self.pick(MEMO_OPEN), ctx, n=n)]
        paras.append(
            self.fill(
                self.pick(MEMO_PATTERN), ctx, neg=neg_clause, pos=pos_clause, n=str(self.rng.randint(3, 14))
            )
        )
        if self.chance(0.35):
            q = self.pick(bank["qneg"] + bank["qpos"])
            paras.append(f"One customer put it better than I can:\n\n> {q}")
        ask = self.fill(self.pick(MEMO_ASK), ctx, n=n)
        if self.chance(0.3):
            pool = [item for item in bank["lessons"] + GENERIC_LESSONS if item != ctx["lesson"]]
            items = self.rng.sample(pool, k=min(len(pool), self.rng.randint(2, 3)))
            ask += "\n\nWhat that looks like in practice:\n\n" + "\n".join(f"- {i}" for i in items)
        paras.append(ask)
        if self.chance(0.7):
            paras.append(self.pick(MEMO_CLOSE))
        return "\n\n".join(paras)


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


SHAPES = ("spread", "week")
"""spread: over the 104 weeks ending with 2026-W47; week: every story in 2026-W47."""


def generate(
    count: int, out: Path, seed: int = 1, site_config: Path = DEFAULT_SITE_CONFIG, shape: str = "spread"
) -> list[Path]:
    """Write the corpus; returns the story paths in generation (date) order."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if shape not in SHAPES:
        raise ValueError(f"shape {shape!r} is not one of {', '.join(SHAPES)}")
    out = Path(out)
    cfg = load_config(site_config)
    rng = random.Random(seed)

    stories_dir = out / "stories"
    config_dir = out / "site_config"
    for d in (stories_dir, config_dir):
        if d.exists():
            shutil.rmtree(d)
    stories_dir.mkdir(parents=True)
    shutil.copytree(site_config, config_dir)

    maker = StoryMaker(cfg, rng)
    width = max(5, len(str(count)))
    written: list[Path] = []
    seen: set[str] = set()
    for i, when in enumerate(pick_datetimes(rng, count, shape), start=1):
        slug, text = maker.make(i, width, when)
        if slug in seen:  # cannot happen (number is unique), but keep the promise explicit
            raise AssertionError(f"duplicate slug {slug}")
        seen.add(slug)
        iso = when.date().isocalendar()
        path = stories_dir / str(iso.year) / f"w{iso.week:02d}" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=5000, help="number of stories (default 5000)")
    ap.add_argument("--out", type=Path, required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument(
        "--site-config",
        type=Path,
        default=DEFAULT_SITE_CONFIG,
        help="site_config to read ids from and copy (default: the repo's)",
    )
    ap.add_argument(
        "--shape",
        choices=SHAPES,
        default="spread",
        help="spread: over the 104 weeks ending with 2026-W47 (default); week: all in 2026-W47",
    )
    args = ap.parse_args(argv)
    paths = generate(args.count, args.out, args.seed, args.site_config, args.shape)
    print(f"wrote {len(paths)} stories to {args.out / 'stories'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
