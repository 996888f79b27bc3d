"""Listing photos made small enough to upload: at most 1280 px on the long side, JPEG q82.

Uses QImage (Qt GUI, no widgets, no QApplication needed): the PC already ships Qt's
image codecs, and decoding is done with EXIF orientation applied, so a phone photo taken
upright is not shown on its side. Transparent pixels are laid on white: JPEG has no alpha,
and a transparent PNG would otherwise turn black.

Only JPEG, PNG, BMP, GIF and WebP are decoded, recognised by their first bytes before any
decoder sees them (Qt would otherwise pick any plugin it has, SVG included, whose rendering
can be made arbitrarily slow), and the size the header declares must be within MAX_PIXELS
before the pixels are decoded. Decoding takes time even so: callers on the UI thread run
:func:`prepare_photo` through ``pos_app.ui.background.run_task``.
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
#: The most pixels a picture may declare before decoding (a 48 MP phone photo fits):
#: decoding allocates 4 bytes per pixel, and a bomb's header can claim billions.
MAX_PIXELS = 8192 * 8192
MAX_DECLARED_SIDE = 8192
#: Qt's own guard on what one decode may allocate, in MiB (4 bytes per pixel at the cap).
_ALLOCATION_LIMIT_MB = MAX_PIXELS * 4 // (1024 * 1024)


def sniff_format(data: bytes) -> bytes | None:
    """The Qt format name the bytes start like, among the accepted ones; None otherwise."""
    if data.startswith(b"\xff\xd8\xff"):
        return b"jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return b"png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return b"gif"
    if data.startswith(b"BM"):
        return b"bmp"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return b"webp"
    return None


def _decode(data: bytes) -> QImage:
    format_name = sniff_format(data)
    if format_name is None:
        raise UserFacingError(ErrorKey.PHOTO_UNREADABLE)
    source = QBuffer()
    source.setData(QByteArray(data))
    source.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(source, format_name)
    reader.setDecideFormatFromContent(False)  # only the sniffed format's decoder
    reader.setAllocationLimit(_ALLOCATION_LIMIT_MB)
    reader.setAutoTransform(True)  # EXIF orientation
    declared = reader.size()  # from the header; no pixel decoded yet
    if not declared.isValid() or declared.isEmpty():
        raise UserFacingError(ErrorKey.PHOTO_UNREADABLE)
    if declared.width() * declared.height() > MAX_PIXELS:
        raise UserFacingError(
            ErrorKey.PHOTO_TOO_MANY_PIXELS,
            width=declared.width(),
            height=declared.height(),
            max_side=MAX_DECLARED_SIDE,
        )
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
