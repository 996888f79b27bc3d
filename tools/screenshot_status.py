"""Screenshots of the merchant-status banner and the notices, through the real demo (Xvfb).

    xvfb-run -a -s "-screen 0 1700x860x24" \\
        uv run python tools/screenshot_status.py OUT_DIR [--lang en]

Runs `cjpay-pos --demo` (local server, enrolment, sync). The operator then restricts the
demo merchant and publishes two notices (one pinned) with the server's own CLI; the POS
hears of them through the changes feed. Writes OUT_DIR/restricted-banner.png (the banner
over the checkout during a sale) and OUT_DIR/notices.png (the notices screen: the pinned
one open, the others unread).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pos_app.scanning.wedge import send_as_keystrokes
from pos_app.ui.app import LaunchOptions, PosController, run_gui

WAIT_S = 20.0
GOODS = ("8808123000103", "8808123000134", "8808123000028")  # bulgogi, milk, apples


def server_cli(pos: PosController, *args: str) -> None:
    """The operator's command, against the demo server's database (beside the POS's file)."""
    pos_file = Path(pos.service._conn.execute("PRAGMA database_list").fetchone()[2])
    central = next(
        parent / "central.sqlite3"
        for parent in pos_file.parents
        if (parent / "central.sqlite3").exists()
    )
    subprocess.run(
        [sys.executable, "-m", "central_server", "--database-url", f"sqlite:///{central}", *args],
        check=True,
        capture_output=True,
        timeout=60,
    )


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    language = "en" if sys.argv[-1] == "en" else "ko"
    app = QApplication(sys.argv)

    def pos() -> PosController:
        return next(iter(app.findChildren(PosController)))

    def wait_for(condition: Callable[[], bool], then: Callable[[], None]) -> None:
        deadline = time.monotonic() + WAIT_S

        def check() -> None:
            if condition() or time.monotonic() > deadline:
                then()
            else:
                QTimer.singleShot(200, check)

        check()

    def operator() -> None:
        merchant_id = pos().service.settings.merchant.merchant_id  # type: ignore[union-attr]
        server_cli(
            pos(),
            "set-status",
            merchant_id,
            "restricted",
            "--reason",
            "연 매출 30억원 초과",
            "--since",
            "2026-07-01",
            "--until",
            "2026-12-31",
        )
        server_cli(
            pos(),
            "notice",
            "12월 캐시백 한도 안내",
            "12월 한 달 동안 캐시백 적립 한도가 월 30만 원 결제분(최대 3만 원)으로"
            " 유지됩니다.\n\n연 매출 30억 원 초과 가맹점에서는 캐시백이 적립되지 않으니"
            " 고객 안내에 참고해 주세요.",
            "--pinned",
        )
        server_cli(
            pos(),
            "notice",
            "설 명절 온시장 배송 일정",
            "설 연휴 전 마지막 당일 배송 주문은 2월 13일 오후 2시까지 받습니다.",
        )
        wait_for(lambda: pos().window.status_banner.isVisible(), ring_up)

    def ring_up() -> None:
        window = pos().window
        for code in GOODS:
            send_as_keystrokes(code, window.focusWidget() or window)
        QTimer.singleShot(800, lambda: (grab("restricted-banner"), notices()))

    def notices() -> None:
        screen = pos().shop_pages.notices_screen
        wait_for(
            lambda: screen is not None and screen.list.topLevelItemCount() >= 4,
            lambda: show_notices(),
        )

    def show_notices() -> None:
        window = pos().window
        window.show_page(window.pages.index(pos().shop_pages.notices_screen))
        QTimer.singleShot(800, lambda: (grab("notices"), app.quit()))

    def grab(name: str) -> None:
        # The main window alone: the customer display and the demo phone stand over it.
        pos().window.grab().save(str(out / f"{name}.png"))

    QTimer.singleShot(3000, operator)
    return run_gui(LaunchOptions(data_dir=Path(tempfile.mkdtemp()), demo=True, language=language))


if __name__ == "__main__":
    sys.exit(main())
