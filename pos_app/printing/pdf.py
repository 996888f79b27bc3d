"""Receipts as PDF: the same layout at 203 dpi, with real (searchable) text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.receipt import ReceiptRow
from pos_app.printing.render import DPI, ReceiptPainter, paper_dots

_MM_PER_INCH = 25.4


def write_pdf(rows: list[ReceiptRow], path: str | Path, paper_mm: int = 80) -> Path:
    """One page exactly as long as the receipt, as wide as the paper's printable width."""
    width = paper_dots(paper_mm)
    layout = ReceiptPainter(rows, width)
    height = layout.height()
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setTitle("영수증")
    size = QSizeF(width * _MM_PER_INCH / DPI, height * _MM_PER_INCH / DPI)
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
