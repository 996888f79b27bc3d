"""F8 asks before it throws away a sale of several lines.

Enter clears, Esc keeps the sale; a one-line sale clears at once (nothing much to lose,
and asking every time would teach the cashier to press Enter without reading).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from tests.ui.plain_counter import activate, open_plain_counter, scan

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
MILK = "8808123000134"
BULGOGI = "8808123000103"
CIGARETTES = "8808123000356"


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path):
    with open_plain_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        yield controller


def press_f8_and_answer(pos, key: Qt.Key | None) -> dict[str, str]:
    """F8, then ``key`` in the question if one opens; returns what the question said."""
    screen = pos.window.screen_checkout
    seen: dict[str, str] = {}

    def answer() -> None:
        box = screen.clear_question
        if box is None:
            return
        seen["text"] = box.text()
        QTest.keyClick(box, key)

    if key is not None:
        QTimer.singleShot(0, answer)
    QTest.keyClick(pos.window, Qt.Key.Key_F8)  # returns once the question is answered
    return seen


def test_a_sale_of_several_lines_is_kept_with_esc_and_cleared_with_enter(pos, qtbot) -> None:
    for code in (MILK, BULGOGI, CIGARETTES):
        scan(pos, code)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 3)

    seen = press_f8_and_answer(pos, Qt.Key.Key_Escape)
    assert seen["text"] == "이 거래의 상품 3줄을 모두 지울까요?"
    assert len(pos.service.sale) == 3  # kept

    activate(pos, qtbot)
    seen = press_f8_and_answer(pos, Qt.Key.Key_Return)
    assert "text" in seen
    assert pos.service.sale.is_empty()
    assert pos.window.screen_checkout.message.text() == "거래를 모두 지웠습니다."


def test_a_one_line_sale_clears_at_once(pos, qtbot) -> None:
    scan(pos, MILK)
    scan(pos, MILK)  # one line, quantity 2
    qtbot.waitUntil(lambda: [line.quantity for line in pos.service.sale.lines] == [2])
    seen = press_f8_and_answer(pos, None)
    assert seen == {} and pos.window.screen_checkout.clear_question is None
    assert pos.service.sale.is_empty()
