"""A till the server revoked, started again without the server: the data file says it was
revoked, so the status bar says so from the start, and the checkout pane prices for cash or
card and says why Cheongju Pay is not taken (it never invites a payment it would refuse)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtWidgets import QApplication

from pos_app.domain.money import format_won
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import seed_demo
from pos_app.store import sync_state
from pos_app.store.database import connect, write_transaction
from pos_app.ui.app import PosController
from pos_app.ui.session import Session
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.counter import close_counter
from tests.ui.plain_counter import scan
from tests.ui.wedge_clock import WedgeClock

MILK = "8808123000134"  # 2,980원 in the demo catalogue


@contextmanager
def counter_of(qtbot, db_path: Path, clock, *, revoked: bool) -> Iterator[PosController]:
    conn = connect(db_path)
    seed_demo(conn, clock)
    with write_transaction(conn):
        # Enrolled with a server nobody answers at (offline), revoked before the restart.
        sync_state.save_enrolment(
            conn, sync_state.Enrolment("http://127.0.0.1:9", "M-0001", "dev-1", "POS-01")
        )
        if revoked:
            sync_state.mark_revoked(conn, "2026-12-05T00:00:00.000Z")
    app = QApplication.instance()
    controller = PosController(
        app,
        Session(
            conn=conn,
            service=open_checkout(conn, clock, is_online=lambda: False),
            languages=LanguageSwitcher(app),
            language="ko",
            clock=clock,
            scan_clock=WedgeClock(),
        ),
    )
    controller.show()
    qtbot.waitUntil(controller.window.isActiveWindow)
    try:
        yield controller
    finally:
        close_counter(controller, conn)


def test_the_status_bar_says_revoked_at_start_without_the_server(qtbot, db_path, clock):
    with counter_of(qtbot, db_path, clock, revoked=True) as counter:
        connection = counter.window.sync_status.connection.text()
        assert connection.startswith("● 등록 취소됨"), connection


def test_a_revoked_till_does_not_invite_cheongju_pay(qtbot, db_path, clock):
    with counter_of(qtbot, db_path, clock, revoked=True) as counter:
        scan(counter, MILK)
        totals = counter.window.screen_checkout.totals
        qtbot.waitUntil(lambda: counter.service.sale.quote().subtotal > 0)
        shown = " ".join(
            label.text()
            for label in (totals.total_caption, totals.prompt, totals.cashback_caption)
            if label.isVisible()
        )
        assert "청주페이)" not in shown and "캐시백" not in shown and "QR" not in shown, shown
        assert not totals.cashback.isVisible() and not totals.discount.isVisible()
        assert "현금" in totals.total_caption.text()
        assert "다시 등록할 때까지 청주페이 결제는 받을 수 없습니다" in totals.prompt.text()
        # What the customer pays in cash or by card: the subtotal, no Cheongju Pay discount.
        assert totals.total.text() == format_won(counter.service.sale.quote().subtotal)


def test_an_enrolled_till_still_invites_cheongju_pay(qtbot, db_path, clock):
    with counter_of(qtbot, db_path, clock, revoked=False) as counter:
        scan(counter, MILK)
        totals = counter.window.screen_checkout.totals
        qtbot.waitUntil(lambda: "QR" in totals.prompt.text())
        assert totals.total_caption.text() == "결제할 금액 (청주페이)"
        assert totals.cashback.isVisible()
        assert not counter.window.sync_status.connection.text().startswith("● 등록 취소됨")
