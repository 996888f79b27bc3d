"""The customer display fed by the real counter (pytest-qt, real CheckoutService, SQLite file).

Scans go through the real keyboard-wedge filter; the display must follow the checkout's own
quote, show the payment's approval and cashback, say when the shop earns no cashback, and
show the city's notices between customers. Where it goes is a pure choice over monitors.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest

from pos_app.domain.clock import unix_seconds
from pos_app.domain.money import format_rate, format_won
from pos_app.domain.tenders import Tender
from pos_app.services import preferences
from pos_app.services.demo import mint_demo_code
from pos_app.store import settings
from pos_app.store.database import write_transaction
from pos_app.sync import changes_feed
from pos_app.ui.customer_display.model import Mode
from pos_app.ui.customer_display.placement import ScreenInfo, choose_placement
from tests.ui.counter import open_counter

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 KST, a discount day in the demo
BULGOGI = "8808123000103"  # 18,900원
MILK = "8808123000134"  # 2,980원
CIGARETTES = "8808123000356"  # excluded from the special discount


def clock() -> datetime:
    return NOW


def tr(text: str) -> str:
    """The display's own words in the UI language (Korean once the catalogue has them)."""
    return QCoreApplication.translate("CustomerDisplayWindow", text)


@pytest.fixture
def pos(qtbot, tmp_path):
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        controller.display.show()  # off by default; the cashier switches it on
        yield controller


def scan(pos, text: str) -> None:
    target = pos.scan_target()
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


def test_lines_discount_and_total_follow_the_checkouts_quote(pos, qtbot) -> None:
    window = pos.display.window
    assert window is not None and window.pages.currentWidget() is window.idle_page
    scan(pos, BULGOGI)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.cart_page)
    scan(pos, MILK)
    scan(pos, CIGARETTES)
    qtbot.waitUntil(lambda: window.lines.rowCount() == 3)
    # The cigarettes are marked as the cart marks them: excluded from the discount.
    assert [window.lines.item(row, 0).text() for row in range(3)] == [
        line.name + (tr(" [no special discount]") if line.excluded_from_discount else "")
        for line in pos.service.sale.lines
    ]
    assert window.lines.item(2, 0).text().endswith(" [특별할인 제외]")
    assert window.lines.item(1, 2).text() == "2,980원"
    quote = pos.service.sale.quote(Tender.CHEONGJU_PAY)
    assert quote.discount > 0  # the demo shop is a special-discount shop today
    assert window.discount.isVisible()
    assert window.discount.text() == format_won(-quote.discount)
    assert format_rate(quote.discount_rate_bp) in window.discount_caption.text()
    assert window.total.text() == format_won(quote.total)
    # The same number the cashier's own screen shows.
    assert window.total.text() == pos.window.screen_checkout.totals.total.text()
    assert window.cashback.text() == tr("Cashback up to %1").replace(
        "%1", format_won(quote.cashback_preview)
    )
    # Removing every line (Del) brings the shop's slides back.
    for _ in range(3):
        QTest.keyClick(pos.window, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.idle_page)


def test_after_a_payment_the_approval_and_cashback_show_until_the_next_scan(pos, qtbot) -> None:
    window = pos.display.window
    scan(pos, BULGOGI)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
    total = pos.service.sale.quote(Tender.CHEONGJU_PAY).total
    scan(pos, mint_demo_code(unix_seconds(NOW)))
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.paid_page)
    assert window.paid_title.text() == tr("Payment complete")
    assert window.paid_amount.text() == format_won(total)
    assert window.paid_approval.text() == tr("Waiting for approval")  # offline counter

    # The server answers: approval number and the cashback it credited.
    paid = pos.display.presenter.state.paid
    with write_transaction(pos._conn) as conn:
        conn.execute(
            "UPDATE payments SET status = 'approved', approval_no = ?, cashback = ?"
            " WHERE payment_id = ?",
            ("A1234567", 945, paid.payment_id),
        )
    pos.display.presenter.payments_answered([paid.payment_id])
    assert window.paid_approval.text() == tr("Approval no. %1").replace("%1", "A1234567")
    assert window.paid_cashback.text() == tr("Cashback credited %1").replace("%1", "945원")

    scan(pos, MILK)  # the next customer
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.cart_page)
    assert window.lines.rowCount() == 1


