"""The merchant's status and the city's notices, from the real server to a running counter.

The operator's commands run through the server's real CLI (``ServerProcess.cli``) against
the server's database, on SQLite and on PostgreSQL; the counter hears of them through the
real sync worker's long poll, without a restart.
"""

from __future__ import annotations

from datetime import date

import test_counter_orders
from pos_harness import MILK
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest

from pos_app.domain.money import format_won
from pos_app.ui.app import PosController

# The real-server counter of the online-orders test, here on SQLite and PostgreSQL alike.
counter = test_counter_orders.counter
till = test_counter_orders.till

REASON = "연 매출 30억원 초과"
NO_CASHBACK_RECEIPT = "캐시백 미적립 가맹점"  # the receipt's words (domain/receipt.py)


def no_cashback() -> str:
    return QCoreApplication.translate("StatusBanner", "No cashback at this shop")


def scan(counter: PosController, qtbot, text: str) -> None:
    before = len(counter.service.sale)
    target = counter.scan_target()
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(counter.service.sale) == before + 1)


def test_a_restriction_at_the_server_reaches_the_counter_without_a_restart(
    counter, till, server, qtbot
) -> None:
    window = counter.window
    totals = window.screen_checkout.totals
    merchant_id = server.seed["merchant_id"]
    assert window.status_banner.isHidden()

    server.cli(
        "set-status",
        merchant_id,
        "restricted",
        "--reason",
        REASON,
        "--since",
        "2026-07-01",
        "--until",
        "2026-12-31",
    )
    qtbot.waitUntil(window.status_banner.isVisible, timeout=20_000)  # the long poll
    assert window.status_banner.title.text() == (
        f"{no_cashback()} — {REASON} (2026-07-01 ~ 2026-12-31)"
    )
    assert counter.service.settings.merchant.restricted_until == date(2026, 12, 31)

    scan(counter, qtbot, MILK)
    assert counter.service.sale.quote().cashback_preview == 0
    assert totals.cashback.text() == format_won(0)
    assert totals.cashback_caption.text() == totals.tr("No cashback at this shop")

    assert window.on_scanned(till.code())
    payment = counter.service.last_payment()
    assert payment is not None

    def approved() -> bool:
        record = counter.service.payment(payment.payment_id)
        return record is not None and record.status == "approved"

    qtbot.waitUntil(approved, timeout=20_000)
    paid = counter.service.payment(payment.payment_id)
    assert paid is not None and paid.cashback == 0  # the server's figure
    assert any(row.left == NO_CASHBACK_RECEIPT for row in counter.service.receipt(paid))
    assert NO_CASHBACK_RECEIPT in window.screen_checkout.receipt.plain_text()
    assert paid.cashback_restricted  # the server's answer says so too

    server.cli("set-status", merchant_id, "active")
    qtbot.waitUntil(window.status_banner.isHidden, timeout=20_000)
    # A reprint of the restricted day's sale still says so: the receipt tells that day.
    assert any(row.left == NO_CASHBACK_RECEIPT for row in counter.service.receipt(paid))
    scan(counter, qtbot, MILK)
    preview = counter.service.sale.quote().cashback_preview
    assert preview > 0
    assert totals.cashback.text() == format_won(preview)
    assert totals.cashback_caption.text() == totals.tr("Cashback (up to)")


def test_notices_published_and_pinned_at_the_server_appear_at_the_counter(
    counter, server, qtbot
) -> None:
    pages = counter.shop_pages
    notices = pages.shop.notices
    screen = pages.notices_screen
    qtbot.waitUntil(lambda: len(notices.notices()) == 2, timeout=20_000)  # the demo's two
    first_demo = notices.notices()[-1]  # the oldest: last in the list

    server.cli("notice", "설 연휴 결제 안내", "설 연휴에도 청주페이 결제는 됩니다.")
    server.cli("notice", "캐시백 한도 변경", "12월부터 한도가 바뀝니다.", "--pinned")
    qtbot.waitUntil(lambda: screen.list.topLevelItemCount() == 4, timeout=20_000)
    shown = [screen.list.topLevelItem(row).text(1) for row in range(4)]
    assert shown[:2] == ["캐시백 한도 변경", "설 연휴 결제 안내"]  # pinned, then newest
    assert screen.list.topLevelItem(0).text(0) == screen.tr("Pinned")
    tabs = counter.window.tabs
    assert "(4)" in tabs.tabText(tabs.indexOf(screen))
    assert "4" in pages.notices_label.text()
    assert counter.window.current_page() is counter.window.pages[0]  # nothing jumped

    counter.window.show_page(counter.window.pages.index(screen))
    qtbot.waitUntil(screen.list.hasFocus)
    assert screen.body.toPlainText() == "12월부터 한도가 바뀝니다."
    qtbot.waitUntil(lambda: "(3)" in tabs.tabText(tabs.indexOf(screen)))

    newest_pinned = notices.notices()[0]
    server.cli("pin-notice", first_demo.notice_id)
    qtbot.waitUntil(
        lambda: notices.notice(first_demo.notice_id).pinned,  # type: ignore[union-attr]
        timeout=20_000,
    )
    # The store learns of the pin before the screen redraws: wait on the list we read.
    qtbot.waitUntil(  # pinned, the older one
        lambda: screen.list.topLevelItem(1).text(1) == first_demo.title, timeout=20_000
    )
    server.cli("pin-notice", newest_pinned.notice_id, "--off")
    qtbot.waitUntil(lambda: screen.list.topLevelItem(0).text(1) == first_demo.title, timeout=20_000)
    assert len(notices.notices()) == 4  # replaced, not added
