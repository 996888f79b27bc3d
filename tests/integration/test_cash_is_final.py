"""Cash and card are final when recorded, against the real server
process: a 499,000 won cash day and a card sale leave the whole Cheongju Pay offline
allowance, an offline Cheongju Pay payment is taken, and after one sync the server has
answered everything ('recorded' for cash and card, 'accepted' for Cheongju Pay) and
nothing at all waits for an approval: not the status bar's figures, not the day close."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pos_harness import MILK_PRICE_CJPAY, Pos, open_pos
from servers import ServerProcess

from pos_app.domain.day_close_slip import build_day_close_slip
from pos_app.domain.offline_rules import OfflineLimits
from pos_app.domain.payment_status import PaymentStatus
from pos_app.services.day_close import DayCloseService
from pos_app.store import settings, sync_state
from pos_app.store.database import write_transaction
from pos_app.sync.worker import SyncStatus
from pos_app.ui.sync_status import SyncStatusBar


@pytest.fixture
def pos(sqlite_server: ServerProcess, tmp_path: Path) -> Iterator[Pos]:
    terminal = open_pos(
        sqlite_server.url,
        sqlite_server.seed["enrolment_code"],
        sqlite_server.seed["merchant_id"],
        tmp_path / "pos.sqlite3",
    )
    with write_transaction(terminal.conn):
        # The shop's real limits: the 500,000 won cap is what this test is about.
        settings.save_offline_limits(terminal.conn, OfflineLimits())
    terminal.service.settings.reload()
    yield terminal
    terminal.close()


def test_after_a_sync_no_cash_or_card_sale_awaits_approval(qtbot, pos: Pos) -> None:
    pos.drain()  # the catalogue
    days = DayCloseService(pos.conn, pos.service.clock)
    days.open_day(50_000)
    pos.service.sale.add_amount(499_000, "한우 선물세트")
    cash = pos.service.pay_cash(500_000)
    pos.service.sale.add_amount(33_000, "김장 세트")
    card = pos.service.pay_card_terminal(approved_on_terminal=True)
    assert cash.status is card.status is PaymentStatus.RECORDED

    # Offline (the counter has no answer from the server): the Cheongju Pay payment is
    # judged by the offline rules, and cash and card use none of its allowance.
    paid = pos.pay()
    assert paid.offline and paid.status is PaymentStatus.PENDING
    assert paid.total == MILK_PRICE_CJPAY
    assert pos.service.unsynced() == (1, MILK_PRICE_CJPAY)

    pos.drain()

    outcomes = dict(
        pos.conn.execute(
            "SELECT p.payment_id, r.outcome FROM payments p JOIN sync_results r USING (seq)"
        ).fetchall()
    )
    assert outcomes == {
        cash.payment_id: "recorded",
        card.payment_id: "recorded",
        paid.payment_id: "accepted",
    }
    statuses = {pid: pos.service.payment(pid).status for pid in outcomes}  # type: ignore[union-attr]
    assert statuses == {
        cash.payment_id: PaymentStatus.RECORDED,
        card.payment_id: PaymentStatus.RECORDED,
        paid.payment_id: PaymentStatus.APPROVED,
    }

    # The status bar, fed as the main window feeds it.
    stats = pos.service.pending_stats()
    assert stats.count == 0 and sync_state.pending_stats(pos.conn).count == 0
    _, unconfirmed = pos.service.unsynced()
    assert unconfirmed == 0
    bar = SyncStatusBar(pos.service.clock)
    qtbot.addWidget(bar)
    bar.show_status(SyncStatus(enrolled=True, online=True, pending=stats.count), unconfirmed)
    assert bar.pending.text().endswith(" 0원")  # "... unconfirmed 0원"

    # The day close: every figure in, nothing waiting.
    settlement = days.settlement()
    assert settlement is not None
    assert (settlement.pending_count, settlement.pending_total) == (0, 0)
    assert settlement.net_sales == 499_000 + 33_000 + MILK_PRICE_CJPAY
    merchant = pos.service.settings.merchant
    assert merchant is not None
    day = days.current_day()
    assert day is not None
    slip = build_day_close_slip(
        merchant,
        settlement,
        business_date=day.business_date,
        opened_at=day.opened_at,
        closed_at=None,
        device_label="POS-1",
    )
    assert "승인 대기 없음" in [row.left for row in slip]
