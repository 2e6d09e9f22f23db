"""Query mends seen on real archives: strict date comparisons, ``<TICKER>`` queries,
snippets that start on a word (issue 12, items 8, 9 and 11)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.api import Dossier, QueryError
from index.spans import snippet


@pytest.fixture(scope="module")
def dates(news: Dossier) -> dict[str, str | None]:
    return {i: news.article(i).date for i in news.article_ids()}


def _ids(d: Dossier, query: str) -> set[str]:
    result = d.search(query, limit=10_000)
    assert result.total == len(result.hits)
    return {h.id for h in result.hits}


def test_date_comparisons_are_strict_or_inclusive(news: Dossier, dates: dict) -> None:
    day = sorted(d for d in dates.values() if d)[len(dates) // 2]
    on_day = {i for i, d in dates.items() if d == day}
    assert on_day, "the archive has articles on that day"
    after = {i for i, d in dates.items() if d and d > day}
    before = {i for i, d in dates.items() if d and d < day}
    assert _ids(news, f"date:>{day}") == after
    assert _ids(news, f"date:>={day}") == after | on_day
    assert _ids(news, f"date:<{day}") == before
    assert _ids(news, f"date:<={day}") == before | on_day
    assert _ids(news, f"date:{day}") == on_day


def test_comparison_with_a_month_excludes_the_whole_month(news: Dossier, dates: dict) -> None:
    month = sorted(d for d in dates.values() if d)[len(dates) // 3][:7]
    assert _ids(news, f"date:>{month}") == {i for i, d in dates.items() if d and d[:7] > month}
    assert _ids(news, f"date:<={month}") == {i for i, d in dates.items() if d and d[:7] <= month}
    inside = {i for i, d in dates.items() if d and d[:7] == month}
    assert _ids(news, f"date:[{month} to {month}]") == inside


def test_undated_articles_match_no_date_query(news: Dossier, dates: dict) -> None:
    undated = {i for i, d in dates.items() if not d}
    assert undated
    assert not _ids(news, "date:>1900") & undated


@pytest.mark.parametrize(
    "query",
    ["date:[1987-06-01 to 1987-01-01]", "date:[1987 to 1986]", "date:[1987-03-02 to 1987-03-01]"],
)
def test_a_reversed_range_is_an_error(news: Dossier, query: str) -> None:
    with pytest.raises(QueryError, match="start is after the end"):
        news.search(query)


def test_a_ticker_in_angle_brackets_is_searchable(news: Dossier) -> None:
    result = news.search("<IBM>", limit=5)
    assert result.total == news.search("ibm").total > 0
    hit = result.hits[0]
    assert all(hit.title[s:e] == "IBM" for s, e in hit.title_spans) or hit.spans
    assert news.search("title:<IBM> AND date:>=1985").total > 0


def test_snippets_start_and_end_on_a_word() -> None:
    words = [f"W{n}ord{'x' * (n % 9)}" for n in range(60)]
    text = "MEXICO CITY, March 2 - " + " ".join(words[:30]) + "\noil " + " ".join(words[30:])
    flat = text.replace("\n", " ")
    spans = [(m.start(), m.end()) for m in re.finditer("oil", text)]
    for width in range(60, 200, 3):
        snip, inside = snippet(text, spans, width=width)
        body = snip.strip("…")
        start = flat.find(body)
        assert start >= 0
        assert start == 0 or not flat[start - 1].isalnum(), snip
        end = start + len(body)
        assert end == len(flat) or not flat[end].isalnum(), snip
        assert [snip[s:e] for s, e in inside] == ["oil"]


def test_search_snippets_never_start_mid_word(news: Dossier) -> None:
    for hit in news.search("minister", limit=50).hits:
        if hit.snippet_text.startswith("…"):
            assert hit.snippet_text[1].isalnum() or not hit.snippet_text[1].isspace()
            article = news.article(hit.id).text.replace("\n", " ")
            at = article.find(hit.snippet_text[1:30])
            assert at > 0 and not article[at - 1].isalnum(), hit.snippet_text[:40]


def test_require_lists_the_articles_with_both(news: Dossier) -> None:
    result = news.search("minister REQUIRE oil", limit=5000)
    with_both = news.search("minister AND oil", limit=5000)
    assert result.total == len(result.hits) == with_both.total > 0
    assert {h.id for h in result.hits} == {h.id for h in with_both.hits}


@pytest.mark.parametrize("field", ["TITLE", "Title", "tItLe"])
def test_field_names_are_case_insensitive(news: Dossier, field: str) -> None:
    expected = news.search("title:says").total
    assert expected > 0
    assert news.search(f"{field}:says").total == expected
    assert (
        news.search(f"{field}:says AND DATE:>=1986").total
        == news.search("title:says AND date:>=1986").total
    )


def test_sloppy_phrases_are_highlighted(news: Dossier) -> None:
    result = news.search('"nakasone minister"~3', limit=5)
    assert result.total > 0
    for hit in result.hits:
        text = news.article(hit.id).text
        shown = [text[s:e] for s, e in hit.spans]
        assert shown and all(
            s.lower().startswith("nakasone") and s.lower().endswith("minister") for s in shown
        ), shown


@pytest.mark.parametrize(
    "query",
    [
        "in AND april",
        "the AND said",
        "oil AND prices AND NOT opec",
        "minister ANDNOT the",
        "said AND (oil OR gas)",
        '"prime minister" AND said',
        "said REQUIRE oil",
    ],
)
def test_and_queries_return_the_true_top_n(news: Dossier, query: str) -> None:
    _check_true_top_n(news, query)


@pytest.mark.parametrize(
    "query",
    [
        "said c", "said co", "minister con", "oil pr", "the s", "prime min", "oil prices",
        "minister said t", "title:oil c", "oil c*", "oil m?n*", "said barrel~", "c t",
    ],
)  # fmt: skip
def test_and_of_words_and_prefixes_return_the_true_top_n(news: Dossier, query: str) -> None:
    """A word being typed after whole words (``oil c``), intersected on arrays
    (index.conjunction), ranks and counts as Whoosh's own matchers do."""
    from index.conjunction import and_groups

    q = news._searcher.parse(query, prefix=True).query
    assert and_groups(q) is not None, q  # the route under test
    _check_true_top_n(news, query, prefix=True)


