"""The sales view: charts fed from the journal's sales, the range keys, the CSV export."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from day_sales import record_sale, void
from helpers import fixed_clock, make_demo_template, open_copy, owner_approval
from PySide6.QtCore import QDate, Qt

from pos_app.services.sales_report import SalesReportService
from pos_app.ui.day_close.sales_screen import SalesScreen

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 18:00 KST


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    db = open_copy(make_demo_template(tmp_path, fixed_clock(NOW)), tmp_path / "pos.sqlite3")
    record_sale(db, datetime(2026, 11, 25, 0, 30, tzinfo=UTC), "cash", [("a", "사과", 5_000, 2)])
    record_sale(
        db, datetime(2026, 11, 25, 5, 0, tzinfo=UTC), "cheongju_pay", [("b", "배", 30_000, 1)]
    )
    wrong = record_sale(db, datetime(2026, 11, 25, 5, 5, tzinfo=UTC), "cash", [("b", "배", 9, 9)])
    void(db, datetime(2026, 11, 25, 5, 6, tzinfo=UTC), wrong)
    record_sale(
        db, datetime(2026, 11, 20, 3, 0, tzinfo=UTC), "card_terminal", [("a", "사과", 5_000, 7)]
    )
    yield db
    db.close()


@pytest.fixture
def screen(qtbot, conn: sqlite3.Connection) -> SalesScreen:
    widget = SalesScreen(SalesReportService(conn, fixed_clock(NOW)), "ko")
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.focus_search()
    return widget


def test_the_charts_show_the_last_30_days_today_by_hour_and_top_products(
    screen: SalesScreen,
) -> None:
    assert screen.by_day.categories[0] == "10-27" and screen.by_day.categories[-1] == "11-25"
    assert screen.by_day.values[-1] == 40_000 and screen.by_day.values[-6] == 35_000
    hours = dict(zip(screen.by_hour.categories, screen.by_hour.values, strict=True))
    assert hours["9"] == 10_000 and hours["14"] == 30_000  # KST hours; the void left out
    assert hours["20"] == 0  # the opening hours are always drawn
    # Best seller on top: horizontal bars are listed bottom-up.
    assert screen.top.categories == ["배", "사과"] and screen.top.values == [30_000, 45_000]
    assert "75,000원" in screen.summary.text()


def test_range_keys_and_a_bad_range(qtbot, screen: SalesScreen) -> None:
    qtbot.keyClick(screen.first, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert screen.by_day.categories == ["11-25"] and screen.by_day.values == [40_000]
    screen.first.setDate(QDate(2026, 11, 26))
    qtbot.keyClick(screen.first, Qt.Key.Key_Return)
    assert screen.message.text().startswith("[E861]")
    qtbot.keyClick(screen.first, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert len(screen.by_day.values) == 30 and screen.message.text() == ""


def test_export_writes_the_range_with_a_bom(screen: SalesScreen, tmp_path: Path) -> None:
    screen.set_range(date(2026, 11, 20), date(2026, 11, 20))
    path = screen.export_csv(tmp_path / "out.csv")
    assert path is not None
    text = path.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and "카드(단말기)".encode() in text
    assert text.decode("utf-8-sig").count("\n") == 2  # the header and one payment
    assert "out.csv" in screen.message.text()


def test_a_refund_comes_off_the_charts_as_it_does_off_the_close(
    qtbot, conn: sqlite3.Connection
) -> None:
    """The charts are net of refunds, like the day close."""
    from pos_app.domain.refunds import RefundReason
    from pos_app.services.refunds import RefundService

    (apples,) = conn.execute("SELECT payment_id FROM payments WHERE total = 10000").fetchone()
    RefundService(conn, fixed_clock(NOW)).refund(
        apples, reason=RefundReason.CHANGE_OF_MIND, approve=owner_approval(conn), quantities={1: 2}
    )
    widget = SalesScreen(SalesReportService(conn, fixed_clock(NOW)), "ko")
    qtbot.addWidget(widget)
    widget.show()  # its figures are read when it is shown
    assert widget.by_day.values[-1] == 30_000  # 40,000 sold, 10,000 given back
    hours = dict(zip(widget.by_hour.categories, widget.by_hour.values, strict=True))
    assert hours["9"] == 10_000 and hours["18"] == -10_000  # the refund at 18:00 KST
    axis = widget.by_hour.chart().axes(Qt.Orientation.Vertical)[0]
    assert axis.min() <= -1  # in 만원: the refund's bar below zero is drawn, not cut off
    assert widget.top.categories == ["배", "사과"] and widget.top.values == [30_000, 35_000]
    assert "65,000원" in widget.summary.text()


class MovingClock:
    """The counter's clock, moved by the test (a window left open over the night)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


