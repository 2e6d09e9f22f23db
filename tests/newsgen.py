"""A generator of news-like articles, so that tests need nothing outside the repository.

``write_archive(dest, 2500)`` writes 2,500 wire-style articles in well under a second:
a title line, a ``Published:`` line (dates spread over 1985-1988, a few undated), a
dateline (``TOKYO, March 3 -``), and paragraphs that name people with their roles,
governments, companies with ``<TICKER>``s, central banks, media and numbers, in the
layout Dossier reads (``*.txt``, title first, blank lines between paragraphs). The same
seed gives the same files. Nothing here is real text: every sentence is assembled from
the small lists below.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GeneratedArticle", "generate", "write_archive"]

MONTHS = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]
PUB_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct."]
PUB_MONTHS += ["Nov.", "Dec."]

PEOPLE = [
    ("James Baker", "Treasury Secretary"),
    ("Paul Volcker", "Federal Reserve Chairman"),
    ("Ronald Reagan", "President"),
    ("Yasuhiro Nakasone", "Prime Minister"),
    ("Satoshi Sumita", "Bank of Japan Governor"),
    ("Gerhard Stoltenberg", "Finance Minister"),
    ("Karl Otto Poehl", "Bundesbank President"),
    ("Hisham Nazer", "Oil Minister"),
    ("Rilwanu Lukman", "OPEC President"),
    ("Nigel Lawson", "Chancellor of the Exchequer"),
    ("Margaret Thatcher", "Prime Minister"),
    ("Brian Mulroney", "Prime Minister"),
    ("Clayton Yeutter", "Trade Representative"),
    ("Richard Lyng", "Agriculture Secretary"),
    ("Edouard Balladur", "Finance Minister"),
    ("Mikhail Gorbachev", "Soviet leader"),
    ("Alan Greenspan", "economist"),
    ("Jacques Delors", "European Commission President"),
    ("Hans Müller", "analyst"),
    ("Grigory Zinoviev", "trade official"),
    ("T. Boone Pickens", "chairman"),
]
COMPANIES = [
    ("Chrysler Corp", "C"),
    ("International Business Machines Corp", "IBM"),
    ("Texaco Inc", "TX"),
    ("Exxon Corp", "XON"),
    ("General Motors Corp", "GM"),
    ("Citicorp", "CCI"),
    ("Merrill Lynch and Co", "MER"),
    ("Goldman Sachs and Co", "GS"),
    ("Toyota Motor Corp", "TOYO"),
    ("British Petroleum Co Plc", "BP"),
    ("Amoco Corp", "AN"),
    ("Honeywell Inc", "HON"),
    ("Zürich Insurance Group", "ZURN"),
    ("Pan Am Corp", "PN"),
    ("Occidental Petroleum Corp", "OXY"),
    ("Union Carbide Corp", "UK"),
]
PLACES = [
    ("WASHINGTON", "United States", "U.S."),
    ("NEW YORK", "United States", "U.S."),
    ("TOKYO", "Japan", "Japanese"),
    ("LONDON", "Britain", "British"),
    ("BONN", "West Germany", "West German"),
    ("PARIS", "France", "French"),
    ("OTTAWA", "Canada", "Canadian"),
    ("RIYADH", "Saudi Arabia", "Saudi"),
    ("VIENNA", "Austria", "Austrian"),
    ("MOSCOW", "Soviet Union", "Soviet"),
    ("WELLINGTON", "New Zealand", "New Zealand"),
    ("ZÜRICH", "Switzerland", "Swiss"),
    ("SEOUL", "South Korea", "South Korean"),
    ("MEXICO CITY", "Mexico", "Mexican"),
]
BODIES = [
    "the Federal Reserve",
    "the Bank of Japan",
    "OPEC",
    "the European Community",
    "the International Monetary Fund",
    "the New York Stock Exchange",
    "the Securities and Exchange Commission",
    "the Food and Drug Administration",
    "Moody's Investors Service Inc",
    "Standard and Poor's Corp",
]
SOURCES = [None, None, None, "Reuters", "Kyodo", "AFP", "Xinhua"]
COMMODITIES = ["crude oil", "wheat", "corn", "sugar", "coffee", "gold", "copper", "cocoa"]
TOPICS = [
    ("oil prices", "OIL PRICES"),
    ("interest rates", "INTEREST RATES"),
    ("the trade deficit", "TRADE DEFICIT"),
    ("first quarter earnings", "FIRST QUARTER EARNINGS"),
    ("the dollar", "DOLLAR"),
    ("grain exports", "GRAIN EXPORTS"),
    ("money supply", "MONEY SUPPLY"),
]
VERBS = ["rose", "fell", "held steady", "climbed", "slipped", "surged", "eased"]
TITLE_VERBS = ["RISE", "FALL", "STEADY", "CLIMB", "SLIP", "SURGE", "EASE"]

SENTENCES = [
    "{person}, {role}, said {topic} {verb} in the {period} and the outlook was uncertain.",
    "{company} <{ticker}> said it {verb2} its {commodity} output by {pct} pct to {amount} mln dlrs.",
    "The {adj} government said it would discuss {topic} with {body} next week.",
    "{body} said {topic} {verb} for the {ordinal} time this year, {person} told Reuters.",
    "Analysts said the company said it expected {topic} to recover, with a share price of {price} dlrs.",
    "{country} and {country2} agreed on {commodity} quotas, officials said after the meeting.",
    "Prices of {commodity} {verb} {pct} per cent on the week, traders said.",
    "{person} said the central bank will be ready to act if {topic} {verb} further.",
    "The {ordinal} quarter profit was {amount} mln dlrs, or {price} dlrs a share, against {amount2} mln.",
    "{company} said it will be listed on the New York Stock Exchange from {month} {day}.",
    "Saudi Arabia said oil prices of the year would depend on OPEC, and the U.S. agreed.",
    "Output reached {amount} barrels a day in {month}, the {adj} ministry said.",
    "Officials at {body} said it was 1.5 billion dlrs short of the target set in {month}.",
]
ADJS = ["new", "interim", "coalition", "federal", "regional"]
ORDINALS = ["first", "second", "third", "fourth"]
PERIODS = ["first quarter", "last month", "past week", "year to date"]
VERBS2 = ["raised", "cut", "increased", "reduced"]


@dataclass(frozen=True)
class GeneratedArticle:
    name: str
    text: str
    date: str | None  # ISO date of the ``Published:`` line, None when undated


def generate(n: int, seed: int = 1) -> list[GeneratedArticle]:
    """``n`` articles, named ``00001.txt`` ... in order; the same seed, the same articles."""
    rng = random.Random(seed)
    return [_article(rng, i) for i in range(1, n + 1)]


def write_archive(dest: Path, n: int, seed: int = 1) -> Path:
    """Writes ``n`` generated articles into ``dest`` (created) and returns it."""
    dest.mkdir(parents=True, exist_ok=True)
    for art in generate(n, seed):
        (dest / art.name).write_text(art.text, encoding="utf-8")
    return dest


def _article(rng: random.Random, i: int) -> GeneratedArticle:
    year = rng.choice((1985, 1986, 1987, 1987, 1987, 1988))
    month = rng.randrange(12)
    day = rng.randint(1, 28)
    city, country, adj = rng.choice(PLACES)
    topic, title_topic = rng.choice(TOPICS)
    slots = _slots(rng, topic, country, adj, month, day)
    title = _title(rng, slots, title_topic)
    source = rng.choice(SOURCES)
    dateline = f"{city}, {MONTHS[month]} {day}{f' ({source})' if source else ''} - "
    paragraphs = [dateline + " ".join(_sentence(rng, slots) for _ in range(rng.randint(1, 3)))]
    paragraphs += [
        " ".join(_sentence(rng, slots) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(1, 6))
    ]
    undated = rng.random() < 0.02
    head = [title]
    if not undated:
        hour, minute = rng.randrange(24), rng.randrange(60)
        head.append(f"Published: {day} {PUB_MONTHS[month]} {year}, {hour:02d}:{minute:02d}")
    text = "\n\n".join(head + paragraphs) + "\n"
    date = None if undated else f"{year:04d}-{month + 1:02d}-{day:02d}"
    return GeneratedArticle(f"{i:05d}.txt", text, date)


def _slots(
    rng: random.Random, topic: str, country: str, adj: str, month: int, day: int
) -> dict[str, str]:
    person, role = rng.choice(PEOPLE)
    company, ticker = rng.choice(COMPANIES)
    amount = rng.randint(2, 900)
    return {
        "person": person,
        "role": role,
        "company": company,
        "ticker": ticker,
        "topic": topic,
        "country": country,
        "country2": rng.choice(PLACES)[1],
        "adj": adj,
        "body": rng.choice(BODIES),
        "commodity": rng.choice(COMMODITIES),
        "month": MONTHS[month],
        "day": str(day),
    } | {
        "amount": str(amount),
        "amount2": str(amount + rng.randint(-50, 50)),
        "pct": f"{rng.randint(1, 30)}.{rng.randrange(10)}",
        "price": f"{rng.randint(1, 9)}.{rng.randint(10, 99)}",
        "ordinal": rng.choice(ORDINALS),
        "period": rng.choice(PERIODS),
        "verb2": rng.choice(VERBS2),
    }


def _title(rng: random.Random, slots: dict[str, str], title_topic: str) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return f"{slots['company'].upper()} <{slots['ticker']}> SAYS {title_topic} {rng.choice(TITLE_VERBS)}"
    if kind == 1:
        return f"{slots['country'].upper()} {title_topic} {rng.choice(TITLE_VERBS)}"
    return (
        f"{slots['person'].split()[-1].upper()} SAYS {title_topic} WILL {rng.choice(TITLE_VERBS)}"
    )


def _sentence(rng: random.Random, slots: dict[str, str]) -> str:
    return rng.choice(SENTENCES).format(verb=rng.choice(VERBS), **slots)
