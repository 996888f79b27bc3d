"""Pay by merchant QR against the real server process (SQLite and PostgreSQL): the POS
registers a request, the customer's app pays the QR over HTTP, the sync worker's long poll
brings the news, the payment is recorded exactly once and pushed without a second debit."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from helpers import owner_approval
from pos_harness import MILK, Pos
from servers import ServerProcess
from test_refund_sync import _balance as wallet_balance

from pos_app.domain.errors import UserFacingError
from pos_app.domain.mpm import read_cheongju_mpm
from pos_app.domain.refunds import RefundReason
from pos_app.domain.tenders import Tender
from pos_app.services.checkout import open_checkout
from pos_app.services.day_close import DayCloseService
from pos_app.services.merchant_qr import MerchantQrService, PaymentRequest, RequestState
from pos_app.services.refunds import RefundService
from pos_app.store import settings, sync_state
from pos_app.store.database import connect, write_transaction
from pos_app.sync.engine import SyncEngine, default_client_factory
from pos_app.sync.worker import SyncCallbacks, SyncWorker

MILK_CHEONGJU_PAY = 2_682  # 2,980원 less the demo merchant's 10 % special discount


@pytest.fixture
def qr(pos: Pos) -> MerchantQrService:
    return MerchantQrService(pos.conn, pos.service.sale, pos.credentials, default_client_factory())


class Worker:
    """The real sync worker; the change kinds it reports arrive in a queue."""

    def __init__(self, pos: Pos) -> None:
        self.kinds: queue.Queue[set[str]] = queue.Queue()
        self.answered: queue.Queue[tuple[str, ...]] = queue.Queue()
        self.engine = SyncEngine(pos.db_path, pos.credentials, pos.service.clock)
        callbacks = SyncCallbacks(
            changes=self.kinds.put, results=lambda applied: self.answered.put(applied.payment_ids)
        )
        self.worker = SyncWorker(self.engine, pos.service.clock, callbacks)

    def wait_for(self, kind: str, timeout: float = 20) -> None:
        try:
            while kind not in self.kinds.get(timeout=timeout):
                pass
        except queue.Empty:
            raise AssertionError(f"no {kind} change; sync status {self.worker.status}") from None

    def wait_for_answer(self, payment_id: str, timeout: float = 20) -> None:
        """The pusher pushed the payment and stored the server's answer."""
        try:
            while payment_id not in self.answered.get(timeout=timeout):
                pass
        except queue.Empty:
            raise AssertionError(f"no answer for {payment_id}; {self.worker.status}") from None


@pytest.fixture
def worker(pos: Pos) -> Iterator[Worker]:
    running = Worker(pos)
    # Enrolment applied the snapshot: the worker long-polls from that cursor, so a change
    # made after this point reaches it whether its poll began before or after.
    running.worker.start()
    yield running
    running.worker.stop()


def customer_pays(pos: Pos, payload: str, wallet_id: str | None = None) -> requests.Response:
    """What the customer's app does after scanning the customer display."""
    return requests.post(
        f"{pos.server_url}/v1/wallets/{wallet_id or pos.wallet_id}/mpm-payments",
        json={"payload": payload},
        timeout=10,
    )


def started(pos: Pos, qr: MerchantQrService) -> PaymentRequest:
    pos.service.handle_scan(MILK)
    return qr.start()


def recorded_for(pos: Pos, request_id: str) -> list[str]:
    """The payment events of this device's journal that name the request."""
    rows = pos.conn.execute(
        "SELECT event_id FROM journal WHERE type = 'payment'"
        " AND json_extract(body, '$.mpm_request_id') = ?",
        (request_id,),
    ).fetchall()
    return [row[0] for row in rows]


