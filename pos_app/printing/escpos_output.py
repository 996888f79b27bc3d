"""ESC/POS receipt printers (USB, serial, network) through python-escpos.

The receipt goes as one raster image (GS v 0), then a cut and, after a cash sale, the drawer
kick (ESC p): the drawer hangs off the printer's RJ-11 port.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from escpos.escpos import Escpos

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.print_heads import PrintHead
from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.domain.receipt import ReceiptRow
from pos_app.printing.render import render_image, to_pil

DRAWER_PIN = 2  # pin 2 is where nearly every cash drawer is wired


def open_device(settings: PrinterSettings) -> Escpos:
    """The python-escpos printer for the settings (opened lazily by python-escpos)."""
    from escpos import printer  # imported here: the USB backend probes libusb on import

    from pos_app.printing.devices import NO_LIBUSB, usb_backend

    settings.validate()
    if settings.connection is Connection.USB:
        backend = usb_backend() if printer.Usb.is_usable() else None
        if backend is None:
            raise UserFacingError(ErrorKey.PRINT_NO_DRIVER, detail=NO_LIBUSB)
        from pos_app.printing.usb_device import LibusbPrinter

        return LibusbPrinter(settings.usb_vendor_id, settings.usb_product_id, backend)
    if settings.connection is Connection.SERIAL:
        if not printer.Serial.is_usable():
            raise UserFacingError(ErrorKey.PRINT_NO_DRIVER, detail="pyserial")
        return printer.Serial(settings.serial_port, baudrate=settings.serial_baudrate)
    if settings.connection is Connection.NETWORK:
        return printer.Network(settings.network_host, port=settings.network_port, timeout=10)
    raise UserFacingError(ErrorKey.PRINT_NOT_CONFIGURED)


def send_rows(
    device: Escpos,
    rows: list[ReceiptRow],
    head: PrintHead,
    *,
    cut: bool = True,
    open_drawer: bool = False,
) -> None:
    """Render ``rows`` once at the head's dot width and send it as a raster image."""
    image = to_pil(render_image(rows, head))
    # Tell python-escpos the paper's width (its generic profile does not know it), so it
    # checks the image fits instead of printing a warning; a copy, as profiles are shared.
    data = device.profile.profile_data
    media = {**data.get("media", {}), "width": {"pixels": head.dots}}
    device.profile.profile_data = {**data, "media": media}
    # center=False: the image already is the full printable width.
    device.image(image, impl="bitImageRaster", center=False)
    if cut:
        device.cut()
    if open_drawer:
        device.cashdraw(DRAWER_PIN)


class EscposOutput:
    """A receipt output for the print service; opens the device per job and closes it."""

    destination = "escpos"

    def __init__(
        self,
        settings: PrinterSettings,
        device_factory: Callable[[PrinterSettings], Escpos] = open_device,
    ) -> None:
        self.settings = settings
        self._device_factory = device_factory

    def print_rows(self, rows: list[ReceiptRow], *, open_drawer: bool) -> None:
        device = self._device_factory(self.settings)
        try:
            send_rows(
                device,
                rows,
                self.settings.head,
                cut=self.settings.cut,
                open_drawer=open_drawer and self.settings.drawer_kick,
            )
        except UserFacingError:
            raise
        except Exception as exc:  # python-escpos raises its own and OS errors alike
            raise UserFacingError(
                ErrorKey.PRINT_DEVICE_FAILED, detail=str(exc) or repr(exc)
            ) from exc
        finally:
            _close(device)


def _close(device: Any) -> None:
    # Closing a device that never opened has nothing to release.
    with contextlib.suppress(Exception):
        device.close()
