"""Benchmark queries, generated deterministically (seeded) from the corpus itself.

Kinds: one term, two terms (AND), a 2-3 word phrase taken from article text,
``actor:"Name"``, a prefix wildcard (``oil*``), a fuzzy term (``barrel~``), a
date range within 1987, a word being typed (``opec quo``) and a phrase being typed
(``"the co``). The generated strings are corpus excerpts (the Reuters
text is for research use only): keep them in memory, never write them to the
repository.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from whoosh.analysis import STOP_WORDS

from index.analysis import tokens

KINDS = (
    "term", "two_terms", "phrase", "actor", "wildcard", "fuzzy", "date_range", "prefix",
    "typed_phrase",
)  # fmt: skip
# searched with prefix=True (the last word as typed)
PREFIX_KINDS = frozenset({"prefix", "typed_phrase"})

# Common English words that Whoosh's short list lacks; Reuters boilerplate too.
_STOP = frozenset(STOP_WORDS) | {
    "about", "after", "against", "all", "also", "any", "because", "been", "before", "being",
    "between", "both", "but", "could", "did", "does", "during", "each", "from", "had",
    "has", "have", "her", "his", "into", "its", "last", "more", "most", "new", "not",
    "now", "one", "other", "our", "over", "said", "say", "says", "she", "should", "since",
    "some", "such", "than", "their", "them", "there", "these", "they", "this", "those",
    "through", "under", "until", "very", "was", "were", "what", "when", "which", "while",
    "who", "will", "with", "would", "year", "years", "mln", "dlrs", "pct", "cts", "reuter",
}  # fmt: skip

# Document-frequency ranks of the "frequent but not stop" band.
BAND = (60, 1500)
SAMPLE_ARTICLES = 4000
DATE_FIRST = date(1987, 2, 26)
DATE_LAST = date(1987, 10, 20)


def _word_ok(w: str) -> bool:
    return len(w) >= 3 and w.isalpha() and w.isascii() and w not in _STOP


def band_words(docs: Sequence[list[str]]) -> list[str]:
    """Words ranked BAND[0]..BAND[1] by document frequency (ties by word: deterministic)."""
    df: Counter[str] = Counter()
    for words in docs:
        df.update({w for w in words if _word_ok(w)})
    ranked = sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))
    lo, hi = BAND
    if len(ranked) < 2 * hi:  # a small corpus: scale the band down
        lo, hi = len(ranked) // 25, max(len(ranked) // 2, 1)
    return [w for w, _ in ranked[lo:hi]] or [w for w, _ in ranked]


def _phrase(toks: list, rng: random.Random) -> str | None:
    for _ in range(20):
        n = rng.choice((2, 3))
        if len(toks) < n:
            return None
        i = rng.randrange(len(toks) - n + 1)
        run = toks[i : i + n]
        words = [t.text for t in run]
        consecutive = all(b.pos - a.pos == 1 for a, b in itertools.pairwise(run))
        if (
            consecutive
            and all(w.isalpha() and w.isascii() for w in words)
            and any(_word_ok(w) for w in words)
        ):
            return '"' + " ".join(words) + '"'
    return None


def generate(
    articles: Iterable[tuple[str, str]],
    actor_names: Sequence[str],
    per_kind: int = 200,
    seed: int = 1987,
) -> dict[str, list[str]]:
    """``per_kind`` queries of every kind in :data:`KINDS` (``actor`` empty without names).

    ``articles`` are (title, body) pairs; at most :data:`SAMPLE_ARTICLES` of them,
    chosen with the seeded RNG, are tokenized.
    """
    rng = random.Random(seed)
    pool = list(articles)
    if len(pool) > SAMPLE_ARTICLES:
        pool = rng.sample(pool, SAMPLE_ARTICLES)
    if not pool:
        raise ValueError("no articles to draw queries from")
    body_toks = [tokens(body) for _, body in pool]
    docs = [[t.text for t in toks] + [t.text for t in tokens(title)] for (title, _), toks in
            zip(pool, body_toks, strict=True)]  # fmt: skip
    band = band_words(docs)
    band_set = set(band)
    long_words = [w for w in band if len(w) >= 5] or band

    out: dict[str, list[str]] = {k: [] for k in KINDS}
    out["term"] = [rng.choice(band) for _ in range(per_kind)]

    tries = 0
    while len(out["two_terms"]) < per_kind and tries < per_kind * 50:
        tries += 1
        present = sorted({w for w in docs[rng.randrange(len(docs))] if w in band_set})
        if len(present) >= 2:
            out["two_terms"].append(" ".join(rng.sample(present, 2)))
    while len(out["two_terms"]) < per_kind:  # tiny corpora
        out["two_terms"].append(" ".join(rng.sample(band, 2)) if len(band) > 1 else band[0])

    tries = 0
    while len(out["phrase"]) < per_kind and tries < per_kind * 50:
        tries += 1
        toks = body_toks[rng.randrange(len(body_toks))]
        if (p := _phrase(toks, rng)) is not None:
            out["phrase"].append(p)

    names = [n for n in dict.fromkeys(actor_names) if n and '"' not in n]
    if names:
        out["actor"] = [f'actor:"{rng.choice(names)}"' for _ in range(per_kind)]

    for _ in range(per_kind):
        w = rng.choice(long_words)
        n = min(rng.choice((3, 4, 5)), max(len(w) - 1, 2))
        out["wildcard"].append(w[:n] + "*")
    out["fuzzy"] = [rng.choice(long_words) + "~" for _ in range(per_kind)]
    # A word being typed (1-6 letters), alone or after a complete word.
    for i in range(per_kind):
        w = rng.choice(long_words)
        typed = w[: rng.randint(1, min(6, len(w)))]
        out["prefix"].append(f"{rng.choice(long_words)} {typed}" if i % 2 else typed)

    span_days = (DATE_LAST - DATE_FIRST).days
    for _ in range(per_kind):
        start = DATE_FIRST + timedelta(days=rng.randrange(span_days))
        end = min(start + timedelta(days=rng.randrange(1, 46)), DATE_LAST)
        out["date_range"].append(f"date:[{start.isoformat()} to {end.isoformat()}]")
    # Drawn last, so that the kinds above stay the queries earlier runs measured.
    out["typed_phrase"] = typed_phrases(body_toks, per_kind, rng)
    return out


def typed_phrases(body_toks: Sequence[list], n: int, rng: random.Random) -> list[str]:
    """A phrase being typed, as the search box holds it mid-word: the opening quote,
    one or two whole words taken from an article (common words included: phrases
    start with them) and the first 1-4 letters of the next one (``"the co``)."""
    out: list[str] = []
    tries = 0
    while len(out) < n and tries < n * 50:
        tries += 1
        toks = body_toks[rng.randrange(len(body_toks))]
        k = rng.choice((2, 3))
        if len(toks) < k:
            continue
        i = rng.randrange(len(toks) - k + 1)
        run = toks[i : i + k]
        words = [t.text for t in run]
        if not all(b.pos - a.pos == 1 for a, b in itertools.pairwise(run)) or not all(
            w.isalpha() and w.isascii() for w in words
        ):
            continue
        *whole, last = words
        out.append('"' + " ".join(whole) + " " + last[: rng.randint(1, min(4, len(last)))])
    return out


__all__ = ["KINDS", "PREFIX_KINDS", "band_words", "generate", "typed_phrases"]
