"""A shop day at the counter, driven as a cashier drives it, against the real server process.

``open_shop_day`` builds what ``run_gui`` builds (the PC clock corrected by the server's,
the real sync worker, every shop screen, the customer display) on a fresh SQLite file
enrolled with the suite's server, and hands back a :class:`ShopDay` whose steps press keys
(F5, Ctrl+<n>, digits, Enter) and type scanner bursts into the real main window.

Scanner bursts and typing are told apart by the keyboard wedge's 50 ms gap; the wedge here
reads an injected clock (:class:`WedgeClock`) that the harness moves 5 ms per scanned key and
200 ms per typed key, so a slow CI machine (or a garbage collection mid-burst) can never turn
a scan into typing or a typed PIN into a scan.

The counter's own clock is the PC's clock plus a shift the test controls (``next_day``), so a
day close can be followed by the next business day's first sale.

Each step records what the cashier did in :attr:`ShopDay.sales` (tender, total, voided,
refunded): the oracle the invariants (``day_checks.py``) compare every screen with.
"""

from __future__ import annotations

import contextlib
import math
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import Any

import requests
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget
from servers import ServerProcess

from pos_app.domain.clock import KST, system_clock
from pos_app.domain.refunds import receipt_qr_text
from pos_app.scanning.decoders import gray_from_qimage, make_decoder
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.demo import DEMO_MANAGER_PIN, seed_demo
from pos_app.services.demo_shop import DemoShop
from pos_app.services.enrolment import corrected_clock, enrol_device
from pos_app.services.shop import make_shop_services
from pos_app.store import sync_state
from pos_app.store.database import connect
from pos_app.sync.credentials import MemoryCredentialStore
from pos_app.sync.engine import default_client_factory
from pos_app.ui.app import PosController
from pos_app.ui.checkout.merchant_qr_dialog import MerchantQrDialog
from pos_app.ui.checkout.split_dialog import SplitPaymentDialog
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.day_close.opening_float import OpeningFloatDialog
from pos_app.ui.dialogs.void_dialog import VoidDialog
from pos_app.ui.main_window import MainWindow
from pos_app.ui.refunds.refund_dialog import RefundDialog
from pos_app.ui.session import Session, start_sync
from pos_app.ui.staff.sign_in import SignInDialog
from pos_app.ui.theme import apply_theme
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.test_camera_scanning import CountingSounds

# Demo products (pos_app/resources/demo/products.csv).
MILK = "8808123000134"  # 2,980원; 2,682원 by Cheongju Pay (10 % special discount)
BULGOGI = "8808123000103"  # 18,900원; 17,010원 by Cheongju Pay
APPLE = "8808123000028"  # 부사 사과 5kg
CABBAGE = "8808123000370"  # 배추 1포기, 4,500원, 면세
CIGARETTES = "8808123000356"  # 담배, 4,500원, no special discount

CHEONGJU_PAY, CASH, CARD = "cheongju_pay", "cash", "card_terminal"
TENDERS = (CHEONGJU_PAY, CASH, CARD)
SPLIT = "split"  # 복합결제: no tender of its own, each part counts under its tender

# The main window's tabs, as Ctrl+<number> reaches them.
CHECKOUT, PRODUCTS, ORDERS, LISTINGS, PAYMENTS, DAY_CLOSE, SALES = 1, 2, 3, 4, 5, 6, 7

SCAN_GAP_S = 0.005  # a scanner: well inside the wedge's 50 ms
TYPE_GAP_S = 0.2  # a person: well outside it
SERVER_WAIT_MS = 30_000  # the long poll and the pusher's backoff, never a fixed sleep
STRANGER_DIALOG_S = 8.0  # a dialog no step expects is closed after this (no hung test)
HANDLED_DIALOG_S = 30.0  # ...and one whose step did not close it (a merchant QR waits longer)


