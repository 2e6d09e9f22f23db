"""tui/ talks to index/ through index.api alone (issue 15); index/ never imports Textual."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Modules of the app that still import index.* directly, being converted to the Session
# (issue 15). Shrink this list as they are; a module not listed here that imports
# from index other than index.api fails the test.
NOT_YET_CONVERTED: set[str] = set()


def _index_imports(path: Path) -> list[str]:
    """Every module of the `index` package that `path` imports (at any depth)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "index":
                names = [f"index.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found += [n for n in names if n == "index" or n.startswith("index.")]
    return found


def test_tui_imports_only_index_api() -> None:
    offenders = {}
    for path in sorted((REPO / "tui").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        bad = [m for m in _index_imports(path) if m != "index.api"]
        if bad and rel not in NOT_YET_CONVERTED:
            offenders[rel] = bad
    assert offenders == {}, f"import these through index.api: {offenders}"


def test_the_allow_list_only_names_modules_that_still_need_it() -> None:
    stale = [
        rel
        for rel in sorted(NOT_YET_CONVERTED)
        if not (REPO / rel).exists() or all(m == "index.api" for m in _index_imports(REPO / rel))
    ]
    assert stale == [], f"converted: remove from NOT_YET_CONVERTED: {stale}"


def test_index_never_imports_textual() -> None:
    for path in sorted((REPO / "index").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            assert not any(n.split(".")[0] in ("textual", "tui") for n in names), path


def test_importing_index_api_does_not_load_whoosh() -> None:
    import subprocess
    import sys

    code = "import sys, index.api; print('whoosh' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert out.strip() == "False"