def test_and_queries_return_the_true_top_n_on_2000(archive_2000: Path, tmp_path: Path) -> None:
    """The same differential check on generated articles, and on the first 2,000 Reuters
    articles in the Reuters step (-m reuters)."""
    d = Dossier.open(archive_2000, index_dir=tmp_path / "ix")
    d.update()
    try:
        for query in ("in AND april", "oil AND prices AND NOT opec", "said REQUIRE oil"):
            _check_true_top_n(d, query)
        for query in ("said c", "oil pr", "the s", "minister said t"):
            _check_true_top_n(d, query, prefix=True)
    finally:
        d.close()


def _check_true_top_n(news: Dossier, query: str, prefix: bool = False) -> None:
    from whoosh import scoring
    from whoosh.collectors import TopCollector

    from index.phrase import FastPhrase

    def plain(q):
        if isinstance(q, FastPhrase):
            return wq.Phrase(q.fieldname, q.words, slop=1, boost=q.boost)
        return q if q.is_leaf() else q.apply(plain)

    from whoosh import query as wq

    s = news._index.ix.searcher(weighting=scoring.BM25F())
    try:
        q = plain(news._searcher.parse(query, prefix).query)
        collector = TopCollector(limit=100_000, usequality=False)
        s.search_with_collector(q, collector)
        every = sorted((-h.score, h.docnum) for h in collector.results())
        for limit in (1, 5, 20):
            got = news.search(query, limit=limit, prefix=prefix)
            assert got.total == len(every), query
            best = every[:limit]
            ids = [s.stored_fields(n)["id"] for _, n in best]
            assert [h.id for h in got.hits] == ids, (query, limit)
            assert [round(h.score, 6) for h in got.hits] == [round(-sc, 6) for sc, _ in best]
    finally:
        s.close()
