"""First start on a real install: the setup form validates and saves the shop's details."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_app.services.setup import needs_setup
from pos_app.store import settings
from pos_app.ui.dialogs.setup_dialog import SetupDialog


def fill(dialog: SetupDialog, business_number: str, pin: str, pin_again: str) -> None:
    dialog.merchant_id.setText("M-0001")
    dialog.name.setText("육거리 반찬가게")
    dialog.business_number.setText(business_number)
    dialog.representative.setText("박상인")
    dialog.address.setText("충북 청주시 상당구 육거리시장")
    dialog.phone.setText("043-111-2222")
    dialog.pin.setText(pin)
    dialog.pin_again.setText(pin_again)


def test_setup_refuses_bad_input_then_saves(qtbot, empty_db):
    dialog = SetupDialog(empty_db)
    qtbot.addWidget(dialog)
    dialog.show()

    fill(dialog, "1048212340", "2580", "2580")  # wrong check digit
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.error.isVisible()
    assert "business registration number" in dialog.error.text()  # no translator: English
    assert needs_setup(empty_db)

    fill(dialog, "1048212347", "2580", "2589")
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert "PINs differ" in dialog.error.text()
    assert needs_setup(empty_db)

    fill(dialog, "1048212347", "2580", "2580")
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == SetupDialog.DialogCode.Accepted
    assert not needs_setup(empty_db)
    merchant = settings.load_merchant(empty_db)
    assert merchant is not None
    assert (merchant.name, merchant.business_number) == ("육거리 반찬가게", "1048212347")
    assert settings.get_value(empty_db, settings.MANAGER_PIN_HASH).startswith("$argon2id$")
