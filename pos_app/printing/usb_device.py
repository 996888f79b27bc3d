"""python-escpos's USB printer, opened through the libusb this app carries.

python-escpos 3.1 looks the device up with pyusb's default backend search, which finds no
libusb on Windows, and it writes to fixed endpoints (0x01 out, 0x82 in) that not every maker
uses. This class passes the backend and takes the endpoints from the printer's own
interface descriptor.

On Windows, libusb can list a printer that the maker's driver (usbprint.sys) holds but not
write to it: that refusal becomes E880, which names the connection that works then.
"""

from __future__ import annotations

from typing import Any

import usb.core
import usb.util
from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Usb

from pos_app.domain.errors import ErrorKey, UserFacingError

WRITE_TIMEOUT_MS = 20_000  # a printer out of paper stops taking data: fail, do not hang
LIBUSB_ERROR_NOT_SUPPORTED = -12  # libusb: the device's driver is not one libusb can use


class LibusbPrinter(Usb):
    def __init__(
        self, vendor_id: int, product_id: int, backend: Any, profile: str | None = None
    ) -> None:
        super().__init__(vendor_id, product_id, timeout=WRITE_TIMEOUT_MS, profile=profile)
        self._backend = backend

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        vendor, product = self.usb_args["idVendor"], self.usb_args["idProduct"]
        device = usb.core.find(idVendor=vendor, idProduct=product, backend=self._backend)
        if device is None:
            raise DeviceNotFoundError(
                f"USB {vendor:04X}:{product:04X} not found (cable, power, or another id?)"
            )
        self.device = device
        self._check_driver()  # python-escpos: detach the OS's driver where libusb can
        self._configure_usb()
        self._use_printer_endpoints(device)

    def _raw(self, msg: bytes) -> None:
        try:
            super()._raw(msg)
        except usb.core.USBError as exc:
            if exc.backend_error_code == LIBUSB_ERROR_NOT_SUPPORTED:
                raise UserFacingError(ErrorKey.PRINT_USB_HELD_BY_DRIVER) from exc
            raise

    def _use_printer_endpoints(self, device: Any) -> None:
        """The bulk OUT (and IN) endpoint of the first interface that has one."""
        try:
            configuration = device.get_active_configuration()
        except (usb.core.USBError, NotImplementedError):
            return  # keep python-escpos's defaults; the write will say what is wrong
        for interface in configuration:
            out = _endpoint(interface, usb.util.ENDPOINT_OUT)
            if out is not None:
                self.out_ep = out.bEndpointAddress
                found_in = _endpoint(interface, usb.util.ENDPOINT_IN)
                if found_in is not None:
                    self.in_ep = found_in.bEndpointAddress
                return


def _endpoint(interface: Any, direction: int) -> Any | None:
    return usb.util.find_descriptor(
        interface,
        custom_match=lambda e: (
            usb.util.endpoint_direction(e.bEndpointAddress) == direction
            and usb.util.endpoint_type(e.bmAttributes) == usb.util.ENDPOINT_TYPE_BULK
        ),
    )
