"""Split payment (복합결제) through the checkout service, on a real SQLite file: the one rule
prices it, only the QR part is exposure, a declined one is reopened without rescanning."""

from __future__ import annotations

import json
import sqlite3

import pytest
from helpers import FIXED_NOW, dump_projections

from pos_app.domain.clock import unix_seconds
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.manual_discounts import DiscountKind
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.tenders import Tender
from pos_app.services.checkout import CheckoutService, ScanAction
from pos_app.services.demo import mint_demo_code
from pos_app.store import sync_state
from pos_app.store.database import write_transaction
from pos_app.store.projection import rebuild_projections

BULGOGI = "8808123000103"  # 한우 불고기 300g, 18,900 (10 % special discount in the demo)
MILK = "8808123000134"  # 우유 1L, 2,980


def code() -> str:
    return mint_demo_code(unix_seconds(FIXED_NOW), offline_limit=50_000, ttl_seconds=180)


def ring(service: CheckoutService, *barcodes: str) -> None:
    for barcode in barcodes:
        assert service.handle_scan(barcode).action is ScanAction.PRODUCT_ADDED


def answer(db: sqlite3.Connection, outcome: str, **detail: str) -> None:
    rows = db.execute(
        "SELECT seq, event_id FROM journal WHERE seq > ? ORDER BY seq",
        (sync_state.acked_seq(db),),
    ).fetchall()
    results = [
        {"seq": seq, "event_id": event_id, "status": "applied", "outcome": outcome, **detail}
        for seq, event_id in rows
    ]
    with write_transaction(db):
        sync_state.apply_results(db, results, received_at="2026-11-24T15:40:00.000Z")


def test_a_split_sale_prices_by_the_rule_and_only_the_qr_part_is_exposure(
    service: CheckoutService, db: sqlite3.Connection
) -> None:
    ring(service, BULGOGI, BULGOGI)  # 37,800; all Cheongju Pay: 34,020 (discount 3,780)
    quoted = service.sale.quote_split(9_000)
    assert quoted.discount == 1_000  # 9,000 pays for 10,000 of goods at 10 %
    assert quoted.total == 36_800 and quoted.rest == 27_800

    paid = service.pay_split(9_000, code_text=code(), cash=27_800, tendered=30_000)

    assert paid.tender is Tender.SPLIT
    assert paid.total == 36_800 and paid.discount == 1_000
    assert [(p.tender, p.amount) for p in paid.parts] == [
        (Tender.CHEONGJU_PAY, 9_000),
        (Tender.CASH, 27_800),
    ]
    assert paid.parts[1].tendered == 30_000 and paid.parts[1].change == 2_200
    assert sum(p.tax_split.total for p in paid.parts if p.tax_split) == paid.total
    assert paid.status is PaymentStatus.PENDING
    assert service.unsynced() == (1, 9_000)  # the QR part, not the sale's 36,800

    before = dump_projections(db)
    with write_transaction(db):
        rebuild_projections(db)
    assert dump_projections(db) == before
    assert service.payment(paid.payment_id) == paid


def test_a_split_by_cheongju_pay_card_and_the_card_terminal_is_no_exposure(
    service: CheckoutService,
) -> None:
    ring(service, BULGOGI)
    paid = service.pay_split(10_000, card_approval_no="12345678", card_terminal=7_789)
    assert paid.discount == 1_111
    assert paid.total == 17_789
    assert [(p.tender, p.amount, p.card_approval_no) for p in paid.parts] == [
        (Tender.CHEONGJU_CARD, 10_000, "12345678"),
        (Tender.CARD_TERMINAL, 7_789, None),
    ]
    assert paid.status is PaymentStatus.RECORDED
    assert service.unsynced() == (0, 0)


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"cheongju_pay": 17_011, "card_approval_no": "123456"}, ErrorKey.SPLIT_OVER_ALL_PAY),
        ({"cheongju_pay": 9_000, "cash": 1}, ErrorKey.SPLIT_PARTS_DO_NOT_ADD_UP),
        ({"cheongju_pay": 9_000, "cash": 8_900}, ErrorKey.SPLIT_NO_CHEONGJU_PAY_MEANS),
        (
            {"cheongju_pay": 9_000, "card_approval_no": "12", "cash": 8_900},
            ErrorKey.SPLIT_BAD_APPROVAL_NO,
        ),
        (
            {"cheongju_pay": 9_000, "card_approval_no": "123456", "cash": 8_900, "tendered": 5},
            ErrorKey.SPLIT_SHORT_CASH,
        ),
    ],
)
def test_a_bad_split_is_refused_with_its_code_and_records_nothing(
    service: CheckoutService, db: sqlite3.Connection, kwargs: dict, key: ErrorKey
) -> None:
    ring(service, BULGOGI)  # 18,900; all Cheongju Pay 17,010; 9,000 earns 1,000 → rest 8,900
    before = db.execute("SELECT COUNT(*) FROM journal").fetchone()[0]
    with pytest.raises(UserFacingError) as refused:
        service.pay_split(**kwargs)
    assert refused.value.key is key
    assert db.execute("SELECT COUNT(*) FROM journal").fetchone()[0] == before
    assert len(service.sale) == 1


