"""Paints a QR code from its module matrix: crisp at any size, no image library."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class QrWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: list[list[bool]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 240)

    def set_text(self, text: str) -> None:
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        code.add_data(text)
        code.make(fit=True)
        self._matrix = code.get_matrix()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if not self._matrix:
            return
        count = len(self._matrix)
        side = min(self.width(), self.height())
        module = side / count
        left = (self.width() - side) / 2
        top = (self.height() - side) / 2
        black = QColor("black")
        for row, cells in enumerate(self._matrix):
            for column, dark in enumerate(cells):
                if dark:
                    # Overlap by a hair so no hairline gaps appear between modules.
                    rect = QRectF(
                        left + column * module, top + row * module, module + 0.5, module + 0.5
                    )
                    painter.fillRect(rect, black)
