"""Screenshot of the checkout screen after a payment (run under Xvfb).

    xvfb-run -a -s "-screen 0 1024x768x24" \\
        uv run python tools/screenshot_checkout.py OUT.png [--lang en] [--size 1024x768] \\
        [--tender cash]

Runs the real `cjpay-pos --demo` start-up (local reference server, enrolment,
sync worker), rings up goods by barcode through the keyboard-wedge path and pays:
by default with the demo phone's Cheongju Pay code, waiting for the server's approval;
with ``--tender cash`` through F5 as a cashier does (cash received rounded up to the next
10,000 won, so the change shows large). The main window is set to the whole ``--size``
(what a maximised window gets without a window manager's panels) and grabbed on its own,
so the customer display and the demo phone, which share the one Xvfb screen, never cover it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.scanning.wedge import send_as_keystrokes
from pos_app.ui.app import LaunchOptions, run_gui
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.demo_phone import CustomerPhoneWindow
from pos_app.ui.main_window import MainWindow

BARCODES = ("8808123000103", "8808123000134", "8808123000233", "8808123000233", "8808123000356")
APPROVAL_WAIT_S = 10.0


def window_of(kind: type) -> QApplication:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", choices=("ko", "en"), default="ko")
    parser.add_argument("--size", type=parse_size, default=(1024, 768), help="WxH, the screen")
    parser.add_argument("--tender", choices=("cheongju_pay", "cash"), default="cheongju_pay")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    deadline = [0.0]

    def ring_up() -> None:
        window = window_of(MainWindow)
        window.setGeometry(0, 0, *args.size)
        window.activateWindow()
        for code in BARCODES:
            send_as_keystrokes(code, window.focusWidget() or window)
        QTimer.singleShot(500, pay_cash if args.tender == "cash" else pay)

    def pay() -> None:
        window_of(CustomerPhoneWindow).send_to_pos()
        deadline[0] = time.monotonic() + APPROVAL_WAIT_S
        QTimer.singleShot(300, grab_when_paid)

    def pay_cash() -> None:
        window = window_of(MainWindow)

        def answer() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, TenderDialog), dialog
            received = -(-dialog.total // 10_000) * 10_000  # the next round note
            QTest.keyClicks(dialog.tendered, str(received))
            QTest.keyClick(dialog.tendered, Qt.Key.Key_Return)

        QTimer.singleShot(300, answer)
        deadline[0] = time.monotonic() + APPROVAL_WAIT_S
        QTest.keyClick(window, Qt.Key.Key_F5)  # returns once the dialog closed
        QTimer.singleShot(300, grab_when_paid)

    def grab_when_paid() -> None:
        window = window_of(MainWindow)
        banner = window.screen_checkout.totals.paid_banner.text()
        words = ("승인 완료", "Approved") if args.tender == "cheongju_pay" else ("현금", "Cash")
        if not any(word in banner for word in words) and time.monotonic() < deadline[0]:
            QTimer.singleShot(200, grab_when_paid)
            return
        QTimer.singleShot(300, lambda: (window.grab().save(str(args.out)), app.quit()))

    QTimer.singleShot(1500, ring_up)
    return run_gui(LaunchOptions(data_dir=Path(tempfile.mkdtemp()), demo=True, language=args.lang))


if __name__ == "__main__":
    sys.exit(main())
