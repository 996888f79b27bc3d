"""Paints a QR code from its module matrix: crisp at any size, no image library.

The matrix becomes a one-pixel-per-module image built from whole rows of bytes, drawn scaled
in one call: PySide6 6.12 leaks a reference to None on every ``fillRect(QRectF, QColor)``,
so painting module by module (hundreds of calls per paint) crashed the interpreter after a
few repaints of a large code.
"""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class QrWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: list[list[bool]] = []
        self._image: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 240)

    def set_text(self, text: str) -> None:
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        code.add_data(text)
        code.make(fit=True)
        self._matrix = code.get_matrix()
        count = len(self._matrix)
        rows = b"".join(bytes(0 if dark else 255 for dark in row) for row in self._matrix)
        image = QImage(rows, count, count, count, QImage.Format.Format_Grayscale8)
        self._image = image.copy()  # owns its pixels: ``rows`` goes away
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self._image is None:
            return
        side = min(self.width(), self.height())
        left = (self.width() - side) / 2
        top = (self.height() - side) / 2
        # Scaled without smoothing: every module stays a sharp square.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(QRectF(left, top, side, side), self._image)
