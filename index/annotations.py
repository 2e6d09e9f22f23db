"""Bookmarks in and out: W3C Web Annotation JSON, Markdown and CSV.

JSON is a W3C Web Annotation ``AnnotationCollection`` (https://www.w3.org/TR/annotation-model/)
with its one page embedded. Each bookmark is an ``Annotation`` (motivation ``bookmarking``)
whose target is the article (``urn:dossier:article:<id>``) with a ``TextQuoteSelector``
(exact/prefix/suffix) and a ``TextPositionSelector`` (start/end), both as the bookmark was
made; the note is a ``TextualBody`` with purpose ``commenting`` and each tag a
``TextualBody`` with purpose ``tagging``. What the model has no term for (the article's
content hash, title, the current anchor) is kept under ``dossier:`` keys, declared in the
``@context``, so that reading the export back loses nothing. The corpus a bookmark belongs
to is the target's ``scope`` (the corpus folder as a ``file:`` IRI) and ``dossier:corpus``
(its path); a bookmark not yet assigned to a corpus has neither.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote
from urllib.parse import unquote, urlparse

from index.anchoring import STATUSES, Anchor
from index.bookmarks import Bookmark, normalize_tags, utc_now
from index.textclean import safe_line, sanitize, visible_controls

__all__ = [
    "FORMATS",
    "AnnotationFormatError",
    "export_bookmarks",
    "from_annotation",
    "parse_collection",
    "to_annotation",
    "to_collection",
    "to_csv",
    "to_markdown",
]

FORMATS = ("markdown", "json", "csv")
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
DOSSIER_NS = "urn:dossier:ns#"
SOURCE_PREFIX = "urn:dossier:article:"
CSV_COLUMNS = (
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
)


class AnnotationFormatError(ValueError):
    """The file is not a Web Annotation export Dossier can read (one-line message)."""


def export_bookmarks(bookmarks: Iterable[Bookmark], fmt: str) -> str:
    items = list(bookmarks)
    if fmt == "json":
        return json.dumps(to_collection(items), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return to_markdown(items)
    if fmt == "csv":
        return to_csv(items)
    raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")


# -- JSON (W3C Web Annotation) -----------------------------------------------------


def source_iri(doc_id: str) -> str:
    return SOURCE_PREFIX + url_quote(doc_id, safe="/")


def to_annotation(b: Bookmark) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if b.note:
        body.append(
            {
                "type": "TextualBody",
                "value": b.note,
                "format": "text/plain",
                "purpose": "commenting",
            }
        )
    body.extend({"type": "TextualBody", "value": t, "purpose": "tagging"} for t in b.tags)
    annotation: dict[str, Any] = {
        "id": b.uid,
        "type": "Annotation",
        "motivation": "bookmarking",
        "created": b.created,
    }
    if b.modified:
        annotation["modified"] = b.modified
    if body:
        annotation["body"] = body
    annotation["target"] = {
        "source": source_iri(b.doc),
        "selector": [
            {"type": "TextQuoteSelector", "exact": b.quote, "prefix": b.prefix, "suffix": b.suffix},
            {"type": "TextPositionSelector", "start": b.start, "end": b.end},
        ],
    }
    if b.corpus:
        annotation["target"]["scope"] = Path(b.corpus).as_uri()
    annotation.update(
        {
            "dossier:doc": b.doc,
            "dossier:title": b.title,
            "dossier:contentHash": b.content_hash,
            "dossier:status": b.status,
            "dossier:matched": b.matched,
            "dossier:score": b.score,
            "dossier:currentStart": b.cur_start,
            "dossier:currentEnd": b.cur_end,
            "dossier:localId": b.id,
            "dossier:corpus": b.corpus,
        }
    )
    return annotation


def to_collection(bookmarks: list[Bookmark]) -> dict[str, Any]:
    return {
        "@context": [ANNO_CONTEXT, {"dossier": DOSSIER_NS}],
        "type": "AnnotationCollection",
        "label": "Dossier bookmarks",
        "generated": utc_now(),
        "total": len(bookmarks),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [to_annotation(b) for b in bookmarks],
        },
    }


def parse_collection(data: Any) -> list[Bookmark]:
    """Bookmarks from an AnnotationCollection (or an AnnotationPage, or a list of
    annotations). Raises AnnotationFormatError naming the first bad annotation."""
    items = _annotation_items(data)
    out = []
    for n, item in enumerate(items, 1):
        try:
            out.append(from_annotation(item))
        except AnnotationFormatError as exc:
            raise AnnotationFormatError(f"annotation {n}: {exc}") from None
    return out


def _annotation_items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise AnnotationFormatError("expected a JSON object (a W3C AnnotationCollection)")
    kind = data.get("type")
    if kind == "Annotation":
        return [data]
    if kind == "AnnotationPage":
        return _list(data.get("items"))
    if kind == "AnnotationCollection":
        first = data.get("first")
        if first is None:
            return []
        if not isinstance(first, dict):
            raise AnnotationFormatError("the collection's first page is not embedded")
        items: list[Any] = []
        page: Any = first
        while isinstance(page, dict):  # embedded pages chained with "next"
            items.extend(_list(page.get("items")))
            page = page.get("next")
        return items
    raise AnnotationFormatError(
        f"expected type AnnotationCollection, AnnotationPage or Annotation, not {kind!r}"
    )


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def from_annotation(item: Any) -> Bookmark:
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        raise AnnotationFormatError("not an Annotation object")
    target = item.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if not isinstance(target, dict):
        raise AnnotationFormatError("no target with selectors")
    doc = item.get("dossier:doc")
    if not isinstance(doc, str) or not doc:
        source = target.get("source")
        if not isinstance(source, str) or not source.startswith(SOURCE_PREFIX):
            raise AnnotationFormatError(f"target is not a Dossier article: {source!r}")
        doc = unquote(source.removeprefix(SOURCE_PREFIX))
    doc = visible_controls(doc)
    quote_sel, position_sel = _selectors(target.get("selector"))
    if quote_sel is None or not isinstance(quote_sel.get("exact"), str) or not quote_sel["exact"]:
        raise AnnotationFormatError("no TextQuoteSelector with an exact quote")
    quote = sanitize(quote_sel["exact"])  # imported text is untrusted, like article text
    if position_sel is not None:
        start, end = position_sel.get("start"), position_sel.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            raise AnnotationFormatError("invalid TextPositionSelector")
    else:  # positions unknown: the next re-anchoring finds the quote by its text
        start, end = 0, len(quote)
    note, tags = _bodies(item.get("body"))
    status = item.get("dossier:status")
    return Bookmark(
        id=_int_or(item.get("dossier:localId"), 0),
        doc=doc,
        quote=quote,
        prefix=_str(quote_sel.get("prefix")),
        suffix=_str(quote_sel.get("suffix")),
        start=start,
        end=end,
        content_hash=_str(item.get("dossier:contentHash")),
        note=note,
        tags=tags,
        created=_str(item.get("created")) or utc_now(),
        modified=item.get("modified") if isinstance(item.get("modified"), str) else None,
        anchor=Anchor(
            status if status in STATUSES else "orphaned",
            _int_or(item.get("dossier:currentStart"), None),
            _int_or(item.get("dossier:currentEnd"), None),
            _opt_str(item.get("dossier:matched")),
            _opt_float(item.get("dossier:score")),
        ),
        title=_opt_str(item.get("dossier:title")),
        uid=_str(item.get("id")),
        anchored_hash=None,  # re-anchored against the local corpus on the next pass
        corpus=_corpus(item.get("dossier:corpus"), target.get("scope")),
    )


def _corpus(path: Any, scope: Any) -> str | None:
    """The corpus folder's path, from ``dossier:corpus`` or a ``file:`` scope IRI."""
    if isinstance(path, str) and path:
        return safe_line(path)
    if isinstance(scope, str) and scope.startswith("file://"):
        return safe_line(unquote(urlparse(scope).path))
    return None


