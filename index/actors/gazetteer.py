"""The data files under ``data/``, loaded once on first use into immutable lookups."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from index.actors.keys import actor_key

__all__ = ["Entry", "Gazetteer", "era_name", "gazetteer"]

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Entry:
    name: str  # canonical name
    type: str  # an actor type, or "place"
    kind: str  # country | demonym | seat | body | place


@dataclass(frozen=True)
class Gazetteer:
    phrases: Mapping[str, Entry]  # actor_key(phrase) -> entry (names of 2+ letters, any case)
    exact: Mapping[str, Entry]  # case-sensitive short forms (acronyms: US, UN, AP)
    max_len: int
    countries: frozenset[str]
    given: frozenset[str]  # casefolded
    given_group: Mapping[str, str]  # casefolded variant -> group representative
    ea_surnames: frozenset[str]  # casefolded
    particles: frozenset[str]
    title_words: frozenset[str]
    title_heads: frozenset[str]
    honorifics: frozenset[str]
    org_suffixes: frozenset[str]  # exact case
    company_suffixes: frozenset[str]  # the legal-form subset (Inc, Corp, AG ...), exact case
    org_heads: frozenset[str]  # casefolded single words
    media_heads: frozenset[str]  # casefolded last words
    ministry_topics: Mapping[str, str]
    stop_caps: frozenset[str]
    report_verbs: frozenset[str]
    acronym_stop: frozenset[str]
    place_heads: frozenset[str]
    central_banks: Mapping[str, str]  # country -> the known name of its central bank
    phrase_caps: frozenset[str]  # stop-capitals and legal forms found inside multi-word names
    eras: Mapping[str, tuple[tuple[str, str], ...]]  # country -> ((until ISO date, its name then),)
    generic: Mapping[str, tuple[str, ...]]  # a body every country has -> its home countries
    generic_keys: frozenset[str]  # keys of the bare generic names and one-word aliases
    generic_names: Mapping[str, str]  # key of a generic alias -> the name it qualifies
    group_nouns: frozenset[str]  # capitalised plurals that are never one person ("Bankers")
    possessive_names: frozenset[str]  # keys of names written with "'s" (Moody's, McDonald's)


LEGAL_FORMS = frozenset(
    [
        "Inc",
        "Inc.",
        "Incorporated",
        "Corp",
        "Corp.",
        "Corporation",
        "Co",
        "Co.",
        "Company",
        "Cos",
        "Ltd",
        "Ltd.",
        "Limited",
        "Plc",
        "plc",
        "PLC",
        "LLC",
        "LLP",
        "LP",
        "L.P.",
        "AG",
        "GmbH",
        "SA",
        "S.A.",
        "NV",
        "N.V.",
        "BV",
        "B.V.",
        "SpA",
        "S.p.A.",
        "AB",
        "ASA",
        "A/S",
        "Oyj",
        "KK",
        "K.K.",
        "Bhd",
        "Berhad",
        "Pty",
        "Bancorp",
        "Bancorporation",
        "Bankshares",
    ]
)


def _load(name: str):
    with open(DATA / name, encoding="utf-8") as f:
        return json.load(f)


def _is_short_form(s: str) -> bool:
    bare = s.replace(".", "").replace("-", "").replace("/", "")
    return len(bare) <= 5 and bare.isupper()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    phrases: dict[str, Entry] = {}
    exact: dict[str, Entry] = {}
    surfaces: set[str] = set()

    def add(surface: str, entry: Entry, overwrite: bool = False) -> None:
        surfaces.add(surface)
        if _is_short_form(surface):
            exact.setdefault(surface, entry)
            if "." in surface:
                exact.setdefault(surface.rstrip("."), entry)
            return
        key = actor_key(surface)
        if key and (overwrite or key not in phrases):
            phrases[key] = entry

    countries = _load("countries.json")
    names = set()
    for c in countries:
        names.add(c["name"])
        e = Entry(c["name"], "country/government", "country")
        for s in [c["name"], *c["aliases"]]:
            add(s, e, overwrite=True)
    for c in countries:
        d = Entry(c["name"], "country/government", "demonym")
        for s in c["demonyms"]:
            add(s, d)
        seat = Entry(c["name"], "country/government", "seat")
        for s in c["seats"]:
            add(s, seat)
    generic: dict[str, tuple[str, ...]] = {}
    generic_keys: set[str] = set()
    generic_names: dict[str, str] = {}
    for b in _load("bodies.json"):
        e = Entry(b["name"], b["type"], "body")
        if b.get("generic"):
            generic[b["name"]] = tuple(b.get("home", []))
            generic_keys.add(actor_key(b["name"]))
            generic_keys.update(actor_key(a) for a in b["aliases"] if len(a.split()) == 1)
            generic_keys.update(actor_key(a) for a in b.get("generic_aliases", []))
            generic_names.update((actor_key(a), a) for a in b.get("generic_aliases", []))
        for s in [b["name"], *b["aliases"]]:
            add(
                s, e, overwrite=actor_key(s) not in phrases or phrases[actor_key(s)].kind == "place"
            )
    lex = _load("lexicon.json")
    for p in lex["places"]:
        add(p, Entry(p, "place", "place"))
    nm = _load("names.json")
    group: dict[str, str] = {}
    for variants in nm["given_variants"]:
        for v in variants:
            group[v.casefold()] = variants[0].casefold()
    max_len = max(len(k.split()) for k in phrases)
    suffixes = frozenset(lex["org_suffixes"])
    stop_caps = frozenset(lex["stop_caps"])
    inner = {w for k in surfaces if len(k.split()) > 1 for w in k.split()}
    phrase_caps = frozenset(w for w in inner if (w in stop_caps or w in LEGAL_FORMS) and w != "The")
    return Gazetteer(
        phrases=MappingProxyType(phrases),
        exact=MappingProxyType(exact),
        max_len=max_len,
        countries=frozenset(names),
        given=frozenset(g.casefold() for g in nm["given"]),
        given_group=MappingProxyType(group),
        ea_surnames=frozenset(s.casefold() for s in nm["east_asian_surnames"]),
        particles=frozenset(nm["surname_particles"]),
        title_words=frozenset(lex["title_words"]),
        title_heads=frozenset(lex["title_heads"]),
        honorifics=frozenset(lex["honorifics"]),
        org_suffixes=suffixes,
        company_suffixes=LEGAL_FORMS & suffixes | LEGAL_FORMS,
        org_heads=frozenset(w.casefold().split()[-1] for w in lex["org_heads"]),
        media_heads=frozenset(w.casefold().split()[-1] for w in lex["media_heads"]),
        ministry_topics=MappingProxyType(lex["ministry_topics"]),
        stop_caps=stop_caps,
        report_verbs=frozenset(lex["report_verbs"]),
        acronym_stop=frozenset(lex["acronym_stop"]),
        place_heads=frozenset(lex["place_heads"]),
        central_banks=MappingProxyType(lex.get("central_banks", {})),
        phrase_caps=phrase_caps,
        group_nouns=frozenset(lex.get("group_nouns", [])),
        eras=MappingProxyType(
            {
                c["name"]: tuple((e["until"], e["name"]) for e in c["eras"])
                for c in countries
                if c.get("eras")
            }
        ),
        generic=MappingProxyType(generic),
        generic_keys=frozenset(generic_keys),
        generic_names=MappingProxyType(generic_names),
        possessive_names=frozenset(
            actor_key(x) for x in surfaces if x.endswith(("'s", "’s")) and " " not in x[-3:]
        ),
    )


def era_name(g: Gazetteer, name: str, date: str) -> str:
    """A country's name at ``date`` (ISO): 'Russia' in 1987 is the Soviet Union, 'Germany' West
    Germany; also inside a qualified name ('Parliament (Germany)')."""
    base, qual = name, None
    if name.endswith(")") and " (" in name:
        base, _, rest = name.partition(" (")
        qual = rest[:-1]
    for part in [qual] if qual is not None else [base]:
        for until, then in g.eras.get(part, ()):
            if date < until:
                return f"{base} ({then})" if qual is not None else then
    return name
