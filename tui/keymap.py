"""The user's key remapping: ``[keys]`` in ``keymap.toml``, binding id -> keys.

    [keys]
    next_match = "f3"
    prev_match = "shift+f3,N"

The ids are the ``Binding(id=...)`` of the app's bindings (the help screen lists them).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class KeymapLoad:
    keymap: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def load_keymap(path: Path, known_ids: Iterable[str]) -> KeymapLoad:
    """Read ``path``; unknown ids and bad values are reported in ``errors``, not raised."""
    out = KeymapLoad()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return out
    except OSError as exc:
        out.errors.append(f"cannot read {path.name}: {exc.strerror or exc}")
        return out
    try:
        data = tomllib.loads(raw.decode("utf-8", "replace"))
    except tomllib.TOMLDecodeError as exc:
        out.errors.append(f"{path.name}: {exc}")
        return out
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        out.errors.append(f"{path.name}: [keys] must be a table")
        return out
    known = set(known_ids)
    for binding_id, value in keys.items():
        if binding_id not in known:
            out.errors.append(f"{path.name}: unknown binding id {binding_id!r}")
            continue
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        if not isinstance(value, str) or not value.strip():
            out.errors.append(f"{path.name}: {binding_id} must be a key string")
            continue
        out.keymap[binding_id] = ",".join(k.strip() for k in value.split(",") if k.strip())
    return out