def test_a_restricted_merchant_shows_no_cashback(pos, qtbot) -> None:
    merchant = settings.load_merchant(pos._conn)
    data = {k: v for k, v in asdict(merchant).items() if not k.startswith("restricted")}
    with write_transaction(pos._conn) as conn:
        changes_feed.apply_changes(
            conn,
            [{"type": "merchant_profile", "data": {**data, "status": "restricted"}}],
            cursor="1",
        )
    pos._on_changes({"merchant_profile"})  # what the sync bridge delivers
    window = pos.display.window
    scan(pos, BULGOGI)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.cart_page)
    no_cashback = tr("No cashback at this shop (restricted merchant)")
    assert window.cashback.text() == no_cashback
    assert window.cashback.property("restricted") is True
    scan(pos, mint_demo_code(unix_seconds(NOW)))
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.paid_page)
    assert window.paid_cashback.text() == no_cashback
    assert "원" not in window.paid_cashback.text()


def test_idle_slides_show_the_shop_and_the_citys_notices(pos, qtbot) -> None:
    notice = {
        "notice_id": "n-7",
        "title": "연말 캐시백 행사",
        "body": "12월 한 달 캐시백 15%\n가맹점 안내문을 붙여 주세요\n\n문의 043-201-0000",
        "published_at": "2026-11-20T00:00:00Z",
        "pinned": True,
    }
    with write_transaction(pos._conn) as conn:
        changes_feed.apply_changes(conn, [{"type": "notice", "data": notice}], cursor="2")
    pos._on_changes({"notice"})
    window = pos.display.window
    slides = window.slides()
    assert pos.service.settings.merchant.name in slides[0].title
    assert slides[1].title == "연말 캐시백 행사"
    assert slides[1].text.splitlines()[0] == "12월 한 달 캐시백 15%"
    window.next_slide()
    assert "연말 캐시백 행사" in window.slide_title.text()
    assert "가맹점 안내문" in window.slide_text.text()


def test_the_display_never_takes_the_scanner(pos, qtbot) -> None:
    assert pos.display.window.isVisible()
    qtbot.waitUntil(pos.window.isActiveWindow)
    scan(pos, MILK)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
    assert pos.display.presenter.state.mode is Mode.CART


# ----- where the display goes --------------------------------------------------------------

LAPTOP = ScreenInfo("eDP-1", 0, 0, 1920, 1080, primary=True)
MONITOR = ScreenInfo("HDMI-1", 1920, 0, 1280, 1024)
SECOND = ScreenInfo("DP-2", 3200, 0, 1024, 768)


def test_placement_full_screen_on_the_chosen_second_monitor() -> None:
    placement = choose_placement([LAPTOP, MONITOR, SECOND], SECOND.as_preference())
    assert placement.screen == SECOND and placement.full_screen and not placement.missing
    # No choice: the first monitor that is not the cashier's.
    assert choose_placement([LAPTOP, MONITOR], None).screen == MONITOR
    # Renamed by a new cable, same place: found by geometry.
    moved = ScreenInfo("HDMI-2", 1920, 0, 1280, 1024)
    assert choose_placement([LAPTOP, moved], MONITOR.as_preference()).screen == moved


def test_placement_on_one_monitor_is_a_window_and_a_missing_choice_is_said() -> None:
    alone = choose_placement([LAPTOP], None)
    assert alone.screen == LAPTOP and not alone.full_screen and not alone.missing
    gone = choose_placement([LAPTOP], MONITOR.as_preference())
    assert gone.screen == LAPTOP and not gone.full_screen and gone.missing
    chosen_primary = choose_placement([LAPTOP, MONITOR], LAPTOP.as_preference())
    assert chosen_primary.screen == LAPTOP and not chosen_primary.full_screen
    assert choose_placement([], None) is None


def test_choice_and_window_place_persist(pos, qtbot) -> None:
    conn = pos._conn
    preferences.set_display(conn, True, MONITOR.as_preference())
    assert preferences.display_enabled(conn)
    assert preferences.display_screen(conn) == MONITOR.as_preference()
    # Offscreen has one monitor: HDMI-1 is missing, the cashier is told, it opens as a window.
    notices = []
    pos.display.problem.connect(notices.append)
    pos.display.apply()
    assert [error.key for error in notices] == ["display.screen_missing"]
    window = pos.display.window
    assert window.isVisible() and not window.isFullScreen()
    window.setGeometry(40, 50, 700, 450)
    QTest.keyClick(
        pos.window,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not preferences.display_enabled(conn)
    assert preferences.display_geometry(conn) == (40, 50, 700, 450)
    QTest.keyClick(
        pos.window,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(window.isVisible)
    assert window.geometry().getRect() == (40, 50, 700, 450)
