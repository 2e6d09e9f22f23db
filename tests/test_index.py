"""The Whoosh index: phrases, incremental updates, rebuilds, the query language."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from index.api import Dossier, QueryError
from index.engine import IndexBusy

from .conftest import SEEDS


@pytest.fixture
def seeds() -> Dossier:
    d = Dossier.open(SEEDS)
    d.update()
    yield d
    d.close()


def test_article_4_phrase_finds_exactly_one_article(seeds: Dossier) -> None:
    result = seeds.search('"Article 4"')
    assert result.total == 1
    hit = result.hits[0]
    assert hit.id == "002_f081b1e3fe4d48df"
    text = seeds.article(hit.id).text
    assert [text[s:e] for s, e in hit.spans] == ["Article 4"]


def test_phrase_is_case_insensitive_and_one_span(seeds: Dossier) -> None:
    result = seeds.search('"article 4 of comprehensive"')
    assert result.total == 1
    text = seeds.article(result.hits[0].id).text
    assert [text[s:e] for s, e in result.hits[0].spans] == ["Article 4 of comprehensive"]


def test_unterminated_quote_is_closed_at_the_end(seeds: Dossier) -> None:
    assert [h.id for h in seeds.search('"Article 4').hits] == ["002_f081b1e3fe4d48df"]


def test_phrase_never_matches_across_paragraphs(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nThe last word is Korea\n\nSummit talks began.\n")
    (tmp_path / "b.txt").write_text("Title\n\nThe Korea Summit opened.\n")
    d = Dossier.open(tmp_path)
    d.update()
    assert [h.id for h in d.search('"korea summit"').hits] == ["b"]
    d.close()


def test_title_phrase_matches(seeds: Dossier) -> None:
    result = seeds.search('"seoul warns moscow"')
    assert [h.id for h in result.hits] == ["003_03c885aabdb3101b"]
    title = result.hits[0].title
    assert [title[s:e] for s, e in result.hits[0].title_spans] == ["Seoul warns Moscow"]


def test_stop_words_and_single_characters_are_searchable(seeds: Dossier) -> None:
    assert seeds.search('"the North will send"').total == 1
    assert seeds.search('"4"').total >= 1


def test_boolean_operators(seeds: Dossier) -> None:
    assert seeds.search("Zinoviev").total == 2
    assert seeds.search("Zinoviev AND Peskov").total == 1
    assert seeds.search("Zinoviev NOT Peskov").total == 1
    assert seeds.search("Peskov OR KUNA").total == 2


def test_wildcard_fuzzy_and_fields(seeds: Dossier) -> None:
    assert seeds.search("Zinov*").total == 2
    assert seeds.search("Zinoviv~").total == 2
    assert seeds.search("title:condemns").total == 2
    assert seeds.search("source:essanews").total == 1


def test_dates(seeds: Dossier) -> None:
    assert [h.id for h in seeds.search("date:2025").hits] == ["002_f081b1e3fe4d48df"]
    assert seeds.search("date:[2024-10-01 to 2025-06-30]").total == 2
    assert seeds.search("date:[2025-01-01 to 2025-12-31]").total == 1


def test_empty_query_lists_all_newest_first(seeds: Dossier) -> None:
    result = seeds.search("", limit=10)
    assert result.total == 5
    dates = [h.date for h in result.hits]
    assert dates[:2] == ["2025-04-28", "2024-10-21"] and dates[2:] == [None, None, None]


def test_total_counts_all_matches_not_only_those_shown(seeds: Dossier) -> None:
    result = seeds.search("korea", limit=2)
    assert result.total == 5 and len(result.hits) == 2


def test_sort_by_date(seeds: Dossier) -> None:
    result = seeds.search("korea", sort="date")
    assert [h.date for h in result.hits][:2] == ["2025-04-28", "2024-10-21"]


@pytest.mark.parametrize(
    "query, message",
    [
        ("foo:bar", "unknown field 'foo'"),
        ("date:garbage", "invalid date"),
        ("date:[x to y]", "invalid date"),
        ("date:[2024-01-01 to", "date range"),
        ("(korea OR russia", "unbalanced parentheses"),
        ("korea)", "unbalanced parentheses"),
        ("title:", "needs a value"),
    ],
)
def test_query_errors_are_one_line(seeds: Dossier, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)) as info:
        seeds.search(query)
    assert "\n" not in str(info.value)


def test_snippet_marks_matches(seeds: Dossier) -> None:
    hit = seeds.search('"Article 4"').hits[0]
    assert "**Article 4**" in hit.snippet
    s, e = hit.snippet_spans[0]
    assert hit.snippet_text[s:e] == "Article 4"


def test_did_you_mean(seeds: Dossier) -> None:
    result = seeds.search("Zinovev")
    assert result.total == 0
    assert result.suggestion == "zinoviev"


def test_incremental_update(seed_corpus: Path) -> None:
    d = Dossier.open(seed_corpus)
    first = d.update()
    assert len(first.added) == 5 and first.total == 5
    again = d.update()
    assert not again.changed and again.unchanged == 5

    (seed_corpus / "new.txt").write_text("Brand new\n\nA zanzibar story.\n")
    target = seed_corpus / "000_85f06b0bed7f4e4b.txt"
    target.write_text(target.read_text() + "\n\nAn added xylophone paragraph.\n")
    (seed_corpus / "001_1c15fbd1cf3cc1bd.txt").unlink()
    os.utime(seed_corpus / "002_f081b1e3fe4d48df.txt")  # touched, content unchanged
    report = d.update()
    assert report.added == ["new"]
    assert report.updated == ["000_85f06b0bed7f4e4b"]
    assert report.removed == ["001_1c15fbd1cf3cc1bd"]
    assert report.total == 5
    assert d.search("zanzibar").total == 1
    assert d.search("xylophone").total == 1
    assert d.search("KUNA").total == 0
    d.close()


def test_duplicates_and_skipped_files_are_reported(seed_corpus: Path) -> None:
    (seed_corpus / "copy.txt").write_bytes((seed_corpus / "003_03c885aabdb3101b.txt").read_bytes())
    (seed_corpus / "empty.txt").write_bytes(b"")
    (seed_corpus / "binary.txt").write_bytes(b"\x00\x01\x02")
    d = Dossier.open(seed_corpus)
    report = d.update()
    assert report.duplicates == [["003_03c885aabdb3101b", "copy"]] or report.duplicates == [
        ["copy", "003_03c885aabdb3101b"]
    ]
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["binary.txt"]
    assert report.total == 6
    d.close()


def test_index_lives_in_the_cache_dir_under_dossier_home(
    dossier_home: Path, seed_corpus: Path
) -> None:
    d = Dossier.open(seed_corpus)
    assert d.index_dir.is_relative_to(dossier_home / "cache")
    d.close()


def test_index_dir_override(tmp_path: Path, seed_corpus: Path) -> None:
    d = Dossier.open(seed_corpus, index_dir=tmp_path / "ix")
    d.update()
    assert (tmp_path / "ix" / "docs.sqlite").exists()
    d.close()


def test_new_actor_rules_rebuild_the_index(
    seed_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Actors are extracted at index time: new extraction rules must not be hidden
    behind an index whose stored actors came from the old ones."""
    from index import engine
    from index.actors import EXTRACTOR_VERSION

    d = Dossier.open(seed_corpus)
    d.update()
    d.close()
    # The next Dossier ships new actor rules.
    newer = f"{engine.SCHEMA_VERSION}.{EXTRACTOR_VERSION + 1}"
    monkeypatch.setattr(engine, "INDEX_VERSION", newer, raising=False)
    notices: list[str] = []
    d = Dossier.open(seed_corpus, notice=notices.append)
    assert notices and "older" in notices[0]
    assert d.update().rebuilt
    d.close()


