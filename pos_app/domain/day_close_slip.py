"""The day-close slip (마감정산서): the settlement on paper, in ``domain/receipt.py``'s rows.

The owner files it with the drawer's cash, so it says everything the screen says: each
tender after voids and refunds, the special discount given, refunds and voids, cashback the
server confirmed, the drawer's float, cash in/out, expected and counted cash, over/short,
and, when the server has not approved every Cheongju Pay payment and refund yet, how much
is still waiting (cash and card are final when recorded).
"""

from __future__ import annotations

from collections.abc import Mapping

from pos_app.domain.business_number import format_business_number
from pos_app.domain.clock import KST, parse_utc
from pos_app.domain.day_close import DENOMINATIONS, CashDirection, Settlement
from pos_app.domain.merchant import MerchantProfile
from pos_app.domain.money import format_won
from pos_app.domain.receipt import ReceiptRow, RowStyle
from pos_app.domain.tenders import TENDER_NAMES_KO

_RULE = ReceiptRow(style=RowStyle.RULE)


def manual_rows(settlement: Settlement) -> list[ReceiptRow]:
    """The cashiers' manual price changes and discounts, when there were any."""
    if not settlement.manual_discounts:
        return []
    return [ReceiptRow("수동 할인·가격변경", format_won(settlement.manual_discounts))]


def _kst(stamp: str) -> str:
    moment = parse_utc(stamp).astimezone(KST)
    return f"{moment:%Y-%m-%d %H:%M}"


def build_day_close_slip(
    merchant: MerchantProfile,
    settlement: Settlement,
    *,
    business_date: str,
    opened_at: str,
    closed_at: str | None,
    device_label: str,
    pieces: Mapping[str, int] | None = None,
) -> list[ReceiptRow]:
    """``closed_at`` None prints an interim slip (중간정산) of a day still open; ``pieces``
    is the count by denomination as the close recorded it (keys are the values as text)."""
    title = "마감정산서" if closed_at else "중간정산서 (영업 중)"
    rows = [
        ReceiptRow(merchant.name, style=RowStyle.TITLE),
        ReceiptRow(title, style=RowStyle.TITLE),
        ReceiptRow(f"사업자등록번호 {format_business_number(merchant.business_number)}"),
        ReceiptRow("단말기", device_label),
        ReceiptRow("영업일", business_date),
        ReceiptRow("개점", _kst(opened_at)),
    ]
    if closed_at:
        rows.append(ReceiptRow("마감", _kst(closed_at)))
    rows += [_RULE, ReceiptRow("결제수단별 매출 (취소·환불 반영)")]
    for tender in settlement.tenders:
        name = TENDER_NAMES_KO.get(tender.tender, tender.tender)  # type: ignore[call-overload]
        rows.append(ReceiptRow(f"{name} ({tender.count}건)", format_won(tender.net)))
    rows += [
        ReceiptRow("순매출", format_won(settlement.net_sales), RowStyle.STRONG),
        *vat_rows(settlement),
        _RULE,
        ReceiptRow("특별할인 제공", format_won(settlement.discounts)),
        ReceiptRow("청주페이 매출(QR·카드)", format_won(settlement.cheongju_pay_net)),
        *manual_rows(settlement),
        ReceiptRow(f"환불 ({settlement.refund_count}건)", format_won(settlement.refund_total)),
        ReceiptRow(f"결제취소 ({settlement.void_count}건)", format_won(settlement.void_total)),
    ]
    if settlement.declined_count:
        rows.append(
            ReceiptRow(
                f"서버 거절·미수령 ({settlement.declined_count}건)",
                format_won(settlement.declined_total),
            )
        )
    rows += _cash_receipt_rows(settlement)
    rows += [
        ReceiptRow("캐시백 (서버 확인)", format_won(settlement.cashback_confirmed)),
        _RULE,
        ReceiptRow("시재금 (개점)", format_won(settlement.float_amount)),
        ReceiptRow("현금 입금", format_won(settlement.cash_in)),
        ReceiptRow("현금 출금", format_won(-settlement.cash_out)),
    ]
    for move in settlement.moves:
        sign = 1 if move.direction is CashDirection.IN else -1
        rows.append(ReceiptRow(f"  {move.reason}", format_won(sign * move.amount)))
    rows.append(ReceiptRow("예상 현금", format_won(settlement.expected_cash), RowStyle.STRONG))
    if pieces:
        for value in DENOMINATIONS:
            count = int(pieces.get(str(value), 0))
            if count:
                piece = f"  {format_won(value)} x {count}"
                rows.append(ReceiptRow(piece, format_won(value * count)))
    if settlement.counted_cash is not None:
        rows.append(ReceiptRow("실제 현금", format_won(settlement.counted_cash), RowStyle.STRONG))
    over_short = settlement.over_short
    if over_short is not None:
        kind = "일치" if over_short == 0 else "초과" if over_short > 0 else "부족"
        label = f"과부족 ({kind})"
        rows.append(ReceiptRow(label, format_won(over_short), RowStyle.STRONG))
    rows.append(_RULE)
    if settlement.has_pending:
        rows += [
            ReceiptRow(
                f"청주페이 승인 대기 {settlement.pending_count}건",
                format_won(settlement.pending_total),
            ),
            ReceiptRow("* 연결되면 자동으로 전송됩니다", style=RowStyle.CENTER),
        ]
    else:
        # Cash and card are final when recorded: only Cheongju Pay ever awaits the server.
        rows.append(ReceiptRow("승인 대기 없음", style=RowStyle.CENTER))
    return rows


def vat_rows(settlement: Settlement) -> list[ReceiptRow]:
    """과세 매출 (with its 공급가액 and 부가세) and 면세 매출 of net sales, then each tender's
    split (a tender with no sales is left out): 과세 + 면세 is net sales, to the won."""
    rows = [
        _RULE,
        ReceiptRow("과세구분별 매출 (취소·환불 반영)"),
        ReceiptRow("과세 매출", format_won(settlement.taxable)),
        ReceiptRow("  공급가액", format_won(settlement.supply)),
        ReceiptRow("  부가세", format_won(settlement.vat)),
        ReceiptRow("면세 매출", format_won(settlement.exempt)),
    ]
    for tender in settlement.tenders:
        if not (tender.count or tender.net or tender.taxable or tender.exempt):
            continue
        name = TENDER_NAMES_KO.get(tender.tender, tender.tender)  # type: ignore[call-overload]
        rows += [
            ReceiptRow(f"  {name} 과세", format_won(tender.taxable)),
            ReceiptRow(f"  {name} 부가세", format_won(tender.vat)),
            ReceiptRow(f"  {name} 면세", format_won(tender.exempt)),
        ]
    return rows


def _cash_receipt_rows(settlement: Settlement) -> list[ReceiptRow]:
    """현금영수증 issued and cancelled (refunds, voids), only on a day that had any."""
    totals = settlement.cash_receipts
    if not totals.any:
        return []
    rows = [
        ReceiptRow(f"현금영수증 발급 ({totals.issued_count}건)", format_won(totals.issued_amount)),
        ReceiptRow(
            f"현금영수증 취소 ({totals.cancelled_count}건)", format_won(-totals.cancelled_amount)
        ),
    ]
    if totals.pending_count:
        rows.append(ReceiptRow(f"현금영수증 승인 대기 {totals.pending_count}건"))
    return rows
