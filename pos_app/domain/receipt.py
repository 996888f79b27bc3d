"""Receipts: what a receipt says (rows), and its fixed-width text for printers.

The rows are the single source: the on-screen preview lays them out as a
two-column table (screen fonts do not draw Hangul exactly two cells wide),
while :func:`render_text` pads them by display cells for a receipt printer,
where Hangul is double width.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from pos_app.domain.business_number import format_business_number
from pos_app.domain.cash_receipt import CashReceiptRecord, CashReceiptStatus, purpose_label
from pos_app.domain.clock import KST, parse_utc
from pos_app.domain.merchant import MerchantProfile
from pos_app.domain.money import format_rate, format_won
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.records import PaymentItem, PaymentRecord

# The receipt QR (``CJR1:<payment_id>``) is defined beside the refunds that read it; it is
# re-exported here because the receipt is what prints it.
from pos_app.domain.refunds import RECEIPT_QR_PREFIX as RECEIPT_QR_PREFIX
from pos_app.domain.refunds import parse_receipt_qr as parse_receipt_qr
from pos_app.domain.refunds import receipt_qr_text
from pos_app.domain.scale_label import format_weight_kg
from pos_app.domain.tax import TaxCategory, TaxpayerType, VatSplit, vat_split
from pos_app.domain.tenders import TENDER_NAMES_KO, Tender

DEFAULT_WIDTH = 42  # 80 mm paper with the common 12x24 font leaves 42-48 cells

_TENDER_NAMES = TENDER_NAMES_KO
_STATUS_NAMES = {
    PaymentStatus.PENDING: "승인 대기",
    PaymentStatus.APPROVED: "승인",
    PaymentStatus.DECLINED: "거절",
    PaymentStatus.RECORDED: "완료",
}


class RowStyle(StrEnum):
    TITLE = "title"
    TEXT = "text"
    RULE = "rule"
    STRONG = "strong"
    QR = "qr"  # ``left`` is the QR's text; printers draw the code, text views print the text
    CENTER = "center"  # a plain line centred (the QR's caption)
    # A millimetre ruler across the head's whole width (the test page): shows whether the
    # printer prints the right edge the receipt is drawn for.
    RULER = "ruler"


@dataclass(frozen=True)
class ReceiptRow:
    left: str = ""
    right: str = ""
    style: RowStyle = RowStyle.TEXT


_RULE = ReceiptRow(style=RowStyle.RULE)

REPRINT_MARK = "재발행"
#: The Cheongju Pay card's money goes back where it came from: on the card terminal.
CARD_BACK_ON_TERMINAL = "카드 단말기에서 승인취소"
VOID_MARK = "** 결제 취소됨 **"
#: Marks a 면세 line; "*" already marks the lines the special discount leaves out.
EXEMPT_MARK = "#"
EXEMPT_LEGEND = f"{EXEMPT_MARK} 면세 물품"
DISCOUNT_EXCLUDED_MARK = "*"
DISCOUNT_EXCLUDED_LEGEND = f"{DISCOUNT_EXCLUDED_MARK} 특별할인 제외 상품"

SUPPLY_LABEL = "과세물품가액"  # 공급가액: the taxable part without its VAT
VAT_LABEL = "부가세"
EXEMPT_LABEL = "면세물품가액"
#: A 간이과세자's taxable part as paid (공급대가, VAT included): it states no VAT of its own.
SIMPLIFIED_TAXABLE_LABEL = "과세물품(공급대가)"
SIMPLIFIED_NOTE = "간이과세자 - 부가세 별도 표시 없음"
EXEMPT_BUSINESS_NOTE = "면세사업자 - 부가세 없음"


def tax_rows(taxpayer: TaxpayerType, split: VatSplit) -> list[ReceiptRow]:
    """What the receipt says of VAT, as the shop's tax type lets it (docs/decisions.md).

    A general taxpayer states 과세물품가액 (the supply value), 부가세 and 면세물품가액, all
    three always (a zero too), so the three visibly add up to the amount paid. A simplified
    taxpayer may not state VAT on a receipt: it shows the taxable part as paid and the
    exempt part. An exempt business charges no VAT: everything it sells is 면세."""
    if taxpayer is TaxpayerType.EXEMPT_BUSINESS:
        return [
            ReceiptRow(EXEMPT_LABEL, format_won(split.total)),
            ReceiptRow(EXEMPT_BUSINESS_NOTE),
        ]
    if taxpayer is TaxpayerType.SIMPLIFIED:
        return [
            ReceiptRow(SIMPLIFIED_TAXABLE_LABEL, format_won(split.taxable)),
            ReceiptRow(EXEMPT_LABEL, format_won(split.exempt)),
            ReceiptRow(SIMPLIFIED_NOTE),
        ]
    return [
        ReceiptRow(SUPPLY_LABEL, format_won(split.supply)),
        ReceiptRow(VAT_LABEL, format_won(split.vat)),
        ReceiptRow(EXEMPT_LABEL, format_won(split.exempt)),
    ]


def payment_split(payment: PaymentRecord) -> VatSplit:
    """The payment's split; a record without one (sold before splits were kept) is all
    taxable, as the journal reads such a sale."""
    return payment.tax_split if payment.tax_split is not None else vat_split(payment.total, 0)


def item_mark(excluded_from_discount: bool, tax: TaxCategory, taxpayer: TaxpayerType) -> str:
    """The marks before a line's name: "*" no special discount, "#" 면세 (an exempt
    business marks none: everything it sells is 면세)."""
    mark = DISCOUNT_EXCLUDED_MARK if excluded_from_discount else ""
    if tax is TaxCategory.EXEMPT and taxpayer is not TaxpayerType.EXEMPT_BUSINESS:
        mark += EXEMPT_MARK
    return mark


def manual_change_rows(item: PaymentItem) -> list[ReceiptRow]:
    """A manual price change (the catalogue price struck through in words) and a manual
    discount, under the line: the customer sees what the goods cost before."""
    rows = []
    if item.list_price is not None and item.list_price != item.unit_price:
        rows.append(ReceiptRow(f"  정상가 {item.list_price:,} → 변경가 {item.unit_price:,}"))
    if item.line_discount:
        rows.append(ReceiptRow("  할인", format_won(-item.line_discount)))
    return rows


def mark_legends(lines: list[tuple[bool, TaxCategory]], taxpayer: TaxpayerType) -> list[ReceiptRow]:
    """The legend of each mark the lines used: (excluded from the discount, category)."""
    rows = []
    if any(excluded for excluded, _ in lines):
        rows.append(ReceiptRow(DISCOUNT_EXCLUDED_LEGEND))
    if taxpayer is not TaxpayerType.EXEMPT_BUSINESS and any(
        tax is TaxCategory.EXEMPT for _, tax in lines
    ):
        rows.append(ReceiptRow(EXEMPT_LEGEND))
    return rows


def build_receipt(
    merchant: MerchantProfile,
    payment: PaymentRecord,
    device_label: str,
    *,
    cash_tendered: int | None = None,
    reprint: bool = False,
    cash_receipt: CashReceiptRecord | None = None,
) -> list[ReceiptRow]:
    """The receipt's rows. ``cash_tendered`` is what a cash customer handed over (the
    change is printed from it); ``reprint`` marks a deliberate second copy "재발행";
    ``cash_receipt`` is the sale's 현금영수증 as the relay answered it (or still waiting)."""
    paid_at = parse_utc(payment.paid_at).astimezone(KST)
    rows = [ReceiptRow(f"[{REPRINT_MARK}]", style=RowStyle.TITLE)] if reprint else []
    if payment.voided:
        # First, where the preview and the paper show it at once (the mark at the foot
        # can be below the preview's fold).
        rows.append(ReceiptRow(VOID_MARK, style=RowStyle.TITLE))
    rows += [
        ReceiptRow(merchant.name, style=RowStyle.TITLE),
        ReceiptRow(f"사업자등록번호 {format_business_number(merchant.business_number)}"),
        ReceiptRow(f"대표자 {merchant.representative}", f"TEL {merchant.phone}"),
        ReceiptRow(merchant.address),
        _RULE,
        ReceiptRow("거래일시", f"{paid_at:%Y-%m-%d %H:%M:%S}"),
        ReceiptRow("영수증", payment.receipt_no),
        ReceiptRow("단말기", device_label),
        _RULE,
    ]
    taxpayer = merchant.taxpayer_type
    rows += _item_rows(payment, taxpayer)
    rows.append(_RULE)
    rows.append(ReceiptRow("합계", format_won(payment.subtotal)))
    if payment.discount:
        rows.append(ReceiptRow(_discount_label(payment), format_won(-payment.discount)))
    rows.append(ReceiptRow("결제금액", format_won(payment.total), RowStyle.STRONG))
    rows += tax_rows(taxpayer, payment_split(payment))
    rows += _tender_rows(payment, cash_tendered)
    rows += cash_receipt_rows(cash_receipt)
    rows += _approval_rows(payment)
    if payment.status == PaymentStatus.DECLINED:
        rows.append(ReceiptRow(f"거절 사유: {payment.decline_message or payment.decline_code}"))
    # The status of the sale's day, not today's: a reprint tells what was true then.
    if payment.cashback_restricted:
        rows.append(ReceiptRow("캐시백 미적립 가맹점"))
    elif payment.voided:
        pass  # a voided sale earns no cashback: its old figure is not printed
    elif payment.cashback is not None:
        rows.append(ReceiptRow("캐시백 적립", format_won(payment.cashback)))
    elif payment.cashback_preview:
        rows.append(ReceiptRow("캐시백 예정(최대)", format_won(payment.cashback_preview)))
    rows += mark_legends([(i.excluded_from_discount, i.tax) for i in payment.items], taxpayer)
    if payment.voided:
        rows.append(_RULE)
        rows.append(ReceiptRow("** 취소된 결제 **", style=RowStyle.TITLE))
        if payment.tender == Tender.CHEONGJU_CARD:
            rows.append(ReceiptRow(CARD_BACK_ON_TERMINAL))
    elif payment.refunded:
        # The refund has its own receipt; this copy of the sale says that it happened.
        rows.append(_RULE)
        mark = "** 전액 환불된 결제 **" if payment.fully_refunded else "** 부분 환불된 결제 **"
        rows.append(ReceiptRow(mark, style=RowStyle.TITLE))
        rows.append(ReceiptRow("환불 금액", format_won(-payment.refunded)))
    rows.append(_RULE)
    rows.append(ReceiptRow(receipt_qr_text(payment.payment_id), style=RowStyle.QR))
    rows.append(ReceiptRow("환불 시 이 QR을 보여 주세요", style=RowStyle.CENTER))
    return rows


