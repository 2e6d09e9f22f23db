"""ARCHITECTURE.md names every module of index/ and tui/: a newcomer finds each one there."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_module_is_named_in_the_architecture() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = [
        p
        for package in ("index", "tui")
        for p in (ROOT / package).rglob("*.py")
        if p.name != "__init__.py" and "commands" not in p.parts
    ]
    assert len(modules) > 40
    missing = [str(p.relative_to(ROOT)) for p in modules if p.name not in text]
    assert not missing, f"not in ARCHITECTURE.md: {missing}"
