"""The customer display: a second top-level window, readable from a metre away.

It only draws the presenter's state: the sale as it is scanned, the merchant QR with its
amount and countdown, the payment's result, and between customers a slow slide show of
the shop's greeting and the city's notices. It never takes the keyboard from the POS.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.money import format_rate, format_won
from pos_app.domain.tenders import Tender
from pos_app.ui.customer_display.model import (
    CartView,
    DisplayState,
    Mode,
    PaidView,
    QrView,
    Slide,
    countdown_text,
    first_lines,
    seconds_left,
)
from pos_app.ui.customer_display.presenter import CustomerDisplayPresenter
from pos_app.ui.qr_widget import QrWidget
from pos_app.ui.theme import ACCENT, DANGER

SLIDE_MS = 7_000  # slow enough to read a notice's first lines

_STYLE = f"""
QWidget#customerDisplay {{ background: #ffffff; }}
QLabel {{ color: #1b1f1d; }}
QLabel#displayShop {{ font-size: 30px; font-weight: bold; color: white; background: {ACCENT};
                      padding: 14px 22px; }}
QLabel#slideTitle {{ font-size: 46px; font-weight: bold; color: {ACCENT}; }}
QLabel#slideText {{ font-size: 28px; color: #333; }}
QLabel#slideCount {{ font-size: 18px; color: #777; }}
QTableWidget#displayLines {{ font-size: 28px; border: none; gridline-color: #e4e4e4; }}
QTableWidget#displayLines QHeaderView::section {{ font-size: 20px; padding: 6px; }}
QLabel#displayCaption {{ font-size: 26px; color: #444; }}
QLabel#displaySubtotal {{ font-size: 28px; }}
QLabel#displayDiscount, QLabel#displayDiscountCaption {{ font-size: 30px; font-weight: bold;
                                                         color: {DANGER}; }}
QLabel#displayTotal {{ font-size: 72px; font-weight: bold; color: {ACCENT}; }}
QLabel#displayCashback {{ font-size: 26px; color: {ACCENT}; }}
QLabel#displayCashback[restricted="true"] {{ color: white; background: {DANGER};
                                             font-weight: bold; padding: 6px 12px;
                                             border-radius: 6px; }}
