"""Pay by merchant QR on the POS: the server's word recorded exactly once, locally.

The server's answers arrive here as the sync engine applies them (``apply_changes``) or as
``refresh`` reads them; the full round trip with the real server process is in
tests/integration/test_mpm_payment.py. A server that cannot be reached is a closed port.
"""

from __future__ import annotations

import socket
import sqlite3
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest

from pos_app.domain.change_kinds import ChangeMeaning
from pos_app.domain.clock import Clock
from pos_app.domain.errors import UserFacingError
from pos_app.domain.journal import format_timestamp
from pos_app.domain.tenders import Tender
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.merchant_qr import EXPIRY_GRACE, MerchantQrService, RequestState
from pos_app.store import payment_requests as request_store
from pos_app.store import queries, sync_state
from pos_app.store.database import write_transaction
from pos_app.store.journal import verify_journal
from pos_app.store.projection import rebuild_projections
from pos_app.sync import changes_feed
from pos_app.sync.credentials import MemoryCredentialStore, account_name
from pos_app.sync.engine import default_client_factory
from tests.helpers import dump_projections

MILK = "8808123000134"  # 2,980원, 2,682원 with the demo's 10 % special discount


class Clockwork:
    """A clock the test moves."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clockwork(clock: Clock) -> Clockwork:
    return Clockwork(clock())


@pytest.fixture
def checkout(db: sqlite3.Connection, clockwork: Clockwork) -> CheckoutService:
    return open_checkout(db, clockwork)


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more: connection refused


@pytest.fixture
def qr(db: sqlite3.Connection, checkout: CheckoutService) -> MerchantQrService:
    """Enrolled with a server that is down."""
    url = closed_port_url()
    credentials = MemoryCredentialStore()
    with write_transaction(db):
        sync_state.save_enrolment(db, sync_state.Enrolment(url, "M-DEMO-0001", "dev-1", "POS-01"))
    credentials.set_token(account_name(url, "dev-1"), "token")
    return MerchantQrService(db, checkout.sale, credentials, default_client_factory())


def keep_request(checkout: CheckoutService, db: sqlite3.Connection, ttl: int = 120) -> str:
    """What ``start`` keeps once the server registered the request: the cart's body."""
    checkout.handle_scan(MILK)
    now = checkout.clock()
    request_id = str(uuid.uuid4())
    body = checkout.sale.merchant_qr_payment_body(
        checkout.sale.quote(Tender.CHEONGJU_PAY, at=now), request_id
    )
    with write_transaction(db):
        request_store.insert_request(
            db,
            request_id=request_id,
            cart_body=body,
            payload="000201...",
            expires_at=now + timedelta(seconds=ttl),
            now=now,
        )
    return request_id


def paid_change(request_id: str, amount: int = 2_682, **changes: Any) -> dict[str, Any]:
    data = {
        "request_id": request_id,
        "status": "paid",
        "amount": amount,
        "subtotal": 2_980,
        "discount": 298,
        "expires_at": "2026-11-25T03:02:00.000Z",
        "paid_at": "2026-11-25T03:01:00.000Z",
        "approval_no": "A0000000042",
        "cashback": 268,
        "wallet_id": "1000000042",
        **changes,
    }
    return {"type": "payment_request", "data": data}


def apply(db: sqlite3.Connection, *changes: dict[str, Any], cursor: str = "c.1") -> set[str]:
    with write_transaction(db):
        return changes_feed.apply_changes(db, list(changes), cursor, "2026-11-25T03:01:01.000Z")


def recorded(db: sqlite3.Connection, request_id: str) -> list[str]:
    rows = db.execute(
        "SELECT event_id FROM journal WHERE type = 'payment'"
        " AND json_extract(body, '$.mpm_request_id') = ?",
        (request_id,),
    ).fetchall()
    return [row[0] for row in rows]


def test_a_paid_change_records_the_cart_approved_and_only_once(
    db: sqlite3.Connection, checkout: CheckoutService, qr: MerchantQrService
) -> None:
    request_id = keep_request(checkout, db)
    assert qr.state(request_id) is RequestState.OPEN
    assert qr.finish(request_id) is None
    assert {"payment_request", ChangeMeaning.MPM_PAID} <= apply(db, paid_change(request_id))
    again = apply(db, paid_change(request_id), cursor="c.2")  # the same news again
    assert again == {"payment_request"}  # nothing new recorded: nothing to push
    apply(db, paid_change(request_id, approval_no="A0000000099"), cursor="c.3")
    (payment_id,) = recorded(db, request_id)
    assert qr.state(request_id) is RequestState.PAID
    payment = qr.finish(request_id)
    assert payment is not None and payment.payment_id == payment_id
    assert (payment.status, payment.approval_no, payment.cashback, payment.wallet_id) == (
        "approved",
        "A0000000042",
        268,
        "1000000042",
    )
    assert (payment.tender, payment.subtotal, payment.discount, payment.total) == (
        "cheongju_pay",
        2_980,
        298,
        2_682,
    )
    assert payment.receipt_no.endswith("-0001")
    assert payment.merchant_qr  # the paid view names it "청주페이 QR"
    assert queries.unsynced_payments(db)[0] == 0  # approved: nothing to wait for
    event = db.execute("SELECT body FROM journal WHERE event_id = ?", (payment_id,)).fetchone()
    assert '"payment_code":null' in event[0] and f'"mpm_request_id":"{request_id}"' in event[0]
    assert verify_journal(db) is None


