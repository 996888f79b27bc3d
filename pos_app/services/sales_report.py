"""The sales view: today by hour, the last 30 days, top products, and a CSV export.

Every figure is net sales and confirmed cashback as ``domain/net_sales.py`` defines them,
the day close's own definition: sales less voids and refunds, each counted when it
happened.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from pos_app.domain.clock import KST, Clock, business_date, parse_utc
from pos_app.domain.csv_cells import inert_row
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won
from pos_app.domain.net_sales import (
    NetFigures,
    Part,
    net_figures,
    refund_cashback,
    refund_net,
    refund_tax,
    sale_cashback,
    sale_net,
    sale_tax,
    split_of,
    void_cashback,
    void_net,
    void_tax,
)
from pos_app.domain.tenders import TENDER_NAMES_KO, Tender
from pos_app.store import discount_facts, sales_queries
from pos_app.store import staff as staff_store
from pos_app.store.sales_queries import (
    Bucket,
    DatedRefund,
    DatedSale,
    DatedVoid,
    ProductSales,
)

MAX_RANGE_DAYS = 366
TOP_PRODUCTS = 10

_STATUS_KO = {
    "pending": "승인 대기",
    "approved": "승인",
    "declined": "거절",
    "recorded": "완료",
    "accepted": "환불 승인",  # a refund's
}
_KIND_KO = {"sale": "결제", "void": "결제취소", "refund": "환불"}
CSV_HEADER = (
    "영수증번호",
    "영업일",
    "시각(KST)",
    "결제수단",
    "상품금액",
    "할인",
    "결제금액",
    "상태",
    "취소",
    "승인번호",
    # Each row's share of the figures (domain/net_sales.py): the column sums are the
    # range's net sales and confirmed cashback, as the charts and the day close show them.
    "구분",
    "순매출",
    "확정캐시백",
    # The row's share of 순매출 split (domain/net_sales.py sale_tax...): 과세매출 includes its
    # 부가세; 과세매출 + 면세매출 = 순매출 on every row, and the sums are the close's.
    "과세매출",
    "부가세",
    "면세매출",
)

Dated = DatedSale | DatedVoid | DatedRefund


@dataclass(frozen=True)
class RangeFacts:
    sales: list[DatedSale]
    voids: list[DatedVoid]
    refunds: list[DatedRefund]

    def figures(self) -> NetFigures:
        return net_figures(
            [s.fact for s in self.sales],
            [v.fact for v in self.voids],
            [r.fact for r in self.refunds],
        )

    def grouped(self, key: Callable[[Dated], str]) -> dict[str, NetFigures]:
        """The figures of each key's facts (an hour, a day)."""
        groups: dict[str, RangeFacts] = {}
        for sale in self.sales:
            groups.setdefault(key(sale), RangeFacts([], [], [])).sales.append(sale)
        for void in self.voids:
            groups.setdefault(key(void), RangeFacts([], [], [])).voids.append(void)
        for refund in self.refunds:
            groups.setdefault(key(refund), RangeFacts([], [], [])).refunds.append(refund)
        return {k: group.figures() for k, group in groups.items()}


@dataclass(frozen=True)
class SalesRange:
    first: date
    last: date

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


