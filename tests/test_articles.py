"""Reading article files: titles, dates, sources, debris, encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.articles import parse_article, read_article
from index.textclean import UnreadableFile

from .conftest import SEEDS

EXPECTED = {
    "000_85f06b0bed7f4e4b": (
        "South Korea urges North Korea, Russia to stop illegal military cooperation on 1st anniversary of treaty",
        None,
        None,
    ),
    "001_1c15fbd1cf3cc1bd": (
        "Seoul Condemns N. Korea's Admission Of Troop Deployment To Russia",
        None,
        "Kuwait News Agency (KUNA)",
    ),
    "002_f081b1e3fe4d48df": (
        "South Korea condemns North Korea's deployment to Russia: 'A clear illegal act'",
        "2025-04-28",
        None,
    ),
    "003_03c885aabdb3101b": (
        "Get North Korean troops out of Putin’s war now, Seoul warns Moscow",
        None,
        None,
    ),
    "004_915f84ddf2886b85": (
        "South korea urges North Korea to halt support for Russia",
        "2024-10-21",
        "essanews.com",
    ),
}


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_seed_title_date_source(doc_id: str) -> None:
    article = read_article(SEEDS / f"{doc_id}.txt", SEEDS)
    assert article.id == doc_id
    assert (article.title, article.date, article.source) == EXPECTED[doc_id]


def _seed(doc_id: str):
    return read_article(SEEDS / f"{doc_id}.txt", SEEDS)


def test_debris_stays_out_of_the_text() -> None:
    texts = {doc_id: _seed(doc_id).text for doc_id in EXPECTED}
    assert "Comments are closed" not in texts["000_85f06b0bed7f4e4b"]
    assert "What's Your Reaction" not in texts["003_03c885aabdb3101b"]
    assert "Published:" not in texts["002_f081b1e3fe4d48df"]
    assert "(MENAFN" not in texts["001_1c15fbd1cf3cc1bd"]
    assert not texts["001_1c15fbd1cf3cc1bd"].endswith("(end)")
    t4 = texts["004_915f84ddf2886b85"]
    for debris in (
        "Images source",
        "essanews.com",
        "Wirtualna Polska",
        "10:03 AM EDT",
        "NewsSouth",
    ):
        assert debris not in t4
    # a line repeated right after itself is kept once
    assert t4.count("The authorities in Seoul strongly oppose") == 1
    # the clean title repeated under the glued one is not body text
    assert not t4.startswith("South korea urges")


def test_dateline_stays_in_text() -> None:
    assert _seed("001_1c15fbd1cf3cc1bd").text.startswith("TOKYO, April 28 (KUNA) -- South Korea")


def test_paragraphs_are_spans_of_the_text() -> None:
    article = _seed("000_85f06b0bed7f4e4b")
    assert len(article.paragraphs) == 7
    for s, e in article.paragraphs:
        chunk = article.text[s:e]
        assert chunk and "\n" not in chunk
    assert article.text[article.paragraphs[-1][0] :].startswith("Russian media reports")


def test_reuters_shape() -> None:
    raw = (
        b"BAHIA COCOA REVIEW\n\nPublished: 26 Feb. 1987, 15:01\n\n"
        b"SALVADOR, Feb 26 - Showers continued throughout the week.\n\nSecond paragraph.\n"
    )
    article = parse_article(raw, "00001")
    assert article.title == "BAHIA COCOA REVIEW"
    assert article.date == "1987-02-26"
    assert article.paragraph_texts() == [
        "SALVADOR, Feb 26 - Showers continued throughout the week.",
        "Second paragraph.",
    ]


@pytest.mark.parametrize(
    "raw, encoding",
    [
        ("Título\r\n\r\nCafé in São Paulo.\r\n".encode("utf-8-sig"), "utf-8-sig"),
        ("Título\n\nCafé in São Paulo.\n".encode("utf-16"), "utf-16"),
        ("Título\n\nCafé in São Paulo.\n".encode(), "utf-8"),
        ("Título\n\nCafé in São Paulo.\n".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings(raw: bytes, encoding: str) -> None:
    article = parse_article(raw, "x")
    assert article.title == "Título"
    assert article.text == "Café in São Paulo."
    assert article.encoding == encoding
    assert bool(article.warnings) == (encoding == "cp1252")


@pytest.mark.parametrize(
    "raw, reason",
    [(b"", "empty"), (b"  \n\t\n", "empty"), (b"abc\x00\x01def", "binary")],
)
def test_unreadable_files(raw: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile, match=reason):
        parse_article(raw, "x")


def test_control_characters_never_reach_the_text() -> None:
    raw = "Title \x1b]0;pwned\x07 here\n\nText \x1b[2J with \x08 bell\x07 and \u202eevil\u202c.\n".encode()
    article = parse_article(raw, "x")
    for s in (article.title, article.text):
        assert not any(ord(c) < 32 and c not in "\n\t" for c in s)
        assert "\x1b" not in s and "\u202e" not in s
    # whole escape sequences go, not only their ESC byte; the words around them stay
    assert "[2J" not in article.text and "0;pwned" not in article.title
    assert article.title == "Title here" and "bell" in article.text and "evil" in article.text


def test_file_that_is_only_a_title(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("Just a headline\n")
    article = read_article(tmp_path / "t.txt", tmp_path)
    assert article.title == "Just a headline"
    assert article.text == "" and article.paragraphs == []


def test_id_is_relative_posix_path_without_suffix(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x y.txt").write_text("T\n\nBody.\n")
    assert read_article(tmp_path / "a" / "b" / "x y.txt", tmp_path).id == "a/b/x y"


def test_article_ids_show_control_characters_of_file_names_visibly(tmp_path: Path) -> None:
    from index.articles import article_id

    root = tmp_path
    assert article_id(root / "a\x1b[2Jb.txt", root) == "a\\x1b[2Jb"
    assert article_id(root / "plain name é.txt", root) == "plain name é"