def test_a_declined_split_is_reopened_lowered_and_paid_once(
    service: CheckoutService, db: sqlite3.Connection
) -> None:
    ring(service, BULGOGI, MILK)  # 21,880
    declined = service.pay_split(18_000, code_text=code(), cash=1_880, tendered=2_000)
    answer(db, "declined", code="insufficient_balance", message="잔액 부족")
    declined = service.payment(declined.payment_id)
    assert declined is not None and declined.status is PaymentStatus.DECLINED
    assert service.unsynced() == (0, 0)

    reopened = service.reopen_declined(declined.payment_id)
    assert [line.name for line in service.sale.lines] == [i.name for i in declined.items]
    assert (reopened.cheongju_pay, reopened.cash, reopened.tendered) == (18_000, 1_880, 2_000)
    with pytest.raises(UserFacingError) as busy:
        service.reopen_declined(declined.payment_id)
    assert busy.value.key is ErrorKey.REOPEN_CART_NOT_EMPTY

    quoted = service.sale.quote_split(5_000)
    paid = service.pay_split(5_000, code_text=code(), cash=quoted.rest, tendered=quoted.rest)
    assert paid.reopens == declined.payment_id
    assert paid.total == 21_880 - 555
    assert service.payment(declined.payment_id).status is PaymentStatus.DECLINED  # type: ignore[union-attr]
    with pytest.raises(UserFacingError) as twice:
        service.reopen_declined(declined.payment_id)
    assert twice.value.key is ErrorKey.REOPEN_ALREADY_REOPENED


def test_only_a_declined_cheongju_pay_payment_can_be_reopened(service: CheckoutService) -> None:
    ring(service, MILK)
    cash = service.pay_cash(3_000)
    with pytest.raises(UserFacingError) as refused:
        service.reopen_declined(cash.payment_id)
    assert refused.value.key is ErrorKey.REOPEN_NOT_DECLINED


def test_the_receipt_shows_the_parts_and_the_split_discount(service: CheckoutService) -> None:
    ring(service, BULGOGI, BULGOGI)
    paid = service.pay_split(9_000, code_text=code(), cash=27_800, tendered=30_000)
    rows = [(row.left.strip(), row.right) for row in service.receipt(paid)]
    assert ("특별할인 (청주페이 결제분)", "-1,000원") in rows
    assert ("결제수단", "복합결제") in rows
    at = rows.index(("청주페이", "9,000원"))
    assert rows[at + 1 : at + 4] == [
        ("현금", "27,800원"),
        ("받은 금액", "30,000원"),
        ("거스름돈", "2,200원"),
    ]
    assert ("승인번호", "승인 대기") in rows


def test_an_online_qr_part_over_the_offline_limits_waits_and_is_voided_unanswered(
    db: sqlite3.Connection, clock
) -> None:
    from pos_app.services.checkout import open_checkout

    service = open_checkout(db, clock, is_online=lambda: True)
    ring(service, BULGOGI, BULGOGI)
    # The code's offline limit (5,000) is below the 9,000 part: only the server may accept it.
    small = mint_demo_code(unix_seconds(FIXED_NOW), offline_limit=5_000, ttl_seconds=180)
    paid = service.pay_split(9_000, code_text=small, cash=27_800)
    assert paid.status is PaymentStatus.PENDING and not paid.offline
    assert paid.payment_id in service.deadlines.waiting()
    voided = service.settle_unanswered(paid.payment_id)
    assert voided is not None and voided.voided
    assert service.unsynced() == (0, 0)


def test_a_reopened_sale_keeps_its_discounted_lines_and_who_approved_them(
    service: CheckoutService, db: sqlite3.Connection
) -> None:
    ring(service, BULGOGI, MILK)  # 18,900 + 2,980
    # 5 % off the milk: under the shop's default threshold, so no PIN is asked.
    service.sale.change_line(1, DiscountKind.PERCENT, 5, "유통기한 임박")
    declined = service.pay_split(
        18_000, code_text=code(), cash=service.sale.quote_split(18_000).rest
    )
    answer(db, "declined", code="insufficient_balance", message="잔액 부족")

    service.reopen_declined(declined.payment_id)
    milk = service.sale.lines[1]
    assert (milk.unit_price, milk.line_discount, milk.amount) == (2_980, 149, 2_831)

    rest = service.sale.quote_split(5_000).rest
    paid = service.pay_split(5_000, code_text=code(), cash=rest, tendered=rest)
    assert [item.line_discount for item in paid.items] == [0, 149]
    body = db.execute("SELECT body FROM journal WHERE event_id = ?", (paid.payment_id,)).fetchone()[
        0
    ]
    assert "유통기한 임박" in (body if isinstance(body, str) else bytes(body).decode())


def _body(db: sqlite3.Connection, payment_id: str) -> dict:
    row = db.execute("SELECT body FROM journal WHERE event_id = ?", (payment_id,)).fetchone()
    return json.loads(row[0])


@pytest.mark.parametrize("online", [True, False])
def test_a_payment_taken_online_says_its_answer_is_awaited(
    db: sqlite3.Connection, clock, online: bool
) -> None:
    """Online, a QR payment within the offline rules (``offline`` true) still waits for the
    server's answer, and says so: the server then judges it on the balance while the counter
    waits. Offline nothing waits, and the key is absent (not false)."""
    from pos_app.services.checkout import open_checkout

    service = open_checkout(db, clock, is_online=lambda: online)
    ring(service, MILK)
    plain = service.pay_with_code(code())
    ring(service, BULGOGI, BULGOGI)
    split = service.pay_split(
        9_000, code_text=mint_demo_code(unix_seconds(FIXED_NOW) + 1), cash=27_800
    )
    for paid in (plain, split):
        assert paid.offline  # within the offline rules either way
        body = _body(db, paid.payment_id)
        assert body["offline"] is True
        if online:
            assert body["answer_awaited"] is True
            assert paid.payment_id in service.deadlines.waiting()
        else:
            assert "answer_awaited" not in body
    # A split sale without a QR part waits for nothing, online or not.
    ring(service, MILK)
    card = service.pay_split(2_682, card_approval_no="12345678", cash=0)
    assert "answer_awaited" not in _body(db, card.payment_id)
