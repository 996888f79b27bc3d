"""Which receipt printers and serial ports this PC has: for the printer settings' lists.

Enumeration is I/O (the USB bus, the OS's port list), so the UI calls these off its thread.
Nothing here raises: a list the OS cannot give comes back empty with the coded reason, and
the settings still take an id or a port typed by hand.

USB goes through pyusb with the libusb-1.0 library that ``libusb-package`` ships in its
wheel (Windows has no system libusb); a system libusb is the fall-back. docs/decisions.md
says why, and what Windows' own printer driver means for it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pos_app.domain.errors import ErrorKey, Localized, UserFacingError

log = logging.getLogger(__name__)

T = TypeVar("T")

PRINTER_CLASS = 7  # USB's printer device class

#: Receipt-printer makers whose printers may answer with a vendor-specific interface class
#: instead of the printer class (Epson's TM series does by default, product id 0202).
RECEIPT_PRINTER_VENDORS = {
    0x04B8: "EPSON",
    0x1504: "BIXOLON",
    0x0519: "Star Micronics",
}


def maker_vendor_id(model_name: str) -> int | None:
    """The USB vendor id of the maker whose name starts ``model_name`` ("Bixolon SRP-350III"
    → 0x1504), when it is one of the makers above; the product id differs per model and is
    left to the attached list or the merchant."""
    maker = model_name.split(" ", 1)[0].lower()
    for vendor_id, name in RECEIPT_PRINTER_VENDORS.items():
        if maker and name.split(" ", 1)[0].lower() == maker:
            return vendor_id
    return None


#: What is missing when USB has no backend: named in the message the cashier sees.
NO_LIBUSB = Localized("USB 통신 라이브러리 libusb-1.0이 없음", "no libusb-1.0 USB library")


@dataclass(frozen=True)
class UsbPrinter:
    vendor_id: int
    product_id: int
    label: str  # "EPSON TM-T20II (04B8:0E15)"; the ids alone when the strings are unreadable


@dataclass(frozen=True)
class SerialPort:
    device: str  # what pyserial opens: "COM3", "/dev/ttyUSB0"
    description: str


@dataclass(frozen=True)
class Found(Generic[T]):
    """What the OS listed, or nothing and why (``problem`` is for the settings to show)."""

    items: list[T] = field(default_factory=list)
    problem: UserFacingError | None = None


def usb_backend() -> Any | None:
    """pyusb's libusb-1.0 backend: the bundled library first, then the system's; None when
    neither loads (pyusb itself missing included)."""
    try:
        import libusb_package

        backend = libusb_package.get_libusb1_backend()
        if backend is not None:
            return backend
    except Exception:  # a broken wheel or a library that does not load: try the system's
        log.warning("the bundled libusb did not load", exc_info=True)
    try:
        import usb.backend.libusb1

        return usb.backend.libusb1.get_backend()
    except Exception:
        log.warning("no libusb backend for pyusb", exc_info=True)
        return None


def attached_usb_printers() -> Found[UsbPrinter]:
    """USB devices that are printers (class 7 on the device or one of its interfaces), and
    devices of the receipt-printer makers above."""
    backend = usb_backend()
    if backend is None:
        return Found(problem=UserFacingError(ErrorKey.PRINT_NO_DRIVER, detail=NO_LIBUSB))
    try:
        import usb.core

        devices = list(usb.core.find(find_all=True, backend=backend))
        printers = [
            UsbPrinter(d.idVendor, d.idProduct, _label(d)) for d in devices if _is_printer(d)
        ]
    except Exception as exc:  # pyusb's USBError, or a descriptor the OS would not give
        log.warning("listing USB devices failed", exc_info=True)
        problem = UserFacingError(ErrorKey.PRINT_DEVICE_LIST_FAILED, detail=str(exc) or "USB")
        return Found(problem=problem)
    return Found(sorted(set(printers), key=lambda p: (p.vendor_id, p.product_id)))


def serial_ports() -> Found[SerialPort]:
    """The serial ports the OS knows (COM ports, USB-serial adapters), as pyserial lists them."""
    try:
        from serial.tools import list_ports

        ports = list_ports.comports()
    except ImportError:
        return Found(problem=UserFacingError(ErrorKey.PRINT_NO_DRIVER, detail="pyserial"))
    except Exception as exc:
        log.warning("listing serial ports failed", exc_info=True)
        problem = UserFacingError(ErrorKey.PRINT_DEVICE_LIST_FAILED, detail=str(exc) or "serial")
        return Found(problem=problem)
    found = [SerialPort(p.device, _port_description(p)) for p in ports]
    return Found(sorted(found, key=lambda p: p.device))


def _is_printer(device: Any) -> bool:
    if device.bDeviceClass == PRINTER_CLASS or device.idVendor in RECEIPT_PRINTER_VENDORS:
        return True
    return any(
        interface.bInterfaceClass == PRINTER_CLASS
        for configuration in device
        for interface in configuration
    )


def _label(device: Any) -> str:
    ids = f"{device.idVendor:04X}:{device.idProduct:04X}"
    # Reading the strings opens the device: refused without permission (Linux) or when
    # Windows' own driver holds it. The maker's name from the table is the next best.
    words = [_string(device, "manufacturer"), _string(device, "product")]
    if not words[0]:
        words[0] = RECEIPT_PRINTER_VENDORS.get(device.idVendor, "")
    name = " ".join(w for w in words if w)
    return f"{name} ({ids})" if name else f"USB {ids}"


def _string(device: Any, name: str) -> str:
    try:
        return str(getattr(device, name) or "").strip()
    except Exception:  # ValueError/USBError/NotImplementedError, depending on the OS
        return ""


def _port_description(port: Any) -> str:
    description = str(port.description or "").strip()
    return "" if description in ("", "n/a", port.device) else description
