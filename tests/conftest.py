from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
REUTERS_TAR = SHARED / "corpus" / "reuters21578.tar.gz"


@pytest.fixture(autouse=True)
def dossier_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own DOSSIER_HOME, so no test touches the real user dirs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DOSSIER_HOME", str(home))
    monkeypatch.delenv("DOSSIER_CORPUS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """A writable copy of the five sample articles."""
    dest = tmp_path / "corpus"
    shutil.copytree(SEEDS, dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dest


@pytest.fixture(scope="session")
def reuters_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 2,000 Reuters articles, unpacked into a temp dir (never into the repo)."""
    assert REUTERS_TAR.exists(), (
        f"missing {REUTERS_TAR}: the shared corpus must sit beside the repo"
    )
    dest = tmp_path_factory.mktemp("reuters")
    wanted = {f"{n:05d}.txt" for n in range(1, 2001)}
    with tarfile.open(REUTERS_TAR) as tar:
        members = [m for m in tar.getmembers() if Path(m.name).name in wanted and m.isfile()]
        for m in members:
            m.name = Path(m.name).name
        tar.extractall(dest, members=members, filter="data")
    assert len(list(dest.glob("*.txt"))) == 2000
    return dest
