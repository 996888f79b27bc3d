"""The online listings screen with real widgets, services and SQLite: list a product on the
mall with a photo, see the fee and payout, submit, withdraw, change the quantity offered,
and see a rejection's reason and the server's refusal of a change."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from online_support import acknowledge, feed
from pictures import NESTED_SVG, bomb_png
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QPushButton, QWidget
from test_catalog_screen import when_dialog_opens

from pos_app.domain.clock import Clock
from pos_app.domain.listings import Channel, Delivery, ListingState
from pos_app.domain.online_records import ListingRecord
from pos_app.services.catalog import CatalogService
from pos_app.services.listings import ListingService
from pos_app.store.journal import iter_events
from pos_app.ui.online.listing_dialog import ListingDialog
from pos_app.ui.online.listing_model import DECLINED_MARK, ListingTableModel
from pos_app.ui.online.listing_picker import ProductPickerDialog
from pos_app.ui.online.listings_screen import ListingsScreen
from pos_app.ui.theme import apply_theme
from pos_app.ui.translations import LanguageSwitcher

CTRL = Qt.KeyboardModifier.ControlModifier


def png(width: int = 640, height: int = 480) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(220, 60, 40))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


@pytest.fixture
def korean() -> Iterator[None]:
    switcher = LanguageSwitcher(QApplication.instance())
    assert switcher.apply("ko")
    yield
    switcher.apply("en")


@pytest.fixture
def listings(demo_db: sqlite3.Connection, clock: Clock) -> ListingService:
    return ListingService(demo_db, clock)


@pytest.fixture
def screen(qtbot, demo_db, clock, listings, korean) -> ListingsScreen:
    widget = ListingsScreen(listings, CatalogService(demo_db, clock), "ko")
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def reactivate(screen: QWidget, qtbot) -> None:
    """What the window manager does when a dialog closes (offscreen does not)."""
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)


def type_hangul(widget: QWidget, text: str) -> None:
    """Korean arrives from the IME as committed text, not as key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def cell(screen: ListingsScreen, listing_id: str, column: int) -> str:
    row = screen.model.row_of(listing_id)
    assert row is not None
    return screen.model.index(row, column).data()


def events(conn: sqlite3.Connection) -> list[tuple[str, dict]]:
    return [(event.type, event.body) for event in iter_events(conn)]


def submitted_apples(listings: ListingService) -> ListingRecord:
    form = replace(
        listings.new_listing("P0002"),
        photos=(listings.add_photo(png()),),
        stock_offered=5,
        delivery=Delivery(parcel_fee=3_000, pickup=True),
    )
    return listings.submit(form)


def test_a_mall_listing_from_the_keyboard_draft_with_a_photo_then_submitted(
    screen, listings, qtbot, demo_db
) -> None:
    seen: dict[str, object] = {}

    def pick(picker: ProductPickerDialog) -> None:
        type_hangul(picker.search, "사과")
        seen["matches"] = picker.matches.count()
        QTest.keyClick(picker.search, Qt.Key.Key_Return)

    def fill(dialog: ListingDialog) -> None:
        try:
            qtbot.waitUntil(dialog.isActiveWindow)
            seen["title"] = dialog.title.text()
            dialog.price.setFocus()
            dialog.price.selectAll()
            QTest.keyClicks(dialog.price, "12990")  # the fee line follows each key
            seen["split"] = dialog.split_label.text()
            dialog.add_photo_bytes(png())  # decoded off the UI thread
            qtbot.waitUntil(lambda: dialog.photos.count() == 1)
            dialog.parcel.setChecked(True)
            QTest.keyClick(dialog.title, Qt.Key.Key_S, CTRL)  # save the draft
        finally:
            if dialog.isVisible():
                dialog.reject()

    watchers = (
        when_dialog_opens(ProductPickerDialog, pick),
        when_dialog_opens(ListingDialog, fill),
    )
    screen.table.setFocus()
    QTest.keyClick(screen.table, Qt.Key.Key_Insert)
    for watcher in watchers:
        watcher.stop()

    assert seen["matches"] >= 1 and seen["title"] == "부사 사과 5kg"
    assert seen["split"] == "수수료 1% = 129원 · 1개 팔면 12,861원 받습니다"
    [draft] = listings.listings()
    assert (draft.status, draft.price, len(draft.photos)) == (ListingState.DRAFT, 12_990, 1)
    assert cell(screen, draft.listing_id, ListingTableModel.STATUS) == "작성 중"
    assert cell(screen, draft.listing_id, ListingTableModel.CHANNEL) == "소상공인몰"
    assert screen.preview.money.text() == "수수료 1% = 129원 · 1개 팔면 12,861원 받습니다"
    assert screen.preview.photos.count() == 1
    assert not screen.preview.photos.item(0).icon().isNull()

    reactivate(screen, qtbot)
    assert screen.table.hasFocus()  # back on the list, ready for the next key
    QTest.keyClick(screen.table, Qt.Key.Key_Return, CTRL)  # submit for review
    assert listings.listing(draft.listing_id).status is ListingState.SUBMITTED
    assert cell(screen, draft.listing_id, ListingTableModel.STATUS) == "심사 중"
    assert events(demo_db)[-1][1]["state"] == "submitted"
    assert "심사 중" in screen.message.text()


