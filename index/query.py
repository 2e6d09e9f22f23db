"""User query text -> a Whoosh query, with one-line errors for what cannot be parsed.

The syntax is Whoosh's: AND by default, quoted phrases, OR, NOT, field:value,
``*`` wildcards, ``~`` fuzzy terms, dates (``date:2025``,
``date:[2024-10-01 to 2025-06-30]``) and ``actor:"Name"``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.matching import NullMatcher, RequireMatcher
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser, SingleQuotePlugin

from index.analysis import TEXT_FIELDS, tokens
from index.dates import DateError, DateField, day_bounds
from index.patterns import PrefixPhrase, fast_pattern
from index.phrase import fast_phrase

SEARCH_FIELDS = ("title", "body")
FIELDS = ("title", "body", "date", "source", "actor", "id")
HIDDEN_FIELDS = ("sortdate",)
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", "TO"})


class QueryError(ValueError):
    """A query that cannot be parsed; the message is one line, fit for a user."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


@dataclass
class ParsedQuery:
    text: str
    query: wq.Query
    terms: set[tuple[str, str]] = field(default_factory=set)  # (field, word) to highlight
    phrases: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    patterns: list[tuple[str, wq.Query]] = field(default_factory=list)  # wildcard / fuzzy
    actor_keys: set[str] = field(default_factory=set)
    prefix_phrase: tuple[str, ...] | None = None  # the phrase whose last word is a prefix
    prefix_phrases: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    sloppy: list[tuple[str, tuple[str, ...], int]] = field(default_factory=list)  # "a b"~3

    @property
    def is_empty(self) -> bool:
        return isinstance(self.query, wq.Every)


_FIELD_REF = re.compile(r"(?<![\w\"'])([A-Za-z_][\w]*):")
_DATE_VALUE = re.compile(r"\bdate:\s*(\[[^\]]*\]?|[<>]=?\s*\S+|\S+)", re.I)


