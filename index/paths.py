"""Where Dossier keeps its files.

User data (bookmarks, aliases, history) lives in the data dir, settings in the
config dir, derived data (the index) in the cache dir. ``DOSSIER_HOME``, when
set, is the root of all of them, so tests can point everything at a temp dir.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "dossier"


@dataclass(frozen=True)
class DossierDirs:
    data: Path
    config: Path
    cache: Path
    state: Path

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> DossierDirs:
        env = os.environ if environ is None else environ
        home = env.get("DOSSIER_HOME")
        if home:
            root = Path(home).expanduser().resolve()
            return cls(root / "data", root / "config", root / "cache", root / "state")
        import platformdirs

        return cls(
            Path(platformdirs.user_data_dir(APP_NAME)),
            Path(platformdirs.user_config_dir(APP_NAME)),
            Path(platformdirs.user_cache_dir(APP_NAME)),
            Path(platformdirs.user_state_dir(APP_NAME)),
        )

    def index_dir_for(self, corpus: Path) -> Path:
        """One index per corpus, keyed by the corpus's absolute path."""
        absolute = corpus.expanduser().resolve()
        digest = hashlib.sha256(str(absolute).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        name = "".join(c if c.isalnum() else "_" for c in absolute.name)[:40] or "root"
        return self.cache / "indexes" / f"{name}-{digest}"

    @property
    def bookmarks_db(self) -> Path:
        return self.data / "bookmarks.sqlite"

    @property
    def saved_db(self) -> Path:
        return self.data / "saved_searches.sqlite"

    @property
    def aliases_file(self) -> Path:
        return self.data / "actor_aliases.json"

    @property
    def history_file(self) -> Path:
        return self.state / "history.json"

    @property
    def keymap_file(self) -> Path:
        return self.config / "keymap.toml"


def bundled_seeds() -> Path:
    """The five sample articles shipped with the package: the default corpus."""
    from importlib.resources import files

    return Path(str(files("seeds")))
