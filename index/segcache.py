"""Per-segment data derived once and kept as long as the segment's reader lives."""

from __future__ import annotations

from typing import Any

_ATTR = "_dossier_cache"


def segment_cache(reader: Any) -> dict[str, Any]:
    """A dict that lives on ``reader`` (a searcher's segment reader): sorted columns,
    sorted term lists. Dropped with the reader when the searcher is refreshed."""
    cache = reader.__dict__.get(_ATTR)
    if cache is None:
        cache = reader.__dict__[_ATTR] = {}
    return cache
