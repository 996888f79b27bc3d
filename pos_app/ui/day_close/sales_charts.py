"""The three charts of the sales view, each a QChartView fed plain figures."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

ACCENT = QColor("#0b6e4f")


def _nice_max(value: int) -> int:
    """A round top for the value axis (1-6 or 8 times a power of ten), never 0."""
    if value <= 0:
        return 10_000
    step = 1
    while True:
        for factor in (1, 2, 3, 4, 5, 6, 8):
            if step * factor >= value:
                return step * factor
        step *= 10


#: Bars are drawn in units of 10,000 won (만원): how a Korean shop owner reads sales, and
#: short axis labels. Display only; the figures stay whole won everywhere else.
UNIT = 10_000


def _value_axis(top: int, bottom: int = 0) -> QValueAxis:
    axis = QValueAxis()
    # Net sales dip below zero in an hour or a day that gave back more than it sold (a
    # refund of an earlier sale): the axis then reaches down so that bar shows too.
    low = -_nice_max(-bottom) if bottom < 0 else 0
    axis.setRange(low / UNIT, _nice_max(top) / UNIT)
    axis.setLabelFormat("%g")
    axis.setTickCount(6)
    axis.setLabelsFont(_font(13))
    # At 1024x768 a chart's plot is short; Qt would cut every value label to "...".
    axis.setTruncateLabels(False)
    return axis


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


class BarChart(QChartView):
    """Vertical bars over categories (hours or days), or horizontal for top products."""

    def __init__(self, *, horizontal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._horizontal = horizontal
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Low enough for two rows of charts at 1280x720 (1920x1080 at 150 %) with a banner
        # shown; they grow with the window.
        self.setMinimumHeight(150)
        self.chart().legend().hide()
        self.chart().setMargins(self.chart().margins() * 0)
        self.values: list[int] = []
        self.categories: list[str] = []

    def show_bars(
        self,
        title: str,
        categories: Sequence[str],
        values: Sequence[int],
        *,
        label_angle: int = 0,
    ) -> None:
        self.categories = list(categories)
        self.values = list(values)
        chart = QChart()
        chart.legend().hide()
        chart.setTitleFont(_font(17, bold=True))
        chart.setTitle(title)
        bars = QBarSet("")
        bars.setColor(ACCENT)
        bars.append([v / UNIT for v in values])  # QtCharts plots reals
        series = QHorizontalBarSeries() if self._horizontal else QBarSeries()
        series.append(bars)
        series.setBarWidth(0.7)
        chart.addSeries(series)
        category_axis = QBarCategoryAxis()
        category_axis.append(list(categories))
        category_axis.setLabelsAngle(label_angle)
        category_axis.setLabelsFont(_font(13))
        # Product names must be read whole, not cut to "..." (Qt 6.2+).
        category_axis.setTruncateLabels(False)
        value_axis = _value_axis(max(values, default=0), min(values, default=0))
        if self._horizontal:
            chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
        else:
            chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(category_axis)
        series.attachAxis(value_axis)
        old = self.chart()
        self.setChart(chart)
        old.deleteLater()
