"""Prefix matching while typing (issue 13.1) and fast prefix / wildcard / fuzzy queries
(13.2, 13.3) that match exactly the articles Whoosh's own queries match."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import query as wq

from index.analysis import tokens
from index.api import Dossier
from index.patterns import FastFuzzy, FastPrefix, FastWildcard, PrefixPhrase


@pytest.fixture(scope="module")
def words(news: Dossier) -> dict[str, list[list[str]]]:
    """Each article's tokens, per field (the oracle: no index involved)."""
    out = {}
    for doc_id in news.article_ids():
        a = news.article(doc_id)
        out[doc_id] = [tokens(a.title), tokens(a.text)]
    return out


def _with_prefix(words: dict, prefix: str) -> set[str]:
    return {
        i
        for i, fields in words.items()
        if any(t.text.startswith(prefix) for f in fields for t in f)
    }


def test_the_last_word_typed_is_a_prefix(news: Dossier, words: dict) -> None:
    expected = _with_prefix(words, "nakaso")
    assert expected
    typed = news.search("nakaso", limit=5000, prefix=True)
    assert typed.total == len(expected) == news.search("nakaso*").total
    assert {h.id for h in typed.hits} == expected
    assert news.search("nakaso").total == 0  # without prefix matching: whole words only


def test_a_prefix_highlights_whole_words(news: Dossier) -> None:
    hit = news.search("nakaso", limit=1, prefix=True).hits[0]
    text = news.article(hit.id).text
    assert hit.spans and all(text[s:e].lower() == "nakasone" for s, e in hit.spans)
    assert "**Nakasone**" in hit.snippet


def test_only_the_last_word_is_a_prefix_and_a_space_ends_it(news: Dossier, words: dict) -> None:
    both = {
        i
        for i, fields in words.items()
        if any(t.text == "prime" for f in fields for t in f)
        and any(t.text.startswith("min") for f in fields for t in f)
    }
    assert news.search("prime min", limit=0, prefix=True).total == len(both)
    assert news.search("prim min", limit=0, prefix=True).total == 0
    assert news.search("nakaso ", prefix=True).total == 0
    assert news.search("NAKASO", prefix=True).total == len(_with_prefix(words, "nakaso"))


def _phrase_with_prefix(words: dict, whole: list[str], prefix: str) -> set[str]:
    out = set()
    n = len(whole)
    for i, fields in words.items():
        for f in fields:
            at = {(t.pos, t.text) for t in f}
            for t in f:
                if t.text.startswith(prefix) and all(
                    (t.pos - n + k, w) in at for k, w in enumerate(whole)
                ):
                    out.add(i)
    return out


@pytest.mark.parametrize(
    "typed",
    [
        '"prime min', '"finance min', '"analysts said the c', '"said it c', '"the c', '"of the',
        '"in t', '"a s', '"the com', '"said it w',
    ],
)  # fmt: skip
def test_the_last_word_of_an_open_phrase_is_a_prefix(
    news: Dossier, words: dict, typed: str
) -> None:
    *whole, prefix = typed.strip('"').split()
    expected = _phrase_with_prefix(words, whole, prefix)
    assert expected, typed
    result = news.search(typed, limit=5000, prefix=True)
    assert {h.id for h in result.hits} == expected and result.total == len(expected)
    hit = result.hits[0]
    article = news.article(hit.id)
    shown = [
        (article.title if hit.title_spans else article.text)[s:e]
        for s, e in (hit.title_spans or hit.spans)
    ]
    for span in shown:
        got = [t.text for t in tokens(span)]
        assert got[:-1] == whole and got[-1].startswith(prefix), span


def test_a_phrase_still_open_with_one_word_is_a_prefix(news: Dossier, words: dict) -> None:
    assert news.search('"nakaso', prefix=True).total == len(_with_prefix(words, "nakaso"))


