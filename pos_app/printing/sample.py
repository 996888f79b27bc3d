"""A sample receipt for the printer's test print (and the screenshot and tests): Korean
names, a special discount, an item excluded from it, cashback, a QR."""

from __future__ import annotations

from dataclasses import replace

from pos_app.domain.merchant import MerchantProfile
from pos_app.domain.payment_status import PaymentStatus, RefundStatus
from pos_app.domain.print_heads import PrintHead
from pos_app.domain.receipt import ReceiptRow, RowStyle, build_receipt
from pos_app.domain.records import PaymentItem, PaymentRecord
from pos_app.domain.refunds import RefundLine, RefundReason, RefundRecord
from pos_app.domain.tax import TaxCategory, sale_split
from pos_app.domain.tenders import Tender

SAMPLE_MERCHANT = MerchantProfile(
    "M-0001",
    "청주 한빛마트",
    "1048212347",
    "김하나",
    "충청북도 청주시 상당구 상당로 82, 1층 (북문로2가)",
    "043-201-0000",
)

SAMPLE_PAYMENT = PaymentRecord(
    payment_id="0b7e2c1a-5f3d-4c8e-9a61-2d4f8e7b9c10",
    seq=12,
    receipt_no="20261125-0012",
    business_date="2026-11-25",
    paid_at="2026-11-25T05:41:09.000Z",
    tender=Tender.CHEONGJU_PAY,
    subtotal=33_860,
    eligible=29_360,
    discount=2_936,
    discount_rate_bp=1_000,
    total=30_924,
    cashback_preview=3_092,
    status=PaymentStatus.APPROVED,
    approval_no="A20261125-7731",
    voided=False,
    offline=False,
    wallet_id="1",
    items=(
        PaymentItem(1, "한우 불고기 300g", 18_900, 1, 18_900, False),
        PaymentItem(2, "서울우유 1L", 2_980, 2, 5_960, False),
        PaymentItem(3, "청주 쌀 막걸리 750ml", 2_250, 2, 4_500, False),
        PaymentItem(4, "담배", 4_500, 1, 4_500, True),
    ),
    cashback=3_092,
)


_MIXED_ITEMS = (
    PaymentItem(1, "한우 불고기 300g", 18_900, 1, 18_900, False),
    PaymentItem(2, "배추 1포기", 4_500, 2, 9_000, False, tax=TaxCategory.EXEMPT),
    PaymentItem(3, "유정란 30구", 9_900, 1, 9_900, False, tax=TaxCategory.EXEMPT),
    PaymentItem(4, "담배", 4_500, 1, 4_500, True),
)
_MIXED_DISCOUNT = 3_780  # 10 % of the eligible 37,800

# A mixed basket (과세 + 면세 + a discount-excluded item) paid by Cheongju Pay: the receipt's
# VAT lines, in the screenshots and the render tests.
SAMPLE_MIXED_VAT_PAYMENT = replace(
    SAMPLE_PAYMENT,
    payment_id="7a2f4c9e-1b3d-4e5f-8a6b-9c0d1e2f3a4b",
    receipt_no="20261125-0014",
    subtotal=42_300,
    eligible=37_800,
    discount=_MIXED_DISCOUNT,
    total=42_300 - _MIXED_DISCOUNT,
    cashback_preview=3_852,
    cashback=3_852,
    approval_no="A20261125-7745",
    items=_MIXED_ITEMS,
    tax_split=sale_split(
        ((i.amount, i.tax, not i.excluded_from_discount) for i in _MIXED_ITEMS), _MIXED_DISCOUNT
    ),
)


# A cash sale with change, and its partial cash refund: the screenshots and the render tests.
SAMPLE_CASH_PAYMENT = replace(
    SAMPLE_PAYMENT,
    payment_id="5d1c9a70-2b8e-4f31-a6d4-0e9b7c3f1a22",
    receipt_no="20261125-0013",
    tender=Tender.CASH,
    eligible=0,
    discount=0,
    discount_rate_bp=0,
    total=33_860,
    cashback_preview=0,
    cashback=None,
    status=PaymentStatus.RECORDED,
    approval_no=None,
    wallet_id=None,
    tendered=50_000,
    change=16_140,
)

SAMPLE_CASH_REFUND = RefundRecord(
    refund_id="9f3e1b24-7c6a-4d85-b0e2-5a8c1d7f3e96",
    seq=3,
    payment_id=SAMPLE_CASH_PAYMENT.payment_id,
    refund_no="R20261125-0003",
    original_receipt_no=SAMPLE_CASH_PAYMENT.receipt_no,
    business_date="2026-11-25",
    refunded_at="2026-11-25T07:12:40.000Z",
    tender=Tender.CASH,
    reason=RefundReason.DEFECTIVE,
    note="",
    gross=18_900,
    discount_share=0,
    amount=18_900,
    approved_by="S-01",
    status=RefundStatus.RECORDED,
    cashback_reversed=None,
    lines=(RefundLine(1, "한우 불고기 300g", 1, 18_900),),
)


def head_line(head: PrintHead) -> str:
    """The head the page is drawn for, as its manual states it: "576도트 · 203dpi · 72mm"."""
    return f"{head.dots}도트 · {head.dpi}dpi · {head.printable_mm:g}mm"


def sample_page_rows(
    merchant: MerchantProfile | None = None, head: PrintHead | None = None
) -> list[ReceiptRow]:
    """The sample receipt under a "테스트 인쇄" heading, with the shop's own header if known;
    with ``head``, a ruler across the head's full width and a line naming the head, so the
    merchant sees whether the printer prints the right edge the receipts are drawn to."""
    shop = merchant or SAMPLE_MERCHANT
    rows = build_receipt(replace(shop, restricted=False), SAMPLE_PAYMENT, "TEST")
    heading = [ReceiptRow("** 테스트 인쇄 **", style=RowStyle.TITLE)]
    if head is not None:
        heading += [
            ReceiptRow(style=RowStyle.RULER),
            ReceiptRow(head_line(head), style=RowStyle.CENTER),
            ReceiptRow("눈금이 오른쪽 끝까지 인쇄되어야 합니다", style=RowStyle.CENTER),
        ]
    return [*heading, *rows]
