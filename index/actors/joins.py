"""Joining capitalised runs that one name spans (the scanner stops at "'s" and commas).

- a possessive inside a company name: "Moody's Investors Service Inc", "McDonald's Corp"
  (the part before "'s" is no known country or body, and the whole ends in a legal form);
- Reuters' comma style for partnerships: "Goldman, Sachs and Co", "Merrill Lynch, Pierce,
  Fenner and Smith Inc" (the run after the comma holds "and"/"&" and ends in a legal form).
"""

from __future__ import annotations

import re

from index.actors.gazetteer import Entry, Gazetteer
from index.actors.keys import actor_key
from index.actors.scan import Run, Token

__all__ = ["UNIT_WORDS", "join_runs", "lookup_words"]

_POSSESSIVE_GAP = re.compile(r"['’]s[ \t]+")
_COMMA_GAP = re.compile(r",[ \t]+")
_TICKER_GAP = re.compile(r"[ \t]+<[A-Z][A-Z0-9.]{0,9}>[ \t]+")


def lookup_words(g: Gazetteer, words: list[str]) -> Entry | None:
    if len(words) == 1 and words[0] in g.exact:
        return g.exact[words[0]]
    return g.phrases.get(actor_key(" ".join(words)))


def _ends_in_legal_form(g: Gazetteer, run: Run) -> bool:
    return run.tokens[-1].text in g.company_suffixes


def _joined(a: Run, b: Run, possessive: bool, text: str) -> Run:
    toks = list(a.tokens)
    if possessive:  # the "'s" belongs to the name's word: "Moody's"
        last = toks[-1]
        toks[-1] = Token(text[last.start : last.end + 2], last.start, last.end + 2)
    return Run((*toks, *b.tokens), b.possessive)


def split_after_legal_forms(runs: list[Run], g: Gazetteer) -> list[Run]:
    """A legal form ends a company name: "Texaco Inc. Standard Oil Co" is two runs."""
    out: list[Run] = []
    for run in runs:
        toks = list(run.tokens)
        start = i = 0
        while i < len(toks) - 1:
            nxt = toks[i + 1].text
            if toks[i].text in g.company_suffixes and nxt not in g.company_suffixes:
                if nxt in g.org_suffixes or nxt in UNIT_WORDS:
                    pass  # "Swiss Bank Corporation International Ltd": one unit's name
                elif nxt[:1].isupper() and nxt not in _JOINERS:
                    out.append(Run(tuple(toks[start : i + 1]), False))
                    start = i + 1
                elif (  # "Goldman, Sachs and Co and Merrill Lynch": two names
                    nxt in ("and", "&")
                    and i + 2 < len(toks)
                    and toks[i + 2].text[:1].isupper()
                    and toks[i + 2].text not in g.company_suffixes
                ):
                    out.append(Run(tuple(toks[start : i + 1]), False))
                    start = i + 2
                    i += 1
            i += 1
        out.append(Run(tuple(toks[start:]), run.possessive) if start else run)
    return out


UNIT_WORDS = frozenset(
    ["International", "Overseas", "Finance", "Europe", "Credit", "Leasing", "Asia"]
)
_JOINERS = frozenset(["and", "&", "of", "de", "du", "des", "di", "del", "y"])


def join_runs(text: str, runs: list[Run], g: Gazetteer) -> list[Run]:
    out: list[Run] = []
    for run in split_after_legal_forms(runs, g):
        if _is_ticker(text, run):
            continue  # "<MER>": blocked anyway; not a name between two runs
        prev = out[-1] if out else None
        if prev is not None and prev.tokens and run.tokens:
            gap = text[prev.end : run.start]
            if (
                prev.possessive
                and _POSSESSIVE_GAP.fullmatch(gap)
                and _possessive_name(g, prev, run)
            ):
                out[-1] = _joined(prev, run, True, text)
                continue
            if _TICKER_GAP.fullmatch(gap) and _continues_after_ticker(g, prev, run):
                out[-1] = _joined(prev, run, False, text)  # "Merrill Lynch <MER> Capital Markets"
                continue
            if _COMMA_GAP.fullmatch(gap) and _comma_partners(g, prev, run):
                out[-1] = _joined(prev, run, False, text)
                # "Merrill Lynch, Pierce, Fenner and Smith Inc": partners further left
                while len(out) > 1 and _COMMA_GAP.fullmatch(text[out[-2].end : out[-1].start]):
                    if not _comma_partners(g, out[-2], out[-1]):
                        break
                    out[-2:] = [_joined(out[-2], out[-1], False, text)]
                continue
        out.append(run)
    return out


def _possessive_name(g: Gazetteer, a: Run, b: Run) -> bool:
    words_a = [t.text for t in a.tokens]
    whole = [*words_a[:-1], words_a[-1] + "'s", *(t.text for t in b.tokens)]
    if lookup_words(g, whole) is not None or actor_key(" ".join(words_a)) in g.possessive_names:
        return True
    if not _ends_in_legal_form(g, b) or lookup_words(g, words_a) is not None:
        return False
    return words_a[0] not in g.stop_caps


def _is_ticker(text: str, run: Run) -> bool:
    return (
        len(run.tokens) == 1
        and run.start > 0
        and text[run.start - 1] == "<"
        and text[run.end : run.end + 1] == ">"
        and run.tokens[0].text.replace(".", "").isupper()
    )


def _continues_after_ticker(g: Gazetteer, a: Run, b: Run) -> bool:
    """Reuters puts the parent's ticker inside a unit's name: the words after it are org
    words ("Capital Markets", "Securities Corp"), not a role or a person."""
    if a.tokens[-1].text in g.company_suffixes or len(b.tokens) > 4:
        return False
    words = [t.text for t in b.tokens]
    cfs = [w.casefold() for w in words]
    if cfs[0] in g.title_words or cfs[0] in g.title_heads or cfs[0] in g.given:
        return False
    return any(w in g.org_suffixes for w in words) or cfs[-1] in g.org_heads


def _comma_partners(g: Gazetteer, a: Run, b: Run) -> bool:
    words_b = [t.text for t in b.tokens]
    if not _ends_in_legal_form(g, b) or not ({"and", "&"} & set(words_b)):
        return False
    if words_b[0] in ("and", "&"):
        return False
    words_a = [t.text for t in a.tokens]
    if len(words_a) > 3 or words_a[-1] in g.company_suffixes or words_a[0] in g.stop_caps:
        return False
    return lookup_words(g, words_a) is None
