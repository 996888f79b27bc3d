"""Receipt rows drawn at a thermal printer head's dot width and dpi, Hangul and QR included.

Drawing the text ourselves means Korean prints on ANY ESC/POS printer as a raster image: no
printer code page, no Korean font ROM. The same painter code draws the PDF and the system
printer's page, so all three show the same receipt.
"""

from __future__ import annotations

import re
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


@dataclass(frozen=True)
class _Text:
    font: QFont
    x: int
    baseline: int
    text: str


@dataclass(frozen=True)
class _Fill:
    rect: QRect


@dataclass(frozen=True)
class _Qr:
    text: str
    rect: QRect


_Op = _Text | _Fill | _Qr
_LEFT, _CENTRE, _RIGHT = (
    Qt.AlignmentFlag.AlignLeft,
    Qt.AlignmentFlag.AlignHCenter,
    Qt.AlignmentFlag.AlignRight,
)
_TOKENS = re.compile(r"\s+|\S+")


def wrap(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """``text`` in lines no wider than ``width``: broken between words, and inside a word
    only when the word alone is wider (a long name with no spaces). Never cut, never elided."""
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if metrics.horizontalAdvance((line + token).rstrip()) <= width:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = "" if token.isspace() else token
        while metrics.horizontalAdvance(line) > width:
            cut = _fitting_prefix(line, metrics, width)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _fitting_prefix(word: str, metrics: QFontMetrics, width: int) -> int:
    """How many characters of ``word`` fit in ``width`` (at least one, to make progress)."""
    cut = 1
    while cut < len(word) and metrics.horizontalAdvance(word[: cut + 1]) <= width:
        cut += 1
    return cut


class ReceiptPainter:
    """Lays out rows top to bottom once; ``height`` measures and ``paint`` draws that layout,
    so the picture is exactly as tall as what is drawn on it."""

    def __init__(self, rows: list[ReceiptRow], head: PrintHead) -> None:
        self.rows = rows
        self.head = head
        self.m = Metrics.for_head(head)
        self.text_font = _font(self.m.text_px)
        self.title_font = _font(self.m.title_px, bold=True)
        self.strong_font = _font(self.m.strong_px, bold=True)
        # The ruler's millimetre figures: small, to leave room for the ticks.
        self.ruler_font = _font(max(8, self.m.text_px * 3 // 4))
        self._ops, self._height = self._layout()

    @property
    def inner(self) -> int:
        return self.m.width - 2 * self.m.margin

    def _font_for(self, row: ReceiptRow) -> QFont:
        if row.style is RowStyle.TITLE:
            return self.title_font
        if row.style is RowStyle.STRONG:
            return self.strong_font
        return self.text_font

    def height(self) -> int:
        return self._height

    def _layout(self) -> tuple[list[_Op], int]:
        ops: list[_Op] = []
        y = self.m.margin
        for row in self.rows:
            if row.style is RowStyle.RULE:
                h = self.m.text_px // 2 + self.m.gap
                ops.append(_Fill(QRect(self.m.margin, y + h // 2 - 1, self.inner, 2)))
            elif row.style is RowStyle.RULER:
                h = self._layout_ruler(ops, y)
            elif row.style is RowStyle.QR:
                h = self._layout_qr(ops, row.left, y)
            else:
                h = self._layout_text(ops, row, y)
            y += h
        # A small white margin at the foot; the feed to the cutter is the printer's job.
        return ops, y + self.m.margin

    def _layout_text(self, ops: list[_Op], row: ReceiptRow, top: int) -> int:
        font = self._font_for(row)
        metrics = QFontMetrics(font)
        left_x, right_edge, width = self.m.margin, self.m.margin + self.inner, self.inner
        placed: list[tuple[str, Qt.AlignmentFlag]] = []  # one entry per line, top down
        value_beside: str | None = None  # the right-hand value, on the label's first line
        if row.style in (RowStyle.TITLE, RowStyle.CENTER):
            placed = [(line, _CENTRE) for line in wrap(row.left, metrics, width)]
        elif row.right:
            right_w = metrics.horizontalAdvance(row.right)
            room = width - right_w - metrics.horizontalAdvance("  ")
            if room >= width * 2 // 5:
                # The label wraps in the room the value leaves; the value sits on its first line.
                labels = wrap(row.left, metrics, room) if row.left else [""]
                placed = [(line, _LEFT) for line in labels]
                value_beside = row.right
            else:
                # A value too wide to sit beside its label: the label on its own line(s),
                # the value below it, right-aligned, so neither loses a character.
                labels = wrap(row.left, metrics, width) if row.left else []
                placed = [(line, _LEFT) for line in labels]
                placed += [(line, _RIGHT) for line in wrap(row.right, metrics, width)]
        else:
            placed = [(line, _LEFT) for line in wrap(row.left, metrics, width)]
        line_h = metrics.lineSpacing()
        for n, (line, align) in enumerate(placed):
            baseline = top + n * line_h + metrics.ascent()
            advance = metrics.horizontalAdvance(line)
            if align == _CENTRE:
                x = left_x + (width - advance) // 2
            elif align == _RIGHT:
                x = right_edge - advance
            else:
                x = left_x
            ops.append(_Text(font, x, baseline, line))
        if value_beside is not None:
            x = right_edge - metrics.horizontalAdvance(value_beside)
            ops.append(_Text(font, x, top + metrics.ascent(), value_beside))
        return len(placed) * line_h + self.m.gap // 2

    def _layout_qr(self, ops: list[_Op], text: str, top: int) -> int:
        count = len(qr_matrix(text))
        # Whole-dot modules, as large as the paper allows (a narrow head shrinks them).
        module = max(1, min(self.m.qr_module, self.inner // count))
        side = count * module
        ops.append(_Qr(text, QRect((self.m.width - side) // 2, top, side, side)))
        return side + self.m.gap

    def _layout_ruler(self, ops: list[_Op], top: int) -> int:
        """Ticks every millimetre (longer every 5 and 10, the tens numbered) from the head's
        first dot to its last, and its last dot column marked: a printer that prints less
        than the head the receipt is drawn for shows a ruler cut short on the right."""
        width = self.m.width
        metrics = QFontMetrics(self.ruler_font)
        labels_h = metrics.height()
        long, medium, short = (self.head.mm_to_dots(mm) for mm in (4.0, 2.5, 1.5))
        line = max(2, self.head.mm_to_dots(0.25))  # 2 dots: a single dot prints faintly
        base = top + labels_h + long  # the ruler's base line, under the ticks
        mm = 0
        while (x := self.head.mm_to_dots(mm)) < width:
            size = long if mm % 10 == 0 else medium if mm % 5 == 0 else short
            ops.append(_Fill(QRect(min(x, width - line), base - size, line, size)))
            if mm % 10 == 0:
                label = f"{mm}mm" if mm == 0 else str(mm)
                label_w = metrics.horizontalAdvance(label)
                lx = min(max(0, x - label_w // 2), width - 2 * line - label_w)
                ops.append(_Text(self.ruler_font, lx, top + metrics.ascent(), label))
            mm += 1
        # The head's last dot column, full height: the right edge the receipt is drawn to.
        ops.append(_Fill(QRect(width - line, top, line, labels_h + long)))
        ops.append(_Fill(QRect(0, base, width, line)))
        return labels_h + long + line + self.m.gap

    def paint(self, painter: QPainter) -> None:
        black = QColor("black")
        painter.setPen(QPen(black))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        for op in self._ops:
            if isinstance(op, _Fill):
                painter.fillRect(op.rect, black)
            elif isinstance(op, _Qr):
                self._paint_qr(painter, op)
            else:
                painter.setFont(op.font)
                painter.drawText(op.x, op.baseline, op.text)

    def _paint_qr(self, painter: QPainter, op: _Qr) -> None:
        matrix = qr_matrix(op.text)
        count = len(matrix)
        # One grey pixel per module, scaled up without smoothing: whole-dot square modules.
        pixels = bytes(0 if dark else 255 for cells in matrix for dark in cells)
        modules = QImage(pixels, count, count, count, QImage.Format.Format_Grayscale8).copy()
        painter.drawImage(op.rect, modules)


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
