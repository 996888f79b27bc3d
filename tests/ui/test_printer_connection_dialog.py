"""The printer settings' connection pages as a cashier uses them: the attached USB printers
and serial ports to pick from (listed off the UI thread), the baud rates by name, and a test
print that leaves the dialog working while it goes out.

Only the OS's device lists are replaced (pyusb's ``find``, pyserial's ``comports``); the
test print goes through the real print queue to a real pseudo-terminal.
"""

from __future__ import annotations

import os
import select
import sqlite3
import termios

import pytest
import serial.tools.list_ports
from escpos.printer import Dummy
from PySide6.QtCore import Qt
from serial.tools.list_ports_common import ListPortInfo
from usb_fakes import attach, epson_vendor_class, keyboard, no_libusb, printer_with_strings

from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.printing.escpos_output import EscposOutput
from pos_app.printing.sample import SAMPLE_MERCHANT, sample_page_rows
from pos_app.services.printing import PrintService
from pos_app.ui.printing.counter_printing import CounterPrinting
from pos_app.ui.printing.printer_settings import PrinterSettingsDialog

# Settings saved before models were named open on the "another printer" entry of their head.
OTHER_576 = "other-576@203"


def _never(settings: PrinterSettings, report) -> None:
    raise AssertionError("no test print in this test")


def _ports(monkeypatch, *ports: tuple[str, str]) -> None:
    def comports() -> list[ListPortInfo]:
        listed = []
        for device, description in ports:
            port = ListPortInfo(device, skip_link_detection=True)
            port.description = description
            listed.append(port)
        return listed

    monkeypatch.setattr(serial.tools.list_ports, "comports", comports)


def test_an_attached_usb_printer_fills_the_ids(qtbot, monkeypatch) -> None:
    attach(monkeypatch, [keyboard(), epson_vendor_class(), printer_with_strings()])
    dialog = PrinterSettingsDialog(PrinterSettings(), _never)
    qtbot.addWidget(dialog)
    dialog.show()

    dialog.connection.setCurrentIndex(dialog.connection.findData("usb"))
    qtbot.waitUntil(lambda: dialog.usb_printers.count() == 2)
    labels = [dialog.usb_printers.itemText(i) for i in range(2)]
    assert labels == ["EPSON (04B8:0202)", "BIXOLON SRP-350plusIII (1504:0006)"]
    # The printer already set (Epson 04B8:0202, the default) is the one shown as chosen.
    assert dialog.usb_printers.currentIndex() == 0

    dialog.usb_printers.setFocus()
    qtbot.keyClick(dialog.usb_printers, Qt.Key.Key_Down)  # the keyboard picks the other
    assert (dialog.usb_vendor.text(), dialog.usb_product.text()) == ("1504", "0006")
    dialog._save()
    assert dialog.result_settings is not None
    assert dialog.result_settings.connection is Connection.USB
    assert (dialog.result_settings.usb_vendor_id, dialog.result_settings.usb_product_id) == (
        0x1504,
        0x0006,
    )


def test_without_libusb_the_dialog_says_why_and_takes_ids_by_hand(qtbot, monkeypatch) -> None:
    no_libusb(monkeypatch)
    dialog = PrinterSettingsDialog(PrinterSettings(connection=Connection.USB), _never)
    qtbot.addWidget(dialog)
    dialog.show()

    qtbot.waitUntil(lambda: dialog.message.text().startswith("[E876]"))
    assert "libusb-1.0" in dialog.message.text() and "USB 통신 라이브러리" in dialog.message.text()
    assert dialog.usb_printers.count() == 0 and dialog.usb_refresh.isEnabled()
    dialog.usb_vendor.setText("0x0519")
    dialog.usb_product.setText("0003")
    dialog._save()
    assert dialog.result_settings is not None
    assert dialog.result_settings.usb_vendor_id == 0x0519


def test_the_refresh_button_lists_a_printer_plugged_in_later(qtbot, monkeypatch) -> None:
    bus = attach(monkeypatch, [keyboard()])
    dialog = PrinterSettingsDialog(PrinterSettings(connection=Connection.USB), _never)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: len(bus) == 1 and dialog.usb_refresh.isEnabled())
    assert dialog.usb_printers.count() == 0

    attach(monkeypatch, [keyboard(), printer_with_strings()])
    dialog.usb_refresh.setFocus()
    qtbot.keyClick(dialog.usb_refresh, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.usb_printers.count() == 1)
    assert dialog.usb_printers.currentIndex() == -1  # nothing chosen for the cashier


