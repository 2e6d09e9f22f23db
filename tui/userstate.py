"""What the app remembers between runs: search history and reading positions.

Both are small JSON files in the user's state dir, written atomically
(``index.atomic.write_atomically``), so a crash never leaves half a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.api import write_atomically

HISTORY_LIMIT = 200
POSITIONS_LIMIT = 5000


def read_json(path: Path, default: Any) -> Any:
    """The file's JSON, or ``default`` when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def write_json_atomic(path: Path, data: Any) -> None:
    write_atomically(path, json.dumps(data, ensure_ascii=False, indent=1))


@dataclass
class SearchHistory:
    """Past queries, oldest first, browsed with up/down like a shell history."""

    path: Path
    entries: list[str] = field(default_factory=list)
    limit: int = HISTORY_LIMIT
    _cursor: int | None = None  # index into entries while browsing
    _draft: str = ""

    @classmethod
    def load(cls, path: Path) -> SearchHistory:
        data = read_json(path, {})
        items = data.get("queries", []) if isinstance(data, dict) else []
        return cls(path, [q for q in items if isinstance(q, str) and q.strip()][-HISTORY_LIMIT:])

    def add(self, query: str) -> None:
        """Remember ``query`` as the newest entry (once) and save."""
        self.reset()
        query = query.strip()
        if not query:
            return
        if self.entries and self.entries[-1] == query:
            return
        if query in self.entries:
            self.entries.remove(query)
        self.entries.append(query)
        del self.entries[: -self.limit]
        self.save()

    def save(self) -> None:
        write_json_atomic(self.path, {"version": 1, "queries": self.entries})

    def older(self, current: str) -> str | None:
        """The entry before the one shown (``current`` is kept as the draft); None at the start."""
        if not self.entries:
            return None
        if self._cursor is None:
            self._draft = current
            self._cursor = len(self.entries)
        if self._cursor == 0:
            return None
        self._cursor -= 1
        return self.entries[self._cursor]

    def newer(self) -> str | None:
        """The entry after the one shown, the draft past the newest; None when not browsing."""
        if self._cursor is None:
            return None
        self._cursor += 1
        if self._cursor >= len(self.entries):
            self._cursor = None
            return self._draft
        return self.entries[self._cursor]

    def reset(self) -> None:
        self._cursor = None
        self._draft = ""


@dataclass
class ReadingPositions:
    """Where the reader was in each article: a character offset into its text."""

    path: Path
    offsets: dict[str, int] = field(default_factory=dict)
    limit: int = POSITIONS_LIMIT
    dirty: bool = False

    @classmethod
    def load(cls, path: Path) -> ReadingPositions:
        data = read_json(path, {})
        items = data.get("positions", {}) if isinstance(data, dict) else {}
        offsets = {
            k: v
            for k, v in items.items()
            if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
        }
        return cls(path, offsets)

    def get(self, doc_id: str) -> int | None:
        return self.offsets.get(doc_id)

    def set(self, doc_id: str, offset: int) -> None:
        if self.offsets.get(doc_id) == offset:
            return
        self.offsets.pop(doc_id, None)  # the newest last, so the oldest are dropped first
        if offset > 0:
            self.offsets[doc_id] = offset
        while len(self.offsets) > self.limit:
            del self.offsets[next(iter(self.offsets))]
        self.dirty = True

    def save(self) -> None:
        if self.dirty:
            write_json_atomic(self.path, {"version": 1, "positions": self.offsets})
            self.dirty = False


@dataclass
class UserState:
    history: SearchHistory
    positions: ReadingPositions
    settings_path: Path
    theme: str | None = None

    @classmethod
    def load(cls, state_dir: Path, history_file: Path) -> UserState:
        settings_path = state_dir / "app.json"
        settings = read_json(settings_path, {})
        theme = settings.get("theme") if isinstance(settings, dict) else None
        return cls(
            history=SearchHistory.load(history_file),
            positions=ReadingPositions.load(state_dir / "positions.json"),
            settings_path=settings_path,
            theme=theme if isinstance(theme, str) else None,
        )

    def save_theme(self, theme: str) -> None:
        if theme != self.theme:
            self.theme = theme
            write_json_atomic(self.settings_path, {"version": 1, "theme": theme})