def _selectors(value: Any) -> tuple[dict | None, dict | None]:
    quote_sel = position_sel = None
    for sel in _list(value):
        if isinstance(sel, dict):
            if sel.get("type") == "TextQuoteSelector" and quote_sel is None:
                quote_sel = sel
            elif sel.get("type") == "TextPositionSelector" and position_sel is None:
                position_sel = sel
    return quote_sel, position_sel


def _bodies(value: Any) -> tuple[str, list[str]]:
    notes: list[str] = []
    tags: list[str] = []
    for body in _list(value):
        if isinstance(body, str):
            notes.append(sanitize(body))
            continue
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
        if body.get("purpose") == "tagging":
            tags.append(safe_line(body["value"]))
        elif body.get("purpose") in (None, "commenting", "describing"):
            notes.append(sanitize(body["value"]))
    return "\n\n".join(notes), normalize_tags(tags)


def _str(value: Any) -> str:
    return sanitize(value) if isinstance(value, str) else ""


def _opt_str(value: Any) -> str | None:
    return sanitize(value) if isinstance(value, str) else None


def _opt_float(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _int_or(value: Any, default: int | None) -> Any:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


# -- Markdown and CSV -----------------------------------------------------------


def to_markdown(bookmarks: list[Bookmark]) -> str:
    """Grouped by article (in order of first bookmark): a heading, then each quote as a
    block quote followed by its note, tags and status."""
    groups: dict[str, list[Bookmark]] = {}
    for b in bookmarks:
        groups.setdefault(b.doc, []).append(b)
    lines = ["# Dossier bookmarks", ""]
    for doc, items in groups.items():
        title = next((b.title for b in items if b.title), None)
        lines.append(f"## {_one_line(title)} ({doc})" if title else f"## {doc}")
        lines.append("")
        for b in sorted(items, key=lambda b: (b.cur_start is None, b.cur_start or 0, b.id)):
            lines.extend("> " + line if line else ">" for line in b.quote.splitlines() or [""])
            lines.append("")
            if b.note:
                lines.extend(b.note.splitlines())
                lines.append("")
            meta = [f"bookmark {b.id}", b.status, b.created]
            if b.tags:
                meta.append("tags: " + ", ".join(f"#{t}" for t in b.tags))
            lines.append("*" + " · ".join(meta) + "*")
            if b.status == "fuzzy" and b.matched is not None:
                lines.append("")
                lines.append("Now reads:")
                lines.append("")
                lines.extend("> " + line if line else ">" for line in b.matched.splitlines())
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def to_csv(bookmarks: list[Bookmark]) -> str:
    """One row per bookmark; tags joined with '; '; start/end are the current offsets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for b in bookmarks:
        writer.writerow(
            [
                b.id,
                b.doc,
                b.title or "",
                b.quote,
                b.matched or "",
                b.note,
                "; ".join(b.tags),
                b.created,
                b.status,
                "" if b.score is None else b.score,
                "" if b.cur_start is None else b.cur_start,
                "" if b.cur_end is None else b.cur_end,
                b.corpus or "",
            ]
        )
    return out.getvalue()
