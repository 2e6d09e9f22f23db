"""Edits of the query text that the app makes for the user, visible in the query box:
adding or removing a ``source:"..."`` / ``actor:"..."`` filter (facets). The date term
of the timeline is :func:`index.timeline.set_date_range`. Pure functions of the text."""

from __future__ import annotations

import re

__all__ = ["filter_term", "has_filter", "toggle_filter"]


def filter_term(field: str, value: str) -> str:
    """``field:"value"`` (double quotes in the value dropped: they cannot be escaped)."""
    clean = " ".join(value.replace('"', " ").split())
    return f'{field}:"{clean}"'


def _pattern(term: str) -> re.Pattern[str]:
    field, _, value = term.partition(":")
    words = value.strip('"').split()
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(rf'(?<![\w"]){re.escape(field)}:\s*"\s*{body}\s*"', re.I)


def has_filter(query: str, field: str, value: str) -> bool:
    return bool(_pattern(filter_term(field, value)).search(query))


def toggle_filter(query: str, field: str, value: str) -> str:
    """The query narrowed by ``field:"value"``, or without it when it is there already."""
    term = filter_term(field, value)
    pattern = _pattern(term)
    if pattern.search(query):
        return " ".join(pattern.sub(" ", query).split())
    query = query.strip()
    return f"{query} {term}" if query else term
