"""Fit: the real main window at the screen sizes shops use, in Korean and in English.

Every screen (the counter and each tab) with a sale in the cart, the counter after a payment,
and with the banners that appear mid-day (a restricted merchant, offline with E202, new online
orders): every visible text shows whole inside the window (tests/acceptance/fit.py), the
window does not grow past the screen, and the Korean UI shows no English.

The sizes are the client area a maximised window gets: the screen less the Windows taskbar
(48 px) and the title bar (31 px). Display scaling (125 % and 150 % on a 1920×1080 screen) is
emulated by its logical size, 1536×864 and 1280×720: QT_SCALE_FACTOR is read once when the
QApplication starts, so it cannot change per test in one process; and the layout only ever
sees logical pixels (style-sheet px and fonts scale with the factor), so a 1280×720 logical
window is exactly what a 150 % 1920×1080 screen lays out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from enum import Enum
from pathlib import Path

import pytest
from helpers import fixed_clock, open_copy
from PySide6.QtCore import QEvent, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QWidget

from pos_app.domain.clock import unix_seconds
from pos_app.domain.errors import UserFacingError
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import DEMO_MANAGER_PIN, mint_demo_code
from pos_app.services.shop import make_shop_services
from pos_app.store import settings
from pos_app.store.database import write_transaction
from pos_app.sync import changes_feed
from pos_app.sync.worker import SyncStatus
from pos_app.ui.app import PosController
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.session import Session
from pos_app.ui.theme import apply_theme
from pos_app.ui.translations import LanguageSwitcher
from tests.acceptance.fit import cut_texts, english_in_korean_ui, shown
from tests.ui.wedge_clock import WedgeClock

CLOCK = fixed_clock()
TASKBAR = 48
TITLE_BAR = 31

SCREENS = {
    "1024x768": QSize(1024, 768),
    "1366x768": QSize(1366, 768),
    "1920x1080@125%": QSize(1536, 864),  # logical size: see the module docstring
    "1920x1080@150%": QSize(1280, 720),
}

BULGOGI = "8808123000103"
MILK = "8808123000134"
CIGARETTES = "8808123000356"  # excluded from the special discount


def client_area(screen: QSize) -> QSize:
    return QSize(screen.width(), screen.height() - TASKBAR - TITLE_BAR)


@pytest.fixture
def themed_app() -> Iterator[QApplication]:
    """The look the app runs with (fonts and sizes decide what fits), undone afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = app.font(), app.styleSheet()
    apply_theme(app)
    yield app
    app.setStyleSheet(sheet)
    app.setFont(font)


class Day(Enum):
    """The business day the window opens with."""

    OPEN = "open"  # a day in progress: the first sale asks nothing
    NEVER_OPENED = "never opened"  # a new till: the checkout warns that none is open
    CLOSED = "closed"  # after the close: the checkout warns the next sale opens a day


def open_window(
    app: QApplication, demo_template: Path, db_path: Path, language: str, day: Day = Day.OPEN
):
    conn = open_copy(demo_template, db_path)
    shop = make_shop_services(conn, CLOCK)
    shop.staff.ensure_owner()
    shop.staff.sign_in(DEMO_MANAGER_PIN)
    if day is not Day.NEVER_OPENED:
        shop.day_close.open_day(50_000)
    if day is Day.CLOSED:
        shop.day_close.close_day(counted=50_000)
    controller = PosController(
        app,
        Session(
            conn=conn,
            service=open_checkout(conn, CLOCK),
            languages=LanguageSwitcher(app),
            language=language,
            clock=CLOCK,
            shop=shop,
            scan_clock=WedgeClock(),
        ),
    )
    return conn, controller


@pytest.fixture
def counter(request, qtbot, themed_app, demo_template, db_path) -> Iterator[PosController]:
    """``request.param``: the language, or (language, Day) for a window opened on another
    state of the business day than a day in progress."""
    param = getattr(request, "param", "ko")
    language, day = param if isinstance(param, tuple) else (param, Day.OPEN)
    conn, controller = open_window(themed_app, demo_template, db_path, language, day)
    controller.show()
    qtbot.waitExposed(controller.window)
    try:
        yield controller
    finally:
        controller.shutdown()
        themed_app.removeEventFilter(controller.scanner)
        controller.window.close()
        controller.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        controller.languages.apply("en")
        conn.close()


def fit_to(qtbot, controller: PosController, screen: QSize) -> QSize:
    window = controller.window
    window.setWindowState(Qt.WindowState.WindowNoState)
    area = client_area(screen)
    window.resize(area)
    qtbot.waitUntil(lambda: window.size() == area or window.size() != QSize())
    QApplication.processEvents()
    return area


def product_names(controller: PosController) -> list[str]:
    assert controller.shop_pages is not None
    return [product.name for product in controller.shop_pages.shop.catalog.search("", None)]


