"""ESC/POS receipt printers (USB, serial, network) through python-escpos.

The receipt is rendered as a picture and encoded by ``escpos_stream`` (initialise, drawer kick
first after a cash sale, raster bands with white rows as feeds, feed-and-cut); python-escpos
opens the device and carries the bytes. The drawer hangs off the printer's RJ-11 port.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from escpos.escpos import Escpos
from PIL import Image

from pos_app.domain.errors import ErrorKey, Localized, UserFacingError
from pos_app.domain.print_heads import PrintHead
from pos_app.domain.printer_models import model_by_key
from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.domain.receipt import ReceiptRow
from pos_app.printing.escpos_stream import encode_job
from pos_app.printing.failures import describe, where
from pos_app.printing.render import render_image, to_pil

log = logging.getLogger(__name__)

DRAWER_PIN = 2  # pin 2 is where nearly every cash drawer is wired


def open_device(settings: PrinterSettings) -> Escpos:
    """The python-escpos printer for the settings (opened lazily by python-escpos)."""
    from escpos import printer  # imported here: the USB backend probes libusb on import

    from pos_app.printing.devices import NO_LIBUSB, usb_backend

    settings.validate()
    # The model's python-escpos profile, when it has one, so python-escpos knows the head's
    # width and send_rows checks the picture against it instead of against our own guess.
    known = model_by_key(settings.model)
    profile = (known.profile if known else "") or None
    if settings.connection is Connection.USB:
        backend = usb_backend() if printer.Usb.is_usable() else None
        if backend is None:
            raise UserFacingError(ErrorKey.PRINT_NO_DRIVER, detail=NO_LIBUSB)
        from pos_app.printing.usb_device import LibusbPrinter

        return LibusbPrinter(
            settings.usb_vendor_id, settings.usb_product_id, backend, profile=profile
        )
    if settings.connection is Connection.SERIAL:
        if not printer.Serial.is_usable():
            raise UserFacingError(ErrorKey.PRINT_NO_DRIVER, detail="pyserial")
        return printer.Serial(
            settings.serial_port, baudrate=settings.serial_baudrate, profile=profile
        )
    if settings.connection is Connection.NETWORK:
        return printer.Network(
            settings.network_host, port=settings.network_port, timeout=10, profile=profile
        )
    raise UserFacingError(ErrorKey.PRINT_NOT_CONFIGURED)


def send_rows(
    device: Escpos,
    rows: list[ReceiptRow],
    head: PrintHead,
    *,
    cut: bool = True,
    open_drawer: bool = False,
) -> None:
    """Render ``rows`` once at the head's dot width and send the job's ESC/POS commands."""
    fit_profile(device, head)  # before any byte: a refused job neither prints nor kicks
    picture = picture_rows(to_pil(render_image(rows, head)))
    drawer_pin = DRAWER_PIN if open_drawer else None
    for command in encode_job(picture, head, cut=cut, drawer_pin=drawer_pin):
        device._raw(command)  # python-escpos's one way to send bytes as they are


def fit_profile(device: Escpos, head: PrintHead) -> None:
    """python-escpos's width check, made before the job: the printer's profile, when it
    knows its media width, must have room for the head's dots (a TM-T88 profile says 512,
    and a 576-dot picture would lose its right-hand amounts). A profile that does not know
    its width (the generic one) learns the head's, on a copy: profiles are shared."""
    data = device.profile.profile_data
    media = data.get("media", {})
    width = media.get("width", {})
    try:
        known = int(width.get("pixels"))
    except (TypeError, ValueError):  # absent or "Unknown"
        known = None
    if known is None:
        device.profile.profile_data = {
            **data,
            "media": {**media, "width": {**width, "pixels": head.dots}},
        }
        return
    if known < head.dots:
        raise UserFacingError(
            ErrorKey.PRINT_BAD_SETTINGS,
            detail=Localized(
                f"이 프린터는 {known}도트 폭까지 인쇄하는데 {head.dots}도트 헤드가 설정되어"
                f" 있습니다. 설정에서 {known}도트 이하의 헤드를 골라 주세요",
                f"this printer prints {known} dots across but the settings say a {head.dots}"
                f"-dot head; choose a head of at most {known} dots",
            ),
        )


def picture_rows(image: Image.Image) -> list[bytes]:
    """The picture's rows packed MSB first with 1 = burn (PIL's mode "1" has 1 = white)."""
    mono = image.convert("1")
    row_bytes = (mono.width + 7) // 8
    data = mono.tobytes().translate(_INVERT)
    spare = row_bytes * 8 - mono.width  # PIL pads each row to whole bytes with 0 (black)
    last_mask = (0xFF << spare) & 0xFF
    rows = []
    for y in range(mono.height):
        row = bytearray(data[y * row_bytes : (y + 1) * row_bytes])
        row[-1] &= last_mask
        rows.append(bytes(row))
    return rows


_INVERT = bytes(255 - value for value in range(256))


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
        device: Escpos | None = None
        try:
            device = self._device_factory(self.settings)
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
            # The raw English (often across lines) is for the log; the cashier reads why.
            log.warning("printer %s failed: %r", where(self.settings), exc, exc_info=True)
            raise UserFacingError(
                ErrorKey.PRINT_DEVICE_FAILED, detail=describe(exc, self.settings)
            ) from exc
        finally:
            if device is not None:
                _close(device)


def _close(device: Any) -> None:
    # Closing a device that never opened has nothing to release.
    with contextlib.suppress(Exception):
        device.close()