NEXT_MORNING = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)  # 10:00 KST, the next day


def open_overnight(qtbot, conn: sqlite3.Connection) -> tuple[SalesScreen, MovingClock]:
    """The screen built in the evening; then the night passes and a sale is made at 09:30."""
    clock = MovingClock(NOW)
    widget = SalesScreen(SalesReportService(conn, clock), "ko")
    qtbot.addWidget(widget)
    clock.now = NEXT_MORNING
    record_sale(conn, datetime(2026, 11, 26, 0, 30, tzinfo=UTC), "cash", [("a", "사과", 5_000, 3)])
    return widget, clock


def test_the_default_range_follows_the_clock_to_the_next_day(
    qtbot, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    """Found by the acceptance suite: the window kept the dates of the day it was built, so
    after midnight today's sales were missing from the charts and the export until Ctrl+T."""
    widget, _clock = open_overnight(qtbot, conn)
    widget.reload()  # the screen is shown again (Ctrl+7)
    assert widget.last.date() == QDate(2026, 11, 26)
    assert widget.first.date() == QDate(2026, 10, 28)  # still the last 30 days
    assert widget.by_day.categories[-1] == "11-26" and widget.by_day.values[-1] == 15_000
    hours = dict(zip(widget.by_hour.categories, widget.by_hour.values, strict=True))
    assert hours["9"] == 15_000  # the hour chart is the new day's
    path = widget.export_csv(tmp_path / "morning.csv")
    assert path is not None and "2026-11-26" in path.read_text(encoding="utf-8-sig")


def test_today_follows_the_clock_and_the_export_without_a_reload(
    qtbot, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    clock = MovingClock(NOW)
    widget = SalesScreen(SalesReportService(conn, clock), "ko")
    qtbot.addWidget(widget)
    widget.show_today()  # Ctrl+T in the evening: 11-25
    assert widget.by_day.categories == ["11-25"]
    clock.now = NEXT_MORNING
    record_sale(conn, datetime(2026, 11, 26, 0, 30, tzinfo=UTC), "cash", [("a", "사과", 5_000, 3)])
    path = widget.export_csv(tmp_path / "today.csv")  # Ctrl+E straight away
    assert path is not None
    rows = path.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert len(rows) == 1 and "2026-11-26" in rows[0]
    widget.reload()
    assert widget.by_day.categories == ["11-26"] and widget.by_day.values == [15_000]


def test_dates_the_user_picked_stay_after_the_night(qtbot, conn: sqlite3.Connection) -> None:
    widget, _clock = open_overnight(qtbot, conn)
    widget.first.setDate(QDate(2026, 11, 20))  # as the date edit does when the user types
    widget.last.setDate(QDate(2026, 11, 25))
    widget.reload()
    assert (widget.first.date(), widget.last.date()) == (QDate(2026, 11, 20), QDate(2026, 11, 25))
    assert widget.by_day.categories[-1] == "11-25"
    widget.show_last_30_days()  # Ctrl+M follows the clock again
    assert widget.last.date() == QDate(2026, 11, 26)
