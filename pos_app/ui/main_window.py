"""The main window: header, the checkout screen, the function-key bar, the status bar.

It only wires things together; the work is done by the screen and the services.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won
from pos_app.domain.records import AppliedResults, Product
from pos_app.domain.scan import ScanKind, classify_scan
from pos_app.services.app_updates import AppUpdates
from pos_app.services.checkout import CheckoutService
from pos_app.sync.worker import SyncStatus
from pos_app.ui.camera_control import CameraControl
from pos_app.ui.checkout.merchant_qr_dialog import MerchantQrHooks
from pos_app.ui.checkout.parked_dialog import ParkedSalesDialog
from pos_app.ui.checkout.screen import CheckoutScreen
from pos_app.ui.checkout.split_dialog import SplitPaymentDialog
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.dialogs.void_dialog import VoidDialog
from pos_app.ui.fkey_button import FKeyButton, FKeyRow
from pos_app.ui.header import MerchantHeader
from pos_app.ui.sounds import ScanSounds
from pos_app.ui.status_banner import StatusBanner
from pos_app.ui.status_bar import WrappingStatusBar
from pos_app.ui.sync_status import SyncStatusBar
from pos_app.ui.update_banner import UpdateBanner


@dataclass(frozen=True)
class Page:
    """A screen beside the checkout, shown as a tab and reached with Ctrl+<number>."""

    title: str
    widget: QWidget


class MainWindow(QMainWindow):
    language_toggle_requested = Signal()
    enrol_requested = Signal()
    camera_preview_toggle_requested = Signal()
    settings_requested = Signal()
    order_alert_clicked = Signal()
    receipt_preview_requested = Signal(str)  # payment id: F10 shows it as it prints

    def __init__(
        self,
        service: CheckoutService,
        *,
        language: str,
        demo: bool,
        demo_note: str = "",
        camera: CameraControl | None = None,
        sounds: ScanSounds | None = None,
        pages: Sequence[Page] = (),
        favourites: Callable[[], list[Product]] | None = None,
        merchant_qr: MerchantQrHooks | None = None,
        updates: AppUpdates | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``service`` is the counter's checkout; the window hands each screen and dialog
        only the part it needs (the sale, the settings, what records payments)."""
        super().__init__(parent)
        self._service = service
        self._language = language
        self._checkout_actions: list[QAction] = []
        #: the customer display and the sync's news, for F5's merchant QR
        self.merchant_qr = merchant_qr
        self.setWindowTitle(self.tr("Cheongju Pay POS"))
        self.screen_checkout = CheckoutScreen(
            service.sale, service, language, camera=camera, sounds=sounds, favourites=favourites
        )
        self.screen_checkout.cart_changed.connect(self.update_status)
        self.screen_checkout.reopen_requested.connect(self.reopen_declined)
        # 보류: a small button on the counter naming both keys (the F-key bar is full).
        self.parked_button = QPushButton()
        self.parked_button.setObjectName("parkedSales")
        self.parked_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scanner keeps the focus
        self.parked_button.clicked.connect(self.recall_parked)
        self.screen_checkout.amount_row.addWidget(self.parked_button)
        self.refresh_parked()
        self.header = MerchantHeader(service.settings, service.clock)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(8, 0, 8, 8)
        column.setSpacing(2)  # every pixel counts on a 768-pixel (or 150 %-scaled) screen
        if demo:
            banner = QLabel(
                self.tr("Training mode: no real money moves · manager PIN %1").replace(
                    "%1", demo_note
                )
            )
            banner.setObjectName("demoBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(banner)
        column.addWidget(self.header)
        # Above every screen: a restricted merchant (no cashback) is told on all of them.
        self.status_banner = StatusBanner()
        self.status_banner.show_merchant(service.settings.merchant)
        column.addWidget(self.status_banner)
        # Above every screen too: a newer app version (louder below the city's minimum).
        self._updates = updates
        self.update_banner = UpdateBanner(language)
        column.addWidget(self.update_banner)
        self.refresh_updates()
        # Above every screen, so it is seen mid-checkout; a click (or Ctrl+3) opens orders.
        self.order_alert = QPushButton()
        self.order_alert.setObjectName("orderAlert")
        self.order_alert.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never steals the scanner
        self.order_alert.clicked.connect(self.order_alert_clicked.emit)
        self.order_alert.setVisible(False)
        column.addWidget(self.order_alert)
        checkout_page = QWidget()
        checkout_column = QVBoxLayout(checkout_page)
        checkout_column.setContentsMargins(0, 0, 0, 0)
        checkout_column.addWidget(self.screen_checkout, 1)
        checkout_column.addWidget(self._function_keys())
        self.pages: list[QWidget] = [checkout_page]
        if pages:
            # Tabs only when there is more than the counter: a plain till stays plain.
            self.tabs: QTabWidget | None = QTabWidget()
            self.tabs.setObjectName("screens")
            self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.tabs.addTab(checkout_page, self.tr("Checkout"))
            for page in pages:
                self.tabs.addTab(page.widget, page.title)
                self.pages.append(page.widget)
            for number in range(1, len(self.pages) + 1):
                # The shortcut is the tab's tooltip, not part of its title: nine titles
                # with "  Ctrl+N" did not fit a 1024-pixel screen (nor English at 1366).
                self.tabs.setTabToolTip(number - 1, self._tab_shortcut(number))
                switch = QAction(self)
                switch.setShortcut(QKeySequence(f"Ctrl+{number}"))
                switch.triggered.connect(lambda _=False, n=number - 1: self.show_page(n))
                self.addAction(switch)
            self.tabs.currentChanged.connect(self._page_changed)
            column.addWidget(self.tabs, 1)
        else:
            self.tabs = None
            column.addWidget(checkout_page, 1)
        self.setCentralWidget(central)

        self._sync = SyncStatus()
        self.sync_status = SyncStatusBar(service.clock)
        # On a narrow window the sync's long texts take a second line instead of being cut.
        self.setStatusBar(WrappingStatusBar())
        sync = self.sync_status
        for label in (sync.connection, sync.pending, sync.clock_warning):
            label.setWordWrap(True)
            policy = label.sizePolicy()  # keeps the height-for-width the wrap set
            policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)  # one line if room
            label.setSizePolicy(policy)
        status = self.statusBar()
        status.addWidget(self.sync_status, 1)  # the free room: wrapped texts unwrap
        self.update_status()
        self.screen_checkout.cart_view.setFocus()

    def _function_keys(self) -> FKeyRow:
        screen = self.screen_checkout
        # Short captions: twelve keys share one row at 1280 logical pixels (1920x1080 at
        # 150 %); on a narrower window they wrap onto a second line (FKeyRow).
        keys: list[tuple[str, str, Callable[[], None]]] = [
            ("F2", self.tr("Amount"), screen.focus_amount),
            ("F3", self.tr("Find"), screen.focus_search),
            ("F4", self.tr("Quantity"), screen.change_quantity),
            ("F5", self.tr("Cash/Card"), self.take_cash_or_card),
            ("Del", self.tr("Remove"), screen.remove_selected),
            ("F6", self.tr("Camera"), self.camera_preview_toggle_requested.emit),
            ("F7", self.tr("Enrol"), self.enrol_requested.emit),
            ("F8", self.tr("Clear sale"), screen.clear_cart),
            ("F9", self.tr("Void last"), self.void_last_payment),
            ("F10", self.tr("Receipt"), self.show_last_receipt),
            # The language it switches TO, in that language: readable by whoever needs it.
            (
                "F11",
                "English" if self._language == "ko" else "한국어",
                self.language_toggle_requested.emit,
            ),
            ("F12", self.tr("Settings"), self.settings_requested.emit),
        ]
        global_keys = {"F7", "F11", "F12"}  # meaningful on every screen
        row = FKeyRow()
        for key, label, handler in keys:
            action = QAction(label, self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handler)
            self.addAction(action)
            if key not in global_keys:
                self._checkout_actions.append(action)
            button = FKeyButton(key, label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scanner keeps the focus
            button.clicked.connect(action.trigger)
            row.add(button)
        # 보류: not F-keys (the bar is full); shown on the counter's parked-sales button.
        for key, handler in (("Ctrl+B", self.park_sale), ("Ctrl+Shift+B", self.recall_parked)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handler)
            self.addAction(action)
            self._checkout_actions.append(action)
        # Manual price changes and discounts: no F-key left, so Ctrl+D (the selected line;
        # Ctrl+L already locks the till) and Ctrl+K (the whole sale), named on the counter's
        # discount button.
        for key, handler in (
            ("Ctrl+D", screen.discount_line),
            ("Ctrl+K", screen.discount_sale),
        ):
            discount = QAction(self)
            discount.setShortcut(QKeySequence(key))
            discount.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            discount.triggered.connect(handler)
            self.addAction(discount)
            self._checkout_actions.append(discount)
        escape = QAction(self)
        escape.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        escape.triggered.connect(self.back_to_cart)
        self.addAction(escape)
        self._checkout_actions.append(escape)
        # After a decline (the counter's button says so): the sale back, to pay it otherwise.
        reopen = QAction(self)
        reopen.setShortcut(QKeySequence("Ctrl+Shift+R"))
        reopen.triggered.connect(self.reopen_declined)
        self.addAction(reopen)
        self._checkout_actions.append(reopen)
        return row

    # ----- screens ----------------------------------------------------------------------

    @staticmethod
    def _tab_shortcut(number: int) -> str:
        return f"Ctrl+{number}"

    def show_page(self, index: int) -> None:
        if self.tabs is not None and 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def current_page(self) -> QWidget:
        return self.tabs.currentWidget() if self.tabs is not None else self.pages[0]

    def set_page_title(self, widget: QWidget, title: str) -> None:
        """Retitle a page (e.g. the orders tab's badge: "온라인 주문 (2)")."""
        if self.tabs is not None:
            self.tabs.setTabText(self.tabs.indexOf(widget), title)

    def show_order_alert(self, text: str) -> None:
        self.order_alert.setText(text)
        self.order_alert.setVisible(bool(text))

    def _page_changed(self, index: int) -> None:
        # The counter's function keys act on the checkout only; elsewhere they would
        # change a sale nobody is looking at.
        on_checkout = index == 0
        for action in self._checkout_actions:
            action.setEnabled(on_checkout)
        page = self.current_page()
        focus = getattr(page, "focus_search", None)
        if on_checkout:
            self.screen_checkout.cart_view.setFocus()
        elif callable(focus):
            focus()

    # ----- actions ------------------------------------------------------------------

    def on_scanned(self, text: str) -> bool:
        """A scan from any scanner; False if it was refused.

        A screen that can use a product scan (the catalogue) gets it; anything else, and
        every payment code, goes to the checkout, which comes to the front.
        """
        page = self.current_page()
        handler = getattr(page, "handle_scan", None)
        if page is not self.pages[0] and callable(handler) and not is_payment_scan(text):
            handler(text)
            return True
        self.show_page(0)
        accepted = self.screen_checkout.handle_scan(text)
        self.update_status()
        return accepted

    def back_to_cart(self) -> None:
        self.screen_checkout.refresh()
        self.screen_checkout.cart_view.setFocus()

    def void_last_payment(self) -> None:
        last = self._service.last_payment()
        if last is None:
            self.screen_checkout.show_error(UserFacingError(ErrorKey.VOID_NOTHING_TO_VOID))
            return
        if last.voided:
            self.screen_checkout.show_error(UserFacingError(ErrorKey.VOID_ALREADY_VOIDED))
            return
        dialog = VoidDialog(self._service, last, self._language, self)
        if dialog.exec() and dialog.voided is not None:
            self.screen_checkout.show_receipt(dialog.voided)
            self.screen_checkout.show_info(
                self.tr("Payment %1 voided.").replace("%1", dialog.voided.receipt_no), "info"
            )
        self.update_status()
        self.screen_checkout.cart_view.setFocus()

    def park_sale(self) -> None:
        """Ctrl+B: put the sale in progress aside and clear the counter for the next customer."""
        try:
            parked = self._service.parked.park()
        except UserFacingError as error:
            self.screen_checkout.show_error(error)
            return
        self.screen_checkout.refresh()
        self.screen_checkout.cart_changed.emit()
        self.screen_checkout.show_info(
            self.tr("Sale parked: %1. Ctrl+Shift+B recalls it.").replace(
                "%1", format_won(parked.subtotal)
            )
        )
        self.refresh_parked()
        self.screen_checkout.cart_view.setFocus()

    def recall_parked(self) -> None:
        """Ctrl+Shift+B: the parked sales; the chosen one comes back into the empty cart."""
        dialog = ParkedSalesDialog(self._service.parked, self._language, self)
        if dialog.exec() and dialog.recalled is not None:
            self.screen_checkout.refresh()
            self.screen_checkout.cart_changed.emit()
            self.screen_checkout.show_info(
                self.tr("Parked sale recalled: %1.").replace(
                    "%1", format_won(dialog.recalled.subtotal)
                )
            )
        dialog.deleteLater()
        self.refresh_parked()
        self.update_status()
        self.screen_checkout.cart_view.setFocus()

    def refresh_parked(self) -> None:
        """The counter's parked-sales button tells how many wait, and its keys."""
        count, _ = self._service.parked.summary()
        # Short enough for the counter's row at 1024 pixels in English; the tooltip names both.
        self.parked_button.setText(self.tr("Park Ctrl+B · List (%1)").replace("%1", str(count)))
        self.parked_button.setToolTip(
            self.tr("Ctrl+B: park the sale; Ctrl+Shift+B: the parked sales, Enter recalls one")
        )

    def take_cash_or_card(self) -> None:
        if self._service.sale.is_empty():
            self.screen_checkout.show_error(UserFacingError(ErrorKey.CHECKOUT_EMPTY_CART))
            return
        self.screen_checkout.ensure_day_open()  # the day may have been closed mid-sale
        dialog = TenderDialog(
            self._service.sale,
            self._service,
            self._language,
            self,
            merchant_qr=self.merchant_qr,
        )
        self._tender_taken(dialog)

    def reopen_declined(self) -> None:
        """Ctrl+Shift+R after a decline: the declined sale's lines back in the cart and the
        split payment open, its Cheongju Pay amount to lower and what was already taken
        (cash, the card terminal) filled in."""
        payment_id = self.screen_checkout.declined_to_reopen
        if payment_id is None:
            self.screen_checkout.show_error(UserFacingError(ErrorKey.REOPEN_NOT_DECLINED))
            return
        try:
            reopened = self._service.reopen_declined(payment_id)
        except UserFacingError as error:
            self.screen_checkout.show_error(error)
            return
        self.screen_checkout.reopened()
        dialog = SplitPaymentDialog(
            self._service.sale,
            self._service,
            self._language,
            self,
            cheongju_pay=reopened.cheongju_pay,
            tendered=reopened.tendered or (reopened.cash or None),
            card_terminal=reopened.card_terminal,
        )
        self._tender_taken(dialog)

    def _tender_taken(self, dialog: TenderDialog | SplitPaymentDialog) -> None:
        """Run the F5 (or split) dialog; show and announce what it recorded."""
        if dialog.exec() and dialog.payment is not None:
            self.screen_checkout.refresh()
            self.screen_checkout.show_receipt(dialog.payment)
            self.screen_checkout.payment_recorded.emit(dialog.payment)  # e.g. print it
            recorded = (
                self.tr("Sale recorded: %1 (receipt %2).")
                .replace("%1", format_won(dialog.payment.total))
                .replace("%2", dialog.payment.receipt_no)
            )
            receipt = getattr(dialog, "cash_receipt", None)
            if receipt is not None and receipt.self_issued:
                recorded += " " + self.tr(
                    "Cash receipt self-issued to 010-000-1234 (mandatory from 100,000 won)."
                )
            elif receipt is not None:
                recorded += " " + self.tr("Cash receipt requested for %1.").replace(
                    "%1", receipt.masked
                )
            self.screen_checkout.show_info(recorded)
        elif getattr(dialog, "problem", None) is not None:  # an expired merchant QR
            self.screen_checkout.show_error(dialog.problem)  # type: ignore[union-attr]
        dialog.deleteLater()
        self.update_status()
        self.screen_checkout.cart_view.setFocus()

    def show_last_receipt(self) -> None:
        last = self._service.last_payment()
        if last is None:
            self.screen_checkout.show_error(UserFacingError(ErrorKey.CHECKOUT_NO_PAYMENTS))
            return
        self.screen_checkout.show_receipt(last)
        self.receipt_preview_requested.emit(last.payment_id)

    # ----- what the sync worker reports ----------------------------------------------

    def show_sync_status(self, status: SyncStatus) -> None:
        self._sync = status
        if status.online:
            self.screen_checkout.connection_back()
        self.update_status()

    def show_results(self, applied: AppliedResults) -> None:
        self.screen_checkout.on_results(applied.payment_ids, applied.declined)
        self.update_status()

    def refresh_merchant(self) -> None:
        """New merchant status or policies arrived from the server."""
        settings = self._service.settings
        settings.reload()
        self.header.refresh()
        self.status_banner.show_merchant(settings.merchant)
        self.refresh_updates()
        # A sale in progress is priced again; otherwise what is shown (the last payment,
        # an empty cart) is redrawn with the new status, without losing it.
        self.screen_checkout.totals.set_restricted(settings.restricted)
        if not self._service.sale.is_empty():
            self.screen_checkout.refresh()

    def refresh_updates(self) -> None:
        """The app versions the city published, against this till's (after each sync)."""
        if self._updates is not None:
            self.update_banner.show_advice(self._updates.advice())

    def update_status(self) -> None:
        # Counts come from this thread's own queries (always current); the worker
        # contributes what only it knows: online, auth, conflicts, the drain size.
        stats = self._service.pending_stats()
        _, unconfirmed = self._service.unsynced()
        revoked = self._service.device_revoked()
        status = replace(
            self._sync,
            pending=stats.count,
            oldest_pending_at=stats.oldest_occurred_at,
            revoked=revoked,
        )
        self.sync_status.show_status(status, unconfirmed)
        self.screen_checkout.set_revoked(revoked)


def is_payment_scan(text: str) -> bool:
    return classify_scan(text).kind is ScanKind.PAYMENT_CODE
