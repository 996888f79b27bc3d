"""Listing photos made small enough to upload: at most 1280 px on the long side, JPEG q82.

Uses QImage (Qt GUI, no widgets, no QApplication needed): the PC already ships Qt's
image codecs, and decoding is done with EXIF orientation applied, so a phone photo taken
upright is not shown on its side. Transparent pixels are laid on white: JPEG has no alpha,
and a transparent PNG would otherwise turn black.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter

from pos_app.domain.errors import ErrorKey, UserFacingError

MAX_SIDE_PX = 1280
JPEG_QUALITY = 82
#: The server takes at most 2 MiB per photo (docs/protocol.md, media).
MAX_BYTES = 2 * 1024 * 1024
CONTENT_TYPE = "image/jpeg"


def _decode(data: bytes) -> QImage:
    source = QBuffer()
    source.setData(QByteArray(data))
    source.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(source)
    reader.setAutoTransform(True)  # EXIF orientation
    image = reader.read()
    if image.isNull():
        raise UserFacingError(ErrorKey.PHOTO_UNREADABLE)
    return image


def _flatten(image: QImage) -> QImage:
    if not image.hasAlphaChannel():
        return image.convertToFormat(QImage.Format.Format_RGB32)
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(QColor("white"))
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def prepare_photo(data: bytes, max_side: int = MAX_SIDE_PX, quality: int = JPEG_QUALITY) -> bytes:
    """The JPEG bytes to store and upload; E731 if unreadable, E732 if still too big."""
    image = _decode(data)
    if max(image.width(), image.height()) > max_side:
        image = image.scaled(
            max_side,
            max_side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    image = _flatten(image)
    out = QByteArray()
    sink = QBuffer(out)
    sink.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(sink, "JPEG", quality):
        raise UserFacingError(ErrorKey.PHOTO_UNREADABLE)
    sink.close()
    jpeg = bytes(out.data())
    if len(jpeg) > MAX_BYTES:
        raise UserFacingError(ErrorKey.PHOTO_TOO_LARGE, max="2 MiB")
    return jpeg