def test_paid_by_the_customer_confirmed_by_the_long_poll_and_pushed_once(
    pos: Pos, qr: MerchantQrService, worker: Worker, server: ServerProcess
) -> None:
    request = started(pos, qr)
    scanned = read_cheongju_mpm(request.payload)
    assert (scanned.amount, scanned.request_id) == (MILK_CHEONGJU_PAY, request.request_id)
    assert request.amount == MILK_CHEONGJU_PAY == pos.service.sale.quote(Tender.CHEONGJU_PAY).total
    assert qr.state(request.request_id) is RequestState.OPEN
    assert qr.finish(request.request_id) is None
    start = wallet_balance(server, pos.wallet_id)

    paid = customer_pays(pos, request.payload)
    assert paid.status_code == 200, paid.text
    worker.wait_for("payment_request")

    assert qr.state(request.request_id) is RequestState.PAID
    payment = qr.finish(request.request_id)
    assert payment is not None
    assert (payment.status, payment.approval_no, payment.cashback) == (
        "approved",
        paid.json()["approval_no"],
        paid.json()["cashback"],
    )
    assert (payment.tender, payment.total, payment.discount) == ("cheongju_pay", 2_682, 298)
    assert [(item.quantity, item.amount) for item in payment.items] == [(1, 2_980)]
    assert pos.service.sale.is_empty()
    assert pos.service.last_payment() == payment
    assert payment.cashback == 268  # 10 % of 2,682, floored
    assert wallet_balance(server, pos.wallet_id) == start - 2_682 + 268

    # The worker pushes the event it recorded at once (nobody woke it: the feed's news did).
    worker.wait_for_answer(payment.payment_id)
    result = pos.conn.execute(
        "SELECT outcome, detail FROM sync_results WHERE event_id = ?", (payment.payment_id,)
    ).fetchone()
    assert result[0] == "accepted"
    assert paid.json()["approval_no"] in result[1]
    assert wallet_balance(server, pos.wallet_id) == start - 2_682 + 268  # not debited again
    again = pos.service.payment(payment.payment_id)
    assert again is not None and again.approval_no == payment.approval_no
    assert recorded_for(pos, request.request_id) == [payment.payment_id]


def test_the_day_close_counts_a_merchant_qr_payment_under_cheongju_pay(
    pos: Pos, qr: MerchantQrService
) -> None:
    days = DayCloseService(pos.conn, pos.service.clock)
    days.open_day(0)
    request = started(pos, qr)
    assert customer_pays(pos, request.payload).status_code == 200
    assert qr.refresh(request.request_id) is RequestState.PAID
    assert qr.finish(request.request_id) is not None
    settlement = days.settlement()
    assert settlement is not None
    tenders = {t.tender: t for t in settlement.tenders}
    assert (tenders["cheongju_pay"].count, tenders["cheongju_pay"].sales) == (1, 2_682)
    assert tenders["cash"].sales == 0


def test_the_change_applied_twice_records_the_payment_once(pos: Pos, qr: MerchantQrService) -> None:
    pos.engine.pull_once()  # the snapshot: the cursor from here on
    cursor = sync_state.load_cursor(pos.conn)
    request = started(pos, qr)
    assert customer_pays(pos, request.payload).status_code == 200
    kinds = pos.engine.pull_once(wait_s=10)
    assert "payment_request" in kinds
    (payment_id,) = recorded_for(pos, request.request_id)
    head = pos.conn.execute("SELECT MAX(seq) FROM journal").fetchone()[0]
    # The same page again (a cursor lost before it was stored), then the server asked too.
    with write_transaction(pos.conn):
        settings.set_value(pos.conn, sync_state.CURSOR, cursor)
    assert "payment_request" in pos.engine.pull_once(wait_s=10)
    assert qr.refresh(request.request_id) is RequestState.PAID
    assert recorded_for(pos, request.request_id) == [payment_id]
    assert pos.conn.execute("SELECT MAX(seq) FROM journal").fetchone()[0] == head
    finished = qr.finish(request.request_id)
    assert finished is not None and finished.payment_id == payment_id


@pytest.mark.parametrize("news_before_restart", [False, True], ids=["unheard", "heard"])
def test_a_restart_between_paid_and_finish_records_it_once(
    pos: Pos, qr: MerchantQrService, news_before_restart: bool
) -> None:
    pos.engine.pull_once()
    request = started(pos, qr)
    assert customer_pays(pos, request.payload).status_code == 200
    if news_before_restart:
        assert "payment_request" in pos.engine.pull_once(wait_s=10)
    # The POS process ends: its database and sync engine closed, a new one opened.
    pos.engine.close()
    pos.conn.close()
    pos.conn = connect(pos.db_path)
    pos.engine = SyncEngine(
        pos.db_path, pos.credentials, pos.service.clock, default_client_factory()
    )
    pos.service = open_checkout(pos.conn, pos.service.clock)
    again = MerchantQrService(pos.conn, pos.service.sale, pos.credentials, default_client_factory())

    # After a restart the changes feed brings the news (it was kept there if unheard).
    pos.engine.pull_once(wait_s=0 if news_before_restart else 10)
    assert again.state(request.request_id) is RequestState.PAID
    pos.engine.pull_once(wait_s=0)  # the feed may bring the same news again
    (payment_id,) = recorded_for(pos, request.request_id)
    payment = again.finish(request.request_id)
    assert payment is not None and payment.payment_id == payment_id
    assert payment.status == "approved" and payment.approval_no
    pos.drain()
    outcome = pos.conn.execute(
        "SELECT outcome FROM sync_results WHERE event_id = ?", (payment_id,)
    ).fetchone()
    assert outcome[0] == "accepted"


