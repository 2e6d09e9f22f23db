"""Export (W3C Web Annotation JSON, Markdown, CSV) and import of bookmarks."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, fields
from pathlib import Path

import pytest

from index.annotations import (
    AnnotationFormatError,
    export_bookmarks,
    from_annotation,
    parse_collection,
    to_collection,
)
from index.bookmarks import Bookmark, BookmarkStore

TEXT = (
    "Seoul urges restraint\n\n"
    "South Korea urged North Korea and Russia to stop their *illegal* [military] cooperation.\n\n"
    "The treaty calls for either side to provide the other assistance.\n"
    'A second line, with "quotes", commas; and a <tag>.'
)


@dataclass
class FakeArticle:
    id: str
    text: str
    title: str

    @property
    def content_hash(self) -> str:
        return hashlib.blake2b(self.text.encode(), digest_size=16).hexdigest()


@pytest.fixture
def store(tmp_path: Path) -> BookmarkStore:
    s = BookmarkStore(tmp_path / "one.sqlite")
    a = FakeArticle("world/korea", TEXT, "Seoul urges restraint")
    b = FakeArticle("other doc", "Other title\n\nJust one paragraph here.", "Other title")
    s.add_quote(
        a, "The treaty calls for either side", note="the key clause", tags=["treaty", "pact"]
    )
    s.add_quote(
        a,
        'assistance.\nA second line, with "quotes", commas; and a <tag>.',
        note="line one\nline two",
    )
    s.add_quote(b, "Just one paragraph", tags=["misc"])
    s.add_quote(a, "*illegal* [military]")
    s.reanchor({"world/korea": a}.get)  # "other doc" is gone: orphaned
    yield s
    s.close()


def comparable(b: Bookmark) -> dict:
    skip = {"id", "anchored_hash"}
    return {f.name: getattr(b, f.name) for f in fields(Bookmark) if f.name not in skip}


# -- JSON ----------------------------------------------------------------------------


def test_json_is_a_w3c_annotation_collection(store: BookmarkStore) -> None:
    data = json.loads(export_bookmarks(store.list(), "json"))
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 4
    page = data["first"]
    assert page["type"] == "AnnotationPage" and len(page["items"]) == 4
    first = page["items"][0]
    assert first["type"] == "Annotation" and first["id"].startswith("urn:uuid:")
    assert first["motivation"] == "bookmarking" and first["created"].endswith("Z")
    assert first["target"]["source"] == "urn:dossier:article:world/korea"
    quote_sel, position_sel = first["target"]["selector"]
    b = store.list()[0]
    assert quote_sel == {
        "type": "TextQuoteSelector",
        "exact": b.quote,
        "prefix": b.prefix,
        "suffix": b.suffix,
    }
    assert position_sel == {"type": "TextPositionSelector", "start": b.start, "end": b.end}
    assert TEXT[position_sel["start"] : position_sel["end"]] == quote_sel["exact"]
    comment, *tags = first["body"]
    assert comment == {
        "type": "TextualBody",
        "value": "the key clause",
        "format": "text/plain",
        "purpose": "commenting",
    }
    assert tags == [
        {"type": "TextualBody", "value": "treaty", "purpose": "tagging"},
        {"type": "TextualBody", "value": "pact", "purpose": "tagging"},
    ]
    assert "body" not in page["items"][3]  # no note, no tags
    assert page["items"][2]["target"]["source"] == "urn:dossier:article:other%20doc"
    assert page["items"][2]["dossier:status"] == "orphaned"


def test_json_round_trip_loses_nothing_and_never_doubles(
    store: BookmarkStore, tmp_path: Path
) -> None:
    exported = export_bookmarks(store.list(), "json")
    with BookmarkStore(tmp_path / "two.sqlite") as other:
        result = other.merge(parse_collection(json.loads(exported)))
        assert (len(result.added), result.skipped) == (4, 0)
        assert [comparable(b) for b in other.list()] == [comparable(b) for b in store.list()]
        again = other.merge(parse_collection(json.loads(exported)))
        assert (len(again.added), again.skipped) == (0, 4)
        assert other.count() == 4
        assert (
            export_bookmarks(other.list(), "json").split('"generated"')[0]
            == exported.split('"generated"')[0]
        )
    into_itself = store.merge(parse_collection(json.loads(exported)))
    assert (len(into_itself.added), into_itself.skipped, store.count()) == (0, 4, 4)


def test_imported_bookmarks_are_reanchored_locally(store: BookmarkStore, tmp_path: Path) -> None:
    items = parse_collection(to_collection(store.list()))
    with BookmarkStore(tmp_path / "two.sqlite") as other:
        other.merge(items)
        moved = FakeArticle("world/korea", "New intro.\n\n" + TEXT, "Seoul urges restraint")
        counts = other.reanchor({"world/korea": moved}.get)
        assert counts == {"exact": 0, "moved": 3, "fuzzy": 0, "orphaned": 1}


def test_import_reads_annotations_from_other_tools() -> None:
    foreign = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [
            {
                "type": "Annotation",
                "body": [
                    {"type": "TextualBody", "value": "a comment"},
                    {"type": "TextualBody", "value": "#tagged", "purpose": "tagging"},
                ],
                "target": {
                    "source": "urn:dossier:article:a%2Fb",
                    "selector": {"type": "TextQuoteSelector", "exact": "the quote"},
                },
            }
        ],
    }
    (b,) = parse_collection(foreign)
    assert (b.doc, b.quote, b.note, b.tags) == ("a/b", "the quote", "a comment", ["tagged"])
    assert (b.start, b.end, b.prefix, b.suffix, b.uid) == (0, 9, "", "", "")
    assert b.created.endswith("Z")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"type": "Something"}, "expected type AnnotationCollection"),
        ("just a string", "expected a JSON object"),
        (
            [{"type": "Annotation", "target": {"source": "http://x", "selector": []}}],
            "annotation 1: target is not a Dossier article",
        ),
        (
            [{"type": "Annotation", "target": {"source": "urn:dossier:article:x", "selector": []}}],
            "no TextQuoteSelector",
        ),
        (
            [
                {
                    "type": "Annotation",
                    "target": {
                        "source": "urn:dossier:article:x",
                        "selector": [
                            {"type": "TextQuoteSelector", "exact": "q"},
                            {"type": "TextPositionSelector", "start": 5, "end": 2},
                        ],
                    },
                }
            ],
            "invalid TextPositionSelector",
        ),
        ([{"type": "Comment"}], "not an Annotation"),
    ],
)
def test_import_rejects_what_it_cannot_read(data: object, message: str) -> None:
    with pytest.raises(AnnotationFormatError, match=message):
        parse_collection(data)


# -- Markdown and CSV -------------------------------------------------------------------


def test_markdown_groups_by_article_with_block_quotes(store: BookmarkStore) -> None:
    md = export_bookmarks(store.list(), "markdown")
    lines = md.splitlines()
    assert lines[0] == "# Dossier bookmarks"
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## Seoul urges restraint (world/korea)", "## Other title (other doc)"]
    korea = md[md.index("## Seoul") : md.index("## Other")]
    assert korea.index("> *illegal* [military]") < korea.index("> The treaty calls for either side")
    assert '> assistance.\n> A second line, with "quotes", commas; and a <tag>.' in korea
    assert "the key clause" in korea and "tags: #treaty, #pact" in korea
    assert "line one\nline two" in korea
    other = md[md.index("## Other") :]
    assert "> Just one paragraph" in other and "orphaned" in other and md.endswith("\n")


def test_csv_has_one_row_per_bookmark(store: BookmarkStore) -> None:
    text = export_bookmarks(store.list(), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "id",
        "doc",
        "title",
        "quote",
        "matched",
        "note",
        "tags",
        "created",
        "status",
        "score",
        "start",
        "end",
        "corpus",
    ]
    assert len(rows) == 4
    by_quote = {r["quote"]: r for r in rows}
    multi = by_quote['assistance.\nA second line, with "quotes", commas; and a <tag>.']
    assert multi["note"] == "line one\nline two" and multi["status"] == "exact"
    first = by_quote["The treaty calls for either side"]
    assert first["tags"] == "treaty; pact" and first["doc"] == "world/korea"
    assert TEXT[int(first["start"]) : int(first["end"])] == first["quote"] == first["matched"]
    gone = by_quote["Just one paragraph"]
    assert (gone["status"], gone["start"], gone["end"], gone["matched"]) == ("orphaned", "", "", "")


def test_empty_exports() -> None:
    assert json.loads(export_bookmarks([], "json"))["first"]["items"] == []
    assert export_bookmarks([], "markdown") == "# Dossier bookmarks\n"
    assert export_bookmarks([], "csv").splitlines() == [
        "id,doc,title,quote,matched,note,tags,created,status,score,start,end,corpus"
    ]
    with pytest.raises(ValueError, match="unknown export format"):
        export_bookmarks([], "xml")


def test_imported_text_cannot_reach_the_terminal_as_escapes() -> None:
    item = {
        "type": "Annotation",
        "id": "urn:uuid:1",
        "dossier:doc": "a\x1b]0;pwned\x07b",
        "target": {
            "selector": [{"type": "TextQuoteSelector", "exact": "the \x1b[2Jquote\x07"}],
        },
        "body": [
            {"type": "TextualBody", "purpose": "commenting", "value": "note \x1b[31mred\x1b[0m"},
            {"type": "TextualBody", "purpose": "tagging", "value": "t\x1b[1mag"},
        ],
        "dossier:title": "ti\u202etle",
    }
    b = from_annotation(item)
    fields_text = [b.doc, b.quote, b.note, *b.tags, b.title or ""]
    assert not any(ch in t for t in fields_text for ch in "\x1b\x07\u202e"), fields_text
    assert (b.quote, b.note, b.title) == ("the quote", "note red", "title")
