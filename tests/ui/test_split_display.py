"""The customer display after a split sale: the parts ("청주페이 9,000원 / 현금 27,800원")
and the discount the Cheongju Pay share earned, as the counter's window draws them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QCoreApplication

from pos_app.domain.clock import unix_seconds
from pos_app.domain.payment_status import PaymentStatus
from pos_app.services.demo import mint_demo_code
from pos_app.store import sync_state
from pos_app.store.database import connect, write_transaction
from tests.ui.counter import open_counter

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 KST, a discount day in the demo
BULGOGI = "8808123000103"  # 18,900원


def clock() -> datetime:
    return NOW


def tr(text: str) -> str:
    return QCoreApplication.translate("CustomerDisplayWindow", text)


@pytest.fixture
def pos(qtbot, tmp_path):
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        controller.display.show()
        yield controller


def test_the_display_shows_a_split_sales_parts_and_its_discount(pos, qtbot) -> None:
    window = pos.display.window
    screen = pos.window.screen_checkout
    assert screen.handle_scan(BULGOGI) and screen.handle_scan(BULGOGI)
    paid = pos.service.pay_split(
        9_000, code_text=mint_demo_code(unix_seconds(NOW)), cash=27_800, tendered=30_000
    )
    screen.show_receipt(paid)
    screen.payment_recorded.emit(paid)  # as the F5 dialog's caller does
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.paid_page)
    assert window.paid_amount.text() == "36,800원"
    parts = window.paid_parts.text()
    assert f"{tr('Cheongju Pay')} 9,000원 / {tr('Cash')} 27,800원" in parts
    assert tr("Special discount (Cheongju Pay share) %1").replace("%1", "-1,000원") in parts
    assert window.paid_approval.text() == tr("Waiting for approval")
    totals = screen.totals
    assert totals.paid_banner.isVisible()
    assert QCoreApplication.translate("TotalsPanel", "Split payment") in totals.total_caption.text()
    # The cash part's change, as large as a cash sale's, where the cashier reads it.
    qtbot.waitUntil(totals.change.isVisible)
    change = QCoreApplication.translate("TotalsPanel", "Change %1").replace("%1", "2,200원")
    assert totals.change.text() == change
    # The counter names the discount as the receipt does: the Cheongju Pay share's.
    caption = QCoreApplication.translate("TotalsPanel", "Special discount (Cheongju Pay share)")
    assert totals.discount_caption.text() == caption


def test_a_declined_split_shows_no_change_due(pos, qtbot, tmp_path) -> None:
    """The walk saw "거스름돈 4,266원" large and green under "결제 거절": the customer's cash
    goes back whole, so neither the counter nor the declined slip shows change."""
    screen = pos.window.screen_checkout
    assert screen.handle_scan(BULGOGI)
    code = mint_demo_code(unix_seconds(NOW))
    paid = pos.service.pay_split(9_000, code_text=code, cash=8_900, tendered=10_000)
    conn = connect(tmp_path / "pos.sqlite3")  # the server's answer, as the sync applies it
    with write_transaction(conn):
        sync_state.apply_results(
            conn,
            [
                {
                    "seq": paid.seq,
                    "event_id": paid.payment_id,
                    "status": "applied",
                    "outcome": "declined",
                    "code": "insufficient_balance",
                    "message": "잔액 부족",
                }
            ],
            received_at="2026-11-25T03:00:05.000Z",
        )
    conn.close()
    declined = pos.service.payment(paid.payment_id)
    assert declined is not None and declined.status is PaymentStatus.DECLINED
    screen.show_receipt(declined)
    totals = screen.totals
    qtbot.waitUntil(totals.paid_banner.isVisible)
    assert not totals.change.isVisible()
    rows = [row.left.strip() for row in pos.service.receipt(declined)]
    assert "거스름돈" not in rows and "받은 금액" not in rows
