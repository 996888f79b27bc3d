"""The receipt's VAT lines: what each tax type says, the 면세 mark, and that the parts always
add up to what was paid (or refunded), for every tender and every partial refund."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.merchant import MerchantProfile
from pos_app.domain.receipt import (
    EXEMPT_BUSINESS_NOTE,
    EXEMPT_LABEL,
    EXEMPT_LEGEND,
    SIMPLIFIED_NOTE,
    SIMPLIFIED_TAXABLE_LABEL,
    SUPPLY_LABEL,
    VAT_LABEL,
    ReceiptRow,
    build_receipt,
    cells,
    render_text,
)
from pos_app.domain.records import PaymentItem, PaymentRecord
from pos_app.domain.refund_receipt import build_refund_receipt
from pos_app.domain.refunds import (
    Paid,
    PaidLine,
    PriorRefund,
    RefundLine,
    RefundPlan,
    RefundRecord,
    plan_amount_refund,
    plan_line_refund,
)
from pos_app.domain.tax import TaxCategory, TaxpayerType, VatSplit, sale_split
from pos_app.domain.tenders import Tender

GENERAL = MerchantProfile(
    "M1", "청주 한빛마트", "1048212347", "김하나", "충북 청주시", "043-000-0000"
)
EXEMPT = TaxCategory.EXEMPT
TAXABLE = TaxCategory.TAXABLE


def merchant(taxpayer: TaxpayerType) -> MerchantProfile:
    return replace(GENERAL, taxpayer_type=taxpayer)


def won(text: str) -> int:
    return int(text.removesuffix("원").replace(",", ""))


def amounts(rows: list[ReceiptRow]) -> dict[str, int]:
    return {row.left: won(row.right) for row in rows if row.right.endswith("원")}


def sale(items: list[PaymentItem], rate_bp: int = 1_000, tender: str = "cheongju_pay"):
    subtotal = sum(item.amount for item in items)
    eligible = sum(item.amount for item in items if not item.excluded_from_discount)
    discount = eligible * rate_bp // 10_000
    split = sale_split(((i.amount, i.tax, not i.excluded_from_discount) for i in items), discount)
    return PaymentRecord(
        payment_id="p1",
        seq=1,
        receipt_no="20261205-0001",
        business_date="2026-12-05",
        paid_at="2026-12-05T03:00:00.000Z",
        tender=Tender(tender),
        subtotal=subtotal,
        eligible=eligible,
        discount=discount,
        discount_rate_bp=rate_bp,
        total=subtotal - discount,
        cashback_preview=0,
        status="approved",  # type: ignore[arg-type]
        approval_no="12345678",
        voided=False,
        offline=False,
        wallet_id="1",
        items=tuple(items),
        tax_split=split,
    )


MIXED = [
    PaymentItem(1, "우유 1L", 2_980, 2, 5_960, False),
    PaymentItem(2, "배추", 4_500, 1, 4_500, False, tax=EXEMPT),
    PaymentItem(3, "담배", 4_500, 1, 4_500, True),
    PaymentItem(4, "계란 30구", 8_900, 1, 8_900, True, tax=EXEMPT),
]


def test_a_general_taxpayer_states_supply_value_vat_and_exempt_after_the_total():
    payment = sale(MIXED)
    rows = build_receipt(GENERAL, payment, "POS-01")
    labels = [row.left for row in rows]
    assert labels.index(SUPPLY_LABEL) == labels.index("결제금액") + 1
    assert labels[labels.index(SUPPLY_LABEL) :][:3] == [SUPPLY_LABEL, VAT_LABEL, EXEMPT_LABEL]
    got = amounts(rows)
    # 10 % off the eligible 10,460 (우유, 배추) is 1,046: 570 on 우유, 450 on 배추 ... by
    # largest remainder; the split is the domain's.
    split = payment.tax_split
    assert split is not None
    assert got[SUPPLY_LABEL] == split.supply and got[VAT_LABEL] == split.vat
    assert got[EXEMPT_LABEL] == split.exempt
    assert got[SUPPLY_LABEL] + got[VAT_LABEL] + got[EXEMPT_LABEL] == payment.total
    assert split.vat == split.taxable // 11


def test_a_zero_exempt_part_is_printed_too():
    rows = build_receipt(GENERAL, sale(MIXED[:1]), "POS-01")
    assert amounts(rows)[EXEMPT_LABEL] == 0


def test_exempt_lines_are_marked_and_the_marks_have_their_legends():
    text = render_text(build_receipt(GENERAL, sale(MIXED), "POS-01"))
    assert any(line.startswith("#배추") for line in text)
    assert any(line.startswith("*#계란 30구") for line in text)
    assert any(line.startswith("*담배") for line in text)
    assert any(line.startswith("우유 1L") for line in text)
    assert EXEMPT_LEGEND in text and "* 특별할인 제외 상품" in text


def test_no_exempt_legend_without_an_exempt_line():
    text = render_text(build_receipt(GENERAL, sale(MIXED[:1]), "POS-01"))
    assert EXEMPT_LEGEND not in text


def test_a_simplified_taxpayer_states_no_vat():
    payment = sale(MIXED)
    rows = build_receipt(merchant(TaxpayerType.SIMPLIFIED), payment, "POS-01")
    got = amounts(rows)
    assert VAT_LABEL not in got and SUPPLY_LABEL not in got
    assert got[SIMPLIFIED_TAXABLE_LABEL] + got[EXEMPT_LABEL] == payment.total
    assert SIMPLIFIED_NOTE in [row.left for row in rows]


def test_an_exempt_business_states_everything_exempt_and_marks_nothing():
    payment = sale(MIXED)
    rows = build_receipt(merchant(TaxpayerType.EXEMPT_BUSINESS), payment, "POS-01")
    got = amounts(rows)
    assert got[EXEMPT_LABEL] == payment.total and VAT_LABEL not in got
    assert EXEMPT_BUSINESS_NOTE in [row.left for row in rows]
    text = render_text(rows)
    assert EXEMPT_LEGEND not in text and any(line.startswith("배추") for line in text)


def test_a_sale_recorded_before_splits_reads_as_all_taxable():
    payment = replace(sale(MIXED), tax_split=None)
    got = amounts(build_receipt(GENERAL, payment, "POS-01"))
    assert got[VAT_LABEL] == payment.total // 11 and got[EXEMPT_LABEL] == 0


def test_the_vat_lines_fit_the_80mm_text_width():
    long_name = "무농약 유기농 해남 절임배추 20kg 한 상자 특가"
    items = [*MIXED, PaymentItem(5, long_name, 99_000, 10, 990_000, True, tax=EXEMPT)]
    for taxpayer in TaxpayerType:
        for line in render_text(build_receipt(merchant(taxpayer), sale(items), "POS-01")):
            assert cells(line) <= 42, line


def _tax_total(rows: list[ReceiptRow], taxpayer: TaxpayerType) -> int:
    got = amounts(rows)
    if taxpayer is TaxpayerType.GENERAL:
        return got[SUPPLY_LABEL] + got[VAT_LABEL] + got[EXEMPT_LABEL]
    if taxpayer is TaxpayerType.SIMPLIFIED:
        return got[SIMPLIFIED_TAXABLE_LABEL] + got[EXEMPT_LABEL]
    return got[EXEMPT_LABEL]


lines_strategy = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=200_000),
        st.integers(min_value=1, max_value=4),
        st.booleans(),
        st.sampled_from(list(TaxCategory)),
    ),
    min_size=1,
    max_size=6,
)


def _paid_lines(items: list[PaymentItem]) -> tuple[PaidLine, ...]:
    return tuple(
        PaidLine(i.line_no, i.unit_price, i.quantity, i.excluded_from_discount, i.tax)
        for i in items
    )


def _refund_record(plan: RefundPlan, no: int, payment: PaymentRecord) -> RefundRecord:
    by_no = {item.line_no: item for item in payment.items}
    return RefundRecord(
        refund_id=f"r{no}",
        seq=10 + no,
        payment_id=payment.payment_id,
        refund_no=f"R-{no}",
        original_receipt_no=payment.receipt_no,
        business_date=payment.business_date,
        refunded_at="2026-12-05T04:00:00.000Z",
        tender=payment.tender,
        reason="change_of_mind",
        note="",
        gross=plan.gross,
        discount_share=plan.discount_share,
        amount=plan.amount,
        approved_by=None,
        status="accepted",
        cashback_reversed=None,
        lines=tuple(
            RefundLine(n, by_no[n].name, q, plan.line_amounts[n])
            for n, q in plan.quantities.items()
        ),
        tax_split=plan.tax_split,
    )


@settings(max_examples=150, deadline=None)
@given(
    lines_strategy,
    st.integers(min_value=0, max_value=3_000),
    st.sampled_from(list(Tender)),
    st.sampled_from(list(TaxpayerType)),
    st.data(),
)
def test_the_receipt_parts_always_add_up_to_what_was_paid_and_refunded(
    lines: list[tuple[int, int, bool, TaxCategory]],
    rate_bp: int,
    tender: Tender,
    taxpayer: TaxpayerType,
    data: st.DataObject,
) -> None:
    # Only Cheongju Pay earns the special discount.
    rate = rate_bp if tender is Tender.CHEONGJU_PAY else 0
    items = [
        PaymentItem(n, f"상품{n}", price, qty, price * qty, excluded, tax=tax)
        for n, (price, qty, excluded, tax) in enumerate(lines, start=1)
    ]
    payment = sale(items, rate, tender.value)
    shop = merchant(taxpayer)
    assert _tax_total(build_receipt(shop, payment, "POS-01"), taxpayer) == payment.total

    paid = Paid(total=payment.total, discount=payment.discount, lines=_paid_lines(items))
    prior: list[PriorRefund] = []
    refunded: list[VatSplit] = []
    left = {item.line_no: item.quantity for item in items}
    for no in range(data.draw(st.integers(min_value=1, max_value=3), label="refunds")):
        money_left = paid.total - sum(p.amount for p in prior)
        if money_left > 0 and data.draw(st.booleans(), label="amount refund"):
            amount = data.draw(st.integers(min_value=1, max_value=money_left), label="amount")
            plan = plan_amount_refund(paid, prior, amount)
        elif any(left.values()):
            line_no = data.draw(st.sampled_from([n for n, q in left.items() if q]), label="line")
            qty = data.draw(st.integers(min_value=1, max_value=left[line_no]), label="qty")
            plan = plan_line_refund(paid, prior, {line_no: qty})
            left[line_no] -= qty
        else:
            break
        rows = build_refund_receipt(shop, _refund_record(plan, no, payment), payment, "POS-01")
        assert _tax_total(rows, taxpayer) == plan.amount
        for line in render_text(rows):
            assert cells(line) <= 42, line
        prior.append(
            PriorRefund(plan.amount, plan.discount_share, dict(plan.quantities), plan.tax_split)
        )
        refunded.append(plan.tax_split)
    whole = payment.tax_split
    assert whole is not None
    assert sum(s.vat for s in refunded) <= whole.vat
    assert sum(s.exempt for s in refunded) <= whole.exempt


def test_a_refund_receipt_shows_the_refunded_split_and_marks_the_exempt_line():
    payment = sale(MIXED)
    paid = Paid(
        payment.total,
        payment.discount,
        tuple(
            PaidLine(i.line_no, i.unit_price, i.quantity, i.excluded_from_discount, i.tax)
            for i in MIXED
        ),
    )
    plan = plan_line_refund(paid, [], {2: 1})  # the 배추
    rows = build_refund_receipt(GENERAL, _refund_record(plan, 1, payment), payment, "POS-01")
    got = amounts(rows)
    assert got[EXEMPT_LABEL] == plan.amount and got[VAT_LABEL] == 0 and got[SUPPLY_LABEL] == 0
    text = render_text(rows)
    assert any(line.startswith("#배추") for line in text) and EXEMPT_LEGEND in text
