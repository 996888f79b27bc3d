"""Pictures as a vendor's photo files would be, made with QImage (no QApplication needed)."""

from __future__ import annotations

import struct
import zlib

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


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body)
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A few hundred bytes whose PNG header claims width x height: decoding would need
    gigabytes (30000 x 30000 x 4), so only the header may be read."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 4096, 9))
        + _chunk(b"IEND", b"")
    )


#: SVG nested this way takes Qt's renderer minutes; it must never reach a decoder.
NESTED_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    b'width="4000" height="4000"><defs><g id="a0"><rect width="4000" height="4000"/></g>'
    + b"".join(
        b'<g id="a%d"><use xlink:href="#a%d"/><use xlink:href="#a%d"/></g>' % (n, n - 1, n - 1)
        for n in range(1, 25)
    )
    + b'</defs><use xlink:href="#a24"/></svg>'
)
