"""How much an article is about an actor: the data for ranking an ``actor:`` filter's hits.

An actor-only filter matches a keyword, so every hit scores the same and hits come in id
order. ``salience`` scores one actor of one article from what a reader notices: how often it
is mentioned, whether the title names it, whether the lead (first paragraph) does.
``actor_weights`` turns the scores into small integer weights per index key, so the search
side can rank by them (e.g. emit a key that many times in a scorable keyword field, or sort
actor-only hits by the weight stored beside the article's actors). Nothing here reads the
index: a pure function of the article's stored actors and title.
"""

from __future__ import annotations

import math

from index.actors.keys import actor_key

__all__ = ["LEAD_CHARS", "actor_weights", "salience"]

LEAD_CHARS = 400  # a wire story's lead paragraph


def _in_title(title: str, actor: dict) -> bool:
    """The title names the actor (any alias or the name; titles are often in capitals)."""
    t = actor_key(title)
    for name in (actor["name"], *actor.get("aliases", [])):
        k = actor_key(name)
        if k and contains_word(t, k):
            return True
    return False


def contains_word(text: str, words: str) -> bool:
    """``words`` occurs in ``text`` with no word character (``\\w``) either side: what
    ``re.search(rf"(?<!\\w){re.escape(words)}(?!\\w)", text)`` answers, without compiling
    a pattern per actor and title (that was most of the actor weighting in an update's writing process)."""
    n = len(words)
    start = text.find(words)
    while start >= 0:
        end = start + n
        if not (start and _is_word_char(text[start - 1])) and not (
            end < len(text) and _is_word_char(text[end])
        ):
            return True
        start = text.find(words, start + 1)
    return False


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what re's \w matches in a str pattern


def salience(actor: dict, title: str) -> float:
    """log(1 + mentions) + 2 if the title names it + 1 if the lead does (>= 0)."""
    mentions = actor.get("mentions") or []
    score = math.log1p(len(mentions))
    if _in_title(title, actor):
        score += 2.0
    if any(int(s) < LEAD_CHARS for s, _ in mentions):
        score += 1.0
    return score


def actor_weights(actors: list[dict], title: str, top: int = 5) -> dict[str, int]:
    """Index key of each actor -> a weight 1..``top`` (1: named once in passing)."""
    out: dict[str, int] = {}
    for a in actors:
        w = max(1, min(top, round(salience(a, title))))
        k = actor_key(a["name"])
        out[k] = max(out.get(k, 0), w)
    return out
