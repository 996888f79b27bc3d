"""A database that cannot grow (a full disk, simulated with ``PRAGMA max_page_count``):
the payment is refused with E901 in Korean, nothing is half-written, the cart is kept, and
the same sale goes through once there is room again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import FIXED_NOW, fixed_clock
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_app.domain.clock import unix_seconds
from pos_app.domain.errors import UserFacingError
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.demo import mint_demo_code
from pos_app.store.journal import journal_head, verify_journal
from tests.ui.counter import open_counter

LINES = 40  # a long receipt: its journal body needs pages the file cannot get


def fill_the_disk(conn: sqlite3.Connection) -> None:
    """No free page left and no new one allowed: the next large write must fail."""
    conn.execute("VACUUM")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    assert conn.execute(f"PRAGMA max_page_count = {pages}").fetchone()[0] == pages


def make_room(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA max_page_count = 1073741823")


def state(conn: sqlite3.Connection) -> tuple[int, int, int]:
    payments = conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
    movements = conn.execute("SELECT COUNT(*) FROM stock_movements").fetchone()[0]
    return journal_head(conn)[0], payments, movements


def ring_long_sale(service: CheckoutService) -> None:
    for n in range(LINES):
        service.sale.add_amount(1_000 + n, f"시장 물품 {n + 1:02d} 국산 햇감자 상자 묶음")


def test_a_full_disk_refuses_the_payment_cleanly_and_it_goes_through_later(
    demo_db: sqlite3.Connection,
) -> None:
    service = open_checkout(demo_db, fixed_clock())
    ring_long_sale(service)
    before = state(demo_db)
    fill_the_disk(demo_db)

    with pytest.raises(UserFacingError) as refused:
        service.handle_scan(mint_demo_code(unix_seconds(FIXED_NOW)))

    assert refused.value.code == "E901"
    assert "디스크 공간이 부족" in refused.value.display("ko")
    assert state(demo_db) == before  # not a row of it: journal, payment, stock
    assert verify_journal(demo_db) is None
    assert len(service.sale) == LINES  # the cashier does not ring it up again

    make_room(demo_db)
    outcome = service.handle_scan(mint_demo_code(unix_seconds(FIXED_NOW) + 1))  # a fresh code
    assert outcome.payment is not None and len(outcome.payment.items) == LINES
    assert verify_journal(demo_db) is None
    assert state(demo_db)[1] == before[1] + 1


def test_the_cashier_sees_e901_and_keeps_the_sale(qtbot, tmp_path: Path) -> None:
    db_path = tmp_path / "pos.sqlite3"
    with open_counter(qtbot, db_path, fixed_clock()) as pos:
        ring_long_sale(pos.service)
        pos.window.screen_checkout.refresh()
        conn = pos.service._conn  # the counter's own connection: the limit is per connection
        before = state(conn)
        fill_the_disk(conn)
        target = pos.scan_target()
        QTest.keyClicks(target, mint_demo_code(unix_seconds(FIXED_NOW)))
        QTest.keyClick(target, Qt.Key.Key_Return)
        message = pos.window.screen_checkout.message
        qtbot.waitUntil(lambda: message.text().startswith("[E901]"))
        assert "Traceback" not in message.text()
        assert state(conn) == before and len(pos.service.sale) == LINES
        make_room(conn)
