"""Scanner bursts while a dialog is open, through the real window and
the application-wide wedge with an injected clock (a burst is keys at one instant):

- a text field of a modal dialog that has the focus takes a scan as its text, Enter as its
  own Enter (a parcel tracking number into "택배 송장 번호");
- PIN fields (password echo) and file dialogs are never scanner targets: a PIN or a path
  typed fast is typing;
- a refusal (E214) shows in the dialog the cashier is in.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from pos_app.domain.clock import unix_seconds
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import DEMO_MANAGER_PIN, mint_demo_code, seed_demo
from pos_app.store.database import connect
from pos_app.ui.app import PosController
from pos_app.ui.dialogs.void_dialog import VoidDialog
from pos_app.ui.scan_routing import REFUSAL_NAME
from pos_app.ui.session import Session
from pos_app.ui.training import Training
from pos_app.ui.translations import LanguageSwitcher

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
MILK = "8808123000134"
TRACKING = "CJ6012345678901"


class FrozenClock:
    """The wedge's clock: frozen, every key of a burst comes at the same instant."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def clock() -> datetime:
    return NOW


@pytest.fixture
def controller(qtbot, tmp_path):
    conn = connect(tmp_path / "pos.sqlite3")
    seed_demo(conn, clock)
    app = QApplication.instance()
    pos = PosController(
        app,
        Session(
            conn=conn,
            service=open_checkout(conn, clock),
            languages=LanguageSwitcher(app),
            language="ko",
            clock=clock,
            scan_clock=FrozenClock(),
            training=Training(),
        ),
    )
    pos.show()
    qtbot.waitExposed(pos.window)
    yield pos
    app.removeEventFilter(pos.scanner)
    pos.window.close()
    pos.languages.apply("en")
    conn.close()


def burst(target, text: str) -> None:
    """A scanner's burst: keys and Enter, all at the wedge's one (frozen) instant."""
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


def closed_by_then(qtbot, dialog: QDialog) -> None:
    """Wait for the dialog to close; close it if it does not, so a failure is a failure
    and not a test stuck in a modal loop."""

    def gone() -> bool:  # QInputDialog.getText deletes its dialog once it is answered
        return not shiboken6.isValid(dialog) or not dialog.isVisible()

    try:
        qtbot.waitUntil(gone, timeout=3000)
    finally:
        if not gone():
            dialog.reject()


def payments(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM payments ORDER BY seq").fetchall()


def test_a_tracking_number_scanned_into_the_ship_dialog_is_its_text(controller, qtbot):
    def scan_into_field() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        field = dialog.findChild(QLineEdit)
        field.setFocus()
        burst(field, TRACKING)  # Enter is the field's: the dialog is accepted
        closed_by_then(qtbot, dialog)

    QTimer.singleShot(0, scan_into_field)
    # What the online orders screen opens for "Mark as shipped".
    text, ok = QInputDialog.getText(controller.window, "Mark as shipped", "택배 송장 번호")
    assert (text, ok) == (TRACKING, True)
    assert controller.service.sale.is_empty()
    assert "[E214]" not in controller.window.screen_checkout.message.text()


def test_a_pin_typed_fast_is_typing_not_a_scan(controller, qtbot):
    conn = controller._conn
    burst(controller.scan_target(), MILK)
    burst(controller.scan_target(), mint_demo_code(unix_seconds(NOW)))
    qtbot.waitUntil(lambda: len(payments(conn)) == 1)
    seen: dict[str, str] = {}

    def type_pin_fast() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VoidDialog)
        seen["checkout"] = controller.window.screen_checkout.message.text()
        burst(dialog.pin, DEMO_MANAGER_PIN)  # four digits and Enter, as fast as a scanner
        closed_by_then(qtbot, dialog)

    QTimer.singleShot(0, type_pin_fast)
    QTest.keyClick(controller.window, Qt.Key.Key_F9)
    assert payments(conn)[0]["voided_seq"] is not None  # the PIN reached its field
    assert "[E214]" not in controller.window.screen_checkout.message.text()


def test_password_fields_and_file_dialogs_are_never_scanner_targets(controller, qtbot):
    scans: list[str] = []
    controller.scanner.scanned.connect(scans.append)
    pin = QLineEdit()
    pin.setEchoMode(QLineEdit.EchoMode.Password)
    qtbot.addWidget(pin)
    pin.show()
    qtbot.waitExposed(pin)
    pin.setFocus()
    burst(pin, "12345678")
    assert pin.text() == "12345678" and scans == []

    files = QFileDialog(None, "열기")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(files)
    files.show()
    qtbot.waitExposed(files)
    name = files.findChild(QLineEdit, "fileNameEdit")
    name.setFocus()
    QTest.keyClicks(name, "/tmp/catalog-2026.csv")  # typed fast: nothing held back
    assert name.text() == "/tmp/catalog-2026.csv" and scans == []
    files.close()


def test_a_refusal_shows_in_the_dialog_the_cashier_is_in(controller, qtbot):
    seen: dict[str, str] = {}

    def scan_at_a_button() -> None:
        dialog = QApplication.activeModalWidget()
        button = dialog.findChild(QPushButton)
        button.setFocus()
        burst(button, MILK)
        try:
            qtbot.waitUntil(lambda: dialog.findChild(QLabel, REFUSAL_NAME) is not None)
            label = dialog.findChild(QLabel, REFUSAL_NAME)
            qtbot.waitUntil(label.isVisible)
            seen["dialog"] = label.text()
        finally:
            seen["checkout"] = controller.window.screen_checkout.message.text()
            dialog.reject()

    dialog = QDialog(controller.window)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QPushButton("확인"))
    QTimer.singleShot(0, scan_at_a_button)
    dialog.exec()
    assert seen.get("dialog", "").startswith("[E214]")
    assert "[E214]" not in seen["checkout"]
    assert controller.service.sale.is_empty()
