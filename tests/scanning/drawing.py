"""Drawing test frames from module patterns: QR codes and EAN/UPC barcodes, exact content known.

Shared by the decoder tests, the capture-path tests and the counter tests, so none of them
needs image files or a barcode library.
"""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter

from pos_app.domain.barcodes import gtin_check_digit
from pos_app.scanning.decoders import gray_frame

WHITE, BLACK = 0xF0, 0x20  # a phone screen / print is never pure black on pure white


def render(rows: list[list[bool]], scale: int, height: int | None = None) -> memoryview:
    """Dark-module rows (True = dark) scaled up into a frame; one row repeated for 1-D codes."""
    lines = [bytes(BLACK if dark else WHITE for dark in row for _ in range(scale)) for row in rows]
    # A 1-D barcode is its single row of bars repeated `height` pixels tall.
    repeat = height if height is not None else scale
    lines = [line for line in lines for _ in range(repeat)]
    return gray_frame(b"".join(lines), len(lines[0]), len(lines))


def qr_frame(text: str, scale: int = 4) -> memoryview:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return render(code.get_matrix(), scale)


# EAN/UPC digit patterns (ISO/IEC 15420): L (odd parity), G (even parity, left half), R (right).
_L = ["0001101", "0011001", "0010011", "0111101", "0100011",
      "0110001", "0101111", "0111011", "0110111", "0001011"]  # fmt: skip
_R = ["".join("1" if b == "0" else "0" for b in code) for code in _L]
_G = [code[::-1] for code in _R]
# Which left-half digits use G: the parity pattern encodes EAN-13's first digit.
_PARITY = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
           "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"]  # fmt: skip


def with_check_digit(digits: str) -> str:
    return digits + str(gtin_check_digit(digits))


def ean_modules(code: str) -> str:
    """The module string ('1' = bar) of an EAN-13 or EAN-8 code, quiet zones included."""
    if len(code) == 13:
        left = "".join(
            (_L if p == "L" else _G)[int(d)]
            for p, d in zip(_PARITY[int(code[0])], code[1:7], strict=True)
        )
        right = code[7:]
    elif len(code) == 8:
        left = "".join(_L[int(d)] for d in code[:4])
        right = code[4:]
    else:
        raise ValueError(code)
    quiet = "0" * 11
    return quiet + "101" + left + "01010" + "".join(_R[int(d)] for d in right) + "101" + quiet


def ean_frame(code: str, scale: int = 3) -> memoryview:
    return render([[m == "1" for m in ean_modules(code)]], scale, height=80)


def to_qimage(frame: memoryview) -> QImage:
    height, width = frame.shape
    data = frame.tobytes()
    return QImage(data, width, height, width, QImage.Format.Format_Grayscale8).copy()


def camera_image(code: memoryview, width: int = 640, height: int = 480) -> QImage:
    """A webcam-sized RGB picture with the code in the middle of a grey counter-top."""
    picture = QImage(width, height, QImage.Format.Format_RGB32)
    picture.fill(QColor(150, 150, 150))
    symbol = to_qimage(code)
    painter = QPainter(picture)
    painter.drawImage(
        QPoint((width - symbol.width()) // 2, (height - symbol.height()) // 2), symbol
    )
    painter.end()
    return picture
