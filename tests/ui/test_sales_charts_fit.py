"""The sales charts' axis labels are read whole at the smallest window (1024x768)."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QValueAxis

from pos_app.ui.day_close.sales_charts import BarChart


def _axes(chart: BarChart) -> tuple[QValueAxis, QBarCategoryAxis]:
    axes = chart.chart().axes()
    value = next(a for a in axes if isinstance(a, QValueAxis))
    category = next(a for a in axes if isinstance(a, QBarCategoryAxis))
    return value, category


def test_a_short_chart_keeps_its_value_labels_whole(qtbot) -> None:
    # The size the hourly chart has at 1024x768 (a walk saw every value label as "...").
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(470, 180)
    chart.show_bars("시간대별 매출 (만원)", [str(h) for h in range(7, 21)], [56_070] + [0] * 13)
    chart.show()
    qtbot.waitExposed(chart)
    value, category = _axes(chart)
    qtbot.waitUntil(lambda: value.max() > 0)
    assert not value.labelsTruncated()
    assert not category.labelsTruncated()
