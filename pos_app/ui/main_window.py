"""The main window: header, the checkout screen, the function-key bar, the status bar.

It only wires things together; the work is done by the screen and the services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

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

from pos_app.domain.errors import UserFacingError
from pos_app.domain.records import AppliedResults
from pos_app.services.checkout import CheckoutService
from pos_app.sync.worker import SyncStatus
from pos_app.ui.camera_control import CameraControl
from pos_app.ui.checkout.screen import CheckoutScreen
from pos_app.ui.dialogs.void_dialog import VoidDialog
from pos_app.ui.header import MerchantHeader
from pos_app.ui.sounds import ScanSounds
from pos_app.ui.sync_status import SyncStatusBar


class MainWindow(QMainWindow):
    language_toggle_requested = Signal()
    enrol_requested = Signal()
    camera_preview_toggle_requested = Signal()
    settings_requested = Signal()

    def __init__(
        self,
        service: CheckoutService,
        *,
        language: str,
        demo: bool,
        demo_note: str = "",
        camera: CameraControl | None = None,
        sounds: ScanSounds | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._language = language
        self.setWindowTitle(self.tr("Cheongju Pay POS"))
        self.screen_checkout = CheckoutScreen(service, language, camera=camera, sounds=sounds)
        self.screen_checkout.cart_changed.connect(self.update_status)
        self.header = MerchantHeader(service)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(8, 0, 8, 8)
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
        column.addWidget(self.screen_checkout, 1)
        column.addLayout(self._function_keys())
        self.setCentralWidget(central)

        self._sync = SyncStatus()
        self.sync_status = SyncStatusBar(service.clock)
        self.device_label = QLabel(self.tr("Device %1").replace("%1", service.device_label))
        status = self.statusBar()
        status.addWidget(self.sync_status)
        status.addPermanentWidget(self.device_label)
        self.update_status()
        self.screen_checkout.cart_view.setFocus()

    def _function_keys(self) -> QHBoxLayout:
        screen = self.screen_checkout
        keys: list[tuple[str, str, Callable[[], None]]] = [
            ("F2", self.tr("Amount"), screen.focus_amount),
            ("F3", self.tr("Find product"), screen.focus_search),
            ("F4", self.tr("Quantity"), screen.change_quantity),
            ("Del", self.tr("Remove item"), screen.remove_selected),
            ("F6", self.tr("Camera view"), self.camera_preview_toggle_requested.emit),
            ("F7", self.tr("Enrol device"), self.enrol_requested.emit),
            ("F8", self.tr("Clear sale"), screen.clear_cart),
            ("F9", self.tr("Void last"), self.void_last_payment),
            ("F10", self.tr("Last receipt"), self.show_last_receipt),
            ("F11", self.tr("한국어/English"), self.language_toggle_requested.emit),
            ("F12", self.tr("Settings"), self.settings_requested.emit),
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

    def on_scanned(self, text: str) -> bool:
        """A scan from any scanner; False if it was refused."""
        accepted = self.screen_checkout.handle_scan(text)
        self.update_status()
        return accepted

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

    # ----- what the sync worker reports ----------------------------------------------

    def show_sync_status(self, status: SyncStatus) -> None:
        self._sync = status
        self.update_status()

    def show_results(self, applied: AppliedResults) -> None:
        self.screen_checkout.on_results(applied.payment_ids, applied.declined)
        self.update_status()

    def refresh_merchant(self) -> None:
        """New merchant status or policies arrived from the server."""
        self._service.reload_settings()
        self.header.refresh()
        self.screen_checkout.totals.restricted = bool(
            self._service.merchant and self._service.merchant.restricted
        )
        if self._service.cart.lines:
            self.screen_checkout.refresh()

    def update_status(self) -> None:
        # Counts come from this thread's own queries (always current); the worker
        # contributes what only it knows: online, auth, conflicts, the drain size.
        stats = self._service.pending_stats()
        _, unconfirmed = self._service.unsynced()
        status = replace(
            self._sync, pending=stats.count, oldest_pending_at=stats.oldest_occurred_at
        )
        self.sync_status.show_status(status, unconfirmed)
