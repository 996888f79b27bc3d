"""The VAT split of net sales: one function (net_figures) from the same facts, so 과세 + 면세
is net sales in every tender, voids and refunds taken off, declined ones nowhere."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.day_close import settle
from pos_app.domain.day_close_slip import vat_rows
from pos_app.domain.net_sales import (
    RefundFact,
    SaleFact,
    VoidFact,
    net_figures,
    refund_tax,
    sale_tax,
    void_tax,
)
from pos_app.domain.tax import VatSplit, vat_split
from pos_app.domain.tenders import Tender

tenders = st.sampled_from([t.value for t in Tender])
statuses = st.sampled_from(["approved", "pending", "declined", "recorded"])


@st.composite
def split_of(draw: st.DrawFn) -> VatSplit:
    taxable = draw(st.integers(min_value=0, max_value=500_000))
    exempt = draw(st.integers(min_value=0, max_value=500_000))
    return vat_split(taxable, exempt)


@st.composite
def sales(draw: st.DrawFn) -> SaleFact:
    split = draw(split_of())
    return SaleFact(draw(tenders), split.total, 0, draw(statuses), None, draw(st.booleans()), split)


@st.composite
def refunds(draw: st.DrawFn) -> RefundFact:
    split = draw(split_of())
    return RefundFact(draw(tenders), split.total, False, None, draw(st.booleans()), 0, split)


@given(st.lists(sales(), max_size=8), st.lists(refunds(), max_size=4))
def test_taxable_plus_exempt_is_net_sales_in_every_tender(
    sold: list[SaleFact], refunded: list[RefundFact]
) -> None:
    voids = [VoidFact(s.tender, s.total, s.status, None, 0, s.tax_split) for s in sold if s.voided]
    figures = net_figures(sold, voids, refunded)
    for tender in figures.tenders:
        assert tender.taxable + tender.exempt == tender.net
    assert figures.taxable + figures.exempt == figures.net_sales
    # The export's per-row shares add up to the same figures.
    shares = [*map(sale_tax, sold), *map(void_tax, voids), *map(refund_tax, refunded)]
    assert [sum(s[i] for s in shares) for i in range(3)] == [
        figures.taxable,
        figures.vat,
        figures.exempt,
    ]


def test_a_void_and_a_refund_take_their_split_back_and_a_declined_sale_counts_nowhere():
    mixed = VatSplit(taxable=11_000, vat=1_000, exempt=5_000)
    sold = [
        SaleFact("cheongju_pay", 16_000, 0, "approved", tax_split=mixed),
        SaleFact("cash", 16_000, 0, "recorded", voided=True, tax_split=mixed),
        SaleFact("cheongju_pay", 16_000, 0, "declined", tax_split=mixed),
    ]
    voids = [VoidFact("cash", 16_000, "recorded", tax_split=mixed)]
    refunds = [RefundFact("cheongju_pay", 5_000, False, tax_split=VatSplit(0, 0, 5_000))]
    settlement = settle(float_amount=0, sales=sold, voids=voids, refunds=refunds)
    assert (settlement.taxable, settlement.vat, settlement.exempt) == (11_000, 1_000, 0)
    assert settlement.supply == 10_000 and settlement.net_sales == 11_000
    assert settlement.tender("cash").taxable == settlement.tender("cash").exempt == 0
    labels = {row.left: row.right for row in vat_rows(settlement)}
    assert labels["과세 매출"] == "11,000원" and labels["  부가세"] == "1,000원"
    assert labels["면세 매출"] == "0원" and labels["  청주페이 과세"] == "11,000원"


def test_a_fact_without_a_split_reads_as_all_taxable():
    figures = net_figures([SaleFact("cash", 11_000, 0, "recorded")])
    assert (figures.taxable, figures.vat, figures.exempt) == (11_000, 1_000, 0)