def test_a_submission_without_a_photo_is_refused_with_its_code_in_the_form(
    listings, qtbot, demo_db, korean
) -> None:
    dialog = ListingDialog(listings, "ko", listings.new_listing("P0002"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    head = len(events(demo_db))
    dialog.pickup.setChecked(True)
    QTest.keyClick(dialog.title, Qt.Key.Key_Return, CTRL)
    assert dialog.error.text().startswith("[E717]") and dialog.error.isVisible()
    assert dialog.saved is None and dialog.isVisible()  # still open, nothing recorded
    assert len(events(demo_db)) == head

    dialog.add_photo_bytes(b"%PDF-1.7 not a picture")
    qtbot.waitUntil(lambda: dialog.error.text().startswith("[E731]"))
    dialog.add_photo_bytes(png())
    qtbot.waitUntil(lambda: dialog.photos.count() == 1)
    dialog.photos.setFocus()
    dialog.photos.setCurrentRow(0)
    QTest.keyClick(dialog.photos, Qt.Key.Key_Delete)  # Del in the photos removes one
    assert dialog.photos.count() == 0


def test_a_draft_submitted_from_the_list_without_a_photo_shows_the_code(screen, listings) -> None:
    draft = listings.save_draft(listings.new_listing("P0002"))
    screen.reload()
    screen.select_listing(draft.listing_id)
    screen.table.setFocus()
    QTest.keyClick(screen.table, Qt.Key.Key_Enter, CTRL)
    assert screen.message.text().startswith("[E717]")
    assert listings.listing(draft.listing_id).status is ListingState.DRAFT


def test_onsijang_has_no_fee_and_is_the_only_channel_with_same_day_delivery(
    listings, qtbot, korean
) -> None:
    dialog = ListingDialog(listings, "ko", listings.new_listing("P0002"))
    qtbot.addWidget(dialog)
    assert not dialog.same_day.isEnabled()
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.ONSIJANG))
    assert dialog.same_day.isEnabled()
    assert dialog.split_label.text() == "온시장은 수수료가 없습니다 · 1개 팔면 32,000원 받습니다"
    dialog.same_day.setChecked(True)
    dialog.same_day_fee.setValue(4_000)
    dialog.add_photo_bytes(png())
    qtbot.waitUntil(lambda: dialog.photos.count() == 1)
    dialog.submit()
    assert dialog.saved is not None, dialog.error.text()
    assert dialog.saved.delivery == Delivery(same_day_fee=4_000)
    assert (dialog.saved.channel, dialog.saved.split.fee) == (Channel.ONSIJANG, 0)


def test_withdraw_and_change_the_quantity_offered_from_the_keyboard(
    screen, listings, qtbot, demo_db
) -> None:
    listing = submitted_apples(listings)
    screen.reload()
    screen.select_listing(listing.listing_id)
    changed: list[bool] = []
    screen.listings_changed.connect(lambda: changed.append(True))

    def offer_seven(ask: QInputDialog) -> None:
        ask.setIntValue(7)
        ask.accept()

    watcher = when_dialog_opens(QInputDialog, offer_seven)
    screen.table.setFocus()
    QTest.keyClick(screen.table, Qt.Key.Key_Q, CTRL)
    watcher.stop()
    assert listings.listing(listing.listing_id).stock_offered == 7
    assert cell(screen, listing.listing_id, ListingTableModel.STOCK) == "7"
    assert cell(screen, listing.listing_id, ListingTableModel.STATUS) == "심사 중"  # no review
    assert events(demo_db)[-1] == (
        "listing_stock",
        {"listing_id": listing.listing_id, "stock_offered": 7},
    )

    reactivate(screen, qtbot)
    watcher = when_dialog_opens(
        QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click()
    )
    QTest.keyClick(screen.table, Qt.Key.Key_Delete)
    watcher.stop()
    assert listings.listing(listing.listing_id).status is ListingState.WITHDRAWN
    assert cell(screen, listing.listing_id, ListingTableModel.STATUS) == "판매 중단"
    assert changed == [True, True]

    reactivate(screen, qtbot)
    QTest.keyClick(screen.table, Qt.Key.Key_Delete)  # not listed any more: refused, no question
    assert screen.message.text().startswith("[E723]")


