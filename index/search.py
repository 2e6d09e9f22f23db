"""Running queries: ranked hits (BM25F) with snippets and exact match spans."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from whoosh import query as wq
from whoosh import sorting
from whoosh.collectors import TopCollector

from index.bulkscore import word_top
from index.conjunction import and_top
from index.counting import count_matches, has_phrase, matching_docnums
from index.dates import date_top
from index.engine import CorpusIndex
from index.patterns import FastPrefix, pattern_top
from index.query import ParsedQuery, make_parser, parse_query
from index.scoring import CachedLengthsBM25F
from index.spans import Span, find_spans, mark, snippet
from index.terms import (
    completions_near,
    edit_distance,
    fuzzy_terms,
    prefix_distance,
    terms_with_prefix,
)
from index.wordquery import top_and_total, word_terms

SORTS = ("relevance", "date", "oldest")  # date: newest first; both put undated articles last
T = TypeVar("T")


@dataclass
class Hit:
    id: str
    path: str
    title: str
    date: str | None
    source: str | None
    score: float
    snippet: str  # matches marked with **…**
    snippet_text: str  # the same excerpt, unmarked
    snippet_spans: list[Span]  # matches within snippet_text
    spans: list[Span]  # matches within the article text
    title_spans: list[Span] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "spans": [list(s) for s in self.spans],
            "snippet_text": self.snippet_text,
            "snippet_spans": [list(s) for s in self.snippet_spans],
            "title_spans": [list(s) for s in self.title_spans],
        }


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    sort: str = "relevance"
    suggestion: str | None = None  # "did you mean", when nothing matched

    def to_json(self) -> dict:
        out: dict = {
            "query": self.query,
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
        }
        if self.suggestion:
            out["suggestion"] = self.suggestion
        return out


@dataclass
class MatchSpans:
    body: list[Span]
    title: list[Span]
    actors: list[Span]


class Searcher:
    """One Whoosh searcher, reused across queries and refreshed after updates."""

    def __init__(self, index: CorpusIndex, expand_actor: Callable[[str], set[str]]) -> None:
        self.index = index
        self.parser = make_parser(index.schema)
        self._expand_actor = expand_actor
        self._lock = threading.Lock()
        # The actor field holds each key once per point of salience: no length
        # normalisation there, or articles naming many actors would rank last.
        self._searcher = index.ix.searcher(weighting=CachedLengthsBM25F(actor_B=0.0))
        self._newest_cache: list[tuple[str, float]] | None = None

    def refresh(self) -> None:
        """Follow the index's latest commit (this process's or another's)."""
        with self._lock:
            fresh = self._searcher.refresh()
            if fresh is not self._searcher:
                self._searcher = fresh
                self._newest_cache = None

    @staticmethod
    def _found(results: Any, limit: int) -> list[tuple[str, float]]:
        return [(r["id"], r.score or 0.0) for r in results][:limit] if limit > 0 else []

    def _newest(self, s: Any, limit: int) -> list[tuple[str, float]]:
        """The ``limit`` newest articles, kept until the index changes (the empty query:
        sorting 100,000 articles by date took 150 ms on every keystroke that cleared it)."""
        if limit <= 0:
            return []
        cached = self._newest_cache
        if cached is None or len(cached) < min(limit, s.doc_count()):
            results = s.search(wq.Every(), limit=limit, sortedby="sortdate", reverse=True)
            cached = self._newest_cache = [(r["id"], 0.0) for r in results]
        return cached[:limit]

    def _by_relevance(self, s: Any, q: wq.Query, limit: int) -> tuple[list[tuple[str, float]], int]:
        """The best ``limit`` hits and the exact total, by the cheapest exact route."""
        ranked = and_top(s, q, max(limit, 1))
        if ranked is not None:  # an AND of words and patterns: intersected on arrays
            hits, total = ranked
            return [(s.stored_fields(n)["id"], score) for score, n in hits[:limit]], total
        ranked = date_top(s, q, max(limit, 1))
        if ranked is not None:  # a date range alone: every hit scores the same
            hits, total = ranked
            return [(s.stored_fields(n)["id"], score) for score, n in hits[:limit]], total
        patterns = pattern_top(s, q, max(limit, 1))
        if patterns is not None:  # a prefix / wildcard / fuzzy word, a typed phrase: in bulk
            hits, total = patterns
            return [(s.stored_fields(n)["id"], score) for score, n in hits[:limit]], total
        if has_phrase(q) or _intersects(q):
            # Phrases cannot skip blocks by quality: every candidate is checked and
            # scored anyway. Whoosh's block skipping under AND / AND NOT missed better
            # hits (`in AND April` lost its best article): score every match. One pass
            # that never prunes gives hits and the exact total.
            collector = TopCollector(limit=max(limit, 1), usequality=False, replace=0)
            s.search_with_collector(q, collector)
            return self._found(collector.results(), limit), collector.count()
        terms = word_terms(q)
        ranked = None
        if terms is not None:  # a common word in bulk, else by blocks
            ranked = word_top(s, terms, max(limit, 1)) or top_and_total(s, terms, max(limit, 1))
        if ranked is not None:  # one word: hits and total in one pass
            hits, total = ranked
            return [(s.stored_fields(n)["id"], score) for score, n in hits[:limit]], total
        # Whoosh's top-N (block-quality skipping) for the hits; the exact total from
        # posting-list sets (Whoosh's running count is short once its collector prunes
        # the query: see index.counting).
        return self._found(s.search(q, limit=max(limit, 1)), limit), count_matches(s, q)

    def close(self) -> None:
        self._searcher.close()

    def over_hits(self, text: str, fn: Callable[[Any, list[int]], T], prefix: bool = False) -> T:
        """``fn(whoosh_searcher, docnums)``: every hit of ``text`` as document numbers of
        that searcher (ascending), run under the lock so the numbers stay valid meanwhile
        (facets, timelines, saved searches). The empty query matches every article.
        ``prefix`` as for :meth:`search`."""
        parsed = self.parse(text, prefix)
        with self._lock:
            s = self._searcher
            if parsed.is_empty:
                docnums = list(s.reader().all_doc_ids())
            else:
                docnums = matching_docnums(s, parsed.query)
            return fn(s, docnums)

    def parse(self, text: str, prefix: bool = False) -> ParsedQuery:
        return parse_query(text, self.parser, self._expand_actor, prefix=prefix)

    def search(
        self,
        text: str,
        limit: int = 20,
        sort: str = "relevance",
        offset: int = 0,
        prefix: bool = False,
    ) -> SearchResult:
        """The hits ranked ``offset`` to ``offset + limit`` (snippets for those only)."""
        parsed = self.parse(text, prefix)
        offset = max(0, offset)
        limit, page = limit + offset, limit
        oldest = sort == "oldest"
        by_date = sort == "date" or oldest or parsed.is_empty
        with self._lock:
            s = self._searcher
            if parsed.is_empty and not oldest:
                total, found = s.doc_count(), self._newest(s, limit)
            elif by_date:
                q = wq.Every() if parsed.is_empty else parsed.query
                results = s.search(
                    q,
                    limit=max(limit, 1),
                    sortedby=_oldest_first() if oldest else "sortdate",
                    reverse=not oldest,
                )
                found = self._found(results, limit)
                # Not len(results): the sorting collector miscounts REQUIRE (1,045 for 356
                # matches of `oil REQUIRE gas` on 19K).
                total = s.doc_count() if parsed.is_empty else count_matches(s, parsed.query)
            else:
                found, total = self._by_relevance(s, parsed.query, limit)
            found = found[offset : offset + page]
            suggestion = None
            if total == 0 and not parsed.is_empty:
                suggestion = self._suggest(s, text, parsed)
        rows = self.index.store.hit_rows([i for i, _ in found], bool(parsed.actor_keys))
        hits = []
        for doc_id, score in found:
            row = rows.get(doc_id)
            if row is None:  # removed by another process since this searcher opened
                continue
            spans = find_spans(row.text, parsed, "body")
            if parsed.actor_keys:
                spans = sorted(spans + _mentions(row.actors or [], parsed.actor_keys))
            snip, snip_spans = snippet(row.text, spans)
            hits.append(
                Hit(
                    id=doc_id,
                    path=row.path,
                    title=row.title,
                    date=row.date,
                    source=row.source,
                    score=score,
                    snippet=mark(snip, snip_spans),
                    snippet_text=snip,
                    snippet_spans=snip_spans,
                    spans=spans,
                    title_spans=find_spans(row.title, parsed, "title"),
                )
            )
        return SearchResult(
            text,
            total,
            hits,
            sort="oldest" if oldest else "date" if by_date else "relevance",
            suggestion=suggestion,
        )

    def match_spans(self, doc_id: str, text: str, prefix: bool = False) -> MatchSpans:
        """Where the query ``text`` matches in article ``doc_id``."""
        parsed = self.parse(text, prefix)
        article = self.index.store.article(doc_id)
        if article is None:
            return MatchSpans([], [], [])
        keys = parsed.actor_keys
        actors = _mentions(self.index.store.actors(doc_id), keys) if keys else []
        return MatchSpans(
            body=find_spans(article.text, parsed, "body"),
            title=find_spans(article.title, parsed, "title"),
            actors=actors,
        )

    def _suggest(self, s: object, text: str, parsed: ParsedQuery) -> str | None:
        """Replace each unknown word (4+ letters) by the closest indexed body term.

        Candidates within edit distance 1 (looked up, index.terms), else within 2 sharing
        the word's first two letters; the closest wins, then the most frequent. (Whoosh's
        correct_query scanned the whole term list: 50-135 ms on 19K, with answers like
        barrell -> barely.)
        """
        words = {w for _, w in parsed.terms} | {w for _, ws in parsed.phrases for w in ws}
        words |= {w for _, ws in parsed.prefix_phrases for w in ws[:-1]}
        # words being typed: mended to the most frequent completion of a near prefix
        typed = {q.text for _, q in parsed.patterns if isinstance(q, FastPrefix)}
        typed |= {ws[-1] for _, ws in parsed.prefix_phrases}
        words = {w for w in words if len(w) >= 4 and w.isalpha()}
        typed = {w for w in typed if len(w) >= 4 and w.isalpha()}
        if not words and not typed:
            return None
        leaves = [sub.reader() for sub, _ in s.leaf_searchers()]  # type: ignore[attr-defined]
        fixes: dict[str, str] = {}
        for word in words | typed:
            is_typed = word in typed
            if is_typed and any(terms_with_prefix(r, "body", word) for r in leaves):
                continue
            if not is_typed and any(("body", word.encode("utf-8")) in r for r in leaves):
                continue
            best: tuple[int, int, str] | None = None
            for dist in (1, 2):  # the nearest first: distance 2 only when 1 finds none
                for r in leaves:
                    if is_typed:
                        found = completions_near(r, "body", word, dist)
                    else:
                        found = fuzzy_terms(
                            r, "body", word, dist, prefixlength=2 if dist > 1 else 0
                        )
                    for cand in found:
                        near = (
                            prefix_distance(word, cand, 2)
                            if is_typed
                            else edit_distance(word, cand, 2)
                        )
                        key = (near, -r.doc_frequency("body", cand), cand)
                        best = key if best is None or key < best else best
                if best is not None:
                    break
            if best is not None:
                fixes[word] = best[2]
        if not fixes:
            return None
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, fixes)) + r")\b", re.IGNORECASE)
        return pattern.sub(lambda m: fixes[m.group(0).lower()], text)


def _oldest_first() -> sorting.FacetType:
    """Ascending dates with the undated (sortdate 0) last, as "newest first" has them."""
    return sorting.TranslateFacet(lambda v: v or 99_999_999, sorting.FieldFacet("sortdate"))


def _intersects(q: wq.Query) -> bool:
    """Whether the query has an AND, AND NOT or REQUIRE anywhere."""
    if isinstance(q, (wq.And, wq.AndNot, wq.Require)):
        return True
    return not q.is_leaf() and any(_intersects(c) for c in q.children())


def _mentions(actors: list[dict], keys: set[str]) -> list[Span]:
    """The mention spans of those of an article's actors whose key is in ``keys``."""
    from index.actors import actor_key

    out: list[Span] = []
    for actor in actors:
        if actor_key(actor["name"]) in keys:
            out.extend((s, e) for s, e in actor["mentions"])
    return sorted(out)
