"""Pictures as a vendor's photo files would be, made with QImage (no QApplication needed)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage


def picture(
    width: int, height: int, rgb: tuple[int, int, int] = (200, 30, 30), *, alpha: int = 255
) -> bytes:
    """A PNG of one colour (``alpha`` < 255: with transparency)."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(*rgb, alpha))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())