def test_older_schema_is_rebuilt_with_a_message(seed_corpus: Path) -> None:
    d = Dossier.open(seed_corpus)
    d.update()
    d._index.store.set_meta("schema_version", "1")
    d.close()
    notices: list[str] = []
    d = Dossier.open(seed_corpus, notice=notices.append)
    assert notices and "older" in notices[0]
    report = d.update()
    assert report.total == 5 and report.rebuilt
    assert d.search('"Article 4"').total == 1
    d.close()


@pytest.mark.parametrize("suffix", [".pst", ".trm", "._stored.col"])
def test_one_truncated_segment_file_is_rebuilt(seed_corpus: Path, suffix: str) -> None:
    d = Dossier.open(seed_corpus)
    d.update()
    ix_dir = d.index_dir
    d.close()
    (target,) = ix_dir.glob(f"MAIN_*{suffix}")
    target.write_bytes(target.read_bytes()[:8])
    notices: list[str] = []
    d = Dossier.open(seed_corpus, notice=notices.append)
    assert notices and "rebuilding" in notices[0]
    assert d.update().total == 5
    assert d.search("korea").total == 5
    d.close()


def test_garbage_toc_is_rebuilt(seed_corpus: Path) -> None:
    d = Dossier.open(seed_corpus)
    d.update()
    ix_dir = d.index_dir
    d.close()
    for toc in ix_dir.glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    notices: list[str] = []
    d = Dossier.open(seed_corpus, notice=notices.append)
    assert notices and "rebuilding" in notices[0]
    assert d.update().total == 5
    d.close()


def test_second_writer_is_told_the_index_is_busy(
    seed_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.engine as engine

    monkeypatch.setattr(engine, "WRITE_LOCK_TIMEOUT", 0.2)
    a = Dossier.open(seed_corpus)
    a.update()
    writer = a._index.ix.writer()  # holds the lock like a running `dossier index`
    try:
        (seed_corpus / "new.txt").write_text("New\n\nSomething.\n")
        b = Dossier.open(seed_corpus)
        with pytest.raises(IndexBusy, match="busy"):
            b.update()
        b.close()
    finally:
        writer.cancel()
    a.close()


def test_corpus_removed_during_an_update_leaves_the_index_intact(
    seed_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index import prepare
    from index.engine import CorpusMissing

    d = Dossier.open(seed_corpus)
    d.update()
    for f in seed_corpus.glob("*.txt"):  # every file changed: all will be re-read
        f.write_text(f.read_text() + "\n\nA later paragraph.\n")
    real_prepare = prepare.prepare
    moved = seed_corpus.with_name("moved")

    def prepare_then_vanish(job):
        if seed_corpus.exists():
            seed_corpus.rename(moved)  # the folder goes away in the middle of the update
        return real_prepare(job)

    monkeypatch.setattr(prepare, "prepare", prepare_then_vanish)
    with pytest.raises(CorpusMissing, match="disappeared"):
        d.update()
    assert d.count() == 5
    assert d.search('"Article 4"').total == 1
    d.close()


def test_searches_during_an_update_see_only_committed_articles(seed_corpus: Path) -> None:
    """An update stages its changes in a transaction that may last minutes; search and
    reading threads must not see them (a staged removal made a hit lose its row)."""
    d = Dossier.open(seed_corpus)
    d.update()
    hit = d.search('"Article 4"').hits[0]
    store = d._index.store
    store.stage([], [], [hit.id])
    assert d.search('"Article 4"').hits[0].id == hit.id
    assert d.article(hit.id) is not None
    store.rollback()
    d.close()
