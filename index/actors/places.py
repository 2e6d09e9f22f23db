"""When a country's or a body's name is a place, a currency or an instrument, not the actor.

"listed in Luxembourg", "U.S.-based", "Cornwall, England", "a Canadian company", "the U.S.
dollar", "Treasury bills", "the Amazon jungle": the name stays an alias of its actor (an
article that also names the actor keeps it), but alone it makes no actor.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["place_use"]

_BEFORE = re.compile(
    r"\b(?:listed|quoted|traded|based|incorporated|registered|headquartered|domiciled)"
    r"[ \t]+(?:in|on)[ \t]+(?:the[ \t]+)?$",
    re.I,
)
# "Cornwall, England": a capitalised place word, a comma, then the country
_ADDRESS_BEFORE = re.compile(r"\b(?P<w>[A-Z][a-z]+),[ \t]+$")
# "Siemens AG <SIEG.F>, West Germany", "Interfinco S.A. Of Luxembourg": a company's seat
_SEAT_OF_COMPANY = re.compile(
    r"(?:>|\b(?:AG|Inc|Corp|Ltd|Co|SA|S\.A|NV|PLC|Plc|GmbH|SpA|AB|Bhd)\.?)(?:,|[ \t]+[Oo]f)[ \t]+$"
)
# "listing will be in Luxembourg", "ministers meeting in Brussels": a venue
_VENUE_BEFORE = re.compile(
    r"\b(?:listing|listings|meeting|meetings|meet|met|held|talks|conference|session|summit)\b"
    r"(?:[ \t]+\w+){0,2}[ \t]+in[ \t]+(?:the[ \t]+)?$",
    re.I,
)
_AFTER_ANY = re.compile(
    r"(?:-|[ \t]+)(?:based|listed|registered|incorporated)\b"
    r"|[ \t]+(?:dollars?|dlrs?|yen|marks?|francs?|pounds?|sterling|lira|lire|pesos?|crowns?|"
    r"guilders?|rand|cents?|currency|bills?|bonds?|notes?|securities|yields?|futures|paper|"
    r"jungle|rainforest|rain[ \t]+forest|basin|river|region|industrials?|average|index)\b",
    re.I,
)
_LIST_AFTER = re.compile(r"[ \t]*(?:,|and\b|or\b)")
# "a Canadian company", "Italian clothing maker": a nationality, not the government
_DEMONYM_AFTER = re.compile(
    r"(?:[ \t]+(?:and|or)[ \t]+[A-Z][\w-]*)?"  # "Iranian and Iraqi ports"
    r"[ \t]+(?:[a-z]+[ \t]+)?(?:company|companies|firm|firms|maker|makers|concern|concerns|"
    r"subsidiary|subsidiaries|unit|units|producer|producers|manufacturer|manufacturers|"
    r"retailer|retailers|group|bank|banks|insurer|insurers|investor|investors|brokers?|"
    r"conglomerate|shipper|shippers|exporter|exporters|importer|importers|refiner|refiners|"
    r"charterers?|shipowners?|owners?|ports?|waters|coast|airspace|territory)\b"
)

_COUNTRY_NOUN_AFTER = re.compile(
    r"[ \t]+(?:company|companies|firm|firms|concern|concerns|subsidiary|subsidiaries|unit|units|"
    r"banks|investors|brokers|exporters|importers|ports?|waters|coast|airspace|territory)\b"
)


def place_use(text: str, start: int, end: int, kind: str, known: Callable[[str], bool]) -> bool:
    """``known(word)``: the word is itself a name of the gazetteer (then "Hong Kong, New
    Zealand" is a list, not an address)."""
    if _AFTER_ANY.match(text, end):
        return True
    before = text[max(0, start - 40) : start]
    if kind in ("country", "seat"):
        if (
            _BEFORE.search(before)
            or _SEAT_OF_COMPANY.search(before)
            or _VENUE_BEFORE.search(before)
        ):
            return True
        if kind == "country" and _COUNTRY_NOUN_AFTER.match(text, end):
            return True  # "the Luxembourg subsidiaries", "U.S. banks"
        if text[end : end + 1] == "/" or (start > 0 and text[start - 1] == "/"):
            return True  # "Queensland/Japan": a shipping route
        addr = _ADDRESS_BEFORE.search(before)
        if addr and not known(addr.group("w")) and not _LIST_AFTER.match(text, end):
            return True
    return kind == "demonym" and bool(_DEMONYM_AFTER.match(text, end))
