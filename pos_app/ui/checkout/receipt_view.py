"""On-screen receipt preview: the receipt's rows as a narrow, paper-like table."""

from __future__ import annotations

import base64
from html import escape

import qrcode
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from pos_app.domain.receipt import ReceiptRow, RowStyle

PAPER_WIDTH_PX = 460  # about an 80 mm receipt at counter-screen scale


def receipt_html(rows: list[ReceiptRow]) -> str:
    """Rows as HTML: two columns with the amounts right-aligned, like the printout."""
    parts = ['<table width="100%" cellspacing="0" cellpadding="1">']
    for row in rows:
        if row.style in (RowStyle.RULE, RowStyle.RULER):
            # A screen has no print head to measure: the test page's ruler is a rule here.
            parts.append('<tr><td colspan="2"><hr/></td></tr>')
        elif row.style is RowStyle.TITLE:
            parts.append(f'<tr><td colspan="2" align="center"><b>{escape(row.left)}</b></td></tr>')
        elif row.style is RowStyle.QR:
            # The same code the paper carries, so a refund can be tried from the screen too.
            parts.append(
                f'<tr><td colspan="2" align="center"><img src="{qr_data_uri(row.left)}"/></td></tr>'
            )
        elif row.style is RowStyle.CENTER:
            parts.append(f'<tr><td colspan="2" align="center">{escape(row.left)}</td></tr>')
        else:
            left, right = escape(row.left), escape(row.right)
            if row.style is RowStyle.STRONG:
                left, right = f"<b>{left}</b>", f"<b>{right}</b>"
            if row.right:
                parts.append(f'<tr><td>{left}</td><td align="right">{right}</td></tr>')
            else:
                parts.append(f'<tr><td colspan="2">{left}</td></tr>')
    parts.append("</table>")
    return "".join(parts)


def qr_data_uri(text: str, module_px: int = 4) -> str:
    """A QR code as a PNG data URI that a QTextBrowser shows inline."""
    code = qrcode.QRCode(border=2)
    code.add_data(text)
    code.make(fit=True)
    # Whole rows of bytes, not setPixel: PySide 6.12's setPixel mishandles None's
    # reference count, and tens of thousands of calls crash the interpreter at exit.
    lines = []
    for row in code.get_matrix():
        line = b"".join(b"\x00" * module_px if dark else b"\xff" * module_px for dark in row)
        lines.extend([line] * module_px)
    size = len(lines)
    image = QImage(b"".join(lines), size, size, size, QImage.Format.Format_Grayscale8).copy()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(bytes(data.data())).decode("ascii")


class ReceiptView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(self.tr("Receipt preview"))
        self.text = QTextBrowser()
        self.text.setObjectName("receipt")
        self.text.setFixedWidth(PAPER_WIDTH_PX)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.text, 1, Qt.AlignmentFlag.AlignHCenter)

    def show_rows(self, rows: list[ReceiptRow]) -> None:
        self.text.setHtml(receipt_html(rows))

    def plain_text(self) -> str:
        return self.text.toPlainText()
