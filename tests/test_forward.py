"""The forward file's phrase scan (index.forward): byte ranges, alignment, article ends."""

from __future__ import annotations

import pickle
import random
import re
from array import array
from pathlib import Path

import pytest

from index.forward import META_SUFFIX, SUFFIX, Forward, _encode, _range


def _forward(tmp_path: Path, articles: list[list[int]], width: int = 2) -> Forward:
    tmp_path = tmp_path / str(len(list(tmp_path.iterdir())))  # one folder per file
    tmp_path.mkdir()
    starts = [0]
    for words in articles:
        starts.append(starts[-1] + len(words))
    data = _encode([w for words in articles for w in words], width)
    (tmp_path / ("s" + SUFFIX)).write_bytes(data)
    meta = {"body": (0, width, array("I", starts).tobytes())}
    (tmp_path / ("s" + META_SUFFIX)).write_bytes(pickle.dumps(meta))
    return Forward(tmp_path, "s")


@pytest.mark.parametrize("width", [2, 3])
def test_a_number_range_is_a_byte_range(width: int) -> None:
    rng = random.Random(width)
    top = 1 << (8 * width)
    for _ in range(300):
        lo = rng.randrange(top - 1)
        hi = min(top, lo + rng.choice([1, 2, 255, 256, 257, 70_000, top]))
        rx = re.compile(_range(lo, hi, width), re.DOTALL)
        probes = {lo, hi - 1, hi, lo - 1, rng.randrange(top), (lo + hi) // 2}
        for n in probes:
            if 0 <= n < top:
                assert bool(rx.fullmatch(n.to_bytes(width, "big"))) == (lo <= n < hi), (lo, hi, n)


def test_a_match_across_two_words_bytes_hides_no_real_match(tmp_path: Path) -> None:
    # bytes 00 01 | 02 03 | 01 02 | 03 04: "01 02 03 01" at byte 1 is no phrase, and
    # overlaps the real one at byte 4 (word 0x0102 followed by 0x0304)
    fwd = _forward(tmp_path, [[0x0001, 0x0203, 0x0102, 0x0304]])
    assert fwd.phrase_docs("body", [0x0102], 0x0300, 0x0400) == [0]
    only_across = _forward(tmp_path, [[0x0001, 0x0203, 0x0199], [0x0102, 0x0500]])
    assert only_across.phrase_docs("body", [0x0102], 0x0300, 0x0400) == []


def test_a_phrase_never_runs_from_one_article_into_the_next(tmp_path: Path) -> None:
    fwd = _forward(tmp_path, [[7, 5], [9, 1], [5, 9, 5, 8]])
    assert fwd.phrase_docs("body", [5], 9, 10) == [2]  # not article 0 ("5" then "9")
    assert fwd.phrase_docs("body", [5], 8, 10) == [2]
    assert fwd.phrase_docs("body", [7], 5, 6) == [0]
    assert fwd.phrase_docs("body", [7, 5], 9, 10) == []


def _brute(articles: list[list[int]], words: list[int], lo: int, hi: int) -> list[int]:
    n = len(words)
    return [
        d
        for d, a in enumerate(articles)
        if any(a[i : i + n] == words and lo <= a[i + n] < hi for i in range(len(a) - n))
    ]


@pytest.mark.parametrize("width", [2, 3])
@pytest.mark.parametrize("seed", range(8))
def test_phrase_docs_equal_a_brute_force_scan(tmp_path: Path, width: int, seed: int) -> None:
    """Articles of every length (empty ones, one-word ones, runs of them inside one bucket
    of the article-end guide, long ones spanning many buckets) over a small vocabulary:
    matches in every article, across article ends, several in one article."""
    rng = random.Random(seed)
    articles = []
    for _ in range(400):
        size = rng.choice([0, 0, 1, 1, 2, 3, 5, 8, 30, 70, 300])
        articles.append([rng.randrange(6) for _ in range(size)])
    fwd = _forward(tmp_path, articles, width)
    for words in ([0], [1], [2, 3], [0, 0], [4, 5, 1]):
        for lo, hi in ((0, 1), (1, 3), (0, 6), (5, 6)):
            assert fwd.phrase_docs("body", words, lo, hi) == _brute(articles, words, lo, hi)


def test_a_match_running_into_the_next_article_hides_none_there(tmp_path: Path) -> None:
    """``5 5`` runs from article 0 into article 1; the scan resumes past it, and must
    still find ``5 9`` starting inside it, in article 1."""
    fwd = _forward(tmp_path, [[1, 5], [5, 9]])
    assert fwd.phrase_docs("body", [5], 5, 10) == [1]
    fwd = _forward(tmp_path, [[1, 5, 5], [5, 5, 9]])
    assert fwd.phrase_docs("body", [5, 5], 9, 10) == [1]
