"""pos_app/media and the shop services (stock, listings, orders): Qt GUI image classes at
most, never widgets or SQL.

The listing service calls the photo helper, so it runs without a QApplication and off
the widget layer; these checks keep it that way.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_architecture import PACKAGE, imported_modules

ONLINE_SERVICES = [PACKAGE / "services" / f"{name}.py" for name in ("stock", "listings", "orders")]
MEDIA = sorted((PACKAGE / "media").rglob("*.py"))


@pytest.mark.parametrize("path", MEDIA + ONLINE_SERVICES, ids=lambda p: p.name)
def test_no_widgets_and_no_ui(path: Path) -> None:
    bad = [
        m
        for m in imported_modules(path)
        if m.startswith(("PySide6.QtWidgets", "pos_app.ui", "pos_app.sync"))
    ]
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", ONLINE_SERVICES, ids=lambda p: p.name)
def test_services_leave_sql_to_the_store(path: Path) -> None:
    source = path.read_text("utf-8")
    for keyword in ("SELECT ", "INSERT ", "UPDATE ", ".execute("):
        assert keyword not in source, f"{path.name} contains SQL ({keyword.strip()})"


@pytest.mark.parametrize("path", MEDIA, ids=lambda p: p.name)
def test_media_knows_nothing_of_the_store(path: Path) -> None:
    bad = [m for m in imported_modules(path) if m.startswith(("pos_app.store", "pos_app.services"))]
    assert not bad, f"{path.name} imports {bad}"