def _item_rows(payment: PaymentRecord, taxpayer: TaxpayerType) -> list[ReceiptRow]:
    """The goods: each line's name and amount, a scale label's weight and kg price, the
    unit price times the quantity."""
    rows = []
    for item in payment.items:
        mark = item_mark(item.excluded_from_discount, item.tax, taxpayer)
        # Before a manual discount, which its own row takes off below: the rows above 합계
        # add up to it, as a Korean receipt is read.
        rows.append(ReceiptRow(mark + item.name, format_won(item.amount + item.line_discount)))
        if item.weight_g is not None:
            # A scale label's line: its weight and the kg price it came to.
            per_kg = f" x {item.price_per_kg:,}원/kg" if item.price_per_kg else ""
            rows.append(ReceiptRow(f"  {format_weight_kg(item.weight_g)}{per_kg}"))
        if item.quantity > 1:
            rows.append(ReceiptRow(f"  {item.unit_price:,} x {item.quantity}"))
        rows += manual_change_rows(item)
    return rows


def _tender_rows(payment: PaymentRecord, cash_tendered: int | None) -> list[ReceiptRow]:
    """How it was paid: the tender, a split sale's parts, cash handed over and the change
    as recorded with the sale (``cash_tendered`` overrides it for a sale recorded before
    the record kept it)."""
    rows = [ReceiptRow("결제수단", _TENDER_NAMES.get(payment.tender, payment.tender))]
    if payment.tender == Tender.SPLIT:
        rows += split_part_rows(payment)
    tendered = cash_tendered if cash_tendered is not None else payment.tendered
    if payment.tender == Tender.CASH and tendered is not None:
        rows.append(ReceiptRow("받은 금액", format_won(tendered)))
        rows.append(ReceiptRow("거스름돈", format_won(tendered - payment.total)))
    return rows