def test_a_rejection_shows_its_reason_and_a_refused_change_is_marked(
    screen, listings, demo_db
) -> None:
    rejected = submitted_apples(listings)
    acknowledge(demo_db)
    feed(
        demo_db,
        (
            "listing_status",
            {"listing_id": rejected.listing_id, "status": "rejected", "reason": "사진이 흐립니다"},
        ),
    )
    declined = submitted_apples(listings)
    seq = max(e.seq for e in iter_events(demo_db))
    acknowledge(demo_db, {seq: ("declined", {"code": "media_missing", "message": "사진 없음"})})
    screen.reload()

    assert cell(screen, rejected.listing_id, ListingTableModel.STATUS) == "반려"
    assert cell(screen, rejected.listing_id, ListingTableModel.NOTE) == "사진이 흐립니다"
    screen.select_listing(rejected.listing_id)
    assert "사진이 흐립니다" in screen.preview.problem.text()
    assert screen.preview.problem.isVisible()

    status = cell(screen, declined.listing_id, ListingTableModel.STATUS)
    assert status.startswith(DECLINED_MARK) and status.endswith("작성 중")
    assert "media_missing" in cell(screen, declined.listing_id, ListingTableModel.NOTE)
    screen.select_listing(declined.listing_id)
    assert "media_missing" in screen.preview.problem.text()


def test_the_filter_and_enter_reach_the_form_of_the_listing(screen, listings, qtbot) -> None:
    listing = submitted_apples(listings)
    listings.save_draft(listings.new_listing("P0001"))
    screen.reload()
    screen.focus_search()
    type_hangul(screen.search, "사과")
    assert [x.listing_id for x in screen.model.listings] == [listing.listing_id]
    QTest.keyClick(screen.search, Qt.Key.Key_Return)  # to the list
    assert screen.table.hasFocus()

    opened: list[QWidget] = []

    def look(dialog: ListingDialog) -> None:
        opened.append(dialog)
        dialog.reject()

    watcher = when_dialog_opens(ListingDialog, look)
    QTest.keyClick(screen.table, Qt.Key.Key_Return)
    watcher.stop()
    assert len(opened) == 1 and opened[0].title.text() == listing.title


class _ThreadNotingListings(ListingService):
    """The real service, noting which thread decoded each picture."""

    decoded_on: list[threading.Thread]

    def prepare_photo(self, image_bytes: bytes) -> bytes:  # type: ignore[override]
        self.decoded_on.append(threading.current_thread())
        return super().prepare_photo(image_bytes)


def test_a_photo_is_decoded_off_the_ui_thread(demo_db, clock, qtbot, korean) -> None:
    listings = _ThreadNotingListings(demo_db, clock)
    listings.decoded_on = []
    dialog = ListingDialog(listings, "ko", listings.new_listing("P0002"))
    qtbot.addWidget(dialog)
    dialog.add_photo_bytes(png())
    assert dialog.photos.count() == 0  # not inside the call: the till keeps answering
    qtbot.waitUntil(lambda: dialog.photos.count() == 1)
    assert dialog.error.text() == "사진을 추가했습니다."
    assert listings.decoded_on and listings.decoded_on[0] is not threading.main_thread()


@pytest.mark.parametrize(
    ("data", "code"), [(NESTED_SVG, "[E731]"), (bomb_png(), "[E734]")], ids=["svg", "bomb"]
)
def test_an_svg_or_a_bomb_is_refused_with_a_korean_code(
    listings, demo_db, qtbot, korean, data, code
) -> None:
    dialog = ListingDialog(listings, "ko", listings.new_listing("P0002"))
    qtbot.addWidget(dialog)
    dialog.add_photo_bytes(data)
    qtbot.waitUntil(lambda: dialog.error.text().startswith(code))
    assert "사진" in dialog.error.text()
    assert dialog.photos.count() == 0
    assert demo_db.execute("SELECT COUNT(*) FROM media").fetchone()[0] == 0


def test_the_listing_form_fits_a_1024x768_screen_in_korean(qtbot, listings, korean) -> None:
    """It had a fixed minimum of 1060 px: on a 1024-wide screen the submit button and the
    photo box were cut at the right edge."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = app.font(), app.styleSheet()
    apply_theme(app)  # the app's type sizes decide what fits
    try:
        dialog = ListingDialog(listings, "ko", listings.new_listing("P0002"))
        qtbot.addWidget(dialog)
        room = QRect(0, 0, 1024 - 40, 768 - 60)  # a 1024x768 screen less frame and taskbar
        assert dialog.minimumSizeHint().width() <= room.width()
        assert dialog.sizeHint().width() <= room.width()
        dialog.move(0, 0)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.width() <= room.width() and dialog.height() <= room.height()
        assert dialog.submit_button.text() == "심사 요청 (Ctrl+Enter)"
        for widget in (*dialog.findChildren(QPushButton), dialog.photos):
            where = QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())
            assert dialog.rect().contains(where), widget
            if isinstance(widget, QPushButton):  # whole, not squeezed
                assert widget.width() >= widget.sizeHint().width(), widget.text()
    finally:
        app.setStyleSheet(sheet)
        app.setFont(font)
