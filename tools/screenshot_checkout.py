"""Screenshot of the checkout screen after a discounted payment (run under Xvfb).

    xvfb-run -a -s "-screen 0 1700x860x24" \\
        uv run python tools/screenshot_checkout.py OUT.png [--lang en]

Runs the real `cjpay-pos --demo` start-up (local reference server, enrolment,
sync worker), rings up goods by barcode through the keyboard-wedge path, pays
with the demo phone's code, waits for the server's approval, then grabs the screen.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pos_app.scanning.wedge import send_as_keystrokes
from pos_app.ui.app import LaunchOptions, run_gui
from pos_app.ui.demo_phone import CustomerPhoneWindow
from pos_app.ui.main_window import MainWindow

BARCODES = ("8808123000103", "8808123000134", "8808123000233", "8808123000233", "8808123000356")
APPROVAL_WAIT_S = 10.0


def window_of(kind: type) -> QApplication:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def main() -> int:
    out = Path(sys.argv[1])
    language = "en" if sys.argv[-1] == "en" else "ko"
    app = QApplication(sys.argv)
    deadline = [0.0]

    def ring_up() -> None:
        window = window_of(MainWindow)
        for code in BARCODES:
            send_as_keystrokes(code, window.focusWidget() or window)
        QTimer.singleShot(500, pay)

    def pay() -> None:
        window_of(CustomerPhoneWindow).send_to_pos()
        deadline[0] = time.monotonic() + APPROVAL_WAIT_S
        QTimer.singleShot(300, grab_when_approved)

    def grab_when_approved() -> None:
        banner = window_of(MainWindow).screen_checkout.totals.paid_banner.text()
        approved = "승인 완료" in banner or "Approved" in banner
        if not approved and time.monotonic() < deadline[0]:
            QTimer.singleShot(200, grab_when_approved)
            return
        QTimer.singleShot(
            300, lambda: (app.primaryScreen().grabWindow(0).save(str(out)), app.quit())
        )

    QTimer.singleShot(1500, ring_up)
    return run_gui(LaunchOptions(data_dir=Path(tempfile.mkdtemp()), demo=True, language=language))


if __name__ == "__main__":
    sys.exit(main())
