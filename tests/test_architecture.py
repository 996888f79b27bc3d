"""The layering rules of docs/architecture.md, checked on the source itself."""

from __future__ import annotations

import ast
import re
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
    # Row access only: what the server's feed means (its change kinds) is the sync's to
    # decide (sync/changes_feed.py), which then keeps the result through the store.
    above = ("PySide6", "pos_app.services", "pos_app.ui", "pos_app.sync")
    bad = [
        m
        for m in imported_modules(path)
        if m.startswith(above) or m == "pos_app.domain.change_kinds"
    ]
    assert not bad, f"{path.name} imports {bad}"


# Only these may append to the journal: journal.py holds the append, projection.py's
# ``record`` appends and projects in one step. Any other store module writing an event would
# be a rule hidden in row access; use cases (services/, sync/) call ``record`` instead.
JOURNAL_WRITERS = {"journal.py", "projection.py"}
_APPENDS = {"append_event", "record"}


@pytest.mark.parametrize(
    "path",
    [p for p in files_in("store") if p.name not in JOURNAL_WRITERS],
    ids=lambda p: p.name,
)
def test_store_writes_no_journal_entries_outside_the_projection(path):
    source = path.read_text("utf-8")
    tree = ast.parse(source)
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module in {"pos_app.store.journal", "pos_app.store.projection"}
        for alias in node.names
    }
    called = {
        f"{node.func.value.id}.{node.func.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in {"journal", "projection"}
        and node.func.attr in _APPENDS
    }
    assert not imported & _APPENDS, f"{path.name} imports {sorted(imported & _APPENDS)}"
    assert not called, f"{path.name} calls {sorted(called)}"
    assert "INSERT INTO journal" not in source, f"{path.name} inserts journal rows"


@pytest.mark.parametrize("path", files_in("services"), ids=lambda p: p.name)
def test_services_have_no_qt(path):
    """Services hold the rules; the UI adapts them to Qt.

    Not only QtWidgets and QtGui: QtCore too. A service is called from the CLI (no
    QApplication), from the sync worker's threads and from plain pytest; a QObject, a signal
    or a QTimer there would tie a rule to an event loop. Timers that check deadlines and the
    hand-over of results to the UI thread belong to the controller (ui/). No service needs
    QtCore today, so the rule costs nothing and keeps it that way.
    """
    bad = [m for m in imported_modules(path) if m.startswith(("PySide6", "pos_app.ui"))]
    assert not bad, f"{path.name} imports {bad}"


def _change_kind_values() -> set[str]:
    from pos_app.domain.change_kinds import ChangeKind, ChangeMeaning

    return {str(kind) for kind in (*ChangeKind, *ChangeMeaning)}


@pytest.mark.parametrize("path", files_in("ui"), ids=lambda p: p.name)
def test_ui_spells_no_change_kind(path):
    # The screens react to the kinds the sync reports: they name them by the enum, so a
    # renamed kind cannot leave a screen that silently never reloads.
    kinds = _change_kind_values()
    spelt = [
        node.value
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in kinds
    ]
    assert not spelt, f"{path.name} spells change kinds {spelt}; use domain.change_kinds"


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


def test_server_records_changes_of_the_shared_kinds():
    """The server writes every change's type from the enum the device reads them with."""
    calls = []
    for path in sorted(SERVER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "record_change"
            ):
                calls.append((path.name, node.lineno, ast.unparse(node.args[1])))
    assert calls, "no record_change call found: the check would prove nothing"
    bad = [call for call in calls if not call[2].startswith("ChangeKind.")]
    assert not bad, f"change types not from ChangeKind: {bad}"


# A pointer to the tracker (an issue or finding number) means nothing to a reader
# of the repository: a comment, docstring or doc says what and why in plain words instead.
TRACKER_POINTER = re.compile(r"\b[Ii]ssues?[ -]?#?[0-9]+|\b[Ff]indings? [0-9]+")
REPO = PACKAGE.parent
# Files excused from the check (repository-relative); none are.
TRACKER_POINTER_ALLOWED: set[str] = set()


def _prose_files() -> list[Path]:
    files = [REPO / "README.md", *(REPO / "docs").rglob("*.md")]
    for tree in ("pos_app", "central_server", "tests", "tools", "bench"):
        files += (REPO / tree).rglob("*.py")
        files += (REPO / tree).rglob("*.md")
    allowed = {REPO / name for name in TRACKER_POINTER_ALLOWED}
    return sorted(set(files) - allowed)


def test_no_tracker_pointers_in_code_or_docs():
    files = _prose_files()
    assert len(files) > 100, "too few files found: the check would prove nothing"
    hits = [
        f"{path.relative_to(REPO).as_posix()}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if TRACKER_POINTER.search(line)
    ]
    assert not hits, "say what and why instead of pointing at the tracker:\n" + "\n".join(hits)
