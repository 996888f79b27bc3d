"""The app-version banner at the counter: shown when the city publishes a newer version,
louder below the minimum, in Korean, and never in the way of a sale.

The publication reaches the counter as the sync worker delivers it: an ``app_release``
change applied by ``changes_feed.apply_changes``, then the kinds handed to the controller.
The same path from the real server process is in ``tests/integration/test_app_updates.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_app.domain.app_version import UpdateLevel, is_version
from pos_app.domain.clock import unix_seconds
from pos_app.services.demo import DEMO_MANAGER_PIN, mint_demo_code
from pos_app.store.database import write_transaction
from pos_app.sync import changes_feed
from pos_app.ui.app import PosController
from pos_app.version import running_version
from tests.ui.counter import open_counter

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
MILK = "8808123000134"
SHA = "0123456789abcdef" * 4
URL = "https://pay.cheongju.go.kr/pos/setup.exe"


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(
        qtbot, tmp_path / "pos.sqlite3", clock, signed_in_pin=DEMO_MANAGER_PIN
    ) as controller:
        yield controller


def publish(pos: PosController, latest: str, minimum: str) -> None:
    """The server's app_release change, applied and announced as the worker does."""
    data = {"latest": latest, "minimum": minimum, "url": URL, "sha256": SHA}
    conn = pos.service._conn
    with write_transaction(conn):
        kinds = changes_feed.apply_changes(conn, [{"type": "app_release", "data": data}], "c")
    pos._on_changes(kinds)


def scan(pos: PosController, text: str) -> None:
    QTest.keyClicks(pos.scan_target(), text)
    QTest.keyClick(pos.scan_target(), Qt.Key.Key_Return)


def test_newer_then_below_the_minimum_then_up_to_date(pos, qtbot) -> None:
    running = running_version()
    assert is_version(running)  # the installed package says what it is
    window = pos.window
    banner = window.update_banner
    assert banner.isHidden()  # nothing published yet
    scan(pos, MILK)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
    focused = window.focusWidget()

    publish(pos, "99.0.0", running)
    assert banner.isVisible() and banner.level is UpdateLevel.AVAILABLE
    assert banner.title.text() == (
        f"[E951] 새 버전 99.0.0이(가) 있습니다 (지금 {running})."
        " 영업을 마친 뒤 설치해 주세요. 결제는 지금처럼 됩니다."
    )
    assert banner.hint.text().startswith(f"내려받기: {URL} — POS를 닫은 뒤")
    assert SHA in banner.toolTip()
    assert banner.property("level") == "available"
    calm = banner.palette().color(banner.backgroundRole())
    calm_size = banner.title.font().pixelSize()
    assert window.focusWidget() is focused and len(pos.service.sale) == 1  # sale untouched
    window.show_page(3)
    assert banner.isVisible()  # above every screen
    window.show_page(0)

    publish(pos, "99.0.0", "98.0.0")
    assert banner.isVisible() and banner.level is UpdateLevel.BELOW_MINIMUM
    assert banner.title.text() == (
        f"[E952] 이 프로그램({running})은 지원하는 최소 버전 98.0.0보다 오래되었습니다."
        " 결제는 계속되지만, 오늘 안에 새 버전 99.0.0을(를) 설치해 주세요."
    )
    assert banner.property("level") == "below_minimum"
    loud = banner.palette().color(banner.backgroundRole())
    assert loud != calm  # another colour, and larger text
    assert banner.title.font().pixelSize() > calm_size
    assert banner.focusPolicy() is Qt.FocusPolicy.NoFocus

    # Refuses nothing: the sale in progress is paid by Cheongju Pay as always.
    scan(pos, mint_demo_code(unix_seconds(NOW)))
    totals = window.screen_checkout.totals
    qtbot.waitUntil(totals.paid_banner.isVisible)
    assert pos.service.last_payment() is not None

    publish(pos, running, running)
    assert banner.isHidden() and banner.level is UpdateLevel.CURRENT


def test_a_malformed_publication_keeps_the_last_good_one(pos) -> None:
    publish(pos, "99.0.0", "0.0.1")
    assert pos.window.update_banner.level is UpdateLevel.AVAILABLE
    publish(pos, "not-a-version", "0.0.1")
    assert pos.window.update_banner.level is UpdateLevel.AVAILABLE
    assert pos.updates.published().latest == "99.0.0"  # type: ignore[union-attr]
