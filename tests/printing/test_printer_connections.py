"""USB and serial receipt printers: what the OS lists, and a print that reaches the port.

The OS's device lists are an edge nobody here owns: pyusb's ``usb.core.find`` and pyserial's
``comports`` are replaced by what a PC would answer. The serial print goes through a real
pseudo-terminal: pyserial opens it, python-escpos writes the receipt, the bytes are read on
the other side, and the line speed is the one the settings chose.
"""

from __future__ import annotations

import os
import select
import termios
import threading
from dataclasses import replace

import pytest
import serial.tools.list_ports
from escpos.printer import Dummy, Serial, Usb
from serial.tools.list_ports_common import ListPortInfo
from usb_fakes import attach, epson_vendor_class, keyboard, no_libusb, printer_with_strings

from pos_app.domain.errors import UserFacingError
from pos_app.domain.print_heads import HEAD_80_180, HEAD_80_203
from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.printing.devices import (
    SerialPort,
    UsbPrinter,
    attached_usb_printers,
    serial_ports,
    usb_backend,
)
from pos_app.printing.escpos_output import EscposOutput, open_device
from pos_app.printing.sample import sample_page_rows

RASTER = b"\x1dv0"  # GS v 0, the receipt's picture


def _port(device: str, description: str) -> ListPortInfo:
    port = ListPortInfo(device, skip_link_detection=True)
    port.description = description
    return port


def test_the_attached_printers_are_listed_with_their_names_or_ids(monkeypatch) -> None:
    calls = attach(monkeypatch, [keyboard(), epson_vendor_class(), printer_with_strings()])

    found = attached_usb_printers()

    assert found.problem is None
    assert found.items == [
        # Epson's vendor-defined class is not the printer class: known by its maker.
        UsbPrinter(0x04B8, 0x0202, "EPSON (04B8:0202)"),
        UsbPrinter(0x1504, 0x0006, "BIXOLON SRP-350plusIII (1504:0006)"),
    ]
    # Asked through the libusb this app carries, never pyusb's own search alone.
    assert calls == [{"find_all": True, "backend": usb_backend()}]
    assert calls[0]["backend"] is not None


def test_without_libusb_the_list_is_empty_and_says_what_is_missing(monkeypatch) -> None:
    no_libusb(monkeypatch)

    found = attached_usb_printers()

    assert found.items == []
    assert found.problem is not None and found.problem.code == "E876"
    assert "libusb-1.0" in found.problem.display("ko")
    assert "USB 통신 라이브러리" in found.problem.display("ko")
    with pytest.raises(UserFacingError) as refused:
        open_device(PrinterSettings(connection=Connection.USB))
    assert refused.value.code == "E876" and "libusb" in refused.value.display("ko")


def test_a_bus_that_cannot_be_read_gives_an_empty_list_and_the_reason(monkeypatch) -> None:
    import usb.core

    def refuse(**_kwargs):
        raise usb.core.USBError("Access denied (insufficient permissions)")

    monkeypatch.setattr(usb.core, "find", refuse)

    found = attached_usb_printers()

    assert found.items == [] and found.problem is not None
    assert found.problem.code == "E879" and "Access denied" in found.problem.display("ko")


def test_the_serial_ports_are_what_the_os_lists(monkeypatch) -> None:
    monkeypatch.setattr(
        serial.tools.list_ports,
        "comports",
        lambda: [_port("COM4", "Prolific USB-to-Serial Comm Port"), _port("COM1", "n/a")],
    )

    found = serial_ports()

    assert found.problem is None
    assert found.items == [
        SerialPort("COM1", ""),
        SerialPort("COM4", "Prolific USB-to-Serial Comm Port"),
    ]


def test_a_port_list_that_fails_is_an_empty_list_and_the_reason(monkeypatch) -> None:
    def broken():
        raise OSError("SetupDiGetClassDevs failed")

    monkeypatch.setattr(serial.tools.list_ports, "comports", broken)

    found = serial_ports()

    assert found.items == [] and found.problem is not None and found.problem.code == "E879"


@pytest.mark.usefixtures("qapp")
def test_a_usb_receipt_goes_to_the_printers_own_bulk_endpoint(monkeypatch) -> None:
    printer = printer_with_strings()  # OUT endpoint 0x02, not python-escpos's 0x01
    calls = attach(monkeypatch, [keyboard(), printer])
    settings = PrinterSettings(
        connection=Connection.USB, usb_vendor_id=0x1504, usb_product_id=0x0006
    )

    device = open_device(settings)
    assert isinstance(device, Usb)
    EscposOutput(settings).print_rows(sample_page_rows(), open_drawer=False)

    assert calls[-1] == {
        "find_all": False,
        "backend": usb_backend(),
        "idVendor": 0x1504,
        "idProduct": 0x0006,
    }
    assert {endpoint for endpoint, _ in printer.written} == {0x02}
    assert RASTER in b"".join(data for _, data in printer.written)