#: The discount of a split sale: earned by the share paid with Cheongju Pay only.
SPLIT_DISCOUNT_LABEL = "특별할인 (청주페이 결제분)"


def _discount_label(payment: PaymentRecord) -> str:
    if payment.tender == Tender.SPLIT:
        return SPLIT_DISCOUNT_LABEL  # only the share paid by Cheongju Pay earned it
    return f"청주페이 특별할인 {format_rate(payment.discount_rate_bp)}"


def _server_approves(payment: PaymentRecord) -> bool:
    """Cheongju Pay by QR (whole or a split sale's part): the server's approval number."""
    return payment.tender == Tender.CHEONGJU_PAY or (
        payment.tender == Tender.SPLIT
        and any(part.tender == Tender.CHEONGJU_PAY for part in payment.parts)
    )


def split_part_rows(payment: PaymentRecord) -> list[ReceiptRow]:
    """A split sale's parts: "  청주페이 30,000원", "  현금 12,000원" with what was handed
    over and the change, the 청주페이 카드's approval number from the terminal's slip."""
    rows = []
    declined = payment.status == PaymentStatus.DECLINED
    for part in payment.parts:
        name = _TENDER_NAMES.get(part.tender, part.tender)
        rows.append(ReceiptRow(f"  {name}", format_won(part.amount)))
        # A declined sale took no money: what was handed over goes back whole.
        if part.tender == Tender.CASH and part.tendered is not None and not declined:
            rows.append(ReceiptRow("    받은 금액", format_won(part.tendered)))
            rows.append(ReceiptRow("    거스름돈", format_won(part.change or 0)))
        if part.card_approval_no:
            rows.append(ReceiptRow("    카드 승인번호", part.card_approval_no))
    return rows


