"""The analyzer shared by indexing, querying and span finding.

Words are runs of letters, digits and combining marks (so ``4`` and stop words are
kept, ``Korea’s`` yields ``korea`` + ``s``, a decomposed "café" stays one word); CJK
ideographs and kana are one token each; a run of Hangul gives its overlapping
character pairs (``미사일을`` -> 미사, 사일, 일을: ``미사일`` is the phrase 미사 사일, so a
word is found with its particles). Tokens are folded for matching (:func:`fold`: NFKC,
full case folding, accents removed: ``Zürich`` -> ``zurich``, ``İZMİR`` -> ``izmir``,
``ΟΔΟΣ`` -> ``οδοσ``) while their offsets stay those of the text as written.
Positions jump by :data:`PARAGRAPH_GAP` at every line break, so a phrase can never
match across a paragraph break.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import Composable, Filter, Token, Tokenizer
from whoosh.fields import TEXT

from index.codec import FlatPositions

PARAGRAPH_GAP = 10
TITLE_BOOST = 2.0
MAX_TOKEN_CHARS = 120

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD = re.compile(rf"[{_CJK}]|[{_HANGUL}]+|(?:[^\W{_CJK}{_HANGUL}]|[{_MARKS}])+")
_HANGUL_RUN = re.compile(rf"[{_HANGUL}]")


def fold(word: str) -> str:
    """The form a word is matched by: NFKC, full case folding, accents removed."""
    if word.isascii():
        return word.lower()
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", word).casefold())
    return unicodedata.normalize("NFC", "".join(c for c in folded if not unicodedata.combining(c)))


class ParagraphTokenizer(Tokenizer):
    """Like RegexTokenizer, with a position gap wherever a newline separates two tokens."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ParagraphTokenizer)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        pos = start_pos - 1
        prev_end = 0
        for match in WORD.finditer(value):
            start, end = match.span()
            pos += PARAGRAPH_GAP if "\n" in value[prev_end:start] and prev_end else 1
            prev_end = end
            if end - start > MAX_TOKEN_CHARS:
                continue
            word = match.group(0)
            if _HANGUL_RUN.match(word) and len(word) > 2:  # overlapping pairs
                for k in range(len(word) - 1):
                    t.text = word[k : k + 2]
                    t.boost = 1.0
                    if keeporiginal:
                        t.original = t.text
                    t.stopped = False
                    if positions:
                        t.pos = pos + k
                    if chars:
                        t.startchar = start_char + start + k
                        t.endchar = start_char + start + k + 2
                    yield t
                pos += len(word) - 2
                continue
            t.text = word
            t.boost = 1.0
            if keeporiginal:
                t.original = t.text
            t.stopped = False
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


class FoldFilter(Filter):
    """Tokens folded by :func:`fold` (Whoosh's LowercaseFilter, extended)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FoldFilter)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        for t in tokens:
            t.text = fold(t.text)
            yield t


def text_analyzer() -> Composable:
    return ParagraphTokenizer() | FoldFilter()


PostingItem = tuple[bytes, int, float, bytes]  # term, frequency, weight, encoded positions


@dataclass(frozen=True)
class Analyzed:
    """A field value already turned into its postings (in a worker process)."""

    items: list[PostingItem]


class AnalyzedText(TEXT):
    """A TEXT field that also takes an :class:`Analyzed` value, so that tokenizing and
    encoding positions can run in the process pool while the parent only writes the
    index (the parent's Whoosh writer is the critical path of an update)."""

    def index(self, value: object, **kwargs: object) -> object:  # type: ignore[override]
        if isinstance(value, Analyzed):
            return value.items
        return super().index(value, **kwargs)


def text_field(field_boost: float = 1.0) -> AnalyzedText:
    field = AnalyzedText(
        analyzer=text_analyzer(), field_boost=field_boost, multitoken_query="phrase"
    )
    field.format = FlatPositions(field_boost=field_boost)
    return field


def analyze(field: TEXT, value: str) -> Analyzed:
    """What ``field`` would index for ``value``, computed here."""
    return Analyzed(list(field.index(value)))


@dataclass(frozen=True)
class Tok:
    text: str
    pos: int
    start: int
    end: int


def tokens(text: str) -> list[Tok]:
    """The analyzed tokens of a text with their positions and character offsets."""
    return [
        Tok(t.text, t.pos, t.startchar, t.endchar)
        for t in text_analyzer()(text, positions=True, chars=True)
    ]


TEXT_FIELDS = {"title": TITLE_BOOST, "body": 1.0, "source": 1.0}  # name -> field boost


def text_fields() -> dict[str, AnalyzedText]:
    """The index's text fields (the schema has these; the pool analyzes with them)."""
    return {name: text_field(boost) for name, boost in TEXT_FIELDS.items()}


_fields = lru_cache(maxsize=1)(text_fields)  # one set per process


def analyze_article(title: str, text: str, source: str) -> dict[str, Analyzed]:
    """The postings of an article's text fields (the same as the index's own fields give)."""
    values = {"title": title, "body": text, "source": source}
    return {name: analyze(field, values[name]) for name, field in _fields().items()}