def test_a_listed_port_and_a_named_baud_rate_are_saved(qtbot, monkeypatch) -> None:
    _ports(monkeypatch, ("COM1", "n/a"), ("COM4", "Prolific USB-to-Serial Comm Port"))
    start = PrinterSettings(connection=Connection.SERIAL, serial_port="COM9")
    dialog = PrinterSettingsDialog(start, _never)
    qtbot.addWidget(dialog)
    dialog.show()

    qtbot.waitUntil(lambda: dialog.serial_ports.count() == 2)
    assert dialog.serial_ports.itemText(1) == "COM4 — Prolific USB-to-Serial Comm Port"
    assert dialog.serial_port.text() == "COM9"  # the port set stays until one is chosen
    baud_labels = [dialog.baudrate.itemText(i) for i in range(dialog.baudrate.count())]
    assert baud_labels[0].startswith("9600 (") and baud_labels[-1].startswith("115200 (")

    dialog.serial_ports.setCurrentIndex(1)
    assert dialog.serial_port.text() == "COM4"  # the port's name, not its description
    dialog.baudrate.setCurrentIndex(dialog.baudrate.count() - 1)
    dialog._save()
    assert dialog.result_settings == PrinterSettings(
        connection=Connection.SERIAL,
        serial_port="COM4",
        serial_baudrate=115200,
        model=OTHER_576,
    )


def test_a_port_typed_by_hand_and_an_unlisted_speed_are_kept(qtbot, monkeypatch) -> None:
    _ports(monkeypatch)
    start = PrinterSettings(connection=Connection.SERIAL, serial_port="COM3", serial_baudrate=4800)
    dialog = PrinterSettingsDialog(start, _never)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.serial_refresh.isEnabled)

    dialog.serial_port.clear()
    qtbot.keyClicks(dialog.serial_port, "/dev/ttyUSB1")
    dialog._save()
    assert dialog.result_settings == PrinterSettings(
        connection=Connection.SERIAL,
        serial_port="/dev/ttyUSB1",
        serial_baudrate=4800,
        model=OTHER_576,
    )


# ----- the test print, through the print queue to a real serial line ---------------------


@pytest.fixture
def counter(empty_db: sqlite3.Connection, clock):
    printing = CounterPrinting(PrintService(empty_db, clock))
    yield printing
    printing.close()


@pytest.fixture
def line():
    master, slave = os.openpty()
    yield master, os.ttyname(slave), slave
    os.close(slave)
    os.close(master)


def _drain(master: int, into: bytearray) -> None:
    while select.select([master], [], [], 0)[0]:
        into += os.read(master, 65536)


def test_the_test_print_goes_out_off_the_ui_thread(qtbot, monkeypatch, counter, line) -> None:
    _ports(monkeypatch)
    master, port, slave = line
    dialog = counter.settings_dialog(SAMPLE_MERCHANT, "ko", None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.connection.setCurrentIndex(dialog.connection.findData("serial"))
    dialog.serial_port.setText(port)
    dialog.baudrate.setCurrentIndex(dialog.baudrate.findData(38400))

    dialog.test_button.setFocus()
    qtbot.keyClick(dialog.test_button, Qt.Key.Key_Space)
    # Back at once: a pty holds a few KB, so a print on this thread could not have
    # finished before the bytes below are read.
    assert not dialog.test_button.isEnabled()
    assert dialog.message.property("kind") == "info"

    received = bytearray()
    qtbot.waitUntil(
        lambda: _drain(master, received) or dialog.message.property("kind") == "ok",
        timeout=20_000,
    )
    _drain(master, received)
    expected = Dummy()
    settings = PrinterSettings(
        connection=Connection.SERIAL, serial_port=port, serial_baudrate=38400
    )
    EscposOutput(settings, device_factory=lambda _: expected).print_rows(
        sample_page_rows(SAMPLE_MERCHANT, settings.head), open_drawer=False
    )
    assert bytes(received) == expected.output
    assert termios.tcgetattr(slave)[5] == termios.B38400
    assert dialog.test_button.isEnabled()


def test_a_failed_test_print_is_shown_and_the_button_works_again(
    qtbot, monkeypatch, counter
) -> None:
    _ports(monkeypatch)
    dialog = counter.settings_dialog(SAMPLE_MERCHANT, "ko", None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.connection.setCurrentIndex(dialog.connection.findData("serial"))
    dialog.serial_port.setText("/dev/no-such-tty")

    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: dialog.message.text().startswith("[E872]"))
    assert "/dev/no-such-tty" in dialog.message.text()
    assert dialog.test_button.isEnabled()
