"""The sales view (매출 현황): sales by hour, by day and the top products, with a date range
and a CSV export.

Keys: the "from" date has the focus; Tab to "to"; Enter applies the range; Ctrl+T shows
today, Ctrl+M the last 30 days, Ctrl+E exports the range to CSV. The hour chart shows
the range's last day, so "today" and "the last 30 days" both show today's hours.

"Today" and "the last 30 days" (the default) are ranges that follow the clock: each reload
and export reads them from the business day of now, so a window left open over midnight
shows the new day's sales. Dates the user picked stay as picked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import UserFacingError
from pos_app.domain.money import format_won
from pos_app.services.sales_report import SalesRange, SalesReportService
from pos_app.ui.day_close.keys import add_screen_key
from pos_app.ui.day_close.sales_charts import BarChart
from pos_app.ui.message_bar import MessageBar

OPENS, CLOSES = 9, 20  # the hours the hour chart always shows


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class SalesScreen(QWidget):
    exported = Signal(Path)

    def __init__(
        self, service: SalesReportService, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._language = language
        self.message = MessageBar()
        # The range that follows the clock (None: dates the user picked), see the docstring.
        self._following: Callable[[], SalesRange] | None = service.last_30_days
        self._moving_dates = False  # the screen sets the dates, not the user
        span = service.last_30_days()
        self.first = QDateEdit(_qdate(span.first))
        self.last = QDateEdit(_qdate(span.last))
        for edit in (self.first, self.last):
            edit.dateChanged.connect(self._picked)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setStyleSheet("font-size: 17px; padding: 4px;")
        apply = QPushButton(self.tr("Show (Enter)"))
        apply.clicked.connect(self.reload)
        today = QPushButton(self.tr("Today (Ctrl+T)"))
        today.clicked.connect(self.show_today)
        month = QPushButton(self.tr("Last 30 days (Ctrl+M)"))
        month.clicked.connect(self.show_last_30_days)
        export = QPushButton(self.tr("Export CSV (Ctrl+E)"))
        export.clicked.connect(lambda: self.export_csv())
        self.summary = QLabel()
        self.summary.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.summary.setWordWrap(True)  # net sales and cashback: long in English
        # The VAT split of the same net sales (the close's figures, the same function).
        self.tax_summary = QLabel()
        self.tax_summary.setObjectName("taxSummary")
        self.tax_summary.setStyleSheet("font-size: 18px;")
        self.tax_summary.setWordWrap(True)
        self.by_hour = BarChart()
        self.by_day = BarChart()
        self.top = BarChart(horizontal=True)
        for chart in (self.by_hour, self.by_day, self.top):
            # Charts give way first when the window is short (a counter at 1280x641 with its
            # banners up): the summary lines above them are the figures that must show.
            chart.setMinimumHeight(40)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("From")))
        bar.addWidget(self.first)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.last)
        bar.addWidget(apply)
        bar.addSpacing(16)
        bar.addWidget(today)
        bar.addWidget(month)
        bar.addStretch(1)
        bar.addWidget(export)
        charts = QGridLayout()
        charts.addWidget(self.by_day, 0, 0, 1, 2)
        charts.addWidget(self.by_hour, 1, 0)
        charts.addWidget(self.top, 1, 1)
        charts.setRowStretch(0, 1)
        charts.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.tax_summary)
        layout.addLayout(charts, 1)

        add_screen_key(self, "Return", self.reload)
        add_screen_key(self, "Enter", self.reload)
        add_screen_key(self, "Ctrl+T", self.show_today)
        add_screen_key(self, "Ctrl+M", self.show_last_30_days)
        add_screen_key(self, "Ctrl+E", lambda: self.export_csv())
        # No figures read here: see showEvent.

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Read each time the screen is shown, not when it is built: start-up builds every
        # screen, and the 30 days of figures of a screen nobody opened would cost every
        # start a busy shop's month of sales. (A window restored from the taskbar shows
        # the screen again spontaneously: the figures on it stay.)
        if not event.spontaneous():
            self.reload()

    def focus_search(self) -> None:
        self.first.setFocus()

    def set_range(self, first: date, last: date) -> None:
        """Show these dates (they stay, like dates the user picked)."""
        self._following = None
        self._move_dates(first, last)
        self.reload()

    def show_today(self) -> None:
        self._following = self._today
        self.reload()

    def show_last_30_days(self) -> None:
        self._following = self._service.last_30_days
        self.reload()

    def _today(self) -> SalesRange:
        today = self._service.today()
        return SalesRange(today, today)

    def _picked(self) -> None:
        if not self._moving_dates:
            self._following = None  # the user's dates: they no longer follow the clock

    def _move_dates(self, first: date, last: date) -> None:
        self._moving_dates = True
        try:
            self.first.setDate(_qdate(first))
            self.last.setDate(_qdate(last))
        finally:
            self._moving_dates = False

    def _range(self) -> SalesRange:
        if self._following is not None:
            span = self._following()  # today's, by the clock now (a night may have passed)
            self._move_dates(span.first, span.last)
        return self._service.check_range(_pydate(self.first.date()), _pydate(self.last.date()))

    def reload(self) -> None:
        try:
            span = self._range()
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        self.message.show_message("info", "")
        days = self._service.by_day(span)
        # Net of voids and refunds, as the day close counts them (domain/net_sales.py).
        figures = self._service.figures(span)
        self.summary.setText(
            self.tr("%1 to %2: net sales %3 from %4 sales · cashback confirmed %5")
            .replace("%1", span.first.isoformat())
            .replace("%2", span.last.isoformat())
            .replace("%3", format_won(figures.net_sales))
            .replace("%4", f"{figures.sales_standing:,}")
            .replace("%5", format_won(figures.cashback_confirmed))
        )
        manual = self._service.manual_discounts(span)
        # Who gave which manual discount and why: on the summary's tooltip, for the owner.
        self.summary.setToolTip("\n".join(self._service.manual_discount_lines(span)))
        if manual:
            self.summary.setText(
                self.summary.text()
                + " · "
                + self.tr("manual discounts %1").replace("%1", format_won(manual))
            )
        self.tax_summary.setText(
            self.tr("Taxable sales %1 (supply value %2, VAT %3) · tax-exempt sales %4")
            .replace("%1", format_won(figures.taxable))
            .replace("%2", format_won(figures.supply))
            .replace("%3", format_won(figures.vat))
            .replace("%4", format_won(figures.exempt))
        )
        # Day labels "MM-DD" (a category axis merges equal labels, so no bare day numbers).
        self.by_day.show_bars(
            self.tr("Sales by day (10,000 won)"),
            [b.key[5:] for b in days],
            [b.total for b in days],
            label_angle=-90 if len(days) > 10 else 0,
        )
        hours = self._service.by_hour(span.last)
        # Opening hours, widened to any hour that had a sale (an early market, a late shop).
        busy = [int(b.key) for b in hours if b.count]
        shown = hours[min([OPENS, *busy]) : max([CLOSES, *busy]) + 1]
        self.by_hour.show_bars(
            self.tr("Sales by hour on %1 (10,000 won)").replace("%1", span.last.isoformat()),
            [str(int(b.key)) for b in shown],
            [b.total for b in shown],
        )
        top = self._service.top_products(span)
        # Horizontal bars are drawn bottom-up: reversed, the best seller is on top.
        self.top.show_bars(
            self.tr("Top products (10,000 won)"),
            [p.name for p in reversed(top)],
            [p.amount for p in reversed(top)],
        )

    def export_csv(self, path: Path | None = None) -> Path | None:
        """Write the range's payments to CSV; asks where when no path is given."""
        try:
            span = self._range()
            if path is None:
                name, _ = QFileDialog.getSaveFileName(
                    self,
                    self.tr("Export sales"),
                    f"sales-{span.first.isoformat()}-{span.last.isoformat()}.csv",
                    self.tr("CSV files (*.csv)"),
                )
                if not name:
                    return None
                path = Path(name)
            rows = self._service.export_csv(path, span)
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return None
        self.message.show_message(
            "ok",
            self.tr("Exported %1 payments to %2")
            .replace("%1", f"{rows:,}")
            .replace("%2", str(path)),
        )
        self.exported.emit(path)
        return path
