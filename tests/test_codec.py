"""The flat posting blocks and the cached-length scorer give Whoosh's own answers."""

from __future__ import annotations

import random
from pathlib import Path

from whoosh import index as windex
from whoosh import scoring
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, KEYWORD, TEXT, Schema

from index.api import Dossier
from index.codec import FlatCodec, FlatLeafMatcher
from index.scoring import CachedLengthsBM25F

WORDS = ["oil", "gas", "the", "of", "opec", "crude", "price", "sales", "bank", "rate"]


def _build(path: Path, codec: object, docs: list[dict]) -> windex.Index:
    schema = Schema(id=ID(stored=True), body=TEXT(), tags=KEYWORD())
    path.mkdir()
    ix = windex.create_in(str(path), schema)
    for start in range(0, len(docs), 400):  # several segments, then merged
        w = ix.writer(codec=codec)
        for doc in docs[start : start + 400]:
            w.add_document(**doc)
        w.commit()
    w = ix.writer(codec=codec)
    w.delete_by_term("id", "7")  # a deleted article in a posting list
    w.commit()
    return ix


def _postings(ix: windex.Index) -> dict:
    out: dict = {}
    with ix.searcher() as s:
        reader = s.reader()
        for fieldname in ("body", "tags"):
            for term in reader.lexicon(fieldname):
                m = reader.postings(fieldname, term)
                rows = []
                while m.is_active():
                    rows.append((m.id(), m.weight(), m.value()))
                    m.next()
                out[fieldname, term] = rows
    return out


def test_flat_blocks_hold_the_same_postings_as_whoosh_blocks(tmp_path: Path) -> None:
    rng = random.Random(4)
    docs = [
        {
            "id": str(i),
            "body": " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 60))),
            "tags": " ".join(rng.sample(WORDS, rng.randint(0, 3))),
        }
        for i in range(1200)
    ]
    flat = _build(tmp_path / "flat", FlatCodec(), docs)
    plain = _build(tmp_path / "plain", W3Codec(), docs)
    ours, theirs = _postings(flat), _postings(plain)
    assert ours == theirs
    assert max(len(rows) for rows in ours.values()) > 3 * 128  # many blocks per list
    with flat.searcher() as s:
        leaves = [r.postings("body", "oil") for r, _ in s.reader().leaf_readers()]
        assert FlatLeafMatcher in {type(m) for m in leaves}
        # skip_to lands on the same posting in both
        for target in (0, 129, 500, 1100):
            m = s.reader().postings("body", "crude")
            m.skip_to(target)
            expected = next(i for i, _, _ in theirs["body", b"crude"] if i >= target)
            assert m.id() == expected


def test_cached_lengths_give_whoosh_bm25f_scores(archive_2000: Path) -> None:
    d = Dossier.open(archive_2000)
    d.update()
    ix = d._index.ix
    with (
        ix.searcher(weighting=scoring.BM25F()) as plain,
        ix.searcher(weighting=CachedLengthsBM25F()) as cached,
    ):
        for text in ("oil", "the company", '"oil prices"', "title:oil OR opec", "barrel~"):
            q = d._searcher.parse(text).query
            expected = [(r.docnum, r.score) for r in plain.search(q, limit=30)]
            got = [(r.docnum, r.score) for r in cached.search(q, limit=30)]
            assert got == expected, text
            assert expected, text
