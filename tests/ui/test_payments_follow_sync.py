"""The payments list follows the server's answers without a click.

It kept an offline Cheongju Pay sale on 승인 대기 with no approval number after the sync
had stored the server's approval, while the status bar beside it already said 미승인 0원;
only 오늘 read it again. Real window, real SQLite file; the answer is stored as the sync
stores it and handed to the controller as its bridge does (``server_answers``).
"""

from __future__ import annotations

from datetime import timedelta

from test_receipt_wait import MILK, pay_by_code, server_answers, till

from pos_app.ui.refunds.payments_screen import PaymentsScreen

__all__ = ["till"]  # the fixture: a controller with the shop pages, printer recorded

APPROVAL = 6  # the approval column


def row_of(screen: PaymentsScreen, payment_id: str) -> int:
    rows = [row.payment.payment_id for row in screen._rows]
    return rows.index(payment_id)


def test_an_offline_sale_shows_its_approval_when_the_sync_stores_it(till, qtbot) -> None:
    till.online = False
    offline = pay_by_code(till, qtbot, MILK)  # 승인 대기: kept until the server answers
    till.clock.now += timedelta(minutes=1)
    till.pos.service.handle_scan(MILK)
    till.pos.service.pay_cash(5_000)  # a later sale: the offline one is not the top row

    pages = till.pos.shop_pages
    assert pages is not None and pages.payments_screen is not None
    screen = pages.payments_screen
    tabs = till.pos.window.tabs
    assert tabs is not None
    tabs.setCurrentWidget(screen)
    screen.date_from.setText("2026-11-25")  # the cashier's search: from today on
    screen.search()
    assert screen.table.rowCount() == 2
    row = row_of(screen, offline)
    assert row != 0
    screen.table.selectRow(row)
    assert screen.table.item(row, APPROVAL).text() == ""
    assert screen.table.item(row, 5).text() == "승인 대기"

    till.online = True
    server_answers(till, offline, outcome="accepted", approval_no="A0000000003", cashback=298)
    qtbot.waitUntil(lambda: screen.table.item(row, APPROVAL).text() == "A0000000003")
    assert screen.table.item(row, 5).text() == "승인"
    # The search and the chosen row stayed.
    assert screen.date_from.text() == "2026-11-25"
    assert screen.table.rowCount() == 2
    assert screen.table.currentRow() == row
    selected = screen.selected_payment()
    assert selected is not None and selected.payment_id == offline
