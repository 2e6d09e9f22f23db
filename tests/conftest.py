from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .newsgen import write_archive

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
REUTERS_TAR = SHARED / "corpus" / "reuters21578.tar.gz"


# The "real" user dirs, as Dossier computes them without DOSSIER_HOME, are pointed at an
# empty temp folder for the whole run (XDG_*: platformdirs on Linux), so a test or a
# fixture that bypasses DOSSIER_HOME (a module- or session-scoped one runs before it is
# set) writes there, never into the user's dirs, and the guard below fails that test.
_UNSET_HOME = Path(tempfile.mkdtemp(prefix="dossier-tests-real-dirs-"))
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = str(_UNSET_HOME / _var.lower())


def _real_dirs() -> list[Path]:
    from index.paths import DossierDirs

    dirs = DossierDirs.from_env({})  # what Dossier uses when DOSSIER_HOME is not set
    return [d for d in (dirs.data, dirs.config, dirs.cache, dirs.state) if _UNSET_HOME in d.parents]


@pytest.fixture(autouse=True)
def dossier_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own DOSSIER_HOME, so no test touches the real user dirs; a test
    (or a fixture it uses) that wrote to them anyway fails."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DOSSIER_HOME", str(home))
    monkeypatch.delenv("DOSSIER_CORPUS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    yield home
    written = [str(d) for d in _real_dirs() if d.exists()]
    for d in written:
        shutil.rmtree(d, ignore_errors=True)  # report once, at the test that wrote it
    assert not written, f"wrote into the user's dirs (not DOSSIER_HOME): {written}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The guard's last look (session-scoped fixtures are torn down after the last test's
    check), then the temp folder standing in for the user's dirs goes: one was left in the
    temp dir by every run."""
    written = [str(d) for d in _real_dirs() if d.exists()]
    shutil.rmtree(_UNSET_HOME, ignore_errors=True)
    if written:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"wrote into the user's dirs (not DOSSIER_HOME): {written}", red=True
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """A writable copy of the five sample articles."""
    dest = tmp_path / "corpus"
    shutil.copytree(SEEDS, dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dest


GENERATED_ARTICLES = 2500


@pytest.fixture(scope="session")
def news_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,500 generated news-like articles (``tests/newsgen.py``): read-only, shared by tests."""
    return write_archive(tmp_path_factory.mktemp("news") / "archive", GENERATED_ARTICLES)


@pytest.fixture
def news_archive_copy(news_archive: Path, tmp_path: Path) -> Path:
    """A writable copy of :func:`news_archive` for a test that changes files."""
    return Path(shutil.copytree(news_archive, tmp_path / "archive"))


def _reuters_first_2000(dest: Path) -> Path:
    """The first 2,000 Reuters articles of ``../shared`` unpacked into ``dest`` (never the repo)."""
    assert REUTERS_TAR.exists(), (
        f"missing {REUTERS_TAR}: the Reuters step needs the shared corpus beside the repo"
    )
    wanted = {f"{n:05d}.txt" for n in range(1, 2001)}
    with tarfile.open(REUTERS_TAR) as tar:
        members = [m for m in tar.getmembers() if Path(m.name).name in wanted and m.isfile()]
        for m in members:
            m.name = Path(m.name).name
        tar.extractall(dest, members=members, filter="data")
    assert len(list(dest.glob("*.txt"))) == 2000
    return dest


@pytest.fixture(scope="session")
def reuters_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 2,000 Reuters articles (tests using it are marked ``reuters``)."""
    return _reuters_first_2000(tmp_path_factory.mktemp("reuters"))


@pytest.fixture(
    scope="session",
    params=["generated", pytest.param("reuters", marks=pytest.mark.reuters)],
)
def archive_2000(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 articles: generated ones in the default run, real Reuters ones in the Reuters
    step (``pytest -m reuters``, which needs ``../shared`` beside the repo)."""
    dest = tmp_path_factory.mktemp(request.param)
    if request.param == "reuters":
        return _reuters_first_2000(dest)
    return write_archive(dest, 2000)


@pytest.fixture(scope="session")
def news_index(news_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """:func:`news_archive`'s index, built once for the session (tests only read it: pass it
    as ``index_dir``; copy it to change it)."""
    from index.api import Dossier as _Dossier
    from index.paths import DossierDirs as _Dirs

    home = tmp_path_factory.mktemp("index-home")
    index_dir = home / "index"
    d = _Dossier.open(
        news_archive, dirs=_Dirs.from_env({"DOSSIER_HOME": str(home)}), index_dir=index_dir
    )
    d.update()
    d.close()
    return index_dir


@pytest.fixture(scope="module")
def news(news_archive: Path, news_index: Path) -> Iterator[object]:
    """A Dossier on :func:`news_index` (read-only: the tests using it only search)."""
    from index.api import Dossier as _Dossier

    d = _Dossier.open(news_archive, index_dir=news_index)
    yield d
    d.close()
