"""Context cues that tell a person from a company (Reuters: "Citicorp said it ...").

- ``company_evidence``: a ticker right after the name ("Chrysler Corp <C>") or the name inside
  angle brackets ("<Dimis Inc>"), Reuters' marks of a company;
- ``person_evidence``: False when the report verb after a name is followed by "it"/"its"
  ("X said it would ..."), the pronoun of a company; True otherwise (no evidence against);
- ``leader_of_government``: "the Reagan administration", "the Nakasone government".
"""

from __future__ import annotations

import re

from index.actors.gazetteer import Gazetteer

__all__ = ["company_evidence", "leader_of_government", "person_evidence", "ticker_spans"]

_TICKER_AFTER = re.compile(r"[ \t]*<[A-Z][A-Z0-9.]{0,9}>")
_IT_AFTER_VERB = re.compile(r"[ \t]*,?[ \t]*([a-z]+)[ \t]+(?:that[ \t]+)?(it|its|it's)\b")
_GOVERNMENT_AFTER = re.compile(r"[ \t]+(administration|government)\b")
_GOVERNMENT_AFTER_ANY_CASE = re.compile(r"[ \t]+(administration|government)\b", re.I)
# political words that qualify a government without naming its leader
_NOT_LEADERS = re.compile(r"(?:ist|ists|al|ic|ive|ary|ian|ese)$")


_TICKER = re.compile(r"<[A-Z][A-Z0-9.]{0,9}>")


def ticker_spans(text: str) -> list[tuple[int, int]]:
    """'<C>', '<BRS.A>': stock symbols, never actors themselves."""
    return [m.span() for m in _TICKER.finditer(text)]


def company_evidence(text: str, start: int, end: int) -> bool:
    if _TICKER_AFTER.match(text, end):
        return True
    return start > 0 and text[start - 1] == "<" and text[end : end + 1] == ">"


def person_evidence(text: str, end: int, g: Gazetteer) -> bool:
    m = _IT_AFTER_VERB.match(text, end)
    return not (m and m.group(1) in g.report_verbs)


def leader_of_government(
    text: str, end: int, word: str, g: Gazetteer, any_case: bool = False
) -> bool:
    after = (_GOVERNMENT_AFTER_ANY_CASE if any_case else _GOVERNMENT_AFTER).match(text, end)
    if not after or _NOT_LEADERS.search(word):
        return False
    cf = word.casefold()
    return cf not in g.title_words and cf not in g.org_heads and word not in g.group_nouns
