"""The notices screen (Ctrl+9): pinned first, unread bold, read by looking; badge on the tab.

Notices reach the counter as the sync worker delivers them: ``notice`` changes applied by
``changes_feed.apply_changes``, then the change kinds handed to the controller.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_app.store.database import write_transaction
from pos_app.sync import changes_feed
from pos_app.ui.app import PosController
from pos_app.ui.notices.notices_screen import NoticesScreen
from tests.ui.counter import open_counter

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
MILK = "8808123000134"


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        yield controller


def notice(number: int, published: str, *, pinned: bool = False) -> dict[str, Any]:
    return {
        "notice_id": number,
        "title": f"공지 {number}",
        "body": f"본문 {number}: 청주페이 안내",
        "published_at": published,
        "pinned": pinned,
    }


def arrive(pos: PosController, *notices: dict[str, Any]) -> None:
    conn = pos.service._conn
    changes = [{"type": "notice", "data": data} for data in notices]
    with write_transaction(conn):
        kinds = changes_feed.apply_changes(conn, changes, "c")
    pos._on_changes(kinds)


def screen_of(pos: PosController) -> NoticesScreen:
    screen = pos.shop_pages.notices_screen
    assert screen is not None
    return screen


def titles(screen: NoticesScreen) -> list[str]:
    return [screen.list.topLevelItem(row).text(1) for row in range(screen.list.topLevelItemCount())]


def bold(screen: NoticesScreen) -> list[bool]:
    return [
        screen.list.topLevelItem(row).font(1).bold()
        for row in range(screen.list.topLevelItemCount())
    ]


def tab_title(pos: PosController) -> str:
    window = pos.window
    assert window.tabs is not None
    return window.tabs.tabText(window.tabs.indexOf(screen_of(pos)))


def test_notices_arrive_mid_sale_with_a_badge_and_keep_the_focus(pos, qtbot) -> None:
    window = pos.window
    target = pos.scan_target()
    QTest.keyClicks(target, MILK)
    QTest.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.screen_checkout.message.text().startswith("추가"))
    focused = window.focusWidget()
    assert "(" not in tab_title(pos) and pos.shop_pages.notices_label.text() == ""

    arrive(
        pos,
        notice(1, "2026-11-20T01:00:00.000Z", pinned=True),
        notice(2, "2026-11-24T01:00:00.000Z"),
        notice(3, "2026-11-22T01:00:00.000Z"),
    )
    # The shortcut is the tab's tooltip (titles with "Ctrl+N" did not fit a 1024 screen).
    index = window.tabs.indexOf(screen_of(pos))
    assert "(3)" in tab_title(pos) and window.tabs.tabToolTip(index) == "Ctrl+9"
    assert "3" in pos.shop_pages.notices_label.text()
    screen = screen_of(pos)
    assert titles(screen) == ["공지 1", "공지 2", "공지 3"]  # pinned, then newest
    assert screen.list.topLevelItem(0).text(0) == screen.tr("Pinned")
    assert bold(screen) == [True, True, True]
    assert window.current_page() is window.pages[0] and window.focusWidget() is focused
    assert len(pos.service.sale) == 1


def test_up_down_and_enter_read_the_notices(pos, qtbot) -> None:
    arrive(
        pos,
        notice(1, "2026-11-20T01:00:00.000Z", pinned=True),
        notice(2, "2026-11-24T01:00:00.000Z"),
        notice(3, "2026-11-22T01:00:00.000Z"),
    )
    window = pos.window
    screen = screen_of(pos)
    QTest.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_page() is screen)
    qtbot.waitUntil(screen.list.hasFocus)
    # The first (pinned) one is shown, and read by being shown.
    assert screen.title.text() == f"[{screen.tr('Pinned')}] 공지 1"
    assert screen.body.toPlainText() == "본문 1: 청주페이 안내"
    assert "2026-11-20 10:00" in screen.date.text()  # KST
    assert bold(screen) == [False, True, True]
    assert "(2)" in tab_title(pos)

    QTest.keyClick(screen.list, Qt.Key.Key_Down)
    assert screen.title.text() == "공지 2" and screen.body.toPlainText() == "본문 2: 청주페이 안내"
    assert bold(screen) == [False, False, True]
    QTest.keyClick(screen.list, Qt.Key.Key_Up)
    assert screen.title.text() == f"[{screen.tr('Pinned')}] 공지 1"
    assert "(1)" in tab_title(pos) and "1" in pos.shop_pages.notices_label.text()

    # Selected while the screen was not in front: not read until Enter (or looked at again).
    window.show_page(0)
    screen.select_notice("3")
    assert bold(screen) == [False, False, True]
    window.show_page(window.pages.index(screen))
    qtbot.waitUntil(screen.list.hasFocus)
    QTest.keyClick(screen.list, Qt.Key.Key_Return)
    assert bold(screen) == [False, False, False]
    assert tab_title(pos).split("  ")[0] == pos.shop_pages.tr(
        "Notices"
    )  # the tab is named by ShopPages
    assert pos.shop_pages.notices_label.text() == ""


def test_a_notice_pinned_later_moves_up_and_keeps_its_read_mark(pos, qtbot) -> None:
    arrive(pos, notice(1, "2026-11-20T01:00:00.000Z"), notice(2, "2026-11-24T01:00:00.000Z"))
    shop = pos.shop_pages.shop
    assert shop.notices.mark_read("1")
    arrive(pos, notice(1, "2026-11-20T01:00:00.000Z", pinned=True))
    screen = screen_of(pos)
    assert titles(screen) == ["공지 1", "공지 2"]
    assert bold(screen) == [False, True]
    assert "(1)" in tab_title(pos)


def test_an_empty_list_says_so(pos, qtbot) -> None:
    screen = screen_of(pos)
    assert screen.list.topLevelItemCount() == 0
    assert screen.date.text() == screen.tr("No notices from the city yet.")


def test_the_screen_opens_on_a_highlighted_notice(pos, qtbot) -> None:
    arrive(pos, notice(1, "2026-11-20T01:00:00.000Z"), notice(2, "2026-11-24T01:00:00.000Z"))
    window = pos.window
    screen = screen_of(pos)
    window.show_page(window.pages.index(screen))
    qtbot.waitUntil(screen.list.hasFocus)
    assert screen.list.topLevelItem(0).isSelected()  # seen as chosen, not only current
    assert screen.title.text() == "공지 2"
