"""The checkout screen: cart on the left, totals and products or receipt on the right.

Every scanner (keyboard wedge, camera, demo phone) ends in :meth:`handle_scan`.
Errors from the service arrive as UserFacingError and are shown in the message
bar with their code; the cart is left as it was, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.cart import OPEN_AMOUNT_NAME
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won, parse_won
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.pricing import MAX_QUANTITY, MAX_UNIT_PRICE
from pos_app.domain.receipt import ReceiptRow
from pos_app.domain.records import PaymentRecord, Product
from pos_app.domain.tax import TaxCategory
from pos_app.domain.tenders import Tender
from pos_app.services.answer_deadlines import SettledWait, WaitOutcome
from pos_app.services.checkout import ScanAction, ScanOutcome
from pos_app.services.day_close import DayCloseService, DayState
from pos_app.services.sale import Sale
from pos_app.ui.camera_control import CameraControl
from pos_app.ui.checkout.camera_pane import CameraPane
from pos_app.ui.checkout.cart_model import CartTableModel
from pos_app.ui.checkout.discount_dialog import DiscountDialog
from pos_app.ui.checkout.favourites import FavouritesGrid
from pos_app.ui.checkout.market_price_dialog import MarketPriceDialog
from pos_app.ui.checkout.product_picker import ProductPicker
from pos_app.ui.checkout.receipt_view import ReceiptView
from pos_app.ui.checkout.totals_panel import TotalsPanel
from pos_app.ui.day_close.opening_float import OpeningFloatDialog, kst_time
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.sounds import ScanSounds

#: Refusals by the offline rules: no longer true once the sync is online again.
OFFLINE_REFUSALS = frozenset(
    {
        ErrorKey.CPM_ONLINE_ONLY,
        ErrorKey.CPM_OVER_OFFLINE_LIMIT,
        ErrorKey.CHECKOUT_OVER_FLOOR_LIMIT,
        ErrorKey.CHECKOUT_UNSYNCED_TOO_OLD,
        ErrorKey.CHECKOUT_OVER_UNSYNCED_CAP,
    }
)
# What the checkout says while the device is revoked: untrue once it is enrolled again.
REVOCATION_MESSAGES = frozenset(
    {ErrorKey.CHECKOUT_DEVICE_REVOKED, ErrorKey.SYNC_DEVICE_REVOKED, ErrorKey.SYNC_AUTH}
)
ADDED_HINT = "added"  # the message bar's "Added: ..." line names the last item added only


class CounterPayments(Protocol):
    """What the screen needs of the checkout beside the sale (``CheckoutService`` is one)."""

    def handle_scan(self, raw: str) -> ScanOutcome: ...
    def is_online(self) -> bool: ...
    def payment(self, payment_id: str) -> PaymentRecord | None: ...
    def receipt(self, payment: PaymentRecord) -> list[ReceiptRow]: ...


class CheckoutScreen(QWidget):
    payment_recorded = Signal(object)  # PaymentRecord
    cart_changed = Signal()
    payment_shown = Signal(object)  # PaymentRecord, as drawn again (voided, refunded, ...)
    # PaymentRecord voided or refunded elsewhere, whether on show or not (the demo phone's
    # "paid" line follows it); payment_shown also fires when it is on show.
    payment_updated = Signal(object)
    day_opened = Signal()  # the first sale opened the next business day
    reopen_requested = Signal()  # Ctrl+Shift+R or the button: reopen the declined sale

    def __init__(
        self,
        sale: Sale,
        payments: CounterPayments,
        language: str,
        parent: QWidget | None = None,
        *,
        camera: CameraControl | None = None,
        sounds: ScanSounds | None = None,
        favourites: Callable[[], list[Product]] | None = None,
    ):
        super().__init__(parent)
        self._sale = sale
        self._payments = payments
        self._language = language
        self._sounds = sounds
        self._shown_payment: str | None = None  # the payment whose receipt is on screen
        self.clear_question: QMessageBox | None = None  # F8's question, while it is open
        self.discount_dialog: DiscountDialog | None = None  # Ctrl+D / Ctrl+K, while open

        self.message = MessageBar()
        # The 시가 price dialog while it is open (tests and the screen read it).
        self.market_price_dialog: MarketPriceDialog | None = None
        # After a decline: the sale back in the cart without ringing it up again.
        self.declined_to_reopen: str | None = None
        self.reopen_button = QPushButton()
        self.reopen_button.setObjectName("reopenDeclined")
        self.reopen_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scanner keeps it
        self.reopen_button.clicked.connect(self.reopen_requested.emit)
        self.reopen_button.hide()
        # While no business day is open (a new till, or after the close): said, not hidden.
        self.day_warning = QLabel()
        self.day_warning.setObjectName("dayWarning")
        self.day_warning.setWordWrap(True)
        self.day_warning.hide()
        self._days: DayCloseService | None = None
        self.cart_model = CartTableModel(sale, self)
        self.cart_view = QTableView()
        self.cart_view.setModel(self.cart_model)
        self.cart_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.cart_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cart_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cart_view.verticalHeader().setDefaultSectionSize(40)
        header = self.cart_view.horizontalHeader()
        header.setSectionResizeMode(CartTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (CartTableModel.UNIT_PRICE, CartTableModel.QUANTITY, CartTableModel.AMOUNT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.amount_input = QLineEdit()
        self.amount_input.setPlaceholderText(self.tr("Type an amount in won, then Enter (F2)"))
        self.amount_input.setValidator(QIntValidator(1, MAX_UNIT_PRICE, self))
        # Digits only: keep the IME out of this field so Hangul mode cannot get in the way.
        self.amount_input.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.amount_input.returnPressed.connect(self.add_typed_amount)
        # 과세 / 면세 of the typed amount: the shop's default, changed for one line by F2
        # pressed again in the amount field (or Tab and the arrow keys).
        self.amount_tax = QComboBox()
        self.amount_tax.setObjectName("amountTax")
        self.amount_tax.addItem(self.tr("Taxable"), TaxCategory.TAXABLE.value)
        self.amount_tax.addItem(self.tr("Tax-exempt"), TaxCategory.EXEMPT.value)
        self.amount_tax.setToolTip(self.tr("F2 again in the amount field switches it"))
        self.reset_amount_tax()
        add_amount = QPushButton(self.tr("Add"))  # short: the row holds the counter's keys too
        add_amount.clicked.connect(self.add_typed_amount)
        amount_row = QHBoxLayout()
        self.amount_row = amount_row  # the window adds the parked-sales button
        amount_row.addWidget(self.amount_input, 1)
        amount_row.addWidget(self.amount_tax)
        amount_row.addWidget(add_amount)
        # The F-key row is full: the discount keys are named on a small button of their own.
        self.discount_button = QPushButton(self.tr("Discount Ctrl+D"))
        self.discount_button.setObjectName("discountButton")
        self.discount_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scanner keeps it
        self.discount_button.setToolTip(
            self.tr("Ctrl+D: price or discount on the selected line; Ctrl+K: on the whole sale")
        )
        self.discount_button.clicked.connect(self.discount_line)
        amount_row.addWidget(self.discount_button)

        # After a payment the receipt takes the cart's place (large and readable)
        # until the next item starts a new sale.
        self.receipt = ReceiptView()
        self.main_area = QStackedWidget()
        self.main_area.addWidget(self.cart_view)
        self.main_area.addWidget(self.receipt)

        left = QVBoxLayout()
        left.addWidget(self.day_warning)
        left.addWidget(self.message)
        left.addWidget(self.reopen_button)
        left.addWidget(self.main_area, 1)
        left.addLayout(amount_row)

        self.totals = TotalsPanel()
        self.totals.restricted = sale.settings.restricted
        self._revoked = False  # Cheongju Pay refused until enrolled again (set_revoked)
        self.picker = ProductPicker(sale.search_products)
        self.picker.picked.connect(self.add_product)
        self.favourites: FavouritesGrid | None = None
        self.product_tabs: QTabWidget | None = None
        if favourites is not None:
            self.favourites = FavouritesGrid(favourites)
            self.favourites.picked.connect(self.add_product)
            self.product_tabs = QTabWidget()
            self.product_tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.product_tabs.addTab(self.favourites, self.tr("Favourites"))
            self.product_tabs.addTab(self.picker, self.tr("Find (F3)"))

        right = QVBoxLayout()
        right.addWidget(self.totals)
        self.camera_pane: CameraPane | None = None
        if camera is not None:
            self.camera_pane = CameraPane(camera, language)
            right.addWidget(self.camera_pane)
        right.addWidget(self.product_tabs or self.picker, 1)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.refresh()

    # ----- feedback -----------------------------------------------------------------

    def show_error(self, error: UserFacingError) -> None:
        self.message.show_error(error, self._language)
        if self._sounds is not None:
            self._sounds.error()
        else:
            QApplication.beep()

    def show_notice(self, error: UserFacingError) -> None:
        """A problem worth knowing that stops nothing (no camera, say): no alarm sound."""
        self.message.show_message("info", error.display(self._language))

    def set_camera_preview_visible(self, visible: bool) -> None:
        if self.camera_pane is not None:
            self.camera_pane.setVisible(visible)

    def show_info(self, text: str, kind: str = "ok") -> None:
        self.message.show_message(kind, text)

    def set_revoked(self, revoked: bool) -> None:
        """Whether the server revoked this device (the window asks the service): the pane
        then prices for cash or card and says why Cheongju Pay is not taken."""
        if not revoked:
            self.message.clear_tagged(REVOCATION_MESSAGES)
        if revoked == self._revoked:
            return
        self._revoked = revoked
        if self._shown_payment is None:
            self.refresh()  # the cart on show, priced again; a receipt on show stays
        else:
            self.totals.revoked = revoked

    def connection_back(self) -> None:
        """The sync is online: an offline-rule refusal on show is no longer true."""
        self.message.clear_tagged(OFFLINE_REFUSALS)

    def _show_added(self, name: str, price: int) -> None:
        self.message.show_message(
            "ok",
            self.tr("Added: %1  %2").replace("%1", name).replace("%2", format_won(price)),
            ADDED_HINT,
        )

    # ----- the business day ---------------------------------------------------------------

    def set_business_days(self, days: DayCloseService) -> None:
        """With the back office the counter knows the business day: it warns while none is
        open and the first sale opens the next one (asking for the float)."""
        self._days = days
        self.refresh_day_warning()

    def refresh_day_warning(self) -> None:
        if self._days is None:
            return
        status = self._days.status()
        if status.state is DayState.CLOSED and status.day is not None:
            text = self.tr(
                "The business day was closed at %1. The next sale opens a new day"
                " (it asks for the float)."
            ).replace("%1", kst_time(status.day.closed_at))
        elif status.state is DayState.NEVER_OPENED:
            text = self.tr(
                "No business day is open. The first sale opens one (it asks for the float)."
            )
        else:
            text = ""
        self.day_warning.setText(text)
        self.day_warning.setVisible(bool(text))

    def ensure_day_open(self) -> None:
        """Before a sale goes on: with no business day open, open the next one first."""
        if self._days is None:
            return
        status = self._days.status()
        if not status.sale_opens_day:
            return
        dialog = OpeningFloatDialog(self._days, status, self._language, self)
        dialog.exec()
        if dialog.opened is not None:
            self.show_info(dialog.opened_text(), "info")
            self.day_opened.emit()
        dialog.deleteLater()
        self.refresh_day_warning()

    def refresh(self) -> None:
        # The cart changed: an "Added" line or an offline refusal is about the sale before.
        self.message.clear_tagged(OFFLINE_REFUSALS | {ADDED_HINT})
        self._shown_payment = None
        self.cart_model.refresh()
        policy = self._sale.settings.terms.discount
        # Revoked: what the customer pays in cash or by card (no Cheongju Pay discount).
        quote = self._sale.quote(Tender.CASH) if self._revoked else self._sale.quote()
        active_rate = quote.discount_rate_bp or (policy.rate_bp if policy else 0)
        self.totals.revoked = self._revoked
        self.totals.show_quote(quote, active_rate, not self._sale.is_empty())
        self.main_area.setCurrentWidget(self.cart_view)
        self.cart_changed.emit()

    def _select_line(self, index: int) -> None:
        self.cart_view.selectRow(index)
        self.cart_view.scrollTo(self.cart_model.index(index, 0))

    # ----- actions (each reachable from the keyboard) ------------------------------

    def handle_scan(self, text: str) -> bool:
        """Act on a scan from any scanner; False if it was refused (the error is shown)."""
        self.ensure_day_open()
        try:
            outcome = self._payments.handle_scan(text)
        except UserFacingError as error:
            self.show_error(error)
            return False
        if outcome.action is ScanAction.PAYMENT_RECORDED and outcome.payment is not None:
            self._after_payment(outcome.payment)
            return True
        if outcome.action is ScanAction.MARKET_PRICE_NEEDED and outcome.product is not None:
            self.ask_market_price(outcome.product)
            return True
        self.refresh()
        if outcome.line_index is not None:
            self._select_line(outcome.line_index)
        if outcome.product is not None:
            self._show_added(outcome.product.name, outcome.product.price)
        return True

    def _after_payment(self, payment: PaymentRecord) -> None:
        self.cart_model.refresh()
        online = self._payments.is_online()
        self.show_receipt(payment, checking=online)
        if online:
            # The event is already on its way (on_recorded woke the pusher); the service
            # holds this payment's deadline and the controller shows how it was settled.
            self.show_info(self.tr("Asking the server for approval..."), "info")
        else:
            self.show_info(
                self.tr("Payment recorded: %1 (receipt %2). Approval pending until synced.")
                .replace("%1", format_won(payment.total))
                .replace("%2", payment.receipt_no)
            )
        self.cart_changed.emit()
        self.payment_recorded.emit(payment)

    def show_wait_outcome(self, settled: SettledWait) -> None:
        """A payment's wait for the server's answer ended (``CheckoutService.check_deadlines``)."""
        payment = settled.payment
        if settled.outcome is WaitOutcome.VOIDED:
            # Said whatever is on screen: the customer's money is given back.
            self.show_error(
                UserFacingError(ErrorKey.PAYMENT_UNANSWERED_VOID, receipt=payment.receipt_no)
            )
        elif (
            settled.outcome is WaitOutcome.STANDS_OFFLINE
            and self._shown_payment == payment.payment_id
        ):
            self.show_info(
                self.tr("No answer yet: accepted offline (receipt %1), approval follows.").replace(
                    "%1", payment.receipt_no
                )
            )
        if self._shown_payment == payment.payment_id:
            self.show_receipt(payment)
        self.cart_changed.emit()

    def on_results(
        self, payment_ids: tuple[str, ...], declined: tuple[tuple[str, str, str], ...]
    ) -> None:
        """The server answered for these payments: update what is on screen, alert declines."""
        if self._shown_payment in payment_ids:
            payment = self._payments.payment(self._shown_payment)
            if payment is not None:
                self.show_receipt(payment)
                if payment.status == PaymentStatus.APPROVED:
                    self.show_info(
                        self.tr("Approved: %1 (approval no. %2)")
                        .replace("%1", format_won(payment.total))
                        .replace("%2", payment.approval_no or "")
                    )
        for payment_id, receipt_no, message in declined:
            self.show_error(
                UserFacingError(ErrorKey.PAYMENT_DECLINED, receipt=receipt_no, message=message)
            )
            payment = self._payments.payment(payment_id)
            if payment is not None and payment.tender in (Tender.CHEONGJU_PAY, Tender.SPLIT):
                # The goods need not be rung up again: offer the sale back, to lower the
                # Cheongju Pay part and take the rest another way.
                self.offer_reopen(payment_id, receipt_no)

    def offer_reopen(self, payment_id: str, receipt_no: str) -> None:
        self.declined_to_reopen = payment_id
        self.reopen_button.setText(
            self.tr("Reopen declined %1 (Ctrl+Shift+R)").replace("%1", receipt_no)
        )
        self.reopen_button.show()

    def reopened(self) -> None:
        """The declined sale is back in the cart: the offer is taken."""
        self.declined_to_reopen = None
        self.reopen_button.hide()
        self.main_area.setCurrentWidget(self.cart_view)
        self.refresh()
        self.cart_changed.emit()

    def show_receipt(self, payment: PaymentRecord, checking: bool = False) -> None:
        self._shown_payment = payment.payment_id
        self.totals.show_paid(payment, checking=checking)
        self.receipt.show_rows(self._payments.receipt(payment))
        self.main_area.setCurrentWidget(self.receipt)
        self.payment_shown.emit(payment)

    def payment_changed(self, payment_id: str) -> None:
        """A payment was voided or refunded elsewhere: draw it again if it is on show."""
        payment = self._payments.payment(payment_id)
        if payment is None:
            return
        if self._shown_payment == payment_id:
            self.show_receipt(payment)
        self.payment_updated.emit(payment)

    def add_product(self, product: Product) -> None:
        self.ensure_day_open()
        if product.market_price:
            self.ask_market_price(product)
            return
        index = self._sale.add_product(product)
        self.refresh()
        self._select_line(index)
        self._show_added(product.name, product.price)
        self.cart_view.setFocus()

    def ask_market_price(self, product: Product) -> None:
        """A 시가 product: today's price first (the dialog opens itself; Esc adds nothing)."""
        dialog = MarketPriceDialog(
            product,
            self._sale.market_price_default(product),
            lambda price: self._sale.add_at_market_price(product, price),
            self._language,
            self,
        )
        self.market_price_dialog = dialog

        def done(result: int) -> None:
            self.market_price_dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted and dialog.line_index is not None:
                self.refresh()
                self._select_line(dialog.line_index)
                self._show_added(product.name, self._sale.lines[dialog.line_index].unit_price)
            self.cart_view.setFocus()

        dialog.finished.connect(done)
        dialog.open()

    def add_typed_amount(self) -> None:
        text = self.amount_input.text().strip()
        if not text:
            return
        self.ensure_day_open()
        try:
            index = self._sale.add_amount(
                parse_won(text), OPEN_AMOUNT_NAME, self.typed_amount_tax()
            )
        except (UserFacingError, ValueError) as error:
            self.show_error(
                error
                if isinstance(error, UserFacingError)
                else UserFacingError(ErrorKey.CHECKOUT_BAD_AMOUNT, max=format_won(MAX_UNIT_PRICE))
            )
            return
        self.amount_input.clear()
        self.reset_amount_tax()  # the next typed amount starts from the shop's default
        self.refresh()
        self._select_line(index)
        self._show_added(self.tr("Open amount"), parse_won(text))
        self.cart_view.setFocus()  # back to a widget where the IME cannot compose

    def _confirm_clear(self) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Clear sale"))
        box.setText(self.tr("Clear all %1 lines of this sale?").replace("%1", str(len(self._sale))))
        clear = box.addButton(self.tr("Clear (Enter)"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Keep (Esc)"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(clear)
        box.setEscapeButton(keep)
        self.clear_question = box  # open while asked (tests answer it)
        try:
            box.exec()
            return box.clickedButton() is clear
        finally:
            self.clear_question = None
            box.deleteLater()

    def focus_amount(self) -> None:
        """F2: to the amount field; pressed there again, it switches 과세 / 면세."""
        if self.amount_input.hasFocus():
            self.amount_tax.setCurrentIndex(1 - self.amount_tax.currentIndex())
            return
        self.amount_input.setFocus()
        self.amount_input.selectAll()

    def typed_amount_tax(self) -> TaxCategory:
        return TaxCategory(self.amount_tax.currentData())

    def reset_amount_tax(self) -> None:
        """Back to the shop's default for typed amounts (after a line, or a new setting)."""
        self.amount_tax.setCurrentIndex(
            self.amount_tax.findData(self._sale.open_amount_tax().value)
        )

    def focus_search(self) -> None:
        if self.product_tabs is not None:
            self.product_tabs.setCurrentWidget(self.picker)
        self.picker.focus_search()

    def reload_products(self) -> None:
        """The catalogue changed: refresh the search list and the favourites."""
        self.picker.reload()
        if self.favourites is not None:
            self.favourites.reload()

    def selected_line(self) -> int | None:
        rows = self.cart_view.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return len(self._sale) - 1 if len(self._sale) else None

    def change_quantity(self) -> None:
        index = self.selected_line()
        if index is None:
            return
        line = self._sale.lines[index]
        quantity, ok = QInputDialog.getInt(
            self, self.tr("Quantity"), line.name, line.quantity, 1, MAX_QUANTITY
        )
        if ok:
            self._sale.set_quantity(index, quantity)
            self.refresh()
            self._select_line(index)

    def discount_line(self) -> None:
        """Ctrl+D: a new price or a discount on the selected line."""
        index = self.selected_line()
        if index is None:
            self.show_error(UserFacingError(ErrorKey.DISCOUNT_NO_LINE))
            return
        self._open_discount(index)

    def discount_sale(self) -> None:
        """Ctrl+K: a discount on the whole sale, spread over its lines."""
        if self._sale.is_empty():
            self.show_error(UserFacingError(ErrorKey.DISCOUNT_NO_LINE))
            return
        self._open_discount(None)

    def _open_discount(self, index: int | None) -> None:
        self.discount_dialog = DiscountDialog(self._sale, index, self._language, self)
        try:
            if self.discount_dialog.exec():
                self.refresh()
                if index is not None:
                    self._select_line(index)
                self.show_info(self.tr("Discount applied."), "info")
        finally:
            self.discount_dialog = None
            self.cart_view.setFocus()

    def remove_selected(self) -> None:
        index = self.selected_line()
        if index is None:
            return
        self._sale.remove(index)
        self.refresh()
        if len(self._sale):
            self._select_line(min(index, len(self._sale) - 1))

    def clear_cart(self) -> None:
        """F8. A sale of several lines is asked about first (Enter clears, Esc keeps it):
        one slip of a finger must not throw away a basket rung up item by item."""
        if len(self._sale) > 1 and not self._confirm_clear():
            self.cart_view.setFocus()
            return
        self._sale.clear()
        self.refresh()
        self.show_info(self.tr("Cart cleared."), "info")
        self.cart_view.setFocus()
