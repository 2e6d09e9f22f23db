"""Four-letter prefixes of many terms get their own postings in the prefix file
(index.prefixes.LONG_PREFIX): read like a one-word query, the same hits and scores as
expanding them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import patterns, prefixes
from index.api import Dossier
from index.prefixes import DIR_SUFFIX, LONG_PREFIX, long_prefixes, prefix_postings
from index.terms import sorted_terms


def test_long_prefixes_are_those_of_many_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefixes, "LONG_TERMS", 3)
    terms = ["com", "comb", "comma", "commit", "common", "compa", "cone", "conk", "zzzz"]
    assert long_prefixes(terms) == {"comm"}  # comma, commit, common
    monkeypatch.setattr(prefixes, "LONG_TERMS", 1)
    assert long_prefixes(terms) == {"comb", "comm", "comp", "cone", "conk", "zzzz"}


def _results(d: Dossier, queries: list[str]) -> list:
    out = []
    for q in queries:
        r = d.search(q, limit=30, prefix=True)
        out.append((r.total, [(h.id, h.score) for h in r.hits]))
    return out


def test_stored_long_prefixes_agree_with_expanding_them(
    news_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prefixes, "LONG_TERMS", 2)  # many stored in a small archive
    corpus = Path(shutil.copytree(news_archive, tmp_path / "corpus"))
    d = Dossier.open(corpus, index_dir=tmp_path / "ix")
    d.update()
    (reader,) = [sub.reader() for sub, _ in d._searcher._searcher.leaf_searchers()]
    body = sorted_terms(reader, "body")
    stored = sorted({t[:LONG_PREFIX] for t in body if len(t) >= LONG_PREFIX} & long_prefixes(body))
    assert stored and all(prefix_postings(reader).has("body", p) for p in stored)  # type: ignore[union-attr]
    common = max(stored, key=lambda p: sum(t.startswith(p) for t in body))  # most terms
    for path in sorted(corpus.glob("*.txt"))[3:30:4]:  # deleted articles in the segment
        path.unlink()
    (corpus / "new.txt").write_text(f"{common}ed\n\n{common}ing {common}s, {common}ed.\n")
    d.update()
    readers = [sub.reader() for sub, _ in d._searcher._searcher.leaf_searchers()]
    assert len(readers) > 1 and any(r.has_deletions() for r in readers)
    assert all(prefix_postings(r).has("body", common) for r in readers)  # type: ignore[union-attr]

    def expanded(*args: object) -> None:
        raise AssertionError("a stored prefix was expanded")

    with monkeypatch.context() as m:
        m.setattr(patterns, "term_postings", expanded)
        assert d.search(f"body:{common}*", limit=5).total > 1

    queries = [f"{p}*" for p in stored[:: max(1, len(stored) // 12)]]
    queries += [f"{common}*", f"title:{common}*", f"said {common}", f'"the {common}']
    with_files = _results(d, queries)
    d.close()
    for path in (tmp_path / "ix").glob("*" + DIR_SUFFIX):  # no prefix files: expanded
        path.unlink()
    d = Dossier.open(corpus, index_dir=tmp_path / "ix")
    s = d._searcher._searcher
    assert all(prefix_postings(sub.reader()) is None for sub, _ in s.leaf_searchers())
    assert _results(d, queries) == with_files
    d.close()


def test_each_prefix_holds_its_words_articles_with_their_weights_summed(
    news: Dossier,
) -> None:
    """The prefix file, against adding each word's postings up one by one (in word order,
    in double precision, stored as float32)."""
    from array import array

    from index.prefixes import PREFIX_FIELDS, _term_postings

    (reader,) = [sub.reader() for sub, _ in news._searcher._searcher.leaf_searchers()]
    stored = prefix_postings(reader)
    assert stored is not None
    for fieldname in PREFIX_FIELDS:
        terms = sorted_terms(reader, fieldname)
        long = long_prefixes(terms)
        expected: dict[str, dict[int, float]] = {}
        for term in terms:
            ids, weights = _term_postings(reader, fieldname, term.encode("utf-8"))
            for n in range(1, min(LONG_PREFIX, len(term)) + 1):
                if n == LONG_PREFIX and term[:n] not in long:
                    continue
                tf = expected.setdefault(term[:n], {})
                for doc, w in zip(ids, weights, strict=True):
                    tf[doc] = tf.get(doc, 0.0) + w
        assert {p for f, p in stored.directory if f == fieldname} == set(expected)
        for prefix, tf in expected.items():
            ids, weights = stored.postings(fieldname, prefix)
            docs = sorted(tf)
            assert ids == array("I", docs), prefix
            assert weights == array("f", [tf[d] for d in docs]), prefix
