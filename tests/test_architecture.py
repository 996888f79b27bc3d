"""The layering rules of docs/architecture.md, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pos_app"


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def files_in(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("path", files_in("domain"), ids=lambda p: p.name)
def test_domain_is_pure(path):
    forbidden = (
        "PySide6",
        "sqlite3",
        "requests",
        "pos_app.store",
        "pos_app.services",
        "pos_app.ui",
        "pos_app.sync",
        "pos_app.scanning",
    )
    bad = [m for m in imported_modules(path) if m.startswith(forbidden)]
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", files_in("store"), ids=lambda p: p.name)
def test_store_knows_nothing_above_it(path):
    bad = [
        m
        for m in imported_modules(path)
        if m.startswith(("PySide6", "pos_app.services", "pos_app.ui"))
    ]
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", files_in("ui"), ids=lambda p: p.name)
def test_ui_has_no_sql(path):
    source = path.read_text("utf-8")
    bad = [
        m
        for m in imported_modules(path)
        if m.startswith("pos_app.store.") and m not in {"pos_app.store.database"}
    ]
    assert not bad, f"{path.name} reaches into the store: {bad}"
    for keyword in ("SELECT ", "INSERT ", "UPDATE ", ".execute("):
        assert keyword not in source, f"{path.name} contains SQL ({keyword.strip()})"


@pytest.mark.parametrize("path", files_in("ui"), ids=lambda p: p.name)
def test_ui_speaks_no_http(path):
    # HTTP belongs behind a service (the sync client, the demo's stand-ins), not in a widget.
    bad = [m for m in imported_modules(path) if m.split(".")[0] in {"requests", "urllib3", "http"}]
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", files_in("sync"), ids=lambda p: p.name)
def test_sync_has_no_qt(path):
    bad = [m for m in imported_modules(path) if m.startswith(("PySide6", "pos_app.ui"))]
    assert not bad, f"{path.name} imports {bad}"


SERVER = PACKAGE.parent / "central_server"


@pytest.mark.parametrize("path", sorted(SERVER.rglob("*.py")), ids=lambda p: p.name)
def test_server_shares_only_the_pure_domain(path):
    bad = [
        m
        for m in imported_modules(path)
        if m.startswith(("pos_app", "PySide6")) and not m.startswith("pos_app.domain")
    ]
    assert not bad, f"{path.name} imports {bad}"