def check(controller: PosController, area: QSize, where: str) -> list[str]:
    """Everything wrong on screen now, worded for the assertion message."""
    window = controller.window
    for _ in range(3):  # a wrapped label asks for another line: a second layout pass
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    problems = []
    if window.width() > area.width() or window.height() > area.height():
        problems.append(
            f"{where}: the window is {window.width()}x{window.height()},"
            f" the screen gives {area.width()}x{area.height()}"
        )
    problems += [f"{where}: {problem}" for problem in cut_texts(window)]
    if controller.language == "ko":
        typed = [*product_names(controller), controller.service.settings.merchant.name]
        problems += [f"{where}: {problem}" for problem in english_in_korean_ui(window, typed)]
    return problems


def ring_up(controller: PosController) -> None:
    screen = controller.window.screen_checkout
    for code in (BULGOGI, MILK, CIGARETTES):
        assert screen.handle_scan(code)


def pay(controller: PosController) -> None:
    assert controller.window.screen_checkout.handle_scan(mint_demo_code(unix_seconds(CLOCK())))


def pay_cash_with_change(controller: PosController, qtbot, change: int) -> None:
    """F5, as the cashier presses it: cash received is the total plus ``change``, Enter."""
    window = controller.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the function keys are window shortcuts

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TenderDialog)
        QTest.keyClicks(dialog.tendered, str(dialog.total + change))
        QTest.keyClick(dialog.tendered, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    QTest.keyClick(window, Qt.Key.Key_F5)  # returns once the dialog closed


LANGUAGES = pytest.mark.parametrize("counter", ["ko", "en"], indirect=True)


@LANGUAGES
@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_every_screen_shows_every_text_whole(counter, qtbot, screen):
    area = fit_to(qtbot, counter, screen)
    ring_up(counter)
    window = counter.window
    assert window.tabs is not None
    problems = []
    for index in range(window.tabs.count()):
        window.show_page(index)
        problems += check(counter, area, f"tab {index} {window.tabs.tabText(index)!r}")
    window.show_page(0)
    assert not problems, "\n".join(problems)


@LANGUAGES
@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_the_paid_total_is_whole_after_payment(counter, qtbot, screen):
    area = fit_to(qtbot, counter, screen)
    ring_up(counter)
    pay(counter)
    totals = counter.window.screen_checkout.totals
    qtbot.waitUntil(totals.paid_banner.isVisible)
    assert totals.total.isVisible() and totals.total.text()
    assert not check(counter, area, "paid"), "\n".join(check(counter, area, "paid"))


@LANGUAGES
@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_banners_do_not_grow_the_window(counter, qtbot, screen):
    area = fit_to(qtbot, counter, screen)
    ring_up(counter)
    window = counter.window
    # A restriction arrives from the server, the connection drops, the cap is hit (E202)
    # and an online order comes in, all at once: the worst case for the height.
    merchant = counter.service.settings.merchant
    settings.save_merchant(
        counter._conn,
        replace(merchant, restricted=True, restricted_reason="연 매출 30억원 초과"),
    )
    window.refresh_merchant()
    window.show_sync_status(
        SyncStatus(
            enrolled=True, online=False, pending=12, oldest_pending_at="2026-11-24T15:26:00Z"
        )
    )
    window.screen_checkout.show_error(
        UserFacingError(
            "checkout.over_unsynced_cap", limit="500,000원", pending="499,000원", amount="2,682원"
        )
    )
    window.show_order_alert(
        counter.shop_pages.tr("New online orders: %1 · see them with Ctrl+3").replace("%1", "2")
    )
    assert window.status_banner.isVisible()
    problems = check(counter, area, "banners")
    pay(counter)
    problems += check(counter, area, "banners, paid")
    assert not problems, "\n".join(problems)


def test_the_main_window_opens_maximised(counter):
    assert counter.window.windowState() & Qt.WindowState.WindowMaximized


@LANGUAGES
@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_the_paid_total_and_the_change_are_whole_after_a_cash_sale(counter, qtbot, screen):
    area = fit_to(qtbot, counter, screen)
    ring_up(counter)
    pay_cash_with_change(counter, qtbot, 7_600)
    totals = counter.window.screen_checkout.totals
    qtbot.waitUntil(totals.change.isVisible)
    change = {"ko": "거스름돈 7,600원", "en": "Change 7,600원"}[counter.language]
    assert totals.change.text() == change
    assert totals.change.fontInfo().pixelSize() >= 30  # the theme's large type
    assert totals.total.isVisible() and totals.paid_banner.isVisible()
    problems = check(counter, area, "paid in cash")
    assert not problems, "\n".join(problems)


NO_DAY = pytest.mark.parametrize(
    "counter",
    [(language, day) for day in (Day.NEVER_OPENED, Day.CLOSED) for language in ("ko", "en")],
    ids=lambda param: f"{param[0]}-{param[1].name.lower()}",
    indirect=True,
)


@NO_DAY
@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_the_no_business_day_warning_is_whole(counter, qtbot, screen):
    area = fit_to(qtbot, counter, screen)
    window = counter.window
    warning = window.screen_checkout.day_warning
    qtbot.waitUntil(warning.isVisible)
    assert warning.text()
    problems = []
    assert window.tabs is not None
    for index in range(window.tabs.count()):
        window.show_page(index)
        problems += check(counter, area, f"no day, tab {index} {window.tabs.tabText(index)!r}")
    window.show_page(0)
    assert not problems, "\n".join(problems)


def notices_arrive(controller: PosController, count: int) -> None:
    """``count`` unread notices, delivered as the sync worker delivers them."""
    changes = [
        {
            "type": "notice",
            "data": {
                "notice_id": number,
                "title": f"공지 {number}",
                "body": "청주페이 안내",
                "published_at": "2026-11-20T01:00:00.000Z",
                "pinned": False,
            },
        }
        for number in range(1, count + 1)
    ]
    with write_transaction(controller._conn):
        kinds = changes_feed.apply_changes(controller._conn, changes, "c")
    controller._on_changes(kinds)


def status_bar_items(controller: PosController) -> list[QWidget]:
    bar = controller.window.statusBar()
    return [
        widget
        for widget in bar.findChildren(QWidget)
        if shown(widget)
        and (not isinstance(widget, QLabel) or widget.text())
        and isinstance(widget, (QLabel, QProgressBar))
    ]


def clipped_status_items(controller: PosController) -> list[str]:
    """Status-bar items narrower than their text on one line, or reaching past the window.

    A word-wrapping label's size hint is not its one-line width (Qt guesses a wrapped
    width), so a label's need is its text's advance in its own font."""
    window = controller.window
    for _ in range(3):  # a wrapped label asks for another line: a second layout pass
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    problems = []
    for widget in status_bar_items(controller):
        if isinstance(widget, QLabel):
            text = widget.text()
            needed = QFontMetrics(widget.font()).horizontalAdvance(text)
            has = widget.contentsRect().width()
        else:
            text, needed, has = widget.objectName(), widget.sizeHint().width(), widget.width()
        right = widget.mapTo(window, QPoint(widget.width(), 0)).x()
        if needed > has + 1:
            problems.append(f"{text!r}: needs {needed} on one line, has {has}")
        if right > window.width():
            problems.append(f"{text!r}: right edge {right} past the window's {window.width()}")
    return problems


#: Offline, payments waiting, the last sync's time and unread notices: the status bar's
#: longest everyday state (the demo till is in training mode).
OFFLINE_WITH_PENDING = SyncStatus(
    enrolled=True,
    online=False,
    pending=12,
    oldest_pending_at="2026-11-24T15:26:00Z",
    last_success_at="2026-11-24T09:26:00Z",
)


@LANGUAGES
def test_the_status_bar_shows_every_item_whole_on_one_line_at_1024(counter, qtbot):
    """The sync state and what waits to be sent stay whole on one line beside who is signed
    in and the notices; "Ctrl+9" at the right end was cut at 1024 pixels."""
    area = fit_to(qtbot, counter, SCREENS["1024x768"])
    ring_up(counter)
    pay(counter)  # offline: unconfirmed Cheongju Pay money in the pending text
    notices_arrive(counter, 12)
    window = counter.window
    window.show_sync_status(OFFLINE_WITH_PENDING)
    sync = window.sync_status
    assert sync.connection.text() and sync.pending.text() and sync.last_sync.text()
    assert counter.shop_pages is not None and "12" in counter.shop_pages.notices_label.text()
    problems = clipped_status_items(counter)
    problems += check(counter, area, "status bar offline")
    assert not problems, "\n".join(problems)


@LANGUAGES
def test_a_clock_warning_wraps_in_the_status_bar_at_1024(counter, qtbot):
    """The PC-clock warning, the status bar's longest text, takes more lines rather than
    pushing the items right of it out of the window."""
    area = fit_to(qtbot, counter, SCREENS["1024x768"])
    notices_arrive(counter, 12)
    window = counter.window
    window.show_sync_status(replace(OFFLINE_WITH_PENDING, clock_offset_s=3_900))
    assert window.sync_status.clock_warning.isVisible()
    for _ in range(3):  # wrapped labels ask for more lines: more layout passes
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    bar_texts = [f"{p}" for p in cut_texts(window) if "SyncStatusBar" in p.widget]
    assert window.width() <= area.width()
    assert not bar_texts, "\n".join(bar_texts)
    for widget in status_bar_items(counter):
        right = widget.mapTo(window, QPoint(widget.width(), 0)).x()
        assert right <= window.width(), widget
