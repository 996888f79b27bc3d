"""Screenshot of the checkout screen after a discounted payment (run under Xvfb).

    xvfb-run -a -s "-screen 0 1700x860x24" \
        uv run python tools/screenshot_checkout.py OUT.png [--lang en]

Drives the real demo app: rings up goods by barcode, then 'scans' the demo
phone's payment code through the keyboard-wedge path, then grabs the screen.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pos_app.domain.clock import system_clock
from pos_app.scanning.wedge import send_as_keystrokes
from pos_app.services.checkout import CheckoutService
from pos_app.services.demo import seed_demo
from pos_app.store.database import connect
from pos_app.ui.app import PosController
from pos_app.ui.theme import apply_theme
from pos_app.ui.translations import LanguageSwitcher

BARCODES = ("8808123000103", "8808123000134", "8808123000233", "8808123000233", "8808123000356")


def main() -> int:
    out = Path(sys.argv[1])
    language = "en" if "--lang" in sys.argv and sys.argv[-1] == "en" else "ko"
    app = QApplication(sys.argv)
    apply_theme(app)
    conn = connect(Path(tempfile.mkdtemp()) / "pos.sqlite3")
    seed_demo(conn, system_clock)
    service = CheckoutService(conn, system_clock)
    controller = PosController(
        app, service, conn=conn, languages=LanguageSwitcher(app), language=language, demo=True
    )
    controller.show()

    def ring_up() -> None:
        for code in BARCODES:
            send_as_keystrokes(code, controller.scan_target())

    def pay() -> None:
        assert controller.phone is not None
        controller.phone.send_to_pos()

    def grab() -> None:
        screen = app.primaryScreen()
        screen.grabWindow(0).save(str(out))
        app.quit()

    QTimer.singleShot(600, ring_up)
    QTimer.singleShot(1200, pay)
    QTimer.singleShot(2200, grab)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
