"""The benchmark corpus: unpack the Reuters-21578 archive and replicate it to N articles.

The Reuters text is licensed for research use only: it is unpacked into a
temporary directory and must never be copied into the repository.

Copy 0 is the archive as it is (``c00/00001.txt`` ...). Copy ``k`` (``c01/``,
``c02/`` ...) keeps each article's title and ``Published:`` line, rotates its
body paragraphs by ``k`` and adds a distinct reference line, so that every
article has its own id and content hash while the vocabulary and the term
statistics stay those of real news text.
"""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

REUTERS_ARTICLES = 19_043
TAR_RELATIVE = Path("..") / "shared" / "corpus" / "reuters21578.tar.gz"


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def default_tar() -> Path:
    return (repo_root() / TAR_RELATIVE).resolve()


def unpack(tar: Path, dest: Path) -> list[Path]:
    """Extract the archive's ``*.txt`` files into ``dest``; the files, sorted by name."""
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tar, "r:*") as tf:
        members = [m for m in tf.getmembers() if m.isfile() and m.name.endswith(".txt")]
        tf.extractall(dest, members=members, filter="data")
    return sorted(p for p in dest.rglob("*.txt") if p.is_file())


def vary(raw: bytes, copy: int, ref: str) -> bytes:
    """Copy ``copy`` (>= 1) of one article: paragraphs rotated, a reference line added."""
    text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
    blocks = [b for b in text.split("\n\n") if b.strip()]
    if not blocks:
        return raw
    head, body = blocks[:1], blocks[1:]
    if body and body[0].lstrip().startswith("Published:"):
        head.append(body.pop(0))
    if body:
        k = copy % len(body)
        body = body[k:] + body[:k]
    body.append(f"Archive reference DSR-{copy:02d}-{ref}.")
    return ("\n\n".join(head + body) + "\n").encode("utf-8")


def build(sources: list[Path], dest: Path, articles: int) -> Path:
    """A corpus folder of exactly ``articles`` files made from ``sources``; returns ``dest``.

    ``sources`` are read in order; copy 0 is written unchanged, further copies
    are :func:`vary`-ed, until ``articles`` files exist. Each copy is a subfolder.
    """
    if not sources:
        raise ValueError("no source articles")
    if articles < 1:
        raise ValueError("articles must be >= 1")
    dest.mkdir(parents=True, exist_ok=True)
    written, copy = 0, 0
    while written < articles:
        folder = dest / f"c{copy:02d}"
        folder.mkdir(exist_ok=True)
        for src in sources:
            if written >= articles:
                break
            target = folder / src.name
            if copy == 0:
                shutil.copyfile(src, target)
            else:
                target.write_bytes(vary(src.read_bytes(), copy, src.stem))
            written += 1
        copy += 1
    return dest


def prepare_corpus(tar: Path | None, seeds: Path | None, workdir: Path, articles: int) -> Path:
    """Unpack (or take ``seeds``), then replicate to ``articles``; the corpus folder."""
    if seeds is not None:
        sources = sorted(p for p in seeds.glob("*.txt") if p.is_file())
    else:
        tar = tar or default_tar()
        if not tar.is_file():
            raise FileNotFoundError(f"corpus archive not found: {tar} (use --tar)")
        sources = unpack(tar, workdir / "unpacked")
    return build(sources, workdir / "corpus", articles)


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.txt") if p.is_file())
