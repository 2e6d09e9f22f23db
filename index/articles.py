"""Reading one article file: raw bytes -> a cleaned :class:`Article`.

A file is a title line followed by paragraphs. Scraper debris (date prefixes,
section names glued to the title, "Published:" lines, timestamps, image
credits, copyright footers, "Comments are closed.", a line repeated right
after itself) is kept out of the displayed and indexed text. The file on disk
is never modified.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from index.textclean import UnreadableFile, decode, sanitize, visible_controls

__all__ = ["Article", "UnreadableFile", "article_id", "parse_article", "read_article"]

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"

_DATE_PREFIX = re.compile(r"^\s*date:?\s+(\d{4})-(\d{2})-(\d{2})\s+(.+)$", re.I)
_PUBLISHED = re.compile(
    rf"^\s*(?:Published|Posted|Updated|Date)(?: on)?:?\s*(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})\b.*$",
    re.I,
)
_PUBLISHED_MDY = re.compile(
    rf"^\s*(?:Published|Posted|Updated|Date)(?: on)?:?\s*({_MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})\b.*$",
    re.I,
)
_PUBLISHED_ISO = re.compile(
    r"^\s*(?:Published|Posted|Updated|Date)(?: on)?:?\s*(\d{4})-(\d{2})-(\d{2})\b.*$", re.I
)
# "10:03 AM EDT, October 21, 2024" or "October 21, 2024" alone on a line
_TIMESTAMP = re.compile(
    rf"^\s*(?:\d{{1,2}}:\d{{2}}(?:\s*[AP]\.?M\.?)?(?:\s+[A-Z]{{2,5}})?,?\s+)?"
    rf"({_MONTH})\s+(\d{{1,2}}),\s+(\d{{4}})\s*$",
    re.I,
)
_MENAFN = re.compile(r"^\s*\(MENAFN\s*-\s*((?:[^()]|\([^()]*\))*)\)\s*")
_DATELINE_SOURCE = re.compile(
    r"^[A-Z][A-Z .'-]{1,40},\s+(?:[A-Z][a-z]+\.?\s+\d{1,2}\s+)?\(([A-Z][A-Za-z&. -]{1,30})\)\s+(?:--|-|—)"
)
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)\s|copyright\b)", re.I)
_SITE = re.compile(r"^[\w.-]+\.(?:com|net|org|co\.\w\w|pl|de|fr|uk|info|news)$", re.I)
_CREDIT = re.compile(r"^\s*(?:images?|photos?|pictures?)(?:\s+(?:source|credit))?s?\s*:", re.I)
_CHROME = re.compile(
    r"^\s*(?:comments are closed\.?|what'?s your reaction\??|share this(?: article)?:?|"
    r"read more:?|related articles?:?|advertisement|follow us(?: on .*)?|"
    r"all rights reserved\.?|\(end\)|reuter)\s*$",
    re.I,
)
_LEGAL = re.compile(
    r"all rights reserved|prior (?:and explicit |written )?(?:consent|permission)|"
    r"without (?:the )?(?:prior )?(?:written )?permission|may not be (?:re)?published|"
    r"reproduction.{0,80}(?:prohibited|forbidden|requires)",
    re.I,
)
_TRAILING_END = re.compile(r"\s*\((?:end|ends)\)\s*$", re.I)
_ONLY_PUNCT = re.compile(r"^[\W_]{1,3}$")


@dataclass
class Article:
    id: str
    path: str
    title: str
    date: str | None
    source: str | None
    text: str
    paragraphs: list[tuple[int, int]]
    content_hash: str
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)

    def paragraph_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.paragraphs]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "text": self.text,
            "paragraphs": [list(p) for p in self.paragraphs],
        }


def article_id(path: Path, root: Path) -> str:
    rel = visible_controls(path.relative_to(root).as_posix())  # shown in the app and the CLI
    return rel[:-4] if rel.lower().endswith(".txt") else rel


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def read_article(path: Path, root: Path) -> Article:
    """Read and clean one file. Raises UnreadableFile (with the reason) for non-articles."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot read ({exc.strerror or exc})") from exc
    return parse_article(raw, article_id(path, root), str(path))


