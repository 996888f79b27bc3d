"""The OS printer (a Windows driver, CUPS) through QPrinter: the receipt scaled to the page."""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.print_heads import DEFAULT_HEAD, PrintHead
from pos_app.domain.receipt import ReceiptRow
from pos_app.printing.render import ReceiptPainter


def print_on(printer: QPrinter, rows: list[ReceiptRow], head: PrintHead = DEFAULT_HEAD) -> None:
    layout = ReceiptPainter(rows, head)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserFacingError(
            ErrorKey.PRINT_DEVICE_FAILED, detail=printer.printerName() or "QPrinter"
        )
    try:
        page = printer.pageRect(QPrinter.Unit.DevicePixel)
        # Keep the receipt's proportions: scale its dot width to the page width.
        scale = page.width() / layout.m.width
        painter.scale(scale, scale)
        layout.paint(painter)
    finally:
        painter.end()


class SystemPrinterOutput:
    destination = "system"

    def __init__(self, printer: QPrinter, head: PrintHead = DEFAULT_HEAD) -> None:
        self.printer = printer
        self.head = head

    def print_rows(self, rows: list[ReceiptRow], *, open_drawer: bool) -> None:
        print_on(self.printer, rows, self.head)
