"""Training (``--demo``): everything the demo adds to the counter, in one place.

:class:`TrainingLaunch` is what ``run_gui`` starts with instead of a shop's till: a
throw-away folder seeded with the demo shop, the local demo server (enrolled with, or
offline if it cannot start), the shop made ready to sell, and the folder removed at exit.
:class:`Training` is what the controller gets in its session: the customer's phone beside
the till and the customer display switched on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from pos_app.domain.clock import system_clock, unix_seconds
from pos_app.domain.listings import ListingState
from pos_app.domain.records import PaymentRecord
from pos_app.services import preferences
from pos_app.services.demo import DEMO_MANAGER_PIN, mint_demo_code, seed_demo
from pos_app.services.demo_setup import (
    DemoBackend,
    make_training_folder,
    prepare_training_shop,
    remove_training_folder,
    start_demo_backend,
)
from pos_app.services.demo_shop import DemoShop
from pos_app.services.shop import ShopServices
from pos_app.sync.credentials import CredentialStore, MemoryCredentialStore
from pos_app.sync.engine import ClientFactory
from pos_app.ui.customer_display.model import Mode
from pos_app.ui.demo_phone import CustomerPhoneWindow, MerchantQrPhone
from pos_app.ui.demo_shop_tab import DemoShopTab

if TYPE_CHECKING:
    from pos_app.ui.app import PosController
    from pos_app.ui.session import LaunchOptions

#: On the training banner: the owner's PIN, so a trainee can approve a void.
TRAINING_NOTE = DEMO_MANAGER_PIN


@dataclass(frozen=True)
class Training:
    """The demo's extras for the controller. With no demo server (or in a test) the
    phone mints codes itself with the training key, and has no shop tab."""

    demo_shop: DemoShop | None = None

    def mint_code(self) -> Callable[[], str] | None:
        return self.demo_shop.mint_code if self.demo_shop is not None else None


class TrainingCounter:
    """The controller's training side: the display on at start, the phone beside the till
    (rebuilt with the window on a language change), told of what the till shows."""

    def __init__(self, controller: PosController, training: Training) -> None:
        self._controller = controller
        self._training = training
        self.phone: CustomerPhoneWindow | None = None

    def show(self) -> None:
        pos = self._controller
        if not preferences.display_enabled(pos._conn):
            # Training shows the customer's side too (throw-away preferences).
            preferences.set_display(pos._conn, True, None)
        pos.display.apply(at_start=True, training=True)
        self.phone = self._make_phone()
        self.phone.resize(380, 620)
        self.phone.move(self._phone_position())
        self.phone.show()
        self.phone.move(self._phone_position())  # again, now its frame is known

    def rebuilt(self) -> None:
        """The window was rebuilt in the other language: so is the phone, where it was."""
        if self.phone is None:
            return
        geometry = self.phone.geometry()
        self.phone.close()
        self.phone.deleteLater()
        self.phone = self._make_phone()
        self.phone.setGeometry(geometry)
        self.phone.show()

    def tell_phone(self, payment: PaymentRecord) -> None:
        """The demo phone's "paid" line follows a void or refund of the payment it made."""
        if self.phone is not None:
            self.phone.payment_shown(payment)

    def _phone_position(self) -> QPoint:
        """Beside the till if the screen has room, else on the screen's left edge, low
        (over the sale's lines, clear of the total and of the customer display in the
        right corner): beside a maximised window it was off a one-screen PC, and a
        trainee never saw the phone."""
        window = self._controller.window
        frame = window.frameGeometry()
        screen = window.screen() or QApplication.primaryScreen()
        area = screen.availableGeometry()
        size = self.phone.frameGeometry().size() if self.phone is not None else QSize()
        beside = QPoint(frame.right() + 12, frame.top())
        if beside.x() + size.width() <= area.right() + 1:
            return beside
        return QPoint(area.left(), max(area.top(), area.bottom() + 1 - size.height()))

    def _make_phone(self) -> CustomerPhoneWindow:
        pos = self._controller
        demo_shop = self._training.demo_shop
        shop_tab = None
        if demo_shop is not None and pos.shop_pages is not None:
            listings = pos.shop_pages.shop.listings

            def submitted() -> list[str]:
                return [
                    listing.listing_id
                    for listing in listings.listings()
                    if listing.status is ListingState.SUBMITTED
                ]

            shop_tab = DemoShopTab(demo_shop, submitted)
        merchant_qr = None
        if demo_shop is not None:
            merchant_qr = MerchantQrPhone(self.display_qr_image, demo_shop.pay_merchant_qr)
        clock = pos.session.clock
        return CustomerPhoneWindow(
            clock,
            pos.scan_target,
            self._training.mint_code() or (lambda: mint_demo_code(unix_seconds(clock()))),
            shop_tab=shop_tab,
            merchant_qr=merchant_qr,
            language=pos.language,
            # With the demo server down the phone makes codes itself (training key).
            mint_offline=lambda: mint_demo_code(unix_seconds(clock())),
        )

    def display_qr_image(self) -> QImage | None:
        """What the demo phone's camera sees: the merchant QR on the customer display."""
        display = self._controller.display
        window = display.window
        if window is None or not window.isVisible() or display.presenter.state.mode != Mode.QR:
            return None
        return window.qr.grab().toImage()


class TrainingLaunch:
    """Training's start-up: throw-away data and a throw-away local server."""

    def __init__(self) -> None:
        self._folder = make_training_folder()
        self._backend: DemoBackend | None = None

    def data_dir(self, options: LaunchOptions) -> Path:
        return self._folder

    def check_file(self, db_path: Path, language: str) -> None:
        pass  # thrown away on exit: nothing to check or back up

    def opened(self, conn: sqlite3.Connection) -> None:
        seed_demo(conn, system_clock)

    def connect_server(
        self, conn: sqlite3.Connection, factory: ClientFactory, language: str
    ) -> CredentialStore:
        credentials = MemoryCredentialStore()
        self._backend = start_demo_backend(conn, self._folder, factory, credentials)
        return credentials

    def prepare(self, shop: ShopServices) -> None:
        prepare_training_shop(shop)

    def training(self) -> Training:
        return Training(self._backend.shop if self._backend is not None else None)

    def started(self, controller: PosController) -> None:
        pass  # the phone and the display came with the window (TrainingCounter)

    def close(self) -> None:
        if self._backend is not None:
            self._backend.server.stop()
        remove_training_folder(self._folder)