class WedgeClock:
    """The keyboard wedge's clock: moved by the harness, never by real time."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class ShiftedClock:
    """The PC's clock plus a shift (``next_day`` moves it on by a night); ``freeze`` stops
    it (a deadline's seconds then pass only when the test moves ``shift``)."""

    def __init__(self) -> None:
        self.shift = timedelta(0)
        self.frozen_at: datetime | None = None

    def __call__(self) -> datetime:
        return (self.frozen_at or system_clock()) + self.shift

    def freeze(self) -> None:
        self.frozen_at = system_clock()

    def thaw(self) -> None:
        """Runs on from where it stood (never backwards: the PC's time went on meanwhile)."""
        assert self.frozen_at is not None
        self.shift = max(self.shift, self.frozen_at + self.shift - system_clock())
        self.frozen_at = None


@dataclass
class Sale:
    """One payment as the cashier made it: the oracle's row."""

    payment_id: str
    receipt_no: str
    tender: str
    total: int
    business_date: str
    day_id: str | None  # the business day it was sold in (None: no day was open)
    offline: bool = False
    voided: bool = False
    refunded: int = 0
    refund_count: int = 0
    #: A split sale's parts (tender, won); empty: the whole total in ``tender``.
    parts: tuple[tuple[str, int], ...] = ()
    declined: bool = False  # the server declined it: it counts as nothing


@dataclass
class ShopDay:
    qtbot: Any
    server: ServerProcess
    counter: PosController
    clock: ShiftedClock
    wedge_clock: WedgeClock
    tmp_path: Path
    device_id: str
    wallet_id: str
    sales: list[Sale] = field(default_factory=list)
    online: bool = True  # what the test made the network be
    float_amount: int | None = None
    #: What the cashier answers when a sale opens the business day (the first sale with no
    #: day open asks for the float): the float typed, then Enter, or
    #: None: Esc ("not counted").
    opening_float: int | None = None
    #: Mismatches of findings still open (``day_checks.OPEN_FINDINGS``), per check run.
    tolerated: list[Any] = field(default_factory=list)
    #: Modal dialogs that opened when no step expected one (closed at once by the watchdog).
    unexpected_dialogs: list[str] = field(default_factory=list)
    #: Long polls the sync worker has finished (answered by the server), all told.
    long_polls: int = 0
    _session: requests.Session = field(default_factory=requests.Session)

    # ----- what the test reads --------------------------------------------------------

    @property
    def window(self) -> MainWindow:
        return self.counter.window

    @property
    def shop(self):  # ShopServices
        assert self.counter.shop_pages is not None
        return self.counter.shop_pages.shop

    @property
    def pages(self):  # ShopPages
        assert self.counter.shop_pages is not None
        return self.counter.shop_pages

    @property
    def service(self) -> CheckoutService:
        return self.counter.service

    def merchant_id(self) -> str:
        return str(self.server.seed["merchant_id"])

    def sale(self, payment_id: str) -> Sale:
        return next(s for s in self.sales if s.payment_id == payment_id)

    # ----- keys -----------------------------------------------------------------------

    def scan(self, text: str) -> None:
        """A scanner's burst: keys 5 ms apart, then Enter, into whatever has the focus."""
        target = self.counter.scan_target()
        for char in text:
            QTest.keyClick(target, char)
            self.wedge_clock.advance(SCAN_GAP_S)
        QTest.keyClick(target, Qt.Key.Key_Return)
        self.wedge_clock.advance(TYPE_GAP_S)

    def type(self, text: str, *, enter: bool = True, widget: QWidget | None = None) -> None:
        """A person typing (200 ms between keys) into the focused widget."""
        for char in text:
            QTest.keyClick(widget or focused(), char)
            self.wedge_clock.advance(TYPE_GAP_S)
        if enter:
            QTest.keyClick(widget or focused(), Qt.Key.Key_Return)
            self.wedge_clock.advance(TYPE_GAP_S)

    def press(
        self,
        key: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        widget: QWidget | None = None,
    ) -> None:
        if widget is None:
            self.back_to_the_window()
        QTest.keyClick(widget or self.window, key, modifier)
        self.wedge_clock.advance(TYPE_GAP_S)

    def switch_language(self) -> None:
        """F11: the window is built again in the other language."""
        old = self.window
        self.press(Qt.Key.Key_F11)
        self.qtbot.waitUntil(lambda: self.window is not old)
        self.back_to_the_window()

    def back_to_the_window(self) -> None:
        """A closed dialog hands the keyboard back to the main window (on some window
        systems only when asked: a cashier's click on it)."""
        if not self.window.isActiveWindow():
            self.window.activateWindow()
            self.qtbot.waitUntil(self.window.isActiveWindow)

    def show_page(self, number: int) -> None:
        """Ctrl+<number>, as the tab titles say."""
        self.back_to_the_window()
        self.press(getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        self.qtbot.waitUntil(lambda: self.window.current_page() is self.window.pages[number - 1])

    # ----- the morning ------------------------------------------------------------------

    def sign_in(self, pin: str = DEMO_MANAGER_PIN) -> None:
        """Who is at the till, as the app asks at start: the PIN typed, Enter."""
        with expect_dialogs((SignInDialog, lambda _dialog: self.type(pin))):
            self.pages.sign_in()
        self.back_to_the_window()
        assert self.shop.staff.current() is not None

    def open_day(self, float_amount: int) -> None:
        """Ctrl+6, the float typed into the field that has the focus, Enter; back to Ctrl+1."""
        self.show_page(DAY_CLOSE)
        screen = self.pages.day_close_screen
        assert focused() is screen.float_amount
        self.type(f"{float_amount}")
        assert self.shop.day_close.current_day() is not None
        self.float_amount = float_amount
        self.show_page(CHECKOUT)

    # ----- selling ----------------------------------------------------------------------

    @contextlib.contextmanager
    def opening_the_day(self) -> Iterator[None]:
        """The body adds a sale's first line: with no business day open, the checkout asks
        for the float first (a modal dialog, the cursor in the amount) and the cashier
        answers with ``opening_float``; the day is open when it returns."""
        if not self.shop.day_close.status().sale_opens_day:
            yield
            return

        def answer(dialog: OpeningFloatDialog) -> None:
            assert focused() is dialog.amount
            if self.opening_float is None:
                self.press(Qt.Key.Key_Escape, widget=dialog.amount)
            else:
                self.type(str(self.opening_float), widget=dialog.amount)

        with expect_dialogs((OpeningFloatDialog, answer)):
            yield
        opened = self.shop.day_close.current_day()
        assert opened is not None
        assert opened.float_amount == (self.opening_float or 0)  # not counted: 0
        assert opened.float_counted == (self.opening_float is not None)
        self.float_amount = self.opening_float

    def ring_up(self, *barcodes: str) -> None:
        before = sum(line.quantity for line in self.service.sale.lines)
        with self.opening_the_day():
            self.scan(barcodes[0])
            self.qtbot.waitUntil(lambda: len(self.service.sale) > 0)
        for barcode in barcodes[1:]:
            self.scan(barcode)
        self.qtbot.waitUntil(
            lambda: sum(line.quantity for line in self.service.sale.lines) == before + len(barcodes)
        )

    def type_amount(self, amount: int) -> None:
        """F2, the amount typed, Enter: an open-amount line."""
        before = len(self.service.sale)
        self.press(Qt.Key.Key_F2)
        with self.opening_the_day():
            self.type(str(amount))
        self.qtbot.waitUntil(lambda: len(self.service.sale) == before + 1)

    def server_time(self) -> datetime:
        """The server's clock, from a short answer's X-Server-Time-Ms (stamped as the answer
        starts: somewhere between this call's start and end)."""
        reply = self._session.get(f"{self.server.url}/v1/health", timeout=10)
        reply.raise_for_status()
        return datetime.fromtimestamp(int(reply.headers["X-Server-Time-Ms"]) / 1000, UTC)

    def wait_for_long_polls(self, count: int) -> None:
        """Until the sync worker has finished ``count`` more long polls."""
        target = self.long_polls + count
        self.qtbot.waitUntil(lambda: self.long_polls >= target, timeout=SERVER_WAIT_MS * count)

    def mint_code(self, offline_limit: int = 50_000, wallet_id: str | None = None) -> str:
        """What the customer's app shows: a payment code from the server's wallet route."""
        reply = self._session.post(
            f"{self.server.url}/v1/wallets/{wallet_id or self.wallet_id}/codes",
            json={"offline_limit": offline_limit},
            timeout=10,
        )
        reply.raise_for_status()
        return str(reply.json()["text"])

    def _recorded(self, before: str | None, tender: str, expected_total: int) -> Sale:
        self.qtbot.waitUntil(
            lambda: (last := self.service.last_payment()) is not None and last.payment_id != before
        )
        payment = self.service.last_payment()
        assert payment is not None
        assert (payment.tender, payment.total) == (tender, expected_total)
        sale = Sale(
            payment.payment_id,
            payment.receipt_no,
            tender,
            payment.total,
            payment.business_date,
            day.day_id if (day := self.shop.day_close.current_day()) else None,
            offline=not self.online,
        )
        self.sales.append(sale)
        return sale

    def _last_id(self) -> str | None:
        last = self.service.last_payment()
        return last.payment_id if last else None

    def pay_cheongju(
        self, expected_total: int, code: str | None = None, *, answered: bool = True
    ) -> Sale:
        """The customer's payment code scanned at the counter (minted now unless given);
        online, it returns once the server approved it (unless not ``answered``)."""
        before = self._last_id()
        self.scan(code or self.mint_code())
        sale = self._recorded(before, CHEONGJU_PAY, expected_total)
        if self.online and answered:
            self.qtbot.waitUntil(
                lambda: self.service.payment(sale.payment_id).approval_no is not None,
                timeout=SERVER_WAIT_MS,
            )
        return sale

    def pay_cash(self, tendered: int, expected_total: int) -> Sale:
        """F5, the cash handed over typed into the amount field, Enter."""
        before = self._last_id()
        seen: dict[str, str] = {}

        def hand_over(dialog: TenderDialog) -> None:
            assert focused() is dialog.tendered
            self.type(str(tendered), enter=False)
            seen["change"] = dialog.change.text()
            self.press(Qt.Key.Key_Return, widget=dialog.tendered)

        with expect_dialogs((TenderDialog, hand_over)):
            self.press(Qt.Key.Key_F5)
        sale = self._recorded(before, CASH, expected_total)
        payment = self.service.payment(sale.payment_id)
        assert (payment.tendered, payment.change) == (tendered, tendered - expected_total)
        return sale

    def pay_card(self, expected_total: int) -> Sale:
        """F5, Ctrl+Tab to the card terminal page, Space ticks "approved", Tab, Enter records."""
        before = self._last_id()

        def card(dialog: TenderDialog) -> None:
            self.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier, widget=focused())
            self.qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
            dialog.approved.setFocus()
            self.press(Qt.Key.Key_Space, widget=dialog.approved)
            # A printable key: the wedge holds it until its gap is over, then types it.
            self.qtbot.waitUntil(dialog.approved.isChecked)
            self.press(Qt.Key.Key_Tab, widget=dialog.approved)  # to "Record card sale"
            record = dialog.findChild(QPushButton, "recordCard")
            self.qtbot.waitUntil(record.hasFocus)
            self.press(Qt.Key.Key_Return, widget=record)

        with expect_dialogs((TenderDialog, card)):
            self.press(Qt.Key.Key_F5)
        return self._recorded(before, CARD, expected_total)

    def pay_merchant_qr(self, expected_total: int) -> Sale:
        """F5, Ctrl+M: the customer display shows the shop's QR; the customer's phone reads it
        (a grab of the display, decoded) and pays it over HTTP; the server's confirmation
        comes down the long poll and the dialogs close by themselves."""
        before = self._last_id()
        customer = DemoShop(self.server.url, self.wallet_id)

        def start_qr(dialog: TenderDialog) -> None:
            self.press(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier, widget=dialog)

        def customer_pays(_dialog: MerchantQrDialog) -> None:
            image = self.counter.display.window.qr.grab().toImage()
            [read] = make_decoder("zxing").decode(gray_from_qimage(image))
            customer.pay_merchant_qr(read.text)

        with expect_dialogs((TenderDialog, start_qr), (MerchantQrDialog, customer_pays)):
            self.press(Qt.Key.Key_F5)
        return self._recorded(before, CHEONGJU_PAY, expected_total)

    def burst(self, text: str, widget: QWidget) -> None:
        """A scanner's burst (keys 5 ms apart, then Enter) into ``widget``."""
        for char in text:
            QTest.keyClick(widget, char)
            self.wedge_clock.advance(SCAN_GAP_S)
        QTest.keyClick(widget, Qt.Key.Key_Return)
        self.wedge_clock.advance(TYPE_GAP_S)

    def _split_steps(self, amount: int, code: str, tendered: int | None) -> Callable:
        """In the 복합결제 dialog: the Cheongju Pay amount typed over the one shown (selected),
        Enter; the cash handed over typed; the customer's QR scanned into its field (its
        Enter records)."""

        def split(dialog: SplitPaymentDialog) -> None:
            self.qtbot.waitUntil(dialog.amount.hasFocus)
            self.type(str(amount), enter=False, widget=dialog.amount)
            # Printable keys: the wedge holds them until its gap is over, then types them.
            self.qtbot.waitUntil(lambda: dialog.amount.text() == str(amount))
            self.press(Qt.Key.Key_Return, widget=dialog.amount)
            self.qtbot.waitUntil(dialog.means.hasFocus)
            if tendered is not None:
                dialog.tendered.setFocus()
                self.qtbot.waitUntil(dialog.tendered.hasFocus)
                dialog.tendered.selectAll()  # a reopened sale shows what was handed before
                self.type(str(tendered), enter=False, widget=dialog.tendered)
                self.qtbot.waitUntil(lambda: dialog.tendered.text() == str(tendered))
                dialog.means.setFocus()
                self.qtbot.waitUntil(dialog.means.hasFocus)
            self.burst(code, dialog.means)

        return split

    def pay_split(
        self, amount: int, code: str, expected_total: int, tendered: int | None = None
    ) -> Sale:
        """F5, Ctrl+S: the 복합결제 dialog, ``amount`` by the customer's QR, the rest in cash."""
        before = self._last_id()

        def open_split(dialog: TenderDialog) -> None:
            self.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier, widget=dialog)

        with expect_dialogs(
            (TenderDialog, open_split),
            (SplitPaymentDialog, self._split_steps(amount, code, tendered)),
        ):
            self.press(Qt.Key.Key_F5)
        return self._split_recorded(before, expected_total)

    def reopen_declined_split(
        self, amount: int, code: str, expected_total: int, tendered: int | None = None
    ) -> Sale:
        """Ctrl+Shift+R after a decline: the sale back, its Cheongju Pay amount lowered."""
        before = self._last_id()
        button = self.window.screen_checkout.reopen_button
        self.qtbot.waitUntil(button.isVisible, timeout=SERVER_WAIT_MS)
        with expect_dialogs((SplitPaymentDialog, self._split_steps(amount, code, tendered))):
            self.press(
                Qt.Key.Key_R,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )
        return self._split_recorded(before, expected_total)

    def _split_recorded(self, before: str | None, expected_total: int) -> Sale:
        sale = self._recorded(before, SPLIT, expected_total)
        payment = self.service.payment(sale.payment_id)
        sale.parts = tuple((part.tender.value, part.amount) for part in payment.parts)
        if self.online:
            self.qtbot.waitUntil(
                lambda: self.service.payment(sale.payment_id).status.value != "pending",
                timeout=SERVER_WAIT_MS,
            )
            sale.declined = self.service.payment(sale.payment_id).status.value == "declined"
        return sale

    def void_last(self, pin: str = DEMO_MANAGER_PIN) -> Sale:
        """F9: the manager's PIN typed into the dialog, Enter."""
        last = self.service.last_payment()
        assert last is not None
        with expect_dialogs((VoidDialog, lambda _dialog: self.type(pin))):
            self.press(Qt.Key.Key_F9)
        assert self.service.payment(last.payment_id).voided
        sale = self.sale(last.payment_id)
        sale.voided = True
        return sale

    def refund_all(self, sale: Sale, pin: str = DEMO_MANAGER_PIN) -> int:
        """Ctrl+5, the receipt's QR scanned (the refund dialog opens), Ctrl+A takes it all,
        the manager's PIN typed, Enter (which also closes the refund receipt)."""
        self.show_page(PAYMENTS)

        def refund(dialog: RefundDialog) -> None:
            self.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier, widget=dialog)
            dialog.pin.setFocus()
            self.type(pin, widget=dialog.pin)
            assert dialog.refund is not None, dialog.error.text()
            if dialog.isVisible():  # the refund receipt: Enter closes it
                self.press(Qt.Key.Key_Return, widget=dialog.close_button)

        with expect_dialogs((RefundDialog, refund)):
            self.scan(receipt_qr_text(sale.payment_id))
            self.qtbot.waitUntil(
                lambda: self.shop.refunds.refundable(sale.payment_id).amount_left == 0
            )
        amount = sale.total - sale.refunded
        sale.refunded += amount
        sale.refund_count += 1
        self.show_page(CHECKOUT)
        return amount

    # ----- the network ------------------------------------------------------------------

    def go_offline(self) -> None:
        """The shop's line goes down: the server process stops; the till notices."""
        self.server.stop()
        self.online = False
        self.counter.sync.worker.wake()
        self.qtbot.waitUntil(lambda: not self.counter.sync.worker.is_online(), timeout=10_000)

    def come_back_online(self) -> None:
        """The line is back: the same server on the same port; the till drains its queue."""
        self.server.start()
        self.online = True
        self.counter.sync.worker.wake()
        self.settle()

    @contextlib.contextmanager
    def server_frozen(self) -> Iterator[None]:
        """The server stops answering (SIGSTOP) without closing a connection: the till
        still believes it is online, and what it sends waits for an answer; SIGCONT then."""
        process = self.server._process
        assert process is not None
        process.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            process.send_signal(signal.SIGCONT)

    def settle(self) -> None:
        """Online: wait until every event is answered and the status bar says so."""
        if not self.online:
            return
        worker = self.counter.sync.worker
        self.qtbot.waitUntil(
            lambda: worker.is_online() and self.service.pending_stats().count == 0,
            timeout=SERVER_WAIT_MS * 2,
        )
        self.window.update_status()

    # ----- the server's operator --------------------------------------------------------

    def restrict(self, reason: str) -> None:
        """The city restricts the shop (no cashback); the counter hears it by the long poll."""
        self.server.cli("set-status", self.merchant_id(), "restricted", "--reason", reason)
        self.qtbot.waitUntil(self.window.status_banner.isVisible, timeout=SERVER_WAIT_MS)

    def lift_restriction(self) -> None:
        self.server.cli("set-status", self.merchant_id(), "active")
        self.qtbot.waitUntil(self.window.status_banner.isHidden, timeout=SERVER_WAIT_MS)

    # ----- the evening -----------------------------------------------------------------

    def close_day(self, counted: int) -> None:
        """Ctrl+6, the counted total typed, Enter asks, Ctrl+Enter closes; back to Ctrl+1."""
        self.show_page(DAY_CLOSE)
        screen = self.pages.day_close_screen
        screen.counted_total.setFocus()
        self.type(str(counted))  # Enter: "close the day?" (armed)
        self.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        self.qtbot.waitUntil(lambda: self.shop.day_close.current_day() is None)
        self.show_page(CHECKOUT)

    def next_day(self) -> None:
        """The night passes: the counter's clock moves on to 09:00 of the next Korean date
        (the PC slept; nothing else ran), whatever the hour the test runs at: a fixed number
        of hours from a run just after midnight KST stayed on the same business date."""
        now = self.clock().astimezone(KST)
        morning = datetime.combine(now.date() + timedelta(days=1), dt_time(9), tzinfo=KST)
        self.clock.shift += morning - now


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


