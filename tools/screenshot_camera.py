"""Screenshots of camera scanning at the counter (run under Xvfb).

    xvfb-run -a -s "-screen 0 1700x860x24" \\
        uv run python tools/screenshot_camera.py OUT_PREFIX [--lang en]

Runs the real `cjpay-pos --demo` start-up and stands in for the webcam only: pictures of
goods' barcodes and of the demo phone's payment code go into the app's own video sink at
30 frames/s, as a camera's would. Everything after that is the app. Writes
OUT_PREFIX-scanning.png (goods taken by the camera, a label still in the guide box) and
OUT_PREFIX-paid.png (the phone's code read by the camera, approved by the server).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import qrcode
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtWidgets import QApplication

from pos_app.ui.app import LaunchOptions, run_gui
from pos_app.ui.camera_control import CameraControl
from pos_app.ui.demo_phone import CustomerPhoneWindow
from pos_app.ui.main_window import MainWindow

GOODS = ("8808123000103", "8808123000134")  # bulgogi, milk
WIDTH, HEIGHT = 1280, 720
APPROVAL_WAIT_S = 10.0

# EAN-13 digit patterns (ISO/IEC 15420), to draw the goods' labels.
_L = ["0001101", "0011001", "0010011", "0111101", "0100011",
      "0110001", "0101111", "0111011", "0110111", "0001011"]  # fmt: skip
_R = ["".join("1" if b == "0" else "0" for b in code) for code in _L]
_G = [code[::-1] for code in _R]
_PARITY = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
           "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"]  # fmt: skip


def ean13_modules(code: str) -> str:
    left = "".join(
        (_L if p == "L" else _G)[int(d)]
        for p, d in zip(_PARITY[int(code[0])], code[1:7], strict=True)
    )
    return "101" + left + "01010" + "".join(_R[int(d)] for d in code[7:]) + "101"


def counter_top() -> tuple[QImage, QPainter]:
    picture = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    picture.fill(QColor(122, 104, 88))  # a wooden counter, in the shop's light
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return picture, painter


def label_picture(code: str) -> QImage:
    picture, painter = counter_top()
    painter.fillRect(QRectF(380, 200, 520, 320), QColor(245, 245, 240))
    x = 430.0
    for module in ean13_modules(code):
        if module == "1":
            painter.fillRect(QRectF(x, 240, 4, 200), QColor(20, 20, 20))
        x += 4
    painter.setPen(QColor(20, 20, 20))
    font = painter.font()
    font.setPixelSize(34)
    painter.setFont(font)
    painter.drawText(QRectF(380, 445, 520, 50), Qt.AlignmentFlag.AlignCenter, code)
    painter.end()
    return picture


def phone_picture(text: str) -> QImage:
    picture, painter = counter_top()
    painter.setBrush(QColor(30, 30, 34))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(470, 20, 340, 680), 40, 40)  # the phone, held upright
    painter.fillRect(QRectF(490, 80, 300, 560), QColor(250, 250, 250))
    code = qrcode.QRCode(border=2)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = 280 / len(matrix)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(
                    QRectF(
                        QPointF(500 + x * module, 220 + y * module),
                        QPointF(500 + (x + 1) * module + 0.5, 220 + (y + 1) * module + 0.5),
                    ),
                    QColor(10, 10, 10),
                )
    painter.end()
    return picture


def main() -> int:
    prefix = sys.argv[1]
    language = "en" if sys.argv[-1] == "en" else "ko"
    app = QApplication(sys.argv)
    showing: list[QImage] = []
    feeder = QTimer()
    deadline = [0.0]

    def camera() -> CameraControl:
        return next(c for c in app.findChildren(CameraControl))

    def feed() -> None:
        sink = camera().sink
        if showing and sink is not None:
            sink.setVideoFrame(QVideoFrame(showing[-1]))

    def main_window() -> MainWindow:
        return next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())

    def show_goods(remaining: list[str]) -> None:
        showing[:] = [label_picture(remaining[0])]
        if len(remaining) > 1:
            QTimer.singleShot(1200, lambda: show_goods(remaining[1:]))
        else:  # the last label is still in view, already in the cart: the "scanning" shot
            QTimer.singleShot(900, grab_scanning)

    def grab_scanning() -> None:
        app.primaryScreen().grabWindow(0).save(f"{prefix}-scanning.png")
        phone = next(w for w in app.topLevelWidgets() if isinstance(w, CustomerPhoneWindow))
        showing[:] = [phone_picture(phone.code_text)]
        deadline[0] = time.monotonic() + APPROVAL_WAIT_S
        QTimer.singleShot(300, grab_when_approved)

    def grab_when_approved() -> None:
        banner = main_window().screen_checkout.totals.paid_banner.text()
        approved = "승인 완료" in banner or "Approved" in banner
        if not approved and time.monotonic() < deadline[0]:
            QTimer.singleShot(200, grab_when_approved)
            return
        showing.clear()
        QTimer.singleShot(600, finish)

    def finish() -> None:
        app.primaryScreen().grabWindow(0).save(f"{prefix}-paid.png")
        app.quit()

    feeder.timeout.connect(feed)
    feeder.start(33)
    QTimer.singleShot(1500, lambda: show_goods(list(GOODS)))
    return run_gui(LaunchOptions(data_dir=Path(tempfile.mkdtemp()), demo=True, language=language))


if __name__ == "__main__":
    sys.exit(main())
