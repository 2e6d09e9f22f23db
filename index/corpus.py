"""Finding the article files of a corpus folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index.articles import article_id


@dataclass(frozen=True)
class CorpusFile:
    id: str
    path: Path
    mtime_ns: int
    size: int


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def scan(root: Path, skipped: list[Skipped]) -> Iterator[CorpusFile]:
    """Every ``*.txt`` file below ``root`` (recursively, symlinked dirs not followed).

    Files that cannot be stat'ed (a dangling or looping symlink) are added to
    ``skipped`` with the reason.
    """

    def onerror(exc: OSError) -> None:
        skipped.append(Skipped(str(exc.filename or root), exc.strerror or str(exc)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.lower().endswith(".txt") or name.startswith("."):
                continue
            path = Path(dirpath) / name
            try:
                st = path.stat()
            except OSError as exc:
                skipped.append(Skipped(str(path), exc.strerror or str(exc)))
                continue
            if not path.is_file():
                skipped.append(Skipped(str(path), "not a regular file"))
                continue
            yield CorpusFile(article_id(path, root), path, st.st_mtime_ns, st.st_size)
