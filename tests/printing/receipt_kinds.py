"""Every kind of slip the counter prints, as receipt rows: the ESC/POS stream tests and
``bench/escpos_stream.py`` print the same ones."""

from __future__ import annotations

from dataclasses import replace

from pos_app.domain.day_close import settle
from pos_app.domain.day_close_slip import build_day_close_slip
from pos_app.domain.payment_status import RefundStatus
from pos_app.domain.receipt import ReceiptRow, build_receipt, receipt_qr_text
from pos_app.domain.refund_receipt import build_refund_receipt
from pos_app.domain.refunds import RefundLine, RefundReason, RefundRecord
from pos_app.domain.tenders import Tender
from pos_app.printing.sample import (
    SAMPLE_MERCHANT,
    SAMPLE_MIXED_VAT_PAYMENT,
    SAMPLE_PAYMENT,
    sample_page_rows,
)
from tests.domain.test_day_close import DAY_MOVES, DAY_REFUNDS, DAY_SALES, DAY_VOIDS

CASH_PAYMENT = replace(
    SAMPLE_PAYMENT,
    tender=Tender.CASH,
    discount=0,
    discount_rate_bp=0,
    total=33_860,
    approval_no=None,
    cashback=None,
    cashback_preview=0,
    tendered=50_000,
    change=16_140,
)

CASH_REFUND = RefundRecord(
    refund_id="5d1f0c2e-8a77-4b3e-9f20-6c1d2e3f4a5b",
    seq=3,
    payment_id=CASH_PAYMENT.payment_id,
    refund_no="R20261125-0003",
    original_receipt_no=CASH_PAYMENT.receipt_no,
    business_date="2026-11-25",
    refunded_at="2026-11-25T07:12:44.000Z",
    tender=Tender.CASH,
    reason=RefundReason.DEFECTIVE,
    note="포장 훼손, 고객 요청으로 전액 환불",
    gross=18_900,
    discount_share=0,
    amount=18_900,
    approved_by="staff-01",
    status=RefundStatus.RECORDED,
    cashback_reversed=None,
    lines=(RefundLine(1, "한우 불고기 300g", 1, 18_900),),
)


def day_close_rows() -> list[ReceiptRow]:
    day = settle(
        float_amount=100_000,
        sales=DAY_SALES,
        voids=DAY_VOIDS,
        refunds=DAY_REFUNDS,
        moves=DAY_MOVES,
        counted_cash=140_500,
    )
    return build_day_close_slip(
        SAMPLE_MERCHANT,
        day,
        business_date="2026-11-25",
        opened_at="2026-11-24T23:00:00Z",
        closed_at="2026-11-25T12:30:00Z",
        device_label="POS-01",
        pieces={"50000": 2, "10000": 4, "500": 1},
    )


def receipt_kinds() -> dict[str, tuple[list[ReceiptRow], str | None, bool]]:
    """name -> (rows, the QR text on the paper or None, whether the drawer opens)."""
    sale_qr = receipt_qr_text(SAMPLE_PAYMENT.payment_id)
    return {
        "sale": (build_receipt(SAMPLE_MERCHANT, SAMPLE_PAYMENT, "POS-01"), sale_qr, False),
        "cash_sale": (build_receipt(SAMPLE_MERCHANT, CASH_PAYMENT, "POS-01"), sale_qr, True),
        "mixed_vat_sale": (
            build_receipt(SAMPLE_MERCHANT, SAMPLE_MIXED_VAT_PAYMENT, "POS-01"),
            receipt_qr_text(SAMPLE_MIXED_VAT_PAYMENT.payment_id),
            False,
        ),
        "voided": (
            build_receipt(SAMPLE_MERCHANT, replace(SAMPLE_PAYMENT, voided=True), "POS-01"),
            sale_qr,
            False,
        ),
        "cash_refund": (
            build_refund_receipt(SAMPLE_MERCHANT, CASH_REFUND, CASH_PAYMENT, "POS-01", "김하나"),
            None,
            True,
        ),
        "day_close": (day_close_rows(), None, False),
        "test_page": (sample_page_rows(), sale_qr, False),
    }