def _approval_rows(payment: PaymentRecord) -> list[ReceiptRow]:
    if _server_approves(payment):
        # Cash has no approval; the card terminal prints its own on its own slip.
        approval = payment.approval_no or _STATUS_NAMES.get(payment.status, payment.status)
        return [ReceiptRow("승인번호", approval)]
    if payment.tender == Tender.CHEONGJU_CARD:
        # The terminal's number from its slip: what ties this sale to the card's record.
        return [ReceiptRow("승인번호", payment.card_approval_no or "")]
    return []


def cash_receipt_rows(receipt: CashReceiptRecord | None) -> list[ReceiptRow]:
    """The 현금영수증 block: purpose, masked number, approval number once it has come."""
    if receipt is None:
        return []
    title = "현금영수증(" + purpose_label(receipt.purpose) + ")"
    if receipt.self_issued:
        title += " 자진발급"
    rows = [ReceiptRow(title), ReceiptRow("식별번호", receipt.masked)]
    if receipt.status is CashReceiptStatus.ISSUED:
        rows.append(ReceiptRow("현금영수증 승인번호", receipt.approval_no or ""))
    elif receipt.status is CashReceiptStatus.REFUSED:
        rows.append(ReceiptRow("현금영수증 미발급", receipt.reason or ""))
    else:
        rows.append(ReceiptRow("현금영수증 승인번호", "승인 대기"))
    return rows


def cells(text: str) -> int:
    """Display width on a receipt printer: Hangul and other wide chars take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` cells."""
    out, used = [], 0
    for ch in text:
        used += cells(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(out)


def _text_ruler(width: int) -> str:
    """A ruler in cells: "|" every ten, "+" every five, the last cell marked too."""
    marks = ("|" if i % 10 == 0 else "+" if i % 5 == 0 else "-" for i in range(width - 1))
    return "".join(marks) + "|"


def render_text(rows: list[ReceiptRow], width: int = DEFAULT_WIDTH) -> list[str]:
    lines = []
    for row in rows:
        if row.style is RowStyle.RULE:
            lines.append("-" * width)
        elif row.style is RowStyle.RULER:
            lines.append(_text_ruler(width))
        elif row.style in (RowStyle.TITLE, RowStyle.QR, RowStyle.CENTER):
            title = fit(row.left, width)
            lines.append(" " * ((width - cells(title)) // 2) + title)
        elif row.right:
            left = fit(row.left, max(width - cells(row.right) - 1, 0))
            lines.append(left + " " * (width - cells(left) - cells(row.right)) + row.right)
        else:
            lines.append(fit(row.left, width))
    return lines