def test_cancel_keeps_the_cart_and_the_customer_cannot_pay_any_more(
    pos: Pos, qr: MerchantQrService
) -> None:
    request = started(pos, qr)
    assert qr.cancel(request.request_id) is RequestState.CANCELLED
    assert qr.state(request.request_id) is RequestState.CANCELLED
    assert qr.finish(request.request_id) is None
    assert not pos.service.sale.is_empty()  # the sale goes on with another tender
    late = customer_pays(pos, request.payload)
    assert (late.status_code, late.json()["code"]) == (409, "request_not_open")
    assert recorded_for(pos, request.request_id) == []


def test_cancel_after_the_customer_paid_returns_paid_and_finish_records_it(
    pos: Pos, qr: MerchantQrService
) -> None:
    request = started(pos, qr)
    paid = customer_pays(pos, request.payload)
    assert paid.status_code == 200
    assert qr.cancel(request.request_id) is RequestState.PAID
    payment = qr.finish(request.request_id)
    assert payment is not None and payment.approval_no == paid.json()["approval_no"]
    assert pos.service.sale.is_empty()


def test_start_refuses_an_empty_cart_an_unenrolled_pos_and_an_unreachable_server(
    pos: Pos, qr: MerchantQrService, server: ServerProcess, tmp_path: Path
) -> None:
    with pytest.raises(UserFacingError) as empty:
        qr.start()
    assert empty.value.key == "checkout.empty_cart"

    lone = connect(tmp_path / "lone.sqlite3")
    lone_checkout = open_checkout(lone, pos.service.clock)
    lone_qr = MerchantQrService(lone, lone_checkout.sale, pos.credentials, default_client_factory())
    lone_checkout.sale.add_amount(1_000, "기타")
    with pytest.raises(UserFacingError) as unenrolled:
        lone_qr.start()
    assert unenrolled.value.key == "mpm_pay.not_enrolled"
    lone.close()

    pos.service.sale.add_amount(12_000_000, "너무 큰 금액")  # 10,800,000 after the discount
    with pytest.raises(UserFacingError) as too_big:
        qr.start()
    assert too_big.value.key == "mpm_pay.amount_out_of_range"
    pos.service.sale.clear()

    pos.service.handle_scan(MILK)
    server.kill()
    try:
        with pytest.raises(UserFacingError) as offline:
            qr.start()
        assert offline.value.key == "mpm_pay.offline"
        assert not pos.service.sale.is_empty()
    finally:
        server.start()
    assert qr.start().amount == MILK_CHEONGJU_PAY


def test_a_merchant_qr_payment_refunded_in_part_at_the_counter_credits_the_wallet(
    pos: Pos, qr: MerchantQrService, server: ServerProcess
) -> None:
    pos.service.handle_scan(MILK)
    pos.service.handle_scan(MILK)
    request = qr.start()
    start = wallet_balance(server, pos.wallet_id)
    assert customer_pays(pos, request.payload).status_code == 200
    assert qr.refresh(request.request_id) is RequestState.PAID
    payment = qr.finish(request.request_id)
    assert payment is not None and payment.cashback == 536  # 10 % of 5,364
    refunds = RefundService(pos.conn, pos.service.clock)
    refund = refunds.refund(
        payment.payment_id,
        reason=RefundReason.DEFECTIVE,
        approve=owner_approval(pos.conn),
        quantities={1: 1},
    )
    pos.drain()
    done = refunds.refund_by_id(refund.refund_id)
    assert done is not None and done.status == "accepted"
    assert done.cashback_reversed == 536 * refund.amount // payment.total
    assert wallet_balance(server, pos.wallet_id) == (
        start - 5_364 + 536 + refund.amount - (done.cashback_reversed or 0)
    )