QLabel#qrPrompt {{ font-size: 32px; font-weight: bold; }}
QLabel#qrAmount {{ font-size: 64px; font-weight: bold; color: {ACCENT}; }}
QLabel#qrCountdown {{ font-size: 30px; color: #444; }}
QLabel#paidTitle {{ font-size: 72px; font-weight: bold; color: {ACCENT}; }}
QLabel#paidTitle[failed="true"] {{ color: {DANGER}; }}
QLabel#paidAmount {{ font-size: 48px; font-weight: bold; }}
QLabel#paidApproval {{ font-size: 30px; }}
QLabel#paidThanks {{ font-size: 28px; color: #555; }}
"""


def _label(name: str, align: Qt.AlignmentFlag | None = None) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(name not in ("displayTotal", "qrAmount"))
    if align is not None:
        label.setAlignment(align)
    return label


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


class CustomerDisplayWindow(QWidget):
    def __init__(
        self,
        presenter: CustomerDisplayPresenter,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self._presenter = presenter
        self._clock = clock
        self.setObjectName("customerDisplay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        # The scanner's keys must keep going to the POS, never to this window.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet(_STYLE)
        self.setMinimumSize(640, 420)

        self.shop = _label("displayShop")
        self.pages = QStackedWidget()
        self.idle_page = self._idle_page()
        self.cart_page = self._cart_page()
        self.qr_page = self._qr_page()
        self.paid_page = self._paid_page()
        for page in (self.idle_page, self.cart_page, self.qr_page, self.paid_page):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.shop)
        layout.addWidget(self.pages, 1)

        self._slides: list[Slide] = []
        self._slide_index = 0
        self._slide_timer = QTimer(self)
        self._slide_timer.setInterval(SLIDE_MS)
        self._slide_timer.timeout.connect(self.next_slide)
        self._tick = QTimer(self)
        self._tick.setInterval(1_000)
        self._tick.timeout.connect(self._update_countdown)
        self._qr: QrView | None = None

        presenter.changed.connect(self.show_state)
        presenter.slides_changed.connect(self.reload_slides)
        self._retranslate()

    def _retranslate(self) -> None:
        """Every text in the UI language now. The display lives for the session while F11
        rebuilds the POS window, so it redraws itself on a language change (it showed
        "Notice:" after switching back to Korean)."""
        self.setWindowTitle(self.tr("Customer display"))
        self.lines.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Qty"), self.tr("Amount")])
        self.subtotal_caption.setText(self.tr("Subtotal"))
        self.total_caption.setText(self.tr("Amount to pay (Cheongju Pay)"))
        self.qr_prompt.setText(self.tr("Scan this QR with the Cheongju Pay app to pay"))
        self.paid_thanks.setText(self.tr("Thank you!"))
        self.reload_slides()
        self.show_state(self._presenter.state)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()

    # ----- pages -------------------------------------------------------------------------

    def _idle_page(self) -> QWidget:
        page = QWidget()
        self.slide_title = _label("slideTitle", _CENTER)
        self.slide_text = _label("slideText", _CENTER)
        self.slide_count = _label("slideCount", _CENTER)
        column = QVBoxLayout(page)
        column.setContentsMargins(60, 40, 60, 30)
        column.addStretch(1)
        column.addWidget(self.slide_title)
        column.addSpacing(20)
        column.addWidget(self.slide_text)
        column.addStretch(2)
        column.addWidget(self.slide_count)
        return page

    def _cart_page(self) -> QWidget:
        page = QWidget()
        self.lines = QTableWidget(0, 3)
        self.lines.setObjectName("displayLines")
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines.verticalHeader().hide()
        self.lines.verticalHeader().setDefaultSectionSize(52)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.subtotal_caption = _label("displayCaption")
        self.subtotal = _label("displaySubtotal", _RIGHT)
        self.discount_caption = _label("displayDiscountCaption")
        self.discount = _label("displayDiscount", _RIGHT)
        self.total_caption = _label("displayCaption")
        self.total = _label("displayTotal", _RIGHT)
        self.cashback = _label("displayCashback", _RIGHT)
        sums = QGridLayout()
        sums.addWidget(self.subtotal_caption, 0, 0)
        sums.addWidget(self.subtotal, 0, 1)
        sums.addWidget(self.discount_caption, 1, 0)
        sums.addWidget(self.discount, 1, 1)
        sums.addWidget(self.total_caption, 2, 0)
        sums.addWidget(self.total, 2, 1)
        sums.addWidget(self.cashback, 3, 0, 1, 2)
        column = QVBoxLayout(page)
        column.setContentsMargins(24, 16, 24, 16)
        column.addWidget(self.lines, 1)
        column.addLayout(sums)
        return page

    def _qr_page(self) -> QWidget:
        page = QWidget()
        self.qr = QrWidget()
        self.qr.setObjectName("displayQr")
        self.qr_prompt = _label("qrPrompt")
        self.qr_amount = _label("qrAmount")
        self.qr_countdown = _label("qrCountdown")
        side = QVBoxLayout()
        side.addStretch(1)
        side.addWidget(self.qr_prompt)
        side.addSpacing(24)
        side.addWidget(self.qr_amount)
        side.addWidget(self.qr_countdown)
        side.addStretch(1)
        row = QHBoxLayout(page)
        row.setContentsMargins(30, 20, 30, 20)
        row.addWidget(self.qr, 3)
        row.addSpacing(30)
        row.addLayout(side, 2)
        return page

    def _paid_page(self) -> QWidget:
        page = QWidget()
        self.paid_title = _label("paidTitle", _CENTER)
        self.paid_amount = _label("paidAmount", _CENTER)
        self.paid_approval = _label("paidApproval", _CENTER)
        self.paid_parts = _label("paidParts", _CENTER)
        self.paid_cashback = _label("displayCashback", _CENTER)
        self.paid_thanks = _label("paidThanks", _CENTER)
        column = QVBoxLayout(page)
        column.addStretch(1)
        for label in (self.paid_title, self.paid_amount, self.paid_parts, self.paid_approval):
            column.addWidget(label)
        column.addWidget(self.paid_cashback, 0, _CENTER)
        column.addSpacing(20)
        column.addWidget(self.paid_thanks)
        column.addStretch(1)
        return page

    # ----- drawing the state ---------------------------------------------------------------

    def show_state(self, state: DisplayState) -> None:
        self.shop.setText(self._presenter.shop_name or self.tr("Cheongju Pay"))
        self.setProperty("mode", state.mode.value)
        self._tick.stop()
        if state.mode is Mode.CART and state.cart is not None:
            self._show_cart(state.cart)
        elif state.mode is Mode.QR and state.qr is not None:
            self._show_qr(state.qr)
        elif state.mode is Mode.PAID and state.paid is not None:
            self._show_paid(state.paid)
        else:
            self.pages.setCurrentWidget(self.idle_page)
            self._show_slide()
        idle = self.pages.currentWidget() is self.idle_page
        if idle and not self._slide_timer.isActive():
            self._slide_timer.start()
        elif not idle:
            self._slide_timer.stop()

    def _show_cart(self, cart: CartView) -> None:
        self.lines.setRowCount(len(cart.lines))
        excluded = self.tr(" [no special discount]")
        for row, line in enumerate(cart.lines):
            # The customer sees why the discount is less than the rate times the total.
            name = f"{line.name}{excluded}" if line.excluded else line.name
            cells = (name, f"{line.quantity}", format_won(line.amount))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(_RIGHT)
                self.lines.setItem(row, column, item)
        if cart.lines:
            self.lines.scrollToBottom()  # the newest scan is always in sight
        self.subtotal.setText(format_won(cart.subtotal))
        has_discount = cart.discount > 0
        self.discount_caption.setVisible(has_discount)
        self.discount.setVisible(has_discount)
        self.discount_caption.setText(
            self.tr("Cheongju Pay special discount %1").replace(
                "%1", format_rate(cart.discount_rate_bp)
            )
        )
        self.discount.setText(format_won(-cart.discount))
        self.total.setText(format_won(cart.total))
        self._set_cashback(self.cashback, cart.restricted, cart.cashback, preview=True)
        self.pages.setCurrentWidget(self.cart_page)

    def _set_cashback(
        self, label: QLabel, restricted: bool, amount: int | None, *, preview: bool
    ) -> None:
        if restricted:
            label.setText(self.tr("No cashback at this shop (restricted merchant)"))
        elif amount is None:
            label.setText("")
        elif preview:
            label.setText(self.tr("Cashback up to %1").replace("%1", format_won(amount)))
        else:
            label.setText(self.tr("Cashback credited %1").replace("%1", format_won(amount)))
        label.setVisible(bool(label.text()))
        label.setProperty("restricted", restricted)
        label.style().unpolish(label)
        label.style().polish(label)

    def _show_qr(self, view: QrView) -> None:
        if self._qr is None or self._qr.payload != view.payload:
            self.qr.set_text(view.payload)
        self._qr = view
        self.qr_amount.setText(format_won(view.amount))
        self._update_countdown()
        self._tick.start()
        self.pages.setCurrentWidget(self.qr_page)

    def _update_countdown(self) -> None:
        if self._qr is None:
            return
        left = seconds_left(self._qr.expires_at, self._clock())
        self.qr_countdown.setText(self.tr("Time left %1").replace("%1", countdown_text(left)))

    def _show_paid(self, paid: PaidView) -> None:
        self.paid_title.setText(
            self.tr("Payment cancelled") if paid.failed else self.tr("Payment complete")
        )
        self.paid_title.setProperty("failed", paid.failed)
        self.paid_title.style().unpolish(self.paid_title)
        self.paid_title.style().polish(self.paid_title)
        self.paid_amount.setText(format_won(paid.total))
        self.paid_parts.setText(self._parts_text(paid))
        self.paid_parts.setVisible(bool(paid.parts))
        if paid.approval_no:
            self.paid_approval.setText(self.tr("Approval no. %1").replace("%1", paid.approval_no))
        elif (
            Tender.CHEONGJU_PAY in (paid.tender, *(tender for tender, _ in paid.parts))
            and not paid.failed
        ):
            self.paid_approval.setText(self.tr("Waiting for approval"))
        else:
            self.paid_approval.setText("")
        cheongju_pay = paid.tender in (Tender.CHEONGJU_PAY, Tender.SPLIT) and not paid.failed
        self._set_cashback(
            self.paid_cashback,
            cheongju_pay and paid.restricted,
            paid.cashback if cheongju_pay else None,
            preview=False,
        )
        self.pages.setCurrentWidget(self.paid_page)

    def _parts_text(self, paid: PaidView) -> str:
        """A split sale: "청주페이 30,000원 / 현금 12,000원" and the discount its Cheongju
        Pay share earned."""
        names = {
            Tender.CHEONGJU_PAY: self.tr("Cheongju Pay"),
            Tender.CHEONGJU_CARD: self.tr("Cheongju Pay card"),
            Tender.CASH: self.tr("Cash"),
            Tender.CARD_TERMINAL: self.tr("Card"),
        }
        text = " / ".join(
            f"{names.get(tender, tender)} {format_won(amount)}" for tender, amount in paid.parts
        )
        if paid.discount:
            text += "\n" + self.tr("Special discount (Cheongju Pay share) %1").replace(
                "%1", format_won(-paid.discount)
            )
        return text

    # ----- the idle slides -----------------------------------------------------------------

    def reload_slides(self) -> None:
        name = self._presenter.shop_name or self.tr("Cheongju Pay")
        greeting = Slide(
            self.tr("Welcome to %1").replace("%1", name),
            self.tr("Pay with Cheongju Pay for the special discount and cashback."),
        )
        notices = [
            Slide(slide.title, first_lines(slide.text)) for slide in self._presenter.slides()
        ]
        self._slides = [greeting, *notices]
        self._slide_index = min(self._slide_index, len(self._slides) - 1)
        if self.pages.currentWidget() is self.idle_page:
            self._show_slide()

    def slides(self) -> list[Slide]:
        return list(self._slides)

    def next_slide(self) -> None:
        self._slide_index = (self._slide_index + 1) % len(self._slides)
        self._show_slide()

    def _show_slide(self) -> None:
        slide = self._slides[self._slide_index]
        if self._slide_index == 0:
            self.slide_title.setText(slide.title)
        else:
            self.slide_title.setText(self.tr("Notice: %1").replace("%1", slide.title))
        self.slide_text.setText(slide.text)
        self.slide_count.setText(f"{self._slide_index + 1} / {len(self._slides)}")
