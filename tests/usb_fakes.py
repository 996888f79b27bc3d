"""USB devices as pyusb hands them out: the bus is an edge nobody here owns, so only
``usb.core.find`` is replaced; everything above it (python-escpos included) is real."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
import usb.core

BULK, OUT, IN = 0x02, 0x00, 0x80


@dataclass
class FakeEndpoint:
    bEndpointAddress: int  # pyusb's descriptor field names
    bmAttributes: int = BULK


@dataclass
class FakeInterface:
    bInterfaceClass: int
    endpoints: list[FakeEndpoint] = field(default_factory=list)

    def __iter__(self):
        return iter(self.endpoints)


class FakeBackend:
    """pyusb's backend object; python-escpos reads only its module's name."""


class FakeContext:
    def dispose(self, device: object) -> None:  # pyusb's resource release on close
        pass


@dataclass
class FakeDevice:
    idVendor: int
    idProduct: int
    interfaces: list[FakeInterface]
    strings: tuple[str, str] | None = None  # None: the OS will not let us read them
    bDeviceClass: int = 0  # 0: the class is given per interface
    written: list[tuple[int, bytes]] = field(default_factory=list)
    backend: object = field(default_factory=FakeBackend)
    _ctx: object = field(default_factory=FakeContext)
    refusal: usb.core.USBError | None = None  # what a write raises, if anything

    def __iter__(self):
        return iter([self.interfaces])  # one configuration

    @property
    def manufacturer(self) -> str:
        if self.strings is None:
            raise ValueError("The device has no langid (permission)")
        return self.strings[0]

    @property
    def product(self) -> str:
        if self.strings is None:
            raise ValueError("The device has no langid (permission)")
        return self.strings[1]

    def get_active_configuration(self) -> list[FakeInterface]:
        return self.interfaces

    def set_configuration(self) -> None:
        pass

    def reset(self) -> None:
        pass

    def write(self, endpoint: int, data: Any, timeout: int) -> int:
        if self.refusal is not None:
            raise self.refusal
        self.written.append((endpoint, bytes(data)))
        return len(data)


def printer_with_strings() -> FakeDevice:
    """A printer-class receipt printer whose strings can be read, on endpoints 0x02/0x81."""
    interface = FakeInterface(7, [FakeEndpoint(0x81 | IN), FakeEndpoint(0x02 | OUT)])
    return FakeDevice(0x1504, 0x0006, [interface], ("BIXOLON", "SRP-350plusIII"))


def epson_vendor_class() -> FakeDevice:
    """Epson's TM series in its default vendor-defined class; strings unreadable."""
    interface = FakeInterface(0xFF, [FakeEndpoint(0x01 | OUT), FakeEndpoint(0x82 | IN)])
    return FakeDevice(0x04B8, 0x0202, [interface])


def keyboard() -> FakeDevice:
    return FakeDevice(0x046D, 0xC31C, [FakeInterface(3)], ("Logitech", "Keyboard"))


def attach(monkeypatch: pytest.MonkeyPatch, devices: list[FakeDevice]) -> list[dict[str, Any]]:
    """These devices on the bus; returns the keyword arguments each find was called with."""
    calls: list[dict[str, Any]] = []

    def find(find_all: bool = False, backend: Any = None, **match: Any) -> Any:
        calls.append({"find_all": find_all, "backend": backend, **match})
        found = [
            d for d in devices if all(getattr(d, name) == value for name, value in match.items())
        ]
        return iter(found) if find_all else next(iter(found), None)

    monkeypatch.setattr(usb.core, "find", find)
    return calls


def no_libusb(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PC where neither the bundled nor a system libusb loads."""
    import libusb_package
    import usb.backend.libusb1

    monkeypatch.setattr(libusb_package, "get_libusb1_backend", lambda: None)
    monkeypatch.setattr(usb.backend.libusb1, "get_backend", lambda *a, **k: None)
