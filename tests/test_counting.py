"""Exact totals and the set-based phrase matcher agree with Whoosh's own, slower, answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh import query as wq

from index.api import Dossier
from index.counting import count_matches
from index.phrase import SCAN_SHARE, FastPhrase

QUERIES = [
    "oil",
    "the",
    "oil OR gas",
    "oil NOT crude",
    "oil AND (prices OR gas) NOT opec",
    '"oil prices"',
    '"the company said"',
    'oil NOT "crude oil"',
    "oil*",
    "barrel~",
    "date:[1987-03-01 to 1987-03-15]",
    "title:oil",
    "source:reuter",
    "NOT the",
    "oil ANDMAYBE gas",
    "oil REQUIRE gas",
    '"oil prices" ANDNOT opec',
    '"of the"',  # common words: found by a scan of the forward file
    '"the company"',
    '"said the" OR "in the"',
]


def _whoosh_phrase(q: wq.Query) -> wq.Query:
    if isinstance(q, FastPhrase):
        return wq.Phrase(q.fieldname, q.words, slop=1, boost=q.boost)
    return q if q.is_leaf() else q.apply(_whoosh_phrase)


def test_totals_equal_whoosh_exact_match_lists_with_deletions(
    archive_2000: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(archive_2000, corpus)
    d = Dossier.open(corpus)
    d.update()
    # Deleted and replaced articles leave deleted documents in the segments.
    for name in ("00010.txt", "00011.txt", "00012.txt"):
        (corpus / name).unlink()
    (corpus / "00020.txt").write_text("Oil prices\n\nThe company said crude oil prices rose.\n")
    d.update()
    s = d._searcher._searcher
    assert s.reader().has_deletions() or len(list(s.leaf_searchers())) > 1
    for text in QUERIES:
        q = d._searcher.parse(text).query
        expected = len(set(s.docs_for_query(_whoosh_phrase(q))))
        assert count_matches(s, q) == expected, text
        for limit in (1, 20):
            assert d.search(text, limit=limit).total == expected, (text, limit)
            assert d.search(text, limit=limit, sort="date").total == expected, (text, limit)
    d.close()


def test_fast_phrase_ranks_like_whoosh_phrase(archive_2000: Path) -> None:
    d = Dossier.open(archive_2000)
    d.update()
    s = d._searcher._searcher
    scanned = [["of", "the"], ["said", "the"], ["the", "the"], ["in", "the", "year"]]
    r = s.reader()
    assert all(  # every word common: the forward file's route
        min(r.doc_frequency("body", w) for w in ws) * SCAN_SHARE > r.doc_count_all()
        for ws in scanned
    )
    for words in (
        ["oil", "prices"],
        ["the", "company", "said"],
        ["mln", "dlrs"],
        ["a", "a"],
        *scanned,
    ):
        ours = s.search(FastPhrase("body", words), limit=None)
        theirs = s.search(wq.Phrase("body", words), limit=None)
        assert [(h.docnum, round(h.score, 6)) for h in ours] == [
            (h.docnum, round(h.score, 6)) for h in theirs
        ], words
    d.close()


def test_one_word_queries_rank_and_count_like_whoosh(archive_2000: Path, tmp_path: Path) -> None:
    from whoosh import scoring
    from whoosh.collectors import TopCollector

    from index.wordquery import top_and_total, word_terms

    corpus = tmp_path / "corpus"
    shutil.copytree(archive_2000, corpus)
    d = Dossier.open(corpus)
    d.update()
    for name in ("00010.txt", "00011.txt", "00012.txt"):  # deleted documents in the lists
        (corpus / name).unlink()
    (corpus / "00020.txt").write_text("Oil oil\n\nThe oil company said the oil price rose.\n")
    d.update()
    s = d._searcher._searcher
    plain = d._index.ix.searcher(weighting=scoring.BM25F())
    for text in ("the", "oil", "said", "opec", "title:oil", "company", "zinc", "1987", "a"):
        q = d._searcher.parse(text).query
        terms = word_terms(q)
        assert terms is not None, text
        for limit in (1, 5, 20, 50):
            got = top_and_total(s, terms, limit)
            assert got is not None
            hits, total = got
            collector = TopCollector(limit=limit, usequality=False)
            plain.search_with_collector(q, collector)
            expected = [(h.score, h.docnum) for h in collector.results()]
            assert [(round(sc, 9), n) for sc, n in hits] == [
                (round(sc, 9), n) for sc, n in expected
            ], (text, limit)
            assert total == count_matches(s, q) == len(set(s.docs_for_query(q))), (text, limit)
    assert word_terms(d._searcher.parse("oil prices").query) is None
    assert word_terms(d._searcher.parse('"oil prices"').query) is None
    plain.close()
    d.close()


def test_date_ranges_rank_and_count_like_whoosh(archive_2000: Path, tmp_path: Path) -> None:
    """A date range alone (index.dates.date_top): the top N and total are Whoosh's
    collector's (every hit scores the same: the lowest article numbers first), deleted
    articles left out."""
    from whoosh.collectors import TopCollector

    corpus = tmp_path / "corpus"
    shutil.copytree(archive_2000, corpus)
    d = Dossier.open(corpus)
    d.update()
    for name in ("00010.txt", "00011.txt", "00012.txt", "00100.txt"):
        (corpus / name).unlink()
    d.update()
    s = d._searcher._searcher
    for text in ("date:[1986-03-01 to 1987-06-30]", "date:1987", "date:>=1986-05", "date:1800"):
        q = d._searcher.parse(text).query
        collector = TopCollector(limit=100_000, usequality=False)
        s.search_with_collector(q, collector)
        every = [(h.docnum, h.score) for h in collector.results()]
        for limit in (1, 20, 50):
            got = d.search(text, limit=limit)
            assert got.total == len(every), text
            assert [h.id for h in got.hits] == [s.stored_fields(n)["id"] for n, _ in every[:limit]]
            assert {h.score for h in got.hits} <= {1.0}
    d.close()


@pytest.mark.parametrize("cut_from", [1, 50])
def test_phrase_top_n_and_total_equal_whoosh_full_ranking(
    archive_2000: Path, monkeypatch: pytest.MonkeyPatch, cut_from: int
) -> None:
    """The API's top N of a phrase over title and body (ranked in bulk, long lists cut at
    the N-th score first: ``cut_from`` 1 cuts every list) against every match of Whoosh's
    own ``Phrase`` ranked; a phrase being typed against its own matchers ranked by
    Whoosh's collector."""
    from whoosh.collectors import TopCollector

    from index import levels

    monkeypatch.setattr(levels, "CUT_FROM", cut_from)
    d = Dossier.open(archive_2000)
    d.update()
    s = d._searcher._searcher
    cases = [
        ('"of the"', False), ('"the company said"', False), ('"said the"', False),
        ('"in the year"', False), ('"oil prices"', False), ('"the c', True),
        ('"said it', True), ('"of t', True), ('"the company s', True),
    ]  # fmt: skip
    for text, typed in cases:
        q = d._searcher.parse(text, typed).query
        collector = TopCollector(limit=100_000, usequality=False)
        s.search_with_collector(q if typed else _whoosh_phrase(q), collector)
        every = sorted((-h.score, h.docnum) for h in collector.results())
        assert len(every) > 20, text
        for limit in (1, 20):
            got = d.search(text, limit=limit, prefix=typed)
            assert got.total == len(every), text
            expected = [(s.stored_fields(n)["id"], round(-sc, 9)) for sc, n in every[:limit]]
            assert [(h.id, round(h.score, 9)) for h in got.hits] == expected, (text, limit)
    d.close()
