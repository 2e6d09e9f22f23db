"""The app's modules: small, and no import cycle among them (issue 15)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TUI = REPO / "tui"
MAX_LINES = 450


def _module_name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _runtime_imports(path: Path) -> set[str]:
    """tui modules imported anywhere in ``path`` (in functions too), but for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()

    def walk(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tui"):
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("tui"))
        for child in ast.iter_child_nodes(node):
            walk(child)

    walk(tree)
    return out


def test_no_tui_module_over_450_lines() -> None:
    long = {
        p.relative_to(REPO).as_posix(): n
        for p in TUI.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_import_cycle_in_tui() -> None:
    graph = {_module_name(p): _runtime_imports(p) for p in TUI.rglob("*.py")}
    assert graph.get("tui.app")
    state: dict[str, int] = {}  # 1: on the stack, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path, node, nxt]))
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