class SalesReportService:
    def __init__(self, conn: sqlite3.Connection, clock: Clock) -> None:
        self._conn = conn
        self._clock = clock

    def today(self) -> date:
        return business_date(self._clock())

    def last_30_days(self) -> SalesRange:
        today = self.today()
        return SalesRange(today - timedelta(days=29), today)

    @staticmethod
    def check_range(first: date, last: date) -> SalesRange:
        if first > last or (last - first).days + 1 > MAX_RANGE_DAYS:
            raise UserFacingError(ErrorKey.SALES_BAD_RANGE, max_days=MAX_RANGE_DAYS)
        return SalesRange(first, last)

    def _facts(self, first: date, last: date) -> RangeFacts:
        a, b = first.isoformat(), last.isoformat()
        return RangeFacts(
            sales_queries.sales_between(self._conn, a, b),
            sales_queries.voids_between(self._conn, a, b),
            sales_queries.refunds_between(self._conn, a, b),
        )

    def figures(self, span: SalesRange) -> NetFigures:
        """The range's net sales and confirmed cashback, as the day close defines them."""
        return self._facts(span.first, span.last).figures()

    def by_hour(self, day: date) -> list[Bucket]:
        """24 buckets, hour of the day in KST (UTC+9, no daylight saving): net sales of the
        payments, voids and refunds made in that hour."""
        found = self._facts(day, day).grouped(lambda x: f"{_kst(x.at).hour:02d}")
        return [_bucket(f"{h:02d}", found.get(f"{h:02d}")) for h in range(24)]

    def by_day(self, span: SalesRange) -> list[Bucket]:
        """One bucket per day of the range, quiet days as zero (a chart needs them)."""
        found = self._facts(span.first, span.last).grouped(lambda x: x.business_date)
        return [_bucket(d.isoformat(), found.get(d.isoformat())) for d in span.days]

    def manual_discounts(self, span: SalesRange) -> int:
        """Won the cashiers' manual price changes and discounts took off the range's sales."""
        return discount_facts.manual_discount_between(
            self._conn, span.first.isoformat(), span.last.isoformat()
        )

    def manual_discount_lines(self, span: SalesRange) -> list[str]:
        """Who gave which manual change and why, one Korean line each (the owner's look)."""
        kinds = {"price": "가격변경", "won": "원 할인", "percent": "% 할인"}
        staff = staff_store.list_staff(self._conn, include_inactive=True)
        names = {member.staff_id: member.name for member in staff}
        lines = []
        for entry in discount_facts.manual_discount_entries(
            self._conn, span.first.isoformat(), span.last.isoformat()
        ):
            scope = "전체" if entry.scope == "sale" else "상품"
            who = names.get(entry.requested_by or "", "-")
            approver = names.get(entry.approved_by or "", "")
            approved = f", 승인 {approver}" if approver else ""
            lines.append(
                f"{entry.receipt_no} {scope} {kinds.get(entry.kind, entry.kind)}"
                f" {format_won(entry.won)} · {entry.reason} · {who}{approved}"
            )
        return lines

    def top_products(self, span: SalesRange, limit: int = TOP_PRODUCTS) -> list[ProductSales]:
        return sales_queries.top_products(
            self._conn, span.first.isoformat(), span.last.isoformat(), limit
        )

    def export_csv(self, path: Path, span: SalesRange) -> int:
        """Every payment of the range, then every void and refund made in it, one row each
        (declined ones too: they count as nothing); UTF-8 with a BOM so Excel on a Korean PC
        opens it as UTF-8. Returns the rows written."""
        facts = self._facts(span.first, span.last)
        rows = [
            *(row for s in facts.sales for row in _by_parts(_sale_row(s), s.fact.parts, 1)),
            *(row for v in facts.voids for row in _by_parts(_void_row(v), v.fact.parts, -1)),
            *(row for r in facts.refunds for row in _by_parts(_refund_row(r), r.fact.parts, -1)),
        ]
        try:
            with path.open("w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(CSV_HEADER)
                # Receipt numbers, approval numbers (the server's words) and names are text
                # an office spreadsheet must not run as formulas.
                writer.writerows(inert_row(row) for row in rows)
        except OSError as failed:
            raise UserFacingError(
                ErrorKey.SALES_EXPORT_FAILED, detail=failed.strerror or ""
            ) from failed
        return len(rows)


def _bucket(key: str, figures: NetFigures | None) -> Bucket:
    if figures is None:
        return Bucket(key, 0, 0)
    return Bucket(key, figures.sales_standing, figures.net_sales)


def _by_parts(row: tuple[object, ...], parts: tuple[Part, ...], sign: int) -> list[tuple]:
    """A split sale's row (or its void's, its refund's) as one row per tender, so the
    결제수단 column sums each tender as the close counts it; the goods, the discount and
    the cashback stay on the first row (the column sums are unchanged)."""
    if not parts:
        return [row]
    counts = row[11] != 0  # a declined sale or refund counts as nothing, in each part too
    rows = []
    for number, (tender, amount, split) in enumerate(parts):
        cells = list(row)
        cells[3] = TENDER_NAMES_KO.get(Tender(tender), tender)
        cells[6] = sign * amount
        if number:
            cells[4] = cells[5] = ""
            cells[12] = 0
        share = split_of(split, amount)
        cells[11] = sign * amount if counts else 0
        cells[13:16] = (
            (sign * share.taxable, sign * share.vat, sign * share.exempt) if counts else (0, 0, 0)
        )
        rows.append(tuple(cells))
    return rows


def _sale_row(sale: DatedSale) -> tuple[object, ...]:
    fact = sale.fact
    return (
        sale.receipt_no,
        sale.business_date,
        _kst_time(sale.at),
        TENDER_NAMES_KO.get(fact.tender, fact.tender),
        sale.subtotal,
        fact.discount,
        fact.total,
        _STATUS_KO.get(fact.status, fact.status),
        "취소" if fact.voided else "",
        sale.approval_no or "",
        _KIND_KO["sale"],
        sale_net(fact),
        sale_cashback(fact),
        *sale_tax(fact),
    )


def _void_row(void: DatedVoid) -> tuple[object, ...]:
    fact = void.fact
    return (
        void.receipt_no,
        void.business_date,
        _kst_time(void.at),
        TENDER_NAMES_KO.get(fact.tender, fact.tender),
        "",
        -fact.discount if fact.discount else "",  # the 할인 column sums to the net discount
        -fact.total,
        _STATUS_KO.get(fact.payment_status, fact.payment_status),
        "취소",
        void.approval_no or "",
        _KIND_KO["void"],
        void_net(fact),
        void_cashback(fact),
        *void_tax(fact),
    )


def _refund_row(refund: DatedRefund) -> tuple[object, ...]:
    fact = refund.fact
    return (
        refund.refund_no,
        refund.business_date,
        _kst_time(refund.at),
        TENDER_NAMES_KO.get(fact.tender, fact.tender),
        "",
        -fact.discount_share if fact.discount_share else "",
        -fact.amount,
        _STATUS_KO.get(refund.status, refund.status),
        "",
        refund.receipt_no,  # the payment it gave back
        _KIND_KO["refund"],
        refund_net(fact),
        refund_cashback(fact),
        *refund_tax(fact),
    )


def _kst(stamp: str) -> datetime:
    return parse_utc(stamp).astimezone(KST)


def _kst_time(stamp: str) -> str:
    return _kst(stamp).strftime("%Y-%m-%d %H:%M:%S")
