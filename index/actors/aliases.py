"""The user's corrections to the actor list: merge, rename, ignore, with undo.

The table is a list of operations, applied in order on top of the automatic corpus merge
at display and query time (no re-indexing). A name refers to a corpus actor by its
canonical name, an article-level name (member) or any alias, compared by ``actor_key``.

- ``merge(a, b)``: a and b are one actor; the result keeps **b's** name and type.
- ``rename(a, new)``: the actor holding a is shown as ``new``.
- ``ignore(a)``: the actor holding a is hidden.

File format (JSON): ``{"version": 1, "ops": [{"op": "merge", "a": ..., "b": ...}, ...]}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from index.actors.keys import actor_key

__all__ = ["AliasEntry", "AliasTable", "AliasTableError"]

_VERSION = 1
_OPS = ("merge", "rename", "ignore")

Node = tuple[str, str]  # (type, article-level name)


class AliasTableError(Exception):
    """The alias table file exists but cannot be read as an alias table."""


@dataclass(frozen=True)
class AliasEntry:
    op: str  # merge | rename | ignore
    a: str
    b: str | None = None  # merge: the actor a joins; rename: the new name

    def describe(self) -> str:
        if self.op == "merge":
            return f"merge {self.a!r} into {self.b!r}"
        if self.op == "rename":
            return f"rename {self.a!r} to {self.b!r}"
        return f"ignore {self.a!r}"

    def to_json(self) -> dict:
        d = {"op": self.op, "a": self.a}
        if self.b is not None:
            d["b"] = self.b
        return d


@dataclass
class AliasTable:
    path: Path
    ops: list[AliasEntry] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> AliasTable:
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise AliasTableError(f"{path}: cannot read the alias table ({exc})") from exc
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or not isinstance(data.get("ops"), list):
                raise ValueError("expected an object with an 'ops' list")
            ops = []
            for i, d in enumerate(data["ops"]):
                if (
                    not isinstance(d, dict)
                    or d.get("op") not in _OPS
                    or not isinstance(d.get("a"), str)
                ):
                    raise ValueError(f"entry {i} is not a merge/rename/ignore operation")
                b = d.get("b")
                if d["op"] != "ignore" and not isinstance(b, str):
                    raise ValueError(f"entry {i} ({d['op']}) lacks its second name")
                ops.append(AliasEntry(d["op"], d["a"], b if d["op"] != "ignore" else None))
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            raise AliasTableError(f"{path}: corrupt alias table: {exc}") from exc
        return cls(path, ops)

    # -- edits ---------------------------------------------------------------------------
    def merge(self, a: str, b: str) -> None:
        """a and b are the same actor; the merged actor keeps b's name."""
        self._add(AliasEntry("merge", a, b))

    def rename(self, a: str, new: str) -> None:
        self._add(AliasEntry("rename", a, new))

    def ignore(self, a: str) -> None:
        self._add(AliasEntry("ignore", a))

    def undo(self) -> str | None:
        if not self.ops:
            return None
        return "undid: " + self.ops.pop().describe()

    def entries(self) -> list[AliasEntry]:
        return list(self.ops)

    def _add(self, entry: AliasEntry) -> None:
        for name in (entry.a, entry.b):
            if name is not None and not actor_key(name):
                raise ValueError(f"empty actor name: {name!r}")
        self.ops.append(entry)

    def save(self) -> None:
        """Atomic write (``index.atomic.write_atomically``)."""
        from index.atomic import write_atomically

        data = {"version": _VERSION, "ops": [e.to_json() for e in self.ops]}
        write_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    # -- application ---------------------------------------------------------------------
    def apply(
        self,
        groups: list[list[Node]],
        canon: dict[Node, Node],
        keys: dict[Node, set[str]],
    ) -> tuple[dict[Node, Node], set[Node]]:
        """Apply the operations to the automatic clusters.

        ``canon`` maps each article-level node to its corpus actor (type, name); ``keys``
        gives the name and alias keys of each node. Returns the new mapping and the hidden
        corpus actors. Operations naming an unknown actor are skipped.
        """
        canon = dict(canon)
        hidden: set[Node] = set()

        def members(target: Node) -> list[Node]:
            return [n for n, c in canon.items() if c == target]

        def find(name: str) -> Node | None:
            k = actor_key(name)
            for c in set(canon.values()):  # canonical names first
                if actor_key(c[1]) == k:
                    return c
            for n, c in canon.items():
                if actor_key(n[1]) == k:
                    return c
            for n, c in canon.items():
                if k in keys.get(n, ()):
                    return c
            return None

        for e in self.ops:
            src = find(e.a)
            if src is None:
                continue
            if e.op == "ignore":
                hidden.add(src)
            elif e.op == "rename":
                new = (src[0], e.b or src[1])
                for n in members(src):
                    canon[n] = new
                if src in hidden:
                    hidden.discard(src)
                    hidden.add(new)
            elif e.op == "merge":
                dst = find(e.b or "")
                if dst is None or dst == src:
                    continue
                for n in members(src):
                    canon[n] = dst
        return canon, hidden
