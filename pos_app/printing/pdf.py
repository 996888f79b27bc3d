"""Receipts as PDF: the same layout as the printer head draws, with real (searchable) text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.print_heads import DEFAULT_HEAD, PrintHead
from pos_app.domain.receipt import ReceiptRow
from pos_app.printing.render import ReceiptPainter

_MM_PER_INCH = 25.4


def write_pdf(rows: list[ReceiptRow], path: str | Path, head: PrintHead = DEFAULT_HEAD) -> Path:
    """One page exactly as long as the receipt, as wide as the head's printable width."""
    width, dpi = head.dots, head.dpi
    layout = ReceiptPainter(rows, head)
    height = layout.height()
    writer = QPdfWriter(str(path))
    writer.setResolution(dpi)
    writer.setTitle("영수증")
    size = QSizeF(width * _MM_PER_INCH / dpi, height * _MM_PER_INCH / dpi)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(size, QPageSize.Unit.Millimeter, "receipt"),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise UserFacingError(ErrorKey.PRINT_FILE_FAILED, detail=str(path))
    try:
        layout.paint(painter)
    finally:
        painter.end()
    return Path(path)