def test_prefix_on_the_command_line(news_archive: Path, tmp_path: Path) -> None:
    def total(*args: str) -> int:
        out = subprocess.run(
            [sys.executable, "-m", "tui.cli", "--corpus", str(news_archive), "search", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout)["total"]

    assert total("nakaso", "--prefix", "--json") == total("nakaso*", "--json") > 0
    assert total("nakaso", "--json") == 0


def _whoosh(q: wq.Query) -> wq.Query:
    """Our query with Whoosh's own classes for the same leaves."""
    if isinstance(q, FastPrefix):
        return wq.Prefix(q.fieldname, q.text)
    if isinstance(q, FastWildcard):
        return wq.Wildcard(q.fieldname, q.text)
    if isinstance(q, FastFuzzy):
        return wq.FuzzyTerm(q.fieldname, q.text, maxdist=q.maxdist, prefixlength=q.prefixlength)
    return q if q.is_leaf() else q.apply(_whoosh)


PATTERNS = [
    "c*", "co*", "con*", "nakaso*", "min*", "z*", "1*", "title:pr*", "*ing", "c*t", "m?n*",
    "barrel~", "minster~", "gorbachev~2", "nakasone~1/3", "title:oil~", "oil* NOT prime",
    "o*", "zinov*", "ab*", "source:reu*", "said c*", "oil pr*", "minister said t*",
]  # fmt: skip


def test_patterns_match_what_whoosh_matches_with_deletions(
    archive_2000: Path, tmp_path: Path
) -> None:
    """Generated articles in the default run, the first 2,000 Reuters ones with -m reuters."""
    corpus = Path(shutil.copytree(archive_2000, tmp_path / "corpus"))
    d = Dossier.open(corpus, index_dir=tmp_path / "ix")
    d.update()
    for name in sorted(p.name for p in corpus.glob("*.txt"))[10:13]:
        (corpus / name).unlink()
    d.update()
    s = d._searcher._searcher
    for text in PATTERNS:
        q = d._searcher.parse(text).query
        assert q != _whoosh(q), text  # ours, not Whoosh's
        expected = {s.stored_fields(n)["id"] for n in s.docs_for_query(_whoosh(q))}
        result = d.search(text, limit=5000)
        assert result.total == len(expected), text
        assert {h.id for h in result.hits} == expected, text
        assert d.search(text, limit=3, sort="date").total == len(expected), text
    d.close()


def test_fuzzy_hits_highlight_the_words_matched(news: Dossier) -> None:
    result = news.search("nakasone~2", limit=5)
    assert result.total
    for hit in result.hits:
        text = news.article(hit.id).text
        assert all(re.fullmatch(r"\w+", text[s:e]) for s, e in hit.spans), [
            text[s:e] for s, e in hit.spans
        ]


def test_prefix_phrase_is_ours(news: Dossier) -> None:
    q = news._searcher.parse('"prime min', prefix=True).query
    assert any(isinstance(leaf, PrefixPhrase) for leaf in q.leaves())


def test_short_prefixes_read_the_prefix_files_and_agree_without_them(
    news_archive_copy: Path, tmp_path: Path
) -> None:
    from index import forward
    from index.prefixes import DIR_SUFFIX, prefix_postings

    d = Dossier.open(news_archive_copy, index_dir=tmp_path / "ix")
    d.update()
    (news_archive_copy / "00005.txt").unlink()  # a deleted article in the segment
    (news_archive_copy / "new.txt").write_text("Continental cons\n\nConrail con Co conned.\n")
    d.update()
    s = d._searcher._searcher
    leaves = [sub.reader() for sub, _ in s.leaf_searchers()]
    assert leaves and all(prefix_postings(r) is not None for r in leaves)
    assert all(forward.forward_index(r) is not None for r in leaves)
    queries = ["c*", "co*", "con*", "title:con*", "z*", "nakaso*", '"said it c', '"the c', '"of t']
    with_files = [d.search(q, limit=30, prefix=True) for q in queries]
    d.close()
    for path in (tmp_path / "ix").glob("*" + DIR_SUFFIX):
        path.unlink()
    for path in (tmp_path / "ix").glob("*" + forward.META_SUFFIX):  # typed phrases too
        path.unlink()
    d = Dossier.open(
        news_archive_copy,
        index_dir=tmp_path / "ix",
    )
    s = d._searcher._searcher
    assert all(prefix_postings(sub.reader()) is None for sub, _ in s.leaf_searchers())
    assert all(forward.forward_index(sub.reader()) is None for sub, _ in s.leaf_searchers())
    for q, before in zip(queries, with_files, strict=True):
        after = d.search(q, limit=30, prefix=True)
        assert after.total == before.total, q
        assert [(h.id, round(h.score, 5)) for h in after.hits] == [
            (h.id, round(h.score, 5)) for h in before.hits
        ], q
    d.close()


@pytest.mark.parametrize(
    "typo, fix", [("nakasome", "nakasone"), ("zinovief", "zinoviev"), ("thatchre", "thatcher")]
)
def test_did_you_mean_from_the_term_list(news: Dossier, typo: str, fix: str) -> None:
    result = news.search(f"{typo} yen")
    assert result.total == 0 and result.suggestion == f"{fix} yen"


@pytest.mark.parametrize(
    "typed, fix",
    [("yen zinovx", "yen zinoviev"), ("zinovx", "zinoviev"), ('"prime minixt', '"prime minist')],
)
def test_did_you_mean_while_the_last_word_is_typed(news: Dossier, typed: str, fix: str) -> None:
    """A word being typed that starts no word still gets a suggestion: the most frequent
    word starting with a near spelling of it (``minixt``: minister, ministry...)."""
    result = news.search(typed, prefix=True)
    assert result.total == 0 and result.suggestion and result.suggestion.startswith(fix)
    assert news.search(result.suggestion.split()[-1].strip('"')).total > 0


@pytest.mark.parametrize("text", ["c*", "con*", "nakaso*", "m?n*", "barrel~", "title:pr*", "z*"])
def test_pattern_top_n_equals_a_full_ranking(news: Dossier, text: str) -> None:
    from whoosh.collectors import TopCollector

    s = news._searcher._searcher
    q = news._searcher.parse(text).query
    collector = TopCollector(limit=100_000, usequality=False)
    s.search_with_collector(q, collector)
    every = sorted((-h.score, h.docnum) for h in collector.results())
    for limit in (1, 20):
        got = news.search(text, limit=limit)
        assert got.total == len(every)
        expected = [(s.stored_fields(n)["id"], round(-sc, 6)) for sc, n in every[:limit]]
        assert [(h.id, round(h.score, 6)) for h in got.hits] == expected, (text, limit)


@pytest.mark.parametrize(
    "text, prefix",
    [
        ("co*", False), ("c*t", False), ("*ing", False), ("m?n*", False), ("barrel~", False),
        ("nakaso", True), ('"said it c', True), ('"prime min', True), ("oil co", True),
    ],
)  # fmt: skip
def test_ascii_highlights_equal_the_tokenized_ones(news: Dossier, text: str, prefix: bool) -> None:
    from index.spans import find_spans

    parsed = news._searcher.parse(text, prefix)
    result = news._searcher.search(text, limit=30, prefix=prefix)
    bodies = [b for h in result.hits if (b := news.article(h.id).text).isascii()]
    assert bodies
    for body in bodies:
        fast = find_spans(body, parsed, "body")
        slow = [s for s in find_spans(body + " é", parsed, "body") if s[1] <= len(body)]
        assert fast == slow, text
