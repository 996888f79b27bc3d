"""Screenshots of the shop beyond the counter, through the real demo (run under Xvfb).

    xvfb-run -a -s "-screen 0 1700x860x24" \\
        uv run python tools/screenshot_shop.py OUT_PREFIX [--lang en]

Runs `cjpay-pos --demo` (local server, enrolment, sync). Lists the demo's apples on 온시장
with a photo through the listing service, lets the sync send it, publishes it from the demo
phone's trainer button, orders it from the phone's online shop as the customer, and waits for
the order to reach the POS through the changes feed. Writes OUT_PREFIX-order-alert.png (the
banner mid-checkout), -orders.png, -products.png and -listings.png.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from pos_app.domain.listings import Channel, Delivery, ListingState
from pos_app.scanning.wedge import send_as_keystrokes
from pos_app.services.listings import ListingInput
from pos_app.ui.app import LaunchOptions, PosController, run_gui

APPLE_CODE = "8808123000028"
WAIT_S = 15.0


def apple_photo() -> bytes:
    image = QImage(800, 600, QImage.Format.Format_RGB32)
    image.fill(QColor(250, 246, 235))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for i, (x, y) in enumerate(((250, 300), (420, 260), (560, 330), (380, 400))):
        painter.setBrush(QColor(200 - i * 10, 30 + i * 8, 40))
        painter.drawEllipse(x - 90, y - 90, 180, 180)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def main() -> int:
    prefix = sys.argv[1]
    language = "en" if sys.argv[-1] == "en" else "ko"
    app = QApplication(sys.argv)
    state: dict[str, object] = {}

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

    def list_apples() -> None:
        shop = pos().shop_pages.shop
        apple = shop.catalog.product_for_code(APPLE_CODE)
        photo = shop.listings.add_photo(apple_photo())
        listing = shop.listings.submit(
            ListingInput(
                product_id=apple.product_id,
                channel=Channel.ONSIJANG,
                title="청주 부사 사과 5kg (당일 수확)",
                price=32_000,
                stock_offered=10,
                description="청주 상당구 과수원에서 오늘 딴 부사입니다.",
                photos=(photo,),
                delivery=Delivery(parcel_fee=3_000, pickup=True, same_day_fee=2_000),
            )
        )
        state["listing"] = listing.listing_id
        # Sent once the sync has pushed it (the server then holds it "submitted").
        wait_for(lambda: pos().window.sync_status.isVisible() and pushed(), publish)

    def pushed() -> bool:
        return pos().service.pending_stats().count == 0

    def publish() -> None:
        tab = pos().phone.shop_tab
        tab.publish_submitted()
        wait_for(
            lambda: any(
                listing.status is ListingState.PUBLISHED
                for listing in pos().shop_pages.shop.listings.listings()
            ),
            ring_up,
        )

    def ring_up() -> None:
        window = pos().window
        for code in ("8808123000103", "8808123000134"):
            send_as_keystrokes(code, window.focusWidget() or window)
        QTimer.singleShot(600, order)

    def order() -> None:
        tab = pos().phone.shop_tab
        tab.reload()
        tab.order_selected()
        wait_for(lambda: pos().window.order_alert.isVisible(), grab_alert)

    def grab_alert() -> None:
        QTimer.singleShot(400, lambda: (grab("order-alert"), show(2, "orders", show_products)))

    def show_products() -> None:
        show(1, "products", lambda: show(3, "listings", app.quit))

    def show(page: int, name: str, then: Callable[[], None]) -> None:
        pos().window.show_page(page)
        QTimer.singleShot(600, lambda: (grab(name), then()))

    def grab(name: str) -> None:
        app.primaryScreen().grabWindow(0).save(f"{prefix}-{name}.png")

    QTimer.singleShot(2500, list_apples)
    return run_gui(LaunchOptions(data_dir=Path(tempfile.mkdtemp()), demo=True, language=language))


if __name__ == "__main__":
    sys.exit(main())
