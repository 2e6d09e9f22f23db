"""Finding the raw material in an article: capitalised runs, datelines, debris to skip."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Run", "Token", "boilerplate_spans", "dateline", "runs"]


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Run:
    tokens: tuple[Token, ...]
    possessive: bool  # followed by 's

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


@lru_cache(maxsize=1)
def _upper_class() -> str:
    chars = "".join(chr(i) for i in range(0x41, 0x2000) if chr(i).isupper() and chr(i).isalpha())
    return "[" + re.escape(chars) + "]"


_ABBREV = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "St",
        "Jr",
        "Sr",
        "Co",
        "Corp",
        "Inc",
        "Ltd",
        "Bros",
        "Sen",
        "Rep",
        "Gov",
        "Gen",
        "Lt",
        "Col",
        "Maj",
        "Capt",
        "Adm",
        "Sgt",
        "Rev",
        "Mt",
        "Ft",
        "No",
        "Messrs",
        "Mme",
        "Mlle",
        "Cie",
        "Pty",
        "Dept",
        "Univ",
        "Assn",
    ]
)


@lru_cache(maxsize=1)
def _run_re() -> re.Pattern[str]:
    up = _upper_class()
    word = (
        rf"(?:(?:{up}\.){{2,}}"  # U.S.  U.N.  U.S.S.R.
        rf"|(?:(?:al|el|bin|ibn|abu|de|van|von|d|O|Mc|Mac)['’-])?{up}[\w]*(?:[-'’](?!s\b)[\w]+)*\.?"
        rf"(?:(?<=s)['’](?=[ \t]+{up}))?)"
    )
    conn = r"(?:of|of the|for|for the|and|&|de|del|de la|della|der|di|van|van der|von|al|el|bin|ibn|du|da|dos|la|le|y|on)"
    return re.compile(rf"(?<![\w@/.]){word}(?:[ \t\u00a0]+(?:{conn}[ \t\u00a0]+)?{word})*")


_TOKEN = re.compile(r"\S+")


def _fix_dot(tok: str) -> str:
    """A trailing period belongs to abbreviations and initials, not to the name."""
    if not tok.endswith(".") or tok.count(".") > 1:
        return tok
    bare = tok[:-1]
    if bare in _ABBREV or (len(bare) == 1 and bare.isupper()):
        return tok
    return bare


def runs(text: str) -> list[Run]:
    out = []
    for m in _run_re().finditer(text):
        toks: list[Token] = []
        for t in _TOKEN.finditer(m.group()):
            s = m.start() + t.start()
            w = _fix_dot(t.group())
            toks.append(Token(w, s, s + len(w)))
            if w != t.group():  # a sentence ends here
                out.append(_run(text, toks))
                toks = []
        if toks:
            out.append(_run(text, toks))
    return [r for r in out if r.tokens]


def _run(text: str, toks: list[Token]) -> Run:
    while toks and toks[-1].text in _CONNECTORS:
        toks = toks[:-1]
    if not toks:
        return Run((), False)
    end = toks[-1].end
    return Run(tuple(toks), text[end : end + 2] in ("'s", "’s"))


_CONNECTORS = frozenset(
    [
        "of",
        "the",
        "for",
        "and",
        "&",
        "de",
        "del",
        "della",
        "la",
        "der",
        "di",
        "van",
        "von",
        "al",
        "el",
        "bin",
        "ibn",
        "du",
        "da",
        "dos",
        "y",
    ]
)


_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'’ -]+(?:,[ \t]*[A-Z][A-Za-z.]+)?)[ \t]*,[ \t]*"
    r"(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?[ \t]*)?"
    r"(?:\((?P<src>[^()\n]{2,40})\)[ \t]*)?(?:-{1,2}|–|—)",
    re.M,
)


def dateline(text: str) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    """Datelines ("TOKYO, April 28 (KUNA) --"): the place span and the source span if any."""
    out = []
    for m in _DATELINE.finditer(text):
        place = m.span("place")
        src = m.span("src") if m.group("src") else None
        if place[1] - place[0] <= 40:
            out.append((place, src))
    return out


_DEBRIS = re.compile(
    r"^[ \t]*(?:©|\(c\)|copyright\b|all rights reserved|(?:images?|photos?|pictures?|photo credits?)"
    r"(?:[ \t]+(?:source|credit|by))?s?[ \t]*:|\(?menafn\b|source:|credit:|[\w.-]+\.(?:com|net|org|pl|de|fr|info|news|co\.\w\w)[ \t]*$)"
    r".*$",
    re.I | re.M,
)
_SLASHED = re.compile(r"\b[\w.-]+(?:/[\w.-]+)+\b")
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|news|co\.uk|co\.kr)\b", re.I)
_PAREN_CREDIT = re.compile(r"\((?:photo|image|picture|credit|source)s?\b[^()\n]*\)", re.I)
_MENAFN = re.compile(r"\(MENAFN[^()\n]*(?:\([^()\n]*\))?[^()\n]*\)")


# What any match of _SLASHED / _DOMAIN holds: most articles have neither, and scanning
# them for those word-by-word patterns took 8 % of actor extraction.
_DOMAIN_END = re.compile(r"\.(?:com|net|org|info|news|co\.uk|co\.kr)\b", re.I)


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Spans that never hold actors: credit and copyright lines, A/B/C credits, domains."""
    spans = [m.span() for m in _DEBRIS.finditer(text)]
    patterns = [_PAREN_CREDIT, _MENAFN]
    if "/" in text:
        patterns.append(_SLASHED)
    if _DOMAIN_END.search(text):
        patterns.append(_DOMAIN)
    for rx in patterns:
        spans += [m.span() for m in rx.finditer(text)]
    return sorted(spans)
