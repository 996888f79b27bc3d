"""The sales view: today by hour, the last 30 days, top products, and a CSV export."""

from __future__ import annotations

import csv
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from pos_app.domain.clock import KST, Clock, business_date
from pos_app.domain.errors import UserFacingError
from pos_app.store import sales_queries
from pos_app.store.sales_queries import Bucket, ProductSales

MAX_RANGE_DAYS = 366
TOP_PRODUCTS = 10

_TENDER_KO = {"cheongju_pay": "청주페이", "cash": "현금", "card_terminal": "카드(단말기)"}
_STATUS_KO = {"pending": "승인 대기", "approved": "승인", "declined": "거절", "recorded": "완료"}
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
)


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
            raise UserFacingError("sales.bad_range", max_days=MAX_RANGE_DAYS)
        return SalesRange(first, last)

    def by_hour(self, day: date) -> list[Bucket]:
        return sales_queries.by_hour(self._conn, day.isoformat())

    def by_day(self, span: SalesRange) -> list[Bucket]:
        """One bucket per day of the range, quiet days as zero (a chart needs them)."""
        found = sales_queries.by_day(self._conn, span.first.isoformat(), span.last.isoformat())
        return [found.get(d.isoformat(), Bucket(d.isoformat(), 0, 0)) for d in span.days]

    def top_products(self, span: SalesRange, limit: int = TOP_PRODUCTS) -> list[ProductSales]:
        return sales_queries.top_products(
            self._conn, span.first.isoformat(), span.last.isoformat(), limit
        )

    def export_csv(self, path: Path, span: SalesRange) -> int:
        """Every payment of the range, one row each; UTF-8 with a BOM so Excel on a Korean
        PC opens it as UTF-8. Returns the rows written."""
        rows = 0
        try:
            with path.open("w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(CSV_HEADER)
                for p in sales_queries.payments_between(
                    self._conn, span.first.isoformat(), span.last.isoformat()
                ):
                    writer.writerow(
                        (
                            p.receipt_no,
                            p.business_date,
                            _kst_time(p.paid_at),
                            _TENDER_KO.get(p.tender, p.tender),
                            p.subtotal,
                            p.discount,
                            p.total,
                            _STATUS_KO.get(p.status, p.status),
                            "취소" if p.voided else "",
                            p.approval_no or "",
                        )
                    )
                    rows += 1
        except OSError as failed:
            raise UserFacingError("sales.export_failed", detail=failed.strerror or "") from failed
        return rows


def _kst_time(paid_at: str) -> str:
    moment = datetime.fromisoformat(paid_at.replace("Z", "+00:00"))
    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M:%S")
