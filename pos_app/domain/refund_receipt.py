"""The refund receipt (환불 영수증): rows in ``domain/receipt.py``'s format.

It names the original payment (receipt and approval number) so that the customer and the
shop can match the two slips, and shows what went back and why.
"""

from __future__ import annotations

from pos_app.domain.business_number import format_business_number
from pos_app.domain.cash_receipt import CashReceiptRecord, CashReceiptStatus
from pos_app.domain.clock import KST, parse_utc
from pos_app.domain.merchant import MerchantProfile
from pos_app.domain.money import format_won
from pos_app.domain.payment_status import RefundStatus
from pos_app.domain.receipt import (
    CARD_BACK_ON_TERMINAL,
    ReceiptRow,
    RowStyle,
    item_mark,
    mark_legends,
    tax_rows,
)
from pos_app.domain.records import PaymentRecord
from pos_app.domain.refunds import REASON_NAMES_KO, RefundReason, RefundRecord
from pos_app.domain.tax import TaxCategory, VatSplit, vat_split
from pos_app.domain.tenders import TENDER_NAMES_KO, Tender

_STATUS_NAMES = {
    RefundStatus.PENDING: "승인 대기",
    RefundStatus.ACCEPTED: "환불 승인",
    RefundStatus.RECORDED: "기록됨",
    RefundStatus.DECLINED: "거절",
}
_RULE = ReceiptRow(style=RowStyle.RULE)


def build_refund_receipt(
    merchant: MerchantProfile,
    refund: RefundRecord,
    payment: PaymentRecord | None,
    device_label: str,
    approver_name: str | None = None,
    cash_receipt_cancel: CashReceiptRecord | None = None,
    cash_receipt_issue: CashReceiptRecord | None = None,
    parts: tuple[tuple[str, int], ...] = (),
) -> list[ReceiptRow]:
    """``parts``: a split sale's refund by tender (tender, won), as it went back.
    ``approver_name`` is the approving staff member's name (the id when unknown);
    ``cash_receipt_cancel`` the cancel of the sale's 현금영수증 this refund carried,
    ``cash_receipt_issue`` that 현금영수증 (its approval is printed as 원승인번호)."""
    at = parse_utc(refund.refunded_at).astimezone(KST)
    reason = REASON_NAMES_KO.get(RefundReason(refund.reason), refund.reason)
    rows = [
        ReceiptRow(merchant.name, style=RowStyle.TITLE),
        ReceiptRow("** 환불 영수증 (결제취소) **", style=RowStyle.TITLE),
        ReceiptRow(f"사업자등록번호 {format_business_number(merchant.business_number)}"),
        ReceiptRow(f"대표자 {merchant.representative}", f"TEL {merchant.phone}"),
        ReceiptRow(merchant.address),
        _RULE,
        ReceiptRow("환불일시", f"{at:%Y-%m-%d %H:%M:%S}"),
        ReceiptRow("환불번호", refund.refund_no),
        ReceiptRow("원 영수증", refund.original_receipt_no),
    ]
    if payment is not None:
        if payment.tender == Tender.CHEONGJU_PAY:
            # Cash has no approval, and the card terminal prints its own: "승인 대기" on a
            # cash refund would send the customer looking for one.
            rows.append(ReceiptRow("원 승인번호", payment.approval_no or "승인 대기"))
        elif payment.tender == Tender.CHEONGJU_CARD:
            rows.append(ReceiptRow("원 승인번호", payment.card_approval_no or ""))
        rows.append(ReceiptRow("원 결제금액", format_won(payment.total)))
    rows += [ReceiptRow("단말기", device_label), _RULE]
    taxpayer = merchant.taxpayer_type
    # The marks come from the sale's lines (the refund line keeps no category of its own).
    sold = {item.line_no: item for item in payment.items} if payment is not None else {}
    marked: list[tuple[bool, TaxCategory]] = []
    for line in refund.lines:
        item = sold.get(line.line_no)
        flags = (item.excluded_from_discount, item.tax) if item else (False, TaxCategory.TAXABLE)
        marked.append(flags)
        rows.append(ReceiptRow(item_mark(*flags, taxpayer) + line.name, format_won(-line.amount)))
        rows.append(ReceiptRow(f"  환불 수량 {line.quantity}"))
    if not refund.lines:
        rows.append(ReceiptRow("금액 환불", format_won(-refund.gross)))
    rows.append(_RULE)
    if refund.discount_share:
        rows.append(ReceiptRow("특별할인 차감", format_won(refund.discount_share)))
    rows.append(ReceiptRow("환불금액", format_won(refund.amount), RowStyle.STRONG))
    rows += tax_rows(taxpayer, refund_split_of(refund))
    tender = TENDER_NAMES_KO.get(refund.tender, refund.tender)  # type: ignore[call-overload]
    rows.append(ReceiptRow("환불수단", tender))
    for part_tender, amount in parts:  # a split sale's: cash first, the wallet last
        if not amount:
            continue  # a tender whose VAT share moved but that gave nothing back
        name = TENDER_NAMES_KO.get(part_tender, part_tender)  # type: ignore[call-overload]
        rows.append(ReceiptRow(f"  {name}", format_won(amount)))
    rows.append(ReceiptRow("처리상태", _STATUS_NAMES.get(refund.status, refund.status)))
    if refund.tender == Tender.CHEONGJU_CARD:
        # The POS gives no card money back: the terminal's approval is cancelled there.
        rows.append(ReceiptRow(CARD_BACK_ON_TERMINAL))
    rows += _cash_receipt_cancel_rows(cash_receipt_cancel, cash_receipt_issue)
    if refund.cashback_reversed:
        rows.append(ReceiptRow("캐시백 회수", format_won(-refund.cashback_reversed)))
    rows.append(ReceiptRow("환불사유", reason + (f" ({refund.note})" if refund.note else "")))
    if refund.approved_by:
        rows.append(ReceiptRow("승인자", approver_name or refund.approved_by))
    rows += mark_legends(marked, taxpayer)
    return rows


def refund_split_of(refund: RefundRecord) -> VatSplit:
    """What the refund gave back, split; a refund recorded before splits were kept is all
    taxable, as the journal reads it."""
    return refund.tax_split if refund.tax_split is not None else vat_split(refund.amount, 0)


def _cash_receipt_cancel_rows(
    cancel: CashReceiptRecord | None, issue: CashReceiptRecord | None
) -> list[ReceiptRow]:
    if cancel is None:
        return []
    # Korean cancel slips name the receipt they cancel, so the customer and the tax office
    # can match the two; an original still waiting for its answer prints that.
    original = issue.approval_no if issue is not None else None
    if cancel.status is CashReceiptStatus.ISSUED:
        answer = cancel.approval_no or ""
    elif cancel.status is CashReceiptStatus.REFUSED:
        answer = "취소 거절"
    else:
        answer = "승인 대기"
    return [
        ReceiptRow("현금영수증 취소", format_won(-cancel.amount)),
        ReceiptRow("식별번호", cancel.masked),
        ReceiptRow("원승인번호", original or "승인 대기"),
        ReceiptRow("취소 승인번호", answer),
    ]
