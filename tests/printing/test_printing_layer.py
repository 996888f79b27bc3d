"""pos_app.printing draws and sends; it knows nothing of the database or the screens."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_architecture import imported_modules

PRINTING = Path(__file__).resolve().parents[2] / "pos_app" / "printing"


@pytest.mark.parametrize("path", sorted(PRINTING.rglob("*.py")), ids=lambda p: p.name)
def test_printing_has_no_storage_and_no_screens(path: Path) -> None:
    forbidden = ("sqlite3", "pos_app.store", "pos_app.services", "pos_app.ui", "pos_app.sync")
    bad = [m for m in imported_modules(path) if m.startswith(forbidden)]
    assert not bad, f"{path.name} imports {bad}"
