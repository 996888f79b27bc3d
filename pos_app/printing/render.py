"""Receipt rows drawn at a thermal printer head's dot width and dpi, Hangul and QR included.

Drawing the text ourselves means Korean prints on ANY ESC/POS printer as a raster image: no
printer code page, no Korean font ROM. The same painter code draws the PDF and the system
printer's page, so all three show the same receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

import qrcode
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QPainter,
    QPen,
)

from pos_app.domain.print_heads import PrintHead
from pos_app.domain.receipt import ReceiptRow, RowStyle

# A Korean font first: Windows has Malgun Gothic, Linux the Noto CJK fonts.
_FONTS = ("Malgun Gothic", "맑은 고딕", "Noto Sans CJK KR", "Noto Sans KR", "NanumGothic")


@dataclass(frozen=True)
class Metrics:
    """Sizes in dots for one paper width; 80 mm text is the common 12x24 dot font's height."""

    width: int
    margin: int
    text_px: int
    title_px: int
    strong_px: int
    qr_module: int
    gap: int

    @classmethod
    def for_head(cls, head: PrintHead) -> Metrics:
        """The same sizes in millimetres on every head: set at 203 dpi, scaled to its dpi."""
        base = (8, 24, 36, 30, 6, 6) if head.printable_mm >= 60 else (6, 21, 30, 26, 5, 5)
        margin, text, title, strong, module, gap = (
            max(1, round(size * head.dpi / 203)) for size in base
        )
        return cls(head.dots, margin, text, title, strong, module, gap)


def _font(pixel_size: int, bold: bool = False) -> QFont:
    # Without a QGuiApplication, Qt's font database aborts the whole interpreter (no
    # exception, no traceback); the app always has one, so only a caller's bug gets here.
    if QGuiApplication.instance() is None:
        raise RuntimeError("drawing a receipt needs a QGuiApplication (Qt's fonts)")
    installed = set(QFontDatabase.families())
    family = next((name for name in _FONTS if name in installed), None)
    font = QFont(family) if family else QFont()
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    # No OpenType shaping: Hangul needs none, and shaped glyphs (digit alternates) lose their
    # Unicode mapping in Qt's PDF output, which would make the PDF's amounts unsearchable.
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return font


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR's modules with its 4-module quiet zone (scanners need the white border)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


class ReceiptPainter:
    """Lays out rows top to bottom; ``height`` measures, ``paint`` draws the same layout."""

    def __init__(self, rows: list[ReceiptRow], head: PrintHead) -> None:
        self.rows = rows
        self.head = head
        self.m = Metrics.for_head(head)
        self.text_font = _font(self.m.text_px)
        self.title_font = _font(self.m.title_px, bold=True)
        self.strong_font = _font(self.m.strong_px, bold=True)

    @property
    def inner(self) -> int:
        return self.m.width - 2 * self.m.margin

    def _font_for(self, row: ReceiptRow) -> QFont:
        if row.style is RowStyle.TITLE:
            return self.title_font
        if row.style is RowStyle.STRONG:
            return self.strong_font
        return self.text_font

    def _row_height(self, row: ReceiptRow) -> int:
        if row.style is RowStyle.RULE:
            return self.m.text_px // 2 + self.m.gap
        if row.style is RowStyle.QR:
            return len(qr_matrix(row.left)) * self.m.qr_module + self.m.gap
        metrics = QFontMetrics(self._font_for(row))
        if row.right or row.style in (RowStyle.TITLE, RowStyle.CENTER):
            return metrics.height() + self.m.gap // 2
        # Long single-column rows (an address) wrap instead of running off the paper.
        box = metrics.boundingRect(
            QRect(0, 0, self.inner, 10_000), Qt.TextFlag.TextWordWrap, row.left
        )
        return box.height() + self.m.gap // 2

    def height(self) -> int:
        return sum(self._row_height(row) for row in self.rows) + 2 * self.m.margin + 48

    def paint(self, painter: QPainter) -> None:
        black = QColor("black")
        painter.setPen(QPen(black))
        y = self.m.margin
        left = self.m.margin
        for row in self.rows:
            h = self._row_height(row)
            if row.style is RowStyle.RULE:
                mid = y + h // 2
                painter.fillRect(QRect(left, mid - 1, self.inner, 2), black)
            elif row.style is RowStyle.QR:
                self._paint_qr(painter, row.left, y)
            else:
                painter.setFont(self._font_for(row))
                box = QRect(left, y, self.inner, h)
                if row.style in (RowStyle.TITLE, RowStyle.CENTER):
                    painter.drawText(
                        box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, row.left
                    )
                elif row.right:
                    metrics = QFontMetrics(painter.font())
                    right_w = metrics.horizontalAdvance(row.right)
                    room = max(self.inner - right_w - metrics.horizontalAdvance("  "), 0)
                    shown = metrics.elidedText(row.left, Qt.TextElideMode.ElideRight, room)
                    painter.drawText(
                        box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, shown
                    )
                    painter.drawText(
                        box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, row.right
                    )
                else:
                    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                    painter.drawText(box, int(flags) | int(Qt.TextFlag.TextWordWrap), row.left)
            y += h

    def _paint_qr(self, painter: QPainter, text: str, top: int) -> None:
        matrix = qr_matrix(text)
        count = len(matrix)
        side = count * self.m.qr_module
        x0 = (self.m.width - side) // 2
        # One grey pixel per module, scaled up without smoothing: whole-dot square modules.
        pixels = bytes(0 if dark else 255 for cells in matrix for dark in cells)
        modules = QImage(pixels, count, count, count, QImage.Format.Format_Grayscale8).copy()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(QRect(x0, top, side, side), modules)


def render_image(rows: list[ReceiptRow], head: PrintHead) -> QImage:
    """The receipt as a 1-bit image exactly the head's dot width (needs a QGuiApplication)."""
    layout = ReceiptPainter(rows, head)
    image = QImage(head.dots, layout.height(), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(head.dpi / 0.0254))
    image.setDotsPerMeterY(round(head.dpi / 0.0254))
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        layout.paint(painter)
    finally:
        painter.end()
    # A hard threshold, not dithering: dithered text edges print as grey fuzz on thermal paper.
    flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.MonoOnly
    return image.convertToFormat(QImage.Format.Format_Mono, flags)


def to_pil(image: QImage) -> Image.Image:
    """The image as PIL wants it for python-escpos (1-bit, black = print)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(BytesIO(bytes(buffer.data()))).convert("1")
