"""The OS printer (a Windows driver, CUPS) through QPrinter: the receipt scaled to the page."""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.receipt import ReceiptRow
from pos_app.printing.render import ReceiptPainter, paper_dots


def print_on(printer: QPrinter, rows: list[ReceiptRow], paper_mm: int = 80) -> None:
    layout = ReceiptPainter(rows, paper_dots(paper_mm))
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

    def __init__(self, printer: QPrinter, paper_mm: int = 80) -> None:
        self.printer = printer
        self.paper_mm = paper_mm

    def print_rows(self, rows: list[ReceiptRow], *, open_drawer: bool) -> None:
        print_on(self.printer, rows, self.paper_mm)
