"""Per-segment data derived once and kept as long as the segment's reader lives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

_ATTR = "_dossier_cache"


def segment_cache(reader: Any) -> dict[str, Any]:
    """A dict that lives on ``reader`` (a searcher's segment reader): sorted columns,
    sorted term lists. Dropped with the reader when the searcher is refreshed."""
    cache = reader.__dict__.get(_ATTR)
    if cache is None:
        cache = reader.__dict__[_ATTR] = {}
    return cache


def segment_id(reader: Any) -> str | None:
    segment = getattr(reader, "segment", lambda: None)()
    return segment.segment_id() if segment is not None else None


def derived_file(
    reader: Any, key: str, marker: str, opener: Callable[[Path, str], T], errors: tuple
) -> T | None:
    """The segment's derived file (prefix, forward, next-word: ``opener(folder, sid)``),
    opened once and kept on the reader; None while ``<segment><marker>`` (written last)
    is missing, or when it cannot be read (``errors``: then searched without it)."""
    cache = segment_cache(reader)
    got = cache.get(key)
    if got is None:  # not cached, or not written yet when last asked
        sid = segment_id(reader)
        folder = getattr(getattr(reader, "_storage", None), "folder", None)
        if sid is None or folder is None or not (Path(folder) / (sid + marker)).exists():
            return None
        try:
            got = cache[key] = opener(Path(folder), sid)
        except errors:
            return None
    return got
