"""The main window: header, the checkout screen, the function-key bar, the status bar.

It only wires things together; the work is done by the screen and the services.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.business_number import format_business_number
from pos_app.domain.clock import business_date
from pos_app.domain.errors import UserFacingError
from pos_app.domain.money import format_rate, format_won
from pos_app.services.checkout import CheckoutService
from pos_app.ui.checkout.screen import CheckoutScreen
from pos_app.ui.dialogs.void_dialog import VoidDialog


class MainWindow(QMainWindow):
    language_toggle_requested = Signal()

    def __init__(
        self,
        service: CheckoutService,
        *,
        language: str,
        demo: bool,
        demo_pin_hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._language = language
        self.setWindowTitle(self.tr("Cheongju Pay POS"))
        self.screen_checkout = CheckoutScreen(service, language)
        self.screen_checkout.cart_changed.connect(self.update_status)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(8, 0, 8, 8)
        if demo:
            banner = QLabel(
                self.tr("Training mode: no real money moves · manager PIN %1").replace(
                    "%1", demo_pin_hint
                )
            )
            banner.setObjectName("demoBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(banner)
        column.addLayout(self._header())
        column.addWidget(self.screen_checkout, 1)
        column.addLayout(self._function_keys())
        self.setCentralWidget(central)

        self.connection_label = QLabel(self.tr("● Offline: payments are kept until synced"))
        self.pending_label = QLabel()
        self.device_label = QLabel(self.tr("Device %1").replace("%1", service.device_label))
        status = self.statusBar()
        status.addWidget(self.connection_label)
        status.addWidget(self.pending_label)
        status.addPermanentWidget(self.device_label)
        self.update_status()
        self.screen_checkout.cart_view.setFocus()

    # ----- layout pieces ------------------------------------------------------------

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        merchant = self._service.merchant
        name = QLabel(merchant.name if merchant else self.tr("No merchant set up"))
        name.setObjectName("merchantName")
        row.addWidget(name)
        if merchant:
            row.addWidget(QLabel(format_business_number(merchant.business_number)))
        row.addStretch(1)
        policy = self._service.terms.discount
        today = business_date(self._service.clock())
        if policy and policy.is_active_on(today):
            until = f" ~{policy.valid_to:%m/%d}" if policy.valid_to else ""
            badge = QLabel(
                self.tr("Cheongju Pay special discount %1").replace(
                    "%1", format_rate(policy.rate_bp)
                )
                + until
            )
            badge.setObjectName("discountBadge")
            row.addWidget(badge)
        if merchant and merchant.restricted:
            restricted = QLabel(self.tr("No cashback at this shop (revenue cap)"))
            restricted.setObjectName("restrictedBadge")
            restricted.setToolTip(merchant.restricted_reason)
            row.addWidget(restricted)
        return row

    def _function_keys(self) -> QHBoxLayout:
        screen = self.screen_checkout
        keys: list[tuple[str, str, Callable[[], None]]] = [
            ("F2", self.tr("Amount"), screen.focus_amount),
            ("F3", self.tr("Find product"), screen.focus_search),
            ("F4", self.tr("Quantity"), screen.change_quantity),
            ("Del", self.tr("Remove item"), screen.remove_selected),
            ("F8", self.tr("Clear sale"), screen.clear_cart),
            ("F9", self.tr("Void last payment"), self.void_last_payment),
            ("F10", self.tr("Last receipt"), self.show_last_receipt),
            ("F11", self.tr("한국어/English"), self.language_toggle_requested.emit),
        ]
        row = QHBoxLayout()
        for key, label, handler in keys:
            action = QAction(label, self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handler)
            self.addAction(action)
            button = QPushButton(f"{key}\n{label}")
            button.setObjectName("fkey")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scanner keeps the focus
            button.clicked.connect(action.trigger)
            row.addWidget(button)
        escape = QAction(self)
        escape.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        escape.triggered.connect(self.back_to_cart)
        self.addAction(escape)
        return row

    # ----- actions ------------------------------------------------------------------

    def on_scanned(self, text: str) -> None:
        self.screen_checkout.handle_scan(text)
        self.update_status()

    def back_to_cart(self) -> None:
        self.screen_checkout.refresh()
        self.screen_checkout.cart_view.setFocus()

    def void_last_payment(self) -> None:
        last = self._service.last_payment()
        if last is None:
            self.screen_checkout.show_error(UserFacingError("void.nothing_to_void"))
            return
        if last.voided:
            self.screen_checkout.show_error(UserFacingError("void.already_voided"))
            return
        dialog = VoidDialog(self._service, last, self._language, self)
        if dialog.exec() and dialog.voided is not None:
            self.screen_checkout.show_receipt(dialog.voided)
            self.screen_checkout.show_info(
                self.tr("Payment %1 voided.").replace("%1", dialog.voided.receipt_no), "info"
            )
        self.update_status()
        self.screen_checkout.cart_view.setFocus()

    def show_last_receipt(self) -> None:
        last = self._service.last_payment()
        if last is None:
            self.screen_checkout.show_error(UserFacingError("checkout.no_payments"))
            return
        self.screen_checkout.show_receipt(last)

    def update_status(self) -> None:
        count, total = self._service.unsynced()
        self.pending_label.setText(
            self.tr("Unsynced payments: %1 · %2")
            .replace("%1", str(count))
            .replace("%2", format_won(total))
        )