def outside_quotes(text: str) -> str:
    """The text with quoted stretches blanked out (same length), for syntax checks."""
    out, quoted = [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            out.append(ch)
        else:
            out.append(" " if quoted else ch)
    return "".join(out)


def close_quotes(text: str) -> str:
    """An unterminated quote at the end is read as closed there."""
    return text + '"' if text.count('"') % 2 else text


def _check_syntax(text: str, schema_fields: Iterable[str]) -> None:
    bare = outside_quotes(text)
    depth = 0
    for ch in bare:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            raise QueryError("unbalanced parentheses: ')' without '('")
    if depth > 0:
        raise QueryError("unbalanced parentheses: '(' without ')'")
    known = set(schema_fields) - set(HIDDEN_FIELDS)
    for m in _FIELD_REF.finditer(bare):
        name = m.group(1)
        if name.lower() not in known:
            raise QueryError(
                f"unknown field '{name}' (fields: {', '.join(f for f in FIELDS if f in known)})"
            )
        rest = bare[m.end() :]
        if not rest or rest[0].isspace() or rest[0] == ")":
            raise QueryError(f"field '{name}:' needs a value")


def _lower_field_names(text: str) -> str:
    """``TITLE:kim`` and ``Title:kim`` are ``title:kim`` (Whoosh's field names are
    case-sensitive: they silently matched nothing)."""
    bare = outside_quotes(text)
    out = list(text)
    for m in _FIELD_REF.finditer(bare):
        s, e = m.span(1)
        out[s:e] = list(text[s:e].lower())
    return "".join(out)


def _check_dates(text: str) -> None:
    for m in _DATE_VALUE.finditer(outside_quotes(text)):
        value = m.group(1).strip()
        try:
            if value.startswith("["):
                if not value.endswith("]"):
                    raise QueryError(f"unterminated date range '{value}'")
                parts = re.split(r"\s+to\s+", value[1:-1].strip(), flags=re.I)
                if len(parts) != 2:
                    raise QueryError(
                        f"invalid date range '{value}' (use [2024-01-01 to 2024-12-31])"
                    )
                start, end = (p.strip() or None for p in parts)
                day_bounds(start, end)
            else:
                op = re.match(r"[<>]=?|=[<>]", value)
                rel = op.group(0) if op else ""
                day = value[len(rel) :].strip()
                if not day:
                    raise QueryError(f"invalid date '{value}' (use YYYY, YYYY-MM or YYYY-MM-DD)")
                day_bounds(day, day)
        except DateError as exc:
            raise QueryError(str(exc)) from exc


_DATE_OP = re.compile(r"\bdate:\s*([<>]=?|=[<>])", re.I)


def _angle_brackets(text: str) -> str:
    """``<`` and ``>`` compare only right after ``date:``; elsewhere (``<IBM>``, a Reuters
    ticker) they are punctuation, as the analyzer reads them in articles."""
    bare = outside_quotes(text)
    keep = {i for m in _DATE_OP.finditer(bare) for i in range(*m.span(1))}
    out = list(text)
    for m in re.finditer(r"[<>]", bare):
        i = m.start()
        if i not in keep:
            out[i] = "" if i > 0 and bare[i - 1] == ":" else " "
    return "".join(out)


def _parser_schema(schema: Any) -> Any:
    """The schema as the parser sees it: ``date`` queries become :class:`DateSpan`s."""
    view = copy.copy(schema)
    view._fields = dict(schema._fields)
    view._fields["date"] = DateField()
    return view


def make_parser(schema: object) -> MultifieldParser:
    parser = MultifieldParser(list(SEARCH_FIELDS), _parser_schema(schema))
    parser.remove_plugin_class(SingleQuotePlugin)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(GtLtPlugin())
    return parser


_LAST_WORD = re.compile(r"(?:^|(?<=[\s(]))(?:(?:title|body|source):)?(\w+)$", re.I)
_LAST_PHRASE_WORD = re.compile(r"\"([^\"]*\w)$")


def _as_prefix(text: str) -> tuple[str, tuple[str, ...] | None]:
    """The query with its last word made a prefix (``opec quo`` -> ``opec quo*``), when the
    text ends right after a word; a phrase still open (``"opec quo``) is returned with
    its words, the last of which is a prefix. A word followed by a space is complete."""
    if not text or not text[-1].isalnum():
        return text, None
    if text.count('"') % 2:  # inside a phrase being typed
        m = _LAST_PHRASE_WORD.search(text)
        words = tuple(t.text for t in tokens(m.group(1))) if m else ()
        if len(words) >= 2:
            return text + '"', words
        if len(words) == 1 and re.fullmatch(r"\s*\w+", m.group(1)):  # type: ignore[union-attr]
            return text[: m.start()] + m.group(1).strip() + "*", None  # type: ignore[union-attr]
        return text, None
    m = _LAST_WORD.search(text)
    if m is None or m.group(1) in OPERATORS:
        return text, None
    return text + "*", None


def parse_query(
    text: str,
    parser: MultifieldParser,
    expand_actor: Callable[[str], set[str]] | None = None,
    prefix: bool = False,
) -> ParsedQuery:
    """Parse ``text``; raise :class:`QueryError` with a one-line message if it is malformed.

    With ``prefix``, the word the text ends with matches every word starting with it."""
    stripped = text.strip()
    if not stripped:
        return ParsedQuery(text, wq.Every())
    prefix_phrase = None
    if prefix:
        stripped, prefix_phrase = _as_prefix(text.lstrip())
    stripped = close_quotes(stripped)
    if re.fullmatch(r'[\s*"]*', stripped):  # "*": every article (Whoosh walked every term: 21 s)
        return ParsedQuery(text, wq.Every(), prefix_phrase=prefix_phrase)
    schema = parser.schema
    _check_syntax(stripped, schema.names())
    stripped = _lower_field_names(stripped)
    _check_dates(stripped)
    stripped = _angle_brackets(stripped)
    try:
        q = parser.parse(stripped)
    except Exception as exc:  # whoosh raises plain Exception for some input
        raise QueryError(
            f"cannot parse query: {str(exc).splitlines()[0] if str(exc) else exc}"
        ) from exc
    parsed = ParsedQuery(text, wq.NullQuery, prefix_phrase=prefix_phrase)
    parsed.query = _rewrite(q, parsed, expand_actor or (lambda key: {key}), negated=False)
    if parsed.query is wq.NullQuery:
        if _only_wildcards(stripped):
            return ParsedQuery(text, wq.Every())
        raise QueryError("the query has no searchable words")
    return parsed


def _only_wildcards(text: str) -> bool:
    return not re.search(r"[^\s*?\"]", text)


class Require(wq.Require):
    """``a REQUIRE b``: the articles matching both, scored by ``a`` alone. (Whoosh 2.7.4's
    ``Require.matcher`` returns an ``AndNotMatcher``: the articles of ``a`` *without*
    ``b``, while its count was of those with it.)"""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        scored = self.a.matcher(searcher, context)
        required = self.b.matcher(searcher, searcher.boolean_context())
        if not (scored.is_active() and required.is_active()):
            return NullMatcher()
        return RequireMatcher(scored, required)


def _rewrite(
    q: wq.Query, parsed: ParsedQuery, expand: Callable[[str], set[str]], negated: bool
) -> wq.Query:
    """Expand actor terms and collect what to highlight (not under NOT)."""
    from index.actors import actor_key

    if isinstance(q, wq.Not):
        inner = _rewrite(q.query, parsed, expand, negated=not negated)
        return wq.Not(inner)
    if isinstance(q, wq.BinaryQuery):  # ANDNOT, ANDMAYBE, REQUIRE: two parts, not a list
        a = _rewrite(q.a, parsed, expand, negated)
        b = _rewrite(q.b, parsed, expand, negated != isinstance(q, wq.AndNot))
        if isinstance(q, wq.Require):
            return Require(a, b)
        return q.__class__(a, b)
    if isinstance(q, wq.compound.CompoundQuery):
        kids = [_rewrite(c, parsed, expand, negated) for c in q.subqueries]
        kids = [k for k in kids if k is not wq.NullQuery]
        if not kids:
            return wq.NullQuery
        return q.__class__(kids, boost=q.boost)
    fieldname = getattr(q, "fieldname", None)
    if fieldname == "actor":
        words = q.words if isinstance(q, wq.Phrase) else [getattr(q, "text", "")]
        key = actor_key(" ".join(str(w) for w in words))
        keys = expand(key) or {key}
        if not negated:
            parsed.actor_keys |= keys
        return (
            wq.Or([wq.Term("actor", k) for k in sorted(keys)])
            if len(keys) > 1
            else wq.Term("actor", next(iter(keys)))
        )
    if isinstance(q, wq.Phrase):
        if parsed.prefix_phrase and tuple(q.words) == parsed.prefix_phrase and q.slop == 1:
            q = PrefixPhrase(q.fieldname, q.words, boost=q.boost)
        else:
            q = fast_phrase(q)
    elif fieldname in TEXT_FIELDS:
        q = fast_pattern(q)
    if not negated and fieldname in SEARCH_FIELDS:
        if isinstance(q, PrefixPhrase):
            parsed.prefix_phrases.append((fieldname, tuple(q.words)))
        elif isinstance(q, wq.Phrase) and q.slop > 1:
            parsed.sloppy.append((fieldname, tuple(q.words), q.slop))
        elif isinstance(q, wq.Phrase):
            parsed.phrases.append((fieldname, tuple(q.words)))
        elif isinstance(q, (wq.FuzzyTerm, wq.Prefix, wq.Wildcard)):
            parsed.patterns.append((fieldname, q))
        elif isinstance(q, wq.Term):
            parsed.terms.add((fieldname, q.text))
    return q
