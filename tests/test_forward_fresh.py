"""A first build's forward file, written while it indexes (index.forwardfresh)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from whoosh import index as windex

from index import forward, forwardfresh
from index.analysis import analyze_article
from index.api import Dossier
from index.articles import parse_article
from index.engine import UpdateCancelled
from index.forward import META_SUFFIX, SUFFIX
from index.segcache import segment_id

# Words the generated articles lack: paragraph gaps, Hangul pairs, accents, an empty
# title, a word too long to index, a line of digits.
EXTRA = {
    "zz_korean.txt": "북한 미사일 발사\n\n북한이 미사일을 발사했다.\n\n합동참모본부는 밝혔다.\n",
    "zz_paragraphs.txt": "Café talks\n\nZürich\n\n\nİZMİR, ΟΔΟΣ\n\nthe end of the line\n",
    "zz_untitled.txt": "\n\nbody only " + "x" * 200 + " after a long word\n",
    "zz_numbers.txt": "Numbers 1987\n\n4 1/2 pct to 5.25 pct, 100,000 tonnes\n",
}


def _archive(news_archive_copy: Path) -> Path:
    for name, text in EXTRA.items():
        (news_archive_copy / name).write_text(text, encoding="utf-8")
    return news_archive_copy


def _segments(index_dir: Path) -> list[str]:
    ix = windex.open_dir(str(index_dir))
    with ix.reader() as top:
        readers = [r for r, _ in top.leaf_readers()] if not top.is_atomic() else [top]
        return [sid for r in readers if (sid := segment_id(r)) is not None]


def _from_postings(index_dir: Path, sid: str, out: Path) -> tuple[bytes, dict]:
    """What forward.write derives from the segment's postings."""
    ix = windex.open_dir(str(index_dir))
    with ix.reader() as top:
        readers = [r for r, _ in top.leaf_readers()] if not top.is_atomic() else [top]
        (reader,) = [r for r in readers if segment_id(r) == sid]
        forward.write(reader, out, sid)
    return (out / (sid + SUFFIX)).read_bytes(), pickle.loads(
        (out / (sid + META_SUFFIX)).read_bytes()
    )


def _no_derivation(*_args: object) -> None:
    raise AssertionError("the forward file was derived from the postings")


def test_a_first_build_writes_the_file_the_postings_give(
    news_archive_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _archive(news_archive_copy)
    d = Dossier.open(corpus)
    with monkeypatch.context() as m:
        m.setattr(forward, "write", _no_derivation)  # the fresh file, or this fails
        report = d.update()
    index_dir = d.index_dir
    d.close()
    assert report.total == 2500 + len(EXTRA)
    (sid,) = _segments(index_dir)
    data, meta = _from_postings(index_dir, sid, tmp_path)
    assert (index_dir / (sid + SUFFIX)).read_bytes() == data
    assert pickle.loads((index_dir / (sid + META_SUFFIX)).read_bytes()) == meta
    # and the file serves phrases: one of the extra articles, by its phrase
    d = Dossier.open(corpus)
    assert [h.id for h in d.search('"the end of the line"', limit=5).hits] == ["zz_paragraphs"]
    assert [h.id for h in d.search('"미사일을 발사', limit=5, prefix=True).hits] == ["zz_korean"]
    d.close()


def test_a_later_update_derives_its_segment_from_the_postings(
    news_archive_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = Dossier.open(news_archive_copy)
    d.update()
    for name, text in EXTRA.items():
        (news_archive_copy / name).write_text(text, encoding="utf-8")
    with monkeypatch.context() as m:
        m.setattr(forwardfresh.FreshForward, "add", _no_derivation)  # not a first build
        d.update()
    index_dir = d.index_dir
    d.close()
    for sid in _segments(index_dir):
        data, _ = _from_postings(index_dir, sid, tmp_path / sid)
        assert (index_dir / (sid + SUFFIX)).read_bytes() == data


def test_a_cancelled_first_build_closes_its_scratch_files(
    news_archive_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[forwardfresh.FreshForward] = []
    real_init = forwardfresh.FreshForward.__init__

    def recording(self: forwardfresh.FreshForward, folder: Path) -> None:
        real_init(self, folder)
        made.append(self)

    monkeypatch.setattr(forwardfresh.FreshForward, "__init__", recording)
    d = Dossier.open(news_archive_copy)
    seen: list[int] = []
    with pytest.raises(UpdateCancelled):
        d.update(progress=lambda n, _total: seen.append(n), cancel=lambda: len(seen) >= 1500)
    d.close()
    assert len(made) == 1
    assert all(spill.file.closed for spill in made[0]._fields.values())


def test_a_segment_other_than_the_one_fed_gets_no_file(
    news_archive_copy: Path, tmp_path: Path
) -> None:
    d = Dossier.open(news_archive_copy)
    d.update()
    index_dir = d.index_dir
    d.close()
    (sid,) = _segments(index_dir)
    fresh = forwardfresh.FreshForward(tmp_path)
    for path in sorted(news_archive_copy.glob("*.txt")):  # the same words...
        a = parse_article(path.read_bytes(), path.stem, str(path))
        fresh.add(analyze_article(a.title, a.text, a.source or ""))
    fresh.add({})  # ...and one article more than the segment has
    ix = windex.open_dir(str(index_dir))
    try:
        with ix.reader() as reader:
            assert fresh.write(reader, sid) is False
    finally:
        fresh.close()
    assert not (tmp_path / (sid + SUFFIX)).exists()
