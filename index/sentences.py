"""Sentences of an article's text, for the reader's passage cursor.

A sentence is a ``(start, end)`` span of the text, trimmed of white space, never crossing
a paragraph. Sentences end at ``.``, ``!``, ``?`` or ``…`` (and closing quotes or brackets
after them) when white space and a non-lowercase letter follow, except after an
abbreviation: a title or company suffix ("Mr.", "Corp."), a dotted acronym ("U.S.",
"U.N."), a single initial ("T. Boone"), a month ("Jan."). Not splitting costs one key
press; splitting a name in two makes a wrong quote.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

_SENTENCE_END = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s+[^a-z\s]|\s*$)""")
_WORD_BEFORE = re.compile(r"""[\w.&'’-]+$""")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.S / U.N / e.g (before the last dot)

# Words that end with a dot inside a sentence. Words that are also plain English words
# ("ill", "miss", "mass", "wash") are left out: splitting after them is the lesser harm.
ABBREVIATIONS = frozenset(
    (
        *("mr", "mrs", "ms", "messrs", "mme", "mlle", "dr", "prof", "sen", "sens", "rep"),
        *("reps", "gov", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "cpl"),
        *("pvt", "rev", "st", "sr", "jr", "hon", "pres", "supt", "insp", "amb", "atty", "esq"),
        *("inc", "corp", "co", "cos", "ltd", "plc", "bros", "assn", "dept", "div", "intl"),
        *("natl", "govt", "univ", "inst", "mfg", "approx", "ext", "tel"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("ave", "blvd", "rd", "hwy", "mt", "ft", "ariz", "calif", "colo", "conn", "fla"),
        *("kan", "mich", "minn", "nev", "okla", "penn", "tenn", "tex", "wis", "wyo"),
        *("vs", "etc", "cf", "al", "viz"),
    )
)
# Abbreviations only before a number: "No. 2", "Vol. 3" (but "he said no. Then ...").
BEFORE_NUMBERS = frozenset(("no", "nos", "vol", "vols", "pp", "pg", "ch", "fig", "art", "sec"))


def ends_sentence(text: str, dot: int) -> bool:
    """Whether the ``.`` at ``dot`` ends a sentence (it is not an abbreviation's)."""
    m = _WORD_BEFORE.search(text, max(0, dot - 40), dot)
    if m is None:
        return True
    word = m.group().lstrip("'’-")
    if not word:
        return True
    if len(word) == 1 and word.isalpha() and word.isupper():  # an initial: "T. Boone"
        return False
    if _DOTTED.fullmatch(word):  # "U.S." / "U.N." / "e.g."
        return False
    word = word.rstrip(".").casefold()
    if word in BEFORE_NUMBERS:
        rest = text[dot + 1 : dot + 3].lstrip()
        return not rest[:1].isdigit()
    return word not in ABBREVIATIONS


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def paragraph_spans(text: str, paragraphs: list[Span]) -> list[Span]:
    """Each paragraph without its surrounding white space (the passage cursor's steps)."""
    return [s for s in (_trim(text, ps, pe) for ps, pe in paragraphs) if s]


def sentence_spans(text: str, paragraphs: list[Span]) -> list[Span]:
    out: list[Span] = []
    for ps, pe in paragraphs:
        start = ps
        for m in _SENTENCE_END.finditer(text, ps, pe):
            one_dot = m.group().startswith(".") and not m.group().startswith("..")
            if one_dot and m.end() < pe and not ends_sentence(text, m.start()):
                continue
            span = _trim(text, start, m.end())
            if span:
                out.append(span)
            start = m.end()
        span = _trim(text, start, pe)
        if span:
            out.append(span)
    return out
