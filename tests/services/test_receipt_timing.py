"""When a sale's receipt prints: the rule, and the waits kept on the service's clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.tenders import Tender
from pos_app.printing.sample import SAMPLE_PAYMENT
from pos_app.services.receipt_timing import RECEIPT_WAIT, PrintWhen, ReceiptWaits, when_to_print

PENDING = replace(SAMPLE_PAYMENT, status=PaymentStatus.PENDING, approval_no=None, offline=True)
NOW = timedelta(0)
PRINT, WAIT, SKIP = PrintWhen.PRINT_NOW, PrintWhen.WAIT, PrintWhen.SKIP


@pytest.mark.parametrize(
    ("payment", "online", "waited", "expected"),
    [
        (replace(PENDING, tender=Tender.CASH, status=PaymentStatus.RECORDED), True, NOW, PRINT),
        (
            replace(PENDING, tender=Tender.CARD_TERMINAL, status=PaymentStatus.RECORDED),
            True,
            NOW,
            PRINT,
        ),
        (PENDING, False, NOW, PRINT),  # offline: nothing can answer, 승인 대기 at once
        (PENDING, True, NOW, WAIT),
        (PENDING, True, RECEIPT_WAIT - timedelta(milliseconds=1), WAIT),
        (PENDING, True, RECEIPT_WAIT, PRINT),  # out of time: 승인 대기
        (replace(PENDING, offline=False), True, RECEIPT_WAIT * 3, WAIT),  # the void decides
        (SAMPLE_PAYMENT, True, NOW, PRINT),  # approved: number and cashback known
        (replace(PENDING, status=PaymentStatus.DECLINED), True, NOW, SKIP),
        (replace(PENDING, status=PaymentStatus.DECLINED), False, NOW, SKIP),
        (replace(PENDING, voided=True), True, RECEIPT_WAIT, SKIP),
    ],
)
def test_the_rule(payment, online, waited, expected) -> None:
    assert when_to_print(payment, online=online, waited=waited) is expected


def test_waits_are_given_once_when_answered_or_out_of_time() -> None:
    now = [datetime(2026, 11, 25, 3, 0, tzinfo=UTC)]
    first = replace(PENDING, payment_id="p1")
    second = replace(PENDING, payment_id="p2")
    stored = {"p1": first, "p2": second}
    waits = ReceiptWaits(lambda: now[0], stored.get)
    assert waits.arrive(first, online=True) is WAIT
    now[0] += timedelta(seconds=1)
    assert waits.arrive(second, online=True) is WAIT
    assert waits.settle() == []

    stored["p2"] = replace(second, status=PaymentStatus.APPROVED, approval_no="A1")
    assert waits.settle() == [(stored["p2"], PRINT)]
    assert waits.waiting() == ("p1",)
    now[0] += RECEIPT_WAIT - timedelta(seconds=1)
    assert waits.settle() == [(first, PRINT)]
    assert waits.waiting() == () and waits.settle() == []
