"""The printer settings dialog: one label column for the top fields and every connection
page, a model's maker proposing its USB vendor id, and an empty USB list that says what to
check. pyusb's device list is the edge replaced (``usb_fakes``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget
from usb_fakes import attach, keyboard

from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.ui.printing.printer_settings import PrinterSettingsDialog
from pos_app.ui.translations import LanguageSwitcher


def _never(settings: PrinterSettings, report) -> None:
    raise AssertionError("no test print in this test")


@pytest.fixture
def korean() -> Iterator[None]:
    switcher = LanguageSwitcher(QApplication.instance())
    assert switcher.apply("ko")
    yield
    switcher.apply("en")


def _settle(qtbot, dialog: PrinterSettingsDialog) -> None:
    """Wait until the dialog's device listings (threads of their own) have reported back,
    so none outlives its test: a listing still out when the test's fakes are undone would
    report into the next test (a rare crash in the event processing after a test)."""
    qtbot.waitUntil(lambda: dialog.usb_refresh.isEnabled() and dialog.serial_refresh.isEnabled())


def _x(dialog: QWidget, field: QWidget) -> int:
    return field.mapTo(dialog, QPoint(0, 0)).x()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_connection_fields_line_up_with_the_model_and_connection(
    qtbot, monkeypatch, language, request
) -> None:
    if language == "ko":
        request.getfixturevalue("korean")
    attach(monkeypatch, [keyboard()])
    dialog = PrinterSettingsDialog(PrinterSettings(), _never, language)
    qtbot.addWidget(dialog)
    dialog.resize(620, 420)
    dialog.show()
    qtbot.waitExposed(dialog)
    left = _x(dialog, dialog.connection)
    assert _x(dialog, dialog.model) == left
    for connection, fields in (
        (Connection.NETWORK, [dialog.host, dialog.port]),
        (Connection.SERIAL, [dialog.serial_ports, dialog.baudrate]),
        (Connection.USB, [dialog.usb_printers, dialog.usb_vendor, dialog.usb_product]),
    ):
        dialog.connection.setCurrentIndex(dialog.connection.findData(connection.value))
        qtbot.waitUntil(lambda fields=fields: all(f.isVisible() for f in fields))
        assert [_x(dialog, f) for f in fields] == [left] * len(fields), connection
    _settle(qtbot, dialog)


def test_a_bixolon_model_proposes_bixolons_vendor_id(qtbot, monkeypatch) -> None:
    attach(monkeypatch, [keyboard()])
    dialog = PrinterSettingsDialog(PrinterSettings(), _never)
    qtbot.addWidget(dialog)
    assert (dialog.usb_vendor.text(), dialog.usb_product.text()) == ("04B8", "0202")

    dialog.model.setCurrentIndex(dialog.model.findData("bixolon-srp-350iii"))
    assert (dialog.usb_vendor.text(), dialog.usb_product.text()) == ("1504", "")
    dialog.model.setCurrentIndex(dialog.model.findData("epson-tm-t88v"))
    assert dialog.usb_vendor.text() == "04B8"  # still a proposal: the next maker's id
    dialog.model.setCurrentIndex(dialog.model.findData("sewoo-lk-t21"))
    assert dialog.usb_vendor.text() == "04B8"  # no confirmed id for this maker: kept

    dialog.usb_vendor.setText("0519")  # typed by the merchant: a model never overwrites it
    dialog.model.setCurrentIndex(dialog.model.findData("bixolon-srp-350iii"))
    assert dialog.usb_vendor.text() == "0519"

    # A network printer is saved although no USB product id was given.
    dialog.connection.setCurrentIndex(dialog.connection.findData("network"))
    dialog.host.setText("192.168.0.50")
    dialog._save()
    assert dialog.result_settings is not None
    _settle(qtbot, dialog)


def test_a_saved_usb_printer_keeps_its_ids_when_the_model_changes(qtbot, monkeypatch) -> None:
    attach(monkeypatch, [keyboard()])
    saved = PrinterSettings(connection=Connection.USB, usb_vendor_id=0x0416, usb_product_id=0x5011)
    dialog = PrinterSettingsDialog(saved, _never)
    qtbot.addWidget(dialog)
    dialog.model.setCurrentIndex(dialog.model.findData("bixolon-srp-350iii"))
    assert (dialog.usb_vendor.text(), dialog.usb_product.text()) == ("0416", "5011")
    _settle(qtbot, dialog)


def test_an_empty_usb_list_says_what_to_check(qtbot, monkeypatch, korean) -> None:
    attach(monkeypatch, [keyboard()])
    dialog = PrinterSettingsDialog(PrinterSettings(connection=Connection.USB), _never)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.usb_hint.isVisible)
    hint = dialog.usb_hint.text()
    assert "케이블" in hint and "전원" in hint and "Windows / 시스템 프린터" in hint
    assert dialog.usb_printers.placeholderText() == "연결된 USB 프린터가 없습니다"
    _settle(qtbot, dialog)