@pytest.mark.usefixtures("qapp")
def test_a_usb_printer_held_by_the_windows_driver_names_the_way_that_works(monkeypatch) -> None:
    import usb.core

    printer = printer_with_strings()
    # What libusb answers on Windows when usbprint.sys, not WinUSB, drives the printer.
    printer.refusal = usb.core.USBError(
        "Operation not supported or unimplemented on this platform", -12
    )
    attach(monkeypatch, [printer])
    settings = PrinterSettings(
        connection=Connection.USB, usb_vendor_id=0x1504, usb_product_id=0x0006
    )

    with pytest.raises(UserFacingError) as refused:
        EscposOutput(settings).print_rows(sample_page_rows(), open_drawer=False)

    assert refused.value.code == "E880"
    assert "Windows / 시스템 프린터" in refused.value.display("ko")


@pytest.mark.usefixtures("qapp")
def test_a_usb_printer_that_is_not_attached_is_a_coded_failure(monkeypatch) -> None:
    attach(monkeypatch, [keyboard()])
    settings = PrinterSettings(connection=Connection.USB)

    with pytest.raises(UserFacingError) as failed:
        EscposOutput(settings).print_rows(sample_page_rows(), open_drawer=False)

    assert failed.value.code == "E872" and "04B8:0202" in failed.value.display("ko")


class PseudoTerminal:
    """A real serial line without hardware: pyserial opens the slave side by its name;
    what is written to it is read here from the master side."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        self.name = os.ttyname(self.slave)

    def receive_while(self, sending: threading.Thread) -> bytes:
        """Everything written while ``sending`` runs (a pty holds only a few KB: it must be
        read as it comes), and what is left once it has finished."""
        received = bytearray()
        while True:
            done = not sending.is_alive()
            readable, _, _ = select.select([self.master], [], [], 0.05)
            if readable:
                received += os.read(self.master, 65536)
            elif done:
                return bytes(received)

    def speed(self) -> tuple[int, int]:
        attributes = termios.tcgetattr(self.slave)
        return attributes[4], attributes[5]  # input and output speed

    def close(self) -> None:
        os.close(self.slave)
        os.close(self.master)


@pytest.fixture
def line():
    terminal = PseudoTerminal()
    yield terminal
    terminal.close()


def _sent_in_thread(settings: PrinterSettings, errors: list[Exception]) -> threading.Thread:
    def send() -> None:
        try:
            EscposOutput(settings).print_rows(sample_page_rows(), open_drawer=True)
        except Exception as exc:  # handed to the test thread
            errors.append(exc)

    return threading.Thread(target=send, daemon=True)


@pytest.mark.usefixtures("qapp")
def test_a_serial_receipt_arrives_at_the_port_at_the_chosen_speed(line: PseudoTerminal) -> None:
    settings = PrinterSettings(
        connection=Connection.SERIAL, serial_port=line.name, serial_baudrate=19200
    )
    device = open_device(settings)
    assert isinstance(device, Serial) and device.baudrate == 19200
    expected = Dummy()
    EscposOutput(settings, device_factory=lambda _: expected).print_rows(
        sample_page_rows(), open_drawer=True
    )

    errors: list[Exception] = []
    sending = _sent_in_thread(settings, errors)
    sending.start()
    received = line.receive_while(sending)

    assert errors == []
    assert RASTER in received and received == expected.output  # every byte, unchanged
    assert line.speed() == (termios.B19200, termios.B19200)


@pytest.mark.usefixtures("qapp")
def test_a_serial_port_that_is_not_there_is_a_coded_failure() -> None:
    settings = PrinterSettings(connection=Connection.SERIAL, serial_port="/dev/no-such-tty")

    with pytest.raises(UserFacingError) as failed:
        EscposOutput(settings).print_rows(sample_page_rows(), open_drawer=False)

    assert failed.value.code == "E872" and "/dev/no-such-tty" in failed.value.display("ko")


def test_a_chosen_model_opens_with_its_python_escpos_profile() -> None:
    # The TM-T88V profile knows its 512-dot head, so python-escpos's width is the printer's.
    tm_t88 = PrinterSettings(
        connection=Connection.NETWORK,
        network_host="192.0.2.10",
        model="epson-tm-t88v",
        head=HEAD_80_180,
    )
    device = open_device(tm_t88)
    assert device.profile.profile_data["media"]["width"]["pixels"] == 512
    # Another printer, named only by its head, keeps the generic profile (width unknown).
    other = open_device(replace(tm_t88, model="other-576@203", head=HEAD_80_203))
    assert other.profile.profile_data["media"]["width"]["pixels"] == "Unknown"