def test_finish_clears_the_cart_only_of_the_request_started_for_it(
    db: sqlite3.Connection, checkout: CheckoutService, qr: MerchantQrService
) -> None:
    # A request kept from an earlier run (not started for this cart): the cart stays.
    request_id = keep_request(checkout, db)
    apply(db, paid_change(request_id))
    assert qr.finish(request_id) is not None
    assert not checkout.sale.is_empty()


def test_a_rebuild_from_the_journal_keeps_it_approved(
    db: sqlite3.Connection, checkout: CheckoutService
) -> None:
    request_id = keep_request(checkout, db)
    apply(db, paid_change(request_id))
    before = dump_projections(db)
    with write_transaction(db):
        rebuild_projections(db)
    assert dump_projections(db) == before


def test_a_request_taken_as_expired_is_still_recorded_when_the_server_says_paid(
    db: sqlite3.Connection, checkout: CheckoutService, qr: MerchantQrService, clockwork: Clockwork
) -> None:
    request_id = keep_request(checkout, db)
    clockwork.now += timedelta(seconds=120) + EXPIRY_GRACE
    assert qr.refresh(request_id) is RequestState.OPEN  # the server is down: within grace
    clockwork.now += timedelta(seconds=1)
    assert qr.refresh(request_id) is RequestState.EXPIRED
    # The customer paid just in time; the news arrives late: the payment is recorded.
    apply(db, paid_change(request_id))
    assert qr.state(request_id) is RequestState.PAID
    assert len(recorded(db, request_id)) == 1


@pytest.mark.parametrize("status", ["cancelled", "expired"])
def test_cancelled_or_expired_news_closes_an_open_request_and_records_nothing(
    db: sqlite3.Connection, checkout: CheckoutService, qr: MerchantQrService, status: str
) -> None:
    request_id = keep_request(checkout, db)
    apply(db, paid_change(request_id, status=status, approval_no=None, cashback=None))
    assert qr.state(request_id) == status
    assert recorded(db, request_id) == []
    assert qr.finish(request_id) is None


def test_news_of_requests_not_ours_or_not_matching_records_nothing(
    db: sqlite3.Connection, checkout: CheckoutService, qr: MerchantQrService
) -> None:
    request_id = keep_request(checkout, db)
    head = db.execute("SELECT MAX(seq) FROM journal").fetchone()[0]
    apply(
        db,
        paid_change(str(uuid.uuid4())),  # another device's request
        paid_change(request_id, amount=1_000),  # not our cart's amount: never recorded
        {"type": "payment_request", "data": {"request_id": request_id}},  # malformed
    )
    assert db.execute("SELECT MAX(seq) FROM journal").fetchone()[0] == head
    assert qr.state(request_id) is RequestState.OPEN
    assert sync_state.load_cursor(db) == "c.1"  # the page was applied all the same
    apply(db, paid_change(request_id), cursor="c.2")
    assert len(recorded(db, request_id)) == 1


def test_an_unreachable_server_refuses_start_and_cancel_with_a_coded_message(
    db: sqlite3.Connection, checkout: CheckoutService, qr: MerchantQrService
) -> None:
    checkout.handle_scan(MILK)
    with pytest.raises(UserFacingError) as start:
        qr.start()
    assert start.value.key == "mpm_pay.offline"
    assert not checkout.sale.is_empty()
    assert db.execute("SELECT COUNT(*) FROM payment_requests").fetchone()[0] == 0
    request_id = keep_request(checkout, db)
    with pytest.raises(UserFacingError) as cancel:
        qr.cancel(request_id)
    assert cancel.value.key == "mpm_pay.offline"
    assert qr.state(request_id) is RequestState.OPEN
    with pytest.raises(UserFacingError) as unknown:
        qr.state(str(uuid.uuid4()))
    assert unknown.value.key == "mpm_pay.unknown_request"


def test_the_expiry_is_kept_in_utc(db: sqlite3.Connection, checkout: CheckoutService) -> None:
    request_id = keep_request(checkout, db, ttl=120)
    local = request_store.get_request(db, request_id)
    assert local is not None
    assert format_timestamp(local.expires_at) == format_timestamp(
        checkout.clock() + timedelta(seconds=120)
    )
    assert local.expires_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize("approval_no", ['=HYPERLINK("http://evil.example","OK")', "A123", None])
def test_a_paid_change_with_a_malformed_approval_number_records_nothing(
    db: sqlite3.Connection, checkout: CheckoutService, qr: MerchantQrService, approval_no: Any
) -> None:
    request_id = keep_request(checkout, db)
    head = db.execute("SELECT MAX(seq) FROM journal").fetchone()[0]
    apply(db, paid_change(request_id, approval_no=approval_no))
    assert db.execute("SELECT MAX(seq) FROM journal").fetchone()[0] == head
    assert qr.state(request_id) is RequestState.OPEN
    apply(db, paid_change(request_id), cursor="c.2")  # the good word, when it comes
    assert len(recorded(db, request_id)) == 1