def parse_article(raw: bytes, doc_id: str, path: str = "") -> Article:
    if not raw.strip():
        raise UnreadableFile("empty file")
    decoded = decode(raw)
    text = sanitize(decoded.text)
    if not text.strip():
        raise UnreadableFile("empty file (whitespace only)")
    warnings = []
    if decoded.fallback:
        warnings.append(f"not valid UTF-8; decoded as {decoded.encoding}")
    meta = _parse(text)
    return Article(
        id=doc_id,
        path=path,
        title=meta.title,
        date=meta.date,
        source=meta.source,
        text="\n\n".join(meta.paragraphs),
        paragraphs=_spans(meta.paragraphs),
        content_hash=content_hash(raw),
        encoding=decoded.encoding,
        warnings=warnings,
    )


@dataclass
class _Parsed:
    title: str
    date: str | None
    source: str | None
    paragraphs: list[str]


def _spans(paragraphs: list[str]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for p in paragraphs:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 2
    return spans


def _iso(year: str, month: str | int, day: str) -> str | None:
    m = month if isinstance(month, int) else MONTHS.get(month.lower().rstrip(".")[:3], 0)
    if isinstance(month, str) and month.isdigit():
        m = int(month)
    y, d = int(year), int(day)
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1000 <= y <= 9999):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _meta_date(line: str) -> str | None:
    """The date of a metadata line ("Published: ...", a lone timestamp), else None."""
    if m := _PUBLISHED.match(line):
        return _iso(m.group(3), m.group(2), m.group(1))
    if m := _PUBLISHED_MDY.match(line):
        return _iso(m.group(3), m.group(1), m.group(2))
    if m := _PUBLISHED_ISO.match(line):
        return _iso(m.group(1), m.group(2), m.group(3))
    if m := _TIMESTAMP.match(line):
        return _iso(m.group(3), m.group(1), m.group(2))
    return None


def _collapse(line: str) -> str:
    return " ".join(line.split())


def _blocks(text: str) -> list[str]:
    """Paragraphs: blank-line separated blocks when the text is hard-wrapped, else lines."""
    lines = text.split("\n")
    nonempty = [ln for ln in lines if ln.strip()]
    wrapped = (
        len(nonempty) >= 4
        and max(len(ln) for ln in nonempty) <= 100
        and sum(1 for ln in nonempty if 40 <= len(ln) <= 100) >= 0.6 * len(nonempty)
        and any(a.strip() and b.strip() for a, b in itertools.pairwise(lines))
    )
    if not wrapped:
        return [c for ln in nonempty if (c := _collapse(ln))]
    blocks, current = [], []
    for ln in lines:
        if ln.strip():
            current.append(ln.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return [c for b in blocks if (c := _collapse(b))]


def _is_trailing_debris(p: str) -> bool:
    return bool(
        _CHROME.match(p)
        or _COPYRIGHT.match(p)
        or _SITE.match(p)
        or _CREDIT.match(p)
        or _ONLY_PUNCT.match(p)
        or (len(p) > 80 and _LEGAL.search(p))
    )


def _parse(text: str) -> _Parsed:
    paras = _blocks(text)
    title = paras.pop(0) if paras else ""
    date: str | None = None
    source: str | None = None

    if m := _DATE_PREFIX.match(title):
        date = _iso(m.group(1), m.group(2), m.group(3))
        title = m.group(4).strip()

    # A section name glued to the title ("NewsSouth korea urges ..."), the clean
    # title repeated just below: keep the clean one, drop the repetition.
    for i, p in enumerate(paras[:3]):
        if p != title and title.endswith(p) and len(p) >= 0.6 * len(title) and len(p) >= 12:
            title = p
            del paras[i]
            break
        if p == title:
            del paras[i]
            break

    body: list[str] = []
    for p in paras:
        if (d := _meta_date(p)) is not None:
            date = date or d
            continue
        if m := _MENAFN.match(p):
            source = source or m.group(1).strip() or None
            p = p[m.end() :].strip()
            if not p:
                continue
        if _CREDIT.match(p) or _CHROME.match(p):
            continue
        if body and body[-1] == p:  # a line repeated right after itself
            continue
        body.append(p)

    # Trailing debris: copyright footers, site names, legal notices, page chrome.
    while body and _is_trailing_debris(body[-1]):
        last = body.pop()
        if source is None and (m := re.match(r"^\s*(?:©|\(c\))\s*(\S+\.\w{2,})\s*$", last)):
            source = m.group(1)
    if body:
        body[-1] = _TRAILING_END.sub("", body[-1]) or body[-1]
        if not body[-1].strip():
            body.pop()

    if source is None:
        for p in body[:2]:
            if m := _DATELINE_SOURCE.match(p):
                source = m.group(1).strip()
                break
    return _Parsed(title=title, date=date, source=source, paragraphs=body)