_expecting = 0  # expect_dialogs contexts open: the watchdog leaves dialogs to them


def dialog_watchdog(day: ShopDay) -> QTimer:
    """Closes a modal dialog that opens while no step expects one (a scan still queued when
    a test failed, a dialog a fix adds) and notes it: a test must never hang on one."""
    timer = QTimer()
    timer.setInterval(20)

    def watch() -> None:
        modal = QApplication.activeModalWidget()
        if _expecting == 0 and isinstance(modal, QDialog):
            day.unexpected_dialogs.append(f"{type(modal).__name__}: {modal.windowTitle()}")
            modal.reject()

    timer.timeout.connect(watch)
    timer.start()
    return timer


@contextlib.contextmanager
def expect_dialogs(*steps: tuple[type, Callable[[Any], None]]) -> Iterator[None]:
    global _expecting
    """Run each step's action when its modal dialog is open and active, in order (the body
    presses the key that opens the first; it returns once the dialogs closed).

    A modal dialog no step expects (say, one a fix adds) is closed after a few seconds and
    fails the step by name, instead of hanging the suite."""
    queue = list(steps)
    handled: dict[int, float] = {}  # dialog -> when its action returned
    strangers: list[str] = []
    failures: list[BaseException] = []
    first_seen: dict[int, float] = {}

    def run_step(kind: type, action: Callable[[Any], None]) -> None:
        modal = QApplication.activeModalWidget()
        if not (queue and queue[0][0] is kind and isinstance(modal, kind)):
            return
        if not modal.isActiveWindow():
            return
        queue.pop(0)
        handled[id(modal)] = math.inf  # its action runs (it may open the next dialog)
        try:
            action(modal)
        except BaseException as error:  # the step failed: close its dialog, report it
            failures.append(error)
            modal.reject()
        finally:
            handled[id(modal)] = time.monotonic()

    def watch() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or not isinstance(modal, QDialog):
            return
        if id(modal) in handled:
            if time.monotonic() - handled[id(modal)] > HANDLED_DIALOG_S:
                strangers.append(f"{type(modal).__name__} still open after its step")
                modal.reject()
            return
        expected = queue and isinstance(modal, queue[0][0])
        seen = first_seen.setdefault(id(modal), time.monotonic())
        if not expected and time.monotonic() - seen > STRANGER_DIALOG_S:
            strangers.append(f"{type(modal).__name__}: {modal.windowTitle()}")
            modal.reject()

    # One timer per step: Qt does not re-enter a timer's slot, and a step's action may open
    # the next step's dialog (a nested event loop) from inside it.
    timers: list[QTimer] = []
    for kind, action in [*steps, (type(None), None)]:
        timer = QTimer()
        timer.setInterval(10)
        if action is None:
            timer.timeout.connect(watch)
        else:
            timer.timeout.connect(lambda k=kind, a=action: run_step(k, a))
        timer.start()
        timers.append(timer)
    _expecting += 1
    try:
        yield
    finally:
        _expecting -= 1
        for timer in timers:
            timer.stop()
    if failures:
        raise failures[0]
    assert not strangers, f"dialogs no step expected: {strangers}"
    assert not queue, f"dialogs that never opened: {[kind.__name__ for kind, _ in queue]}"


