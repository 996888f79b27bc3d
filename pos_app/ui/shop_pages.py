"""The screens beside the counter (products and stock, online orders, online listings,
payments, day close, sales, staff, the city's notices).

Built again with the window on a language change; lives with the controller, which hands
it the changes the sync brings. It also owns the new-order alert: a chime, a banner above
the screens and a count on the orders tab, even while the cashier is mid-checkout (nothing
takes the focus away from the sale).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from pos_app.domain.change_kinds import ChangeKind, ChangeMeaning
from pos_app.domain.refunds import RefundRecord
from pos_app.services.shop import ShopServices
from pos_app.services.staff import role_text
from pos_app.ui.catalog.screen import CatalogScreen
from pos_app.ui.day_close.sales_screen import SalesScreen
from pos_app.ui.day_close.screen import DayCloseScreen
from pos_app.ui.main_window import MainWindow, Page
from pos_app.ui.notices.notices_screen import NoticesScreen
from pos_app.ui.online.listings_screen import ListingsScreen
from pos_app.ui.online.orders_screen import OrdersScreen
from pos_app.ui.printing.counter_printing import (
    CounterPrinting,
    day_close_slip,
    refund_receipt,
    sale_receipt,
)
from pos_app.ui.refunds.payments_screen import PaymentsScreen
from pos_app.ui.sounds import ScanSounds
from pos_app.ui.staff.sign_in import SignInDialog
from pos_app.ui.staff.staff_screen import StaffScreen
from pos_app.ui.stock_lookup import stock_lookup

log = logging.getLogger(__name__)

#: Change kinds after which each screen reloads.
_CATALOGUE_KINDS = {ChangeKind.STOCK_MOVEMENT, ChangeKind.ORDER, ChangeMeaning.STOCK_CHANGED}
_ORDER_KINDS = {ChangeKind.ORDER}
_LISTING_KINDS = {ChangeKind.LISTING_STATUS, ChangeKind.ORDER}
_NOTICE_KINDS = {ChangeKind.NOTICE}


class ShopPages(QObject):
    #: Someone signed in at the till (the PIN dialog closed): what waited for it may show.
    signed_in = Signal()

    def __init__(
        self,
        shop: ShopServices,
        sounds: ScanSounds | None,
        parent: QObject | None = None,
        *,
        is_online: Callable[[], bool] = lambda: False,
    ) -> None:
        """``is_online``: whether the server answers now (the checkout's)."""
        super().__init__(parent)
        self.shop = shop
        self.signing_in = False  # the PIN sign-in is on screen: the keyboard is its
        self._sounds = sounds
        self._language = "ko"
        self._window: MainWindow | None = None
        self.catalog_screen: CatalogScreen | None = None
        self.orders_screen: OrdersScreen | None = None
        self.listings_screen: ListingsScreen | None = None
        self.payments_screen: PaymentsScreen | None = None
        self.day_close_screen: DayCloseScreen | None = None
        self.sales_screen: SalesScreen | None = None
        self.staff_screen: StaffScreen | None = None
        self.notices_screen: NoticesScreen | None = None
        self.staff_label = QLabel()
        self.notices_label = QLabel()  # the unread count, in the status bar
        self.printing = CounterPrinting(shop.printing, self, is_online=is_online)
        self._alerted_unseen = shop.orders.unseen_count()

    def pages(self, language: str) -> list[Page]:
        self._language = language
        shop = self.shop
        self.catalog_screen = CatalogScreen(
            shop.catalog,
            language,
            stock=stock_lookup(shop.stock),
            stock_service=shop.stock,
            photos=shop.listings,
        )
        self.catalog_screen.import_requested.connect(self.import_catalogue)
        self.catalog_screen.export_requested.connect(self.export_catalogue)
        self.orders_screen = OrdersScreen(shop.orders, language)
        self.orders_screen.orders_changed.connect(self._orders_changed)
        pages = [
            Page(self.tr("Products and stock"), self.catalog_screen),
            Page(self._orders_title(), self.orders_screen),
        ]
        self.listings_screen = ListingsScreen(shop.listings, shop.catalog, language)
        pages.append(Page(self.tr("Online listings"), self.listings_screen))
        self.payments_screen = PaymentsScreen(shop.refunds, language)
        self.payments_screen.refunded.connect(self._refunded)
        pages.append(Page(self.tr("Payments and refunds"), self.payments_screen))
        self.day_close_screen = DayCloseScreen(shop.day_close, language)
        pages.append(Page(self.tr("Day close"), self.day_close_screen))
        self.sales_screen = SalesScreen(shop.sales, language)
        pages.append(Page(self.tr("Sales"), self.sales_screen))
        self.staff_screen = StaffScreen(shop.staff, language)
        pages.append(Page(self.tr("Staff"), self.staff_screen))
        self.notices_screen = NoticesScreen(shop.notices)
        self.notices_screen.read_changed.connect(self._update_notices_badge)
        pages.append(Page(self._notices_title(), self.notices_screen))
        return pages

    def attach(self, window: MainWindow) -> None:
        """The window these pages went into (once it exists)."""
        self._window = window
        assert self.catalog_screen is not None
        self.catalog_screen.catalogue_changed.connect(window.screen_checkout.reload_products)
        window.order_alert_clicked.connect(self.show_orders)
        window.screen_checkout.payment_recorded.connect(self.printing.after_payment)
        window.receipt_preview_requested.connect(
            lambda payment_id: self.printing.preview(
                sale_receipt(payment_id), self._language, window
            )
        )
        self._wire_paper(window)
        self.printing.problem.connect(window.screen_checkout.show_error)
        self._wire_business_day(window)
        self._reload_when_shown(window)
        lock = QAction(window)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        lock.triggered.connect(self.lock_till)
        window.addAction(lock)
        window.statusBar().addPermanentWidget(self.staff_label)
        window.statusBar().addPermanentWidget(self.notices_label)
        self.show_staff()
        self._update_alert(play=False)
        self._update_notices_badge()

    def shutdown(self) -> None:
        self.printing.close()

    def _wire_paper(self, window: MainWindow) -> None:
        """Refund receipts and day-close slips: printed when made, shown on request."""
        printing, payments, day_close = self.printing, self.payments_screen, self.day_close_screen
        assert payments is not None and day_close is not None
        payments.refunded.connect(printing.after_refund)
        payments.receipt_requested.connect(
            lambda payment_id: printing.preview(sale_receipt(payment_id), self._language, window)
        )
        payments.refund_receipt_requested.connect(
            lambda refund_id: printing.preview(refund_receipt(refund_id), self._language, window)
        )

        def print_slip(day_id: str) -> None:
            if not printing.print_day_slip(day_id, day_close.show_print_outcome, day_close):
                show_slip(day_id)  # no receipt printer: the slip on screen (PDF, OS printer)

        def show_slip(day_id: str) -> None:
            printing.preview(day_close_slip(day_id), self._language, window)

        day_close.day_closed.connect(  # the slip comes out with the close
            lambda day_id: printing.print_day_slip(day_id, day_close.show_print_outcome, day_close)
        )
        day_close.slip_requested.connect(print_slip)
        day_close.slip_preview_requested.connect(show_slip)

    def _wire_business_day(self, window: MainWindow) -> None:
        """The checkout warns while no day is open; its first sale opens the next day."""
        day_close = self.day_close_screen
        assert day_close is not None
        window.screen_checkout.set_business_days(self.shop.day_close)
        day_close.day_changed.connect(window.screen_checkout.refresh_day_warning)
        window.screen_checkout.day_opened.connect(day_close.reload)

    def _reload_when_shown(self, window: MainWindow) -> None:
        """Figures that change with every sale are read again when their screen is shown."""
        if window.tabs is None:
            return

        window.tabs.currentChanged.connect(
            lambda index: self._read_figures_again(
                window.tabs.widget(index) if window.tabs is not None else None
            )
        )

    def _read_figures_again(self, page: QObject | None) -> None:
        if page is self.payments_screen and self.payments_screen is not None:
            self.payments_screen.search()
        elif page is self.day_close_screen and self.day_close_screen is not None:
            self.day_close_screen.reload()
        # The sales screen reads its figures itself each time it is shown.
        elif page is self.staff_screen and self.staff_screen is not None:
            self.staff_screen.refresh()

    def on_results(self, payment_ids: Iterable[str]) -> None:
        """The server answered payments: the figures screen on show is read again (a payment
        waiting for approval on the day close, say, is approved now, with its cashback), and
        a receipt held for its answer prints (with the approval number) or, declined, not."""
        self.printing.check_waits()
        if self.payments_screen is not None:
            # Only the answered rows, in place: the cashier's search and chosen row stay.
            self.payments_screen.payments_answered(payment_ids)
        window = self._window
        if window is None or window.tabs is None:
            return
        page = window.tabs.currentWidget()
        if page in (self.day_close_screen, self.sales_screen):
            page.reload()  # type: ignore[union-attr]

    # ----- who is at the till -----------------------------------------------------------

    def show_staff(self) -> None:
        who = self.shop.staff.current()
        if who is None:
            self.staff_label.setText(self.tr("Nobody signed in · Ctrl+L"))
            self.staff_label.setToolTip("")
            return
        # The name only: the status bar has no room to spare at 1024 pixels (the role, which
        # the person at the till knows, is the tooltip).
        self.staff_label.setText(self.tr("%1 · Ctrl+L locks").replace("%1", who.name))
        self.staff_label.setToolTip(
            self.tr("%1 (%2) · Ctrl+L locks")
            .replace("%1", who.name)
            .replace("%2", role_text(who.role, self._language))
        )

    def sign_in(self, parent: QObject | None = None) -> None:
        """Who is at the till: asked at start and after a lock; cannot be skipped."""
        if not self.shop.staff.members():
            return  # no staff set up yet (a till before its owner's PIN): nothing to ask
        dialog = SignInDialog(self.shop.staff, self._language, self._window, can_cancel=False)
        log.info("the till waits for someone to sign in")
        self.signing_in = True
        try:
            dialog.exec()
        finally:
            self.signing_in = False
        dialog.deleteLater()
        self.show_staff()
        self.signed_in.emit()

    def lock_till(self) -> None:
        self.shop.staff.sign_out()
        self.show_staff()
        self.sign_in()

    def _refunded(self, refund: RefundRecord) -> None:
        if self._window is not None:  # the sale's paid view (F10) says it was refunded
            self._window.screen_checkout.payment_changed(refund.payment_id)
        if self.day_close_screen is not None:
            self.day_close_screen.reload()
        if self.catalog_screen is not None:
            self.catalog_screen.reload()  # refunded goods are back in stock

    # ----- what the sync brought --------------------------------------------------------

    def on_changes(self, kinds: set[str]) -> None:
        if kinds & _CATALOGUE_KINDS and self.catalog_screen is not None:
            self.catalog_screen.reload()
        if kinds & _ORDER_KINDS and self.orders_screen is not None:
            self.orders_screen.reload()
        if kinds & _LISTING_KINDS and self.listings_screen is not None:
            self.listings_screen.reload()
        if kinds & _ORDER_KINDS:
            self._update_alert(play=True)
        if kinds & _NOTICE_KINDS and self.notices_screen is not None:
            self.notices_screen.reload()  # in place: the focus stays where the cashier is
            self._update_notices_badge()

    def _orders_changed(self) -> None:
        self._update_alert(play=False)
        if self.catalog_screen is not None:
            self.catalog_screen.reload()  # accepting reserves stock

    def _orders_title(self) -> str:
        waiting = self.shop.orders.needs_action_count()
        title = self.tr("Online orders")
        return f"{title} ({waiting})" if waiting else title

    def _update_alert(self, *, play: bool) -> None:
        unseen = self.shop.orders.unseen_count()
        if play and unseen > self._alerted_unseen and self._sounds is not None:
            self._sounds.new_order()
        self._alerted_unseen = unseen
        if self._window is None or self.orders_screen is None:
            return
        self._window.set_page_title(self.orders_screen, self._orders_title())
        self._window.show_order_alert(
            self.tr("New online orders: %1 · see them with Ctrl+3").replace("%1", str(unseen))
            if unseen
            else ""
        )

    def _notices_title(self) -> str:
        unread = self.shop.notices.unread_count()
        title = self.tr("Notices")
        return f"{title} ({unread})" if unread else title

    def _update_notices_badge(self) -> None:
        unread = self.shop.notices.unread_count()
        # Short in the status bar (the tab's title carries the count too); the whole
        # wording, with the shortcut, is the tooltip.
        self.notices_label.setText(
            self.tr("New notices: %1").replace("%1", str(unread)) if unread else ""
        )
        self.notices_label.setToolTip(
            self.tr("Unread notices: %1 · Ctrl+9").replace("%1", str(unread)) if unread else ""
        )
        if self._window is not None and self.notices_screen is not None:
            self._window.set_page_title(self.notices_screen, self._notices_title())

    def show_orders(self) -> None:
        if self._window is not None and self.orders_screen is not None:
            self._window.show_page(self._window.pages.index(self.orders_screen))

    # ----- catalogue files --------------------------------------------------------------

    def import_catalogue(self) -> None:
        from pos_app.ui.catalog.import_dialog import CsvImportDialog

        dialog = CsvImportDialog(self.shop.catalog, self._language, self._window)
        dialog.exec()
        if dialog.imported is not None and self.catalog_screen is not None:
            self.catalog_screen.reload()
            if self._window is not None:
                self._window.screen_checkout.reload_products()

    def export_catalogue(self) -> None:
        from pos_app.ui.catalog.import_dialog import export_catalogue

        if self._window is None:
            return
        path = export_catalogue(self.shop.catalog, self._language, self._window)
        if path is not None and self.catalog_screen is not None:
            self.catalog_screen.show_exported(path)
