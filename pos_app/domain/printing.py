"""Printer settings and print-job states: plain values, no Qt and no SQL."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.print_heads import DEFAULT_HEAD, HEADS, PrintHead, head_by_key, head_for_paper
from pos_app.domain.printer_models import model_by_key


class Connection(StrEnum):
    NONE = "none"
    USB = "usb"
    SERIAL = "serial"
    NETWORK = "network"
    SYSTEM = "system"  # the OS printer (Windows driver) through QPrinter


class JobState(StrEnum):
    QUEUED = "queued"  # being sent; left behind only if the app stopped mid-send
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True)
class PrinterSettings:
    head: PrintHead = DEFAULT_HEAD  # what the receipt is drawn for
    model: str = ""  # the printer model chosen (printer_models key); "" = chosen by head
    connection: Connection = Connection.NONE
    usb_vendor_id: int = 0x04B8  # Epson, the most common; the dialog takes hex
    usb_product_id: int = 0x0202
    serial_port: str = ""
    serial_baudrate: int = 9600
    network_host: str = ""
    network_port: int = 9100
    cut: bool = True
    drawer_kick: bool = True  # open the cash drawer after a cash sale

    def validate(self) -> PrinterSettings:
        if self.head not in HEADS:
            raise UserFacingError(ErrorKey.PRINT_BAD_SETTINGS, detail=f"head {self.head.key}")
        if self.model:
            model = model_by_key(self.model)
            if model is None or model.head != self.head:
                raise UserFacingError(ErrorKey.PRINT_BAD_SETTINGS, detail=f"model {self.model}")
        if self.connection is Connection.SERIAL and not self.serial_port.strip():
            raise UserFacingError(ErrorKey.PRINT_BAD_SETTINGS, detail="serial port")
        if self.connection is Connection.NETWORK:
            if not self.network_host.strip():
                raise UserFacingError(ErrorKey.PRINT_BAD_SETTINGS, detail="host")
            if not 0 < self.network_port < 65536:
                raise UserFacingError(ErrorKey.PRINT_BAD_SETTINGS, detail="port")
        if self.connection is Connection.USB and not (
            0 < self.usb_vendor_id < 0x10000 and 0 < self.usb_product_id < 0x10000
        ):
            raise UserFacingError(ErrorKey.PRINT_BAD_SETTINGS, detail="USB vendor/product id")
        return self

    def to_json(self) -> dict[str, object]:
        return {**self.__dict__, "connection": self.connection.value, "head": self.head.key}

    @classmethod
    def from_json(cls, raw: dict[str, object] | None) -> PrinterSettings:
        if not raw:
            return cls()
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        known["connection"] = Connection(known.get("connection", "none"))
        # Settings saved before the head was chosen name only the roll (58 or 80 mm).
        head = head_by_key(str(raw.get("head", "")))
        known["head"] = head or head_for_paper(int(raw.get("paper_mm", 80)))  # type: ignore[call-overload]
        # The model decides the head; a model this version does not know keeps the head.
        model = model_by_key(str(raw.get("model", "")))
        known["model"] = model.key if model else ""
        if model:
            known["head"] = model.head
        return cls(**known)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PrintJob:
    job_id: str
    payment_id: str
    copy_no: int  # 1 is the original; later copies print "재발행"
    destination: str
    state: JobState
    attempts: int
    last_error: str | None

    @property
    def reprint(self) -> bool:
        return self.copy_no > 1


def receipt_pdf_name(day: date, taken: Collection[str]) -> str:
    """``영수증-20261205-0001.pdf``: the day's first number not ``taken`` in the folder, so
    a receipt saved as PDF never overwrites one saved earlier that day."""
    number = 1
    while True:
        name = f"영수증-{day:%Y%m%d}-{number:04d}.pdf"
        if name not in taken:
            return name
        number += 1