def _enrol(server: ServerProcess, db_path: Path, clock: ShiftedClock):
    conn = connect(db_path)
    seed_demo(conn, clock)  # products and the manager PIN; the rest comes from the server
    credentials = MemoryCredentialStore()
    code = server.cli("enrolment-code", str(server.seed["merchant_id"])).strip().splitlines()[-1]
    enrol_device(
        conn,
        credentials,
        default_client_factory(),
        system_clock,
        server_url=server.url,
        merchant_id=str(server.seed["merchant_id"]),
        enrolment_code=code,
        # The session's one server refuses a second active till of the shop by one name:
        # each test's till is named after its own folder.
        device_name=f"{db_path.stem}-{db_path.parent.name}",
    )
    return conn, credentials


@contextlib.contextmanager
def open_shop_day(qtbot, server: ServerProcess, tmp_path: Path) -> Iterator[ShopDay]:
    """A till enrolled with ``server`` behind the real window, wired as ``run_gui`` wires it."""
    app = QApplication.instance()
    style, font = app.styleSheet(), app.font()
    apply_theme(app)  # as run_gui does: the paid view's large change is the theme's
    db_path = tmp_path / "pos.sqlite3"
    base = ShiftedClock()
    conn, credentials = _enrol(server, db_path, base)
    clock = corrected_clock(conn, base)
    factory = default_client_factory()
    sync = start_sync(db_path, credentials, factory, system_clock, server_clock=clock)
    shop = make_shop_services(conn, clock.now, on_recorded=sync.worker.wake)
    shop.staff.ensure_owner()
    service = open_checkout(
        conn, clock.now, is_online=sync.worker.is_online, on_recorded=sync.worker.wake
    )
    wedge_clock = WedgeClock()
    controller = PosController(
        app,
        Session(
            conn=conn,
            service=service,
            languages=LanguageSwitcher(app),
            language="ko",
            clock=clock.now,
            sync=sync,
            sounds=CountingSounds(),
            shop=shop,
            scan_clock=wedge_clock,
        ),
    )
    enrolment = sync_state.load_enrolment(conn)
    assert enrolment is not None
    day = ShopDay(
        qtbot,
        server,
        controller,
        base,
        wedge_clock,
        tmp_path,
        enrolment.device_id,
        str(server.seed["wallet_ids"][0]),
    )
    count_long_polls(day, sync.worker._engine)
    watchdog = dialog_watchdog(day)
    try:
        controller.show()
        qtbot.waitUntil(controller.window.isActiveWindow)
        controller.display.show()  # the customer display: the merchant QR is shown there
        controller.window.activateWindow()
        qtbot.waitUntil(controller.window.isActiveWindow)
        day.settle()
        yield day
    finally:
        if not server_running(server):
            server.start()  # the suite's server outlives a test that failed offline
        controller.shutdown()
        watchdog.stop()
        controller.scanner.set_enabled(False)
        app.removeEventFilter(controller.scanner)
        controller.window.close()
        controller.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        controller.languages.apply("en")
        day._session.close()
        conn.close()
        app.setStyleSheet(style)
        app.setFont(font)


def count_long_polls(day: ShopDay, engine: Any) -> None:
    """Counts the long polls the worker finishes (a spy around the engine's pull: the
    real pull runs; its thread adds one to an int, which the test thread only reads)."""
    pull_once = engine.pull_once

    def counted(wait_s: int = 0) -> set[str]:
        seen = pull_once(wait_s=wait_s)
        if wait_s > 0:
            day.long_polls += 1
        return seen

    engine.pull_once = counted


def server_running(server: ServerProcess) -> bool:
    process = server._process
    return process is not None and process.poll() is None
