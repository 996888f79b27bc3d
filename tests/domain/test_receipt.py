"""Receipt rows and their fixed-width printer text (Hangul counts two cells)."""

from __future__ import annotations

from dataclasses import replace

from pos_app.domain.merchant import MerchantProfile
from pos_app.domain.receipt import ReceiptRow, RowStyle, build_receipt, cells, render_text
from pos_app.domain.records import PaymentItem, PaymentRecord

MERCHANT = MerchantProfile(
    "M1", "청주 한빛마트", "1048212347", "김하나", "충북 청주시", "043-000-0000"
)


def payment(**changes) -> PaymentRecord:
    values = dict(
        payment_id="p1",
        seq=5,
        receipt_no="20261125-0001",
        business_date="2026-11-25",
        paid_at="2026-11-25T03:00:00.000Z",
        tender="cheongju_pay",
        subtotal=29_360,
        eligible=24_860,
        discount=2_486,
        discount_rate_bp=1_000,
        total=26_874,
        cashback_preview=2_687,
        status="pending",
        approval_no=None,
        voided=False,
        offline=True,
        wallet_id="1",
        items=(
            PaymentItem(1, "한우 불고기 300g", 18_900, 1, 18_900, False),
            PaymentItem(2, "우유 1L", 2_980, 2, 5_960, False),
            PaymentItem(3, "담배", 4_500, 1, 4_500, True),
        ),
    )
    values.update(changes)
    return PaymentRecord(**values)


def test_receipt_says_what_a_korean_receipt_must():
    rows = build_receipt(MERCHANT, payment(), "POS-01")
    text = "\n".join(render_text(rows))
    for expected in (
        "104-82-12347",
        "김하나",
        "2026-11-25 12:00:00",
        "20261125-0001",
        "POS-01",
        "청주페이 특별할인 10%",
        "-2,486원",
        "26,874원",
        "승인 대기",
        "*담배",
        "2,980 x 2",
        "특별할인 제외",
    ):
        assert expected in text, expected
    assert next(r for r in rows if r.left == "결제금액").style is RowStyle.STRONG


def test_printer_lines_are_exactly_the_paper_width_in_cells():
    lines = render_text(build_receipt(MERCHANT, payment(), "POS-01"), width=42)
    two_column = [line for line in lines if line.endswith("원")]
    assert two_column and all(cells(line) == 42 for line in two_column)
    assert all(cells(line) <= 42 for line in lines)
    assert cells("가A") == 3


def test_restricted_sale_and_voided_and_approved_payment():
    sale = replace(
        payment(voided=True, approval_no="A123456", status="approved"), cashback_restricted=True
    )
    text = "\n".join(render_text(build_receipt(MERCHANT, sale, "POS-01")))
    assert "캐시백 미적립 가맹점" in text and "캐시백 예정" not in text
    assert "취소된 결제" in text and "A123456" in text


def test_the_receipt_tells_the_status_of_the_sales_day_not_todays():
    # Reprinted after the city restricted the shop: the sale earned its cashback then.
    restricted_now = MerchantProfile(**{**MERCHANT.__dict__, "restricted": True})
    earned = replace(payment(approval_no="A1", status="approved"), cashback=1_000)
    text = "\n".join(render_text(build_receipt(restricted_now, earned, "POS-01", reprint=True)))
    assert "캐시백 미적립" not in text and "캐시백 적립" in text
    # Sold while restricted, reprinted after the restriction was lifted: still none.
    withheld = replace(earned, cashback=0, cashback_restricted=True)
    text = "\n".join(render_text(build_receipt(MERCHANT, withheld, "POS-01", reprint=True)))
    assert "캐시백 미적립 가맹점" in text and "캐시백 적립" not in text


def test_receipt_qr_text_round_trips_and_rejects_others():
    from pos_app.domain.receipt import parse_receipt_qr, receipt_qr_text

    assert receipt_qr_text("p-1") == "CJR1:p-1"
    assert parse_receipt_qr(" CJR1:p-1\n") == "p-1"
    assert parse_receipt_qr("cjr1:P-1") == "p-1"  # a wedge scanner under Caps Lock
    for text in ("", "CJR1:", "CJR2:p-1", "CJR1:a b", "8808123000103"):
        assert parse_receipt_qr(text) is None, text
    rows = build_receipt(MERCHANT, payment(), "POS-01")
    assert rows[-2].style is RowStyle.QR and rows[-2].left == "CJR1:p1"
    reprinted = build_receipt(MERCHANT, payment(), "POS-01", reprint=True)
    assert reprinted[0].left == "[재발행]" and rows[0].left == MERCHANT.name


def test_a_voided_sale_prints_no_cashback_and_a_refunded_one_says_so():
    earned = replace(payment(approval_no="A1", status="approved"), cashback=1_000)
    text = "\n".join(render_text(build_receipt(MERCHANT, replace(earned, voided=True), "POS-01")))
    assert "캐시백" not in text and "취소된 결제" in text
    partly = replace(earned, refunded=1_000)
    text = "\n".join(render_text(build_receipt(MERCHANT, partly, "POS-01")))
    assert "부분 환불된 결제" in text and "-1,000원" in text
    whole = replace(earned, refunded=earned.total)
    assert "전액 환불된 결제" in "\n".join(render_text(build_receipt(MERCHANT, whole, "POS-01")))


def test_a_voided_sale_is_marked_at_the_top() -> None:
    rows = build_receipt(MERCHANT, payment(voided=True), "POS-01")
    assert rows[0] == ReceiptRow("** 결제 취소됨 **", style=RowStyle.TITLE)
    assert all(r.left != "** 결제 취소됨 **" for r in build_receipt(MERCHANT, payment(), "POS-01"))
