"""Screenshots of the customer display (run under Xvfb).

    xvfb-run -a -s "-screen 0 1700x860x24" \\
        uv run python tools/screenshot_customer_display.py OUT_DIR [--lang en]

Runs the real `cjpay-pos --demo` start-up (local server, demo shop, customer display on)
and drives it from the keyboard like a cashier: goods scanned through the keyboard-wedge
filter, then F5 -> Ctrl+M for the merchant QR. Writes OUT_DIR/customer-display-checkout.png
(the sale with the special-discount line) and OUT_DIR/customer-display-qr.png (the merchant
QR with amount and countdown), each a grab of the customer display window, then pays the QR
from the demo phone and quits.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.ui.app import LaunchOptions, run_gui
from pos_app.ui.checkout.merchant_qr_dialog import MerchantQrDialog
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.customer_display.window import CustomerDisplayWindow
from pos_app.ui.demo_phone import CustomerPhoneWindow
from pos_app.ui.main_window import MainWindow

GOODS = ("8808123000103", "8808123000134", "8808123000356")  # bulgogi, milk, cigarettes


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    language = "en" if "--lang" in sys.argv and sys.argv[-1] == "en" else "ko"
    app = QApplication.instance() or QApplication(sys.argv)

    def find(kind: type):
        return next(w for w in app.topLevelWidgets() if isinstance(w, kind) and w.isVisible())

    def scan_all() -> None:
        window = find(MainWindow)
        for code in GOODS:
            QTest.keyClicks(window, code)
            QTest.keyClick(window, Qt.Key.Key_Return)
        QTimer.singleShot(1200, grab_checkout)

    def grab_checkout() -> None:
        display = find(CustomerDisplayWindow)
        display.grab().save(str(out / "customer-display-checkout.png"))
        QTimer.singleShot(100, start_qr)

    def start_qr() -> None:
        QTimer.singleShot(300, choose_qr)
        QTest.keyClick(find(MainWindow), Qt.Key.Key_F5)  # modal: returns after the sale

    def choose_qr() -> None:
        tender = QApplication.activeModalWidget()
        assert isinstance(tender, TenderDialog)
        QTimer.singleShot(2500, grab_qr)
        QTest.keyClick(tender, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)

    def grab_qr() -> None:
        find(CustomerDisplayWindow).grab().save(str(out / "customer-display-qr.png"))
        assert isinstance(QApplication.activeModalWidget(), MerchantQrDialog)
        find(CustomerPhoneWindow).pay_merchant_qr()  # the dialog closes when confirmed
        QTimer.singleShot(4000, finish)

    def finish() -> None:
        find(CustomerDisplayWindow).grab().save(str(out / "customer-display-paid.png"))
        app.closeAllWindows()
        app.quit()

    QTimer.singleShot(2500, scan_all)
    return run_gui(LaunchOptions(data_dir=Path(tempfile.mkdtemp()), demo=True, language=language))


if __name__ == "__main__":
    sys.exit(main())
