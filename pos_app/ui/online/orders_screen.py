"""Online orders (온시장 and the mall): see them, take them, and move them to the customer.

Enter does the order's next step (accept -> preparing -> ready / shipped -> completed);
Del rejects a new order with a reason. Each step is a journal event, sent at once; the
row says "(sending)" until the server has it. Orders the vendor has not looked at are
marked with a dot until this screen shows them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import UserFacingError
from pos_app.domain.money import format_won
from pos_app.domain.online_records import OrderRecord
from pos_app.domain.orders import DeliveryMethod, OrderStatus
from pos_app.services.orders import OrderService
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.online.order_model import (
    OrderTableModel,
    channel_text,
    delivery_text,
    local_time,
    status_text,
)

S = OrderStatus


class OrdersScreen(QWidget):
    orders_changed = Signal()

    def __init__(self, orders: OrderService, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._orders = orders
        self._language = language
        self.message = MessageBar()
        self.show_finished = QCheckBox(self.tr("Show finished orders"))
        self.show_finished.toggled.connect(self.reload)
        self.count = QLabel()
        self.model = OrderTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(38)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OrderTableModel.ITEM, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._show_detail)

        self.detail = QLabel()
        self.detail.setObjectName("orderDetail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setMinimumWidth(360)
        self.next_button = QPushButton()
        self.next_button.setObjectName("primaryAction")
        self.next_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.next_button.clicked.connect(self.next_step)
        self.reject_button = QPushButton(self.tr("Reject (Del)"))
        self.reject_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reject_button.clicked.connect(self.reject_selected)
        for keys, handler in (
            ([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)], self.next_step),
            ([QKeySequence(Qt.Key.Key_Delete)], self.reject_selected),
        ):
            action = QAction(self)
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(handler)
            self.addAction(action)

        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.show_finished)
        side = QVBoxLayout()
        side.addWidget(self.detail, 1)
        side.addWidget(self.next_button)
        side.addWidget(self.reject_button)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.reload()

    # ----- list -------------------------------------------------------------------------

    def reload(self, *_args: object) -> None:
        selected = self.selected()
        orders = (
            self._orders.all_orders()
            if self.show_finished.isChecked()
            else self._orders.open_orders()
        )
        self.model.show(orders)
        waiting = self._orders.needs_action_count()
        self.count.setText(
            self.tr("%1 orders shown · %2 waiting for you")
            .replace("%1", str(len(orders)))
            .replace("%2", str(waiting))
        )
        self.select_order(selected.order_id if selected else None)
        if self.isVisible():
            self._orders.mark_seen()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._orders.mark_seen():
            self.model.show(self.model.orders and self._refetch())
            self.orders_changed.emit()

    def _refetch(self) -> list[OrderRecord]:
        return (
            self._orders.all_orders()
            if self.show_finished.isChecked()
            else self._orders.open_orders()
        )

    def select_order(self, order_id: str | None) -> None:
        row = next(
            (i for i, o in enumerate(self.model.orders) if o.order_id == order_id),
            0 if self.model.orders else None,
        )
        if row is not None:
            # The current index, not only the selection: focus moves keep it.
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.selectRow(row)
        self._show_detail()

    def selected(self) -> OrderRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.orders[rows[0].row()] if rows else None

    def focus_search(self) -> None:
        """What the screen focuses when it comes to the front: the list."""
        self.table.setFocus()
        if self.selected() is None:
            self.select_order(None)

    # ----- detail -----------------------------------------------------------------------

    def _show_detail(self, *_args: object) -> None:
        order = self.selected()
        if order is None:
            self.detail.setText(self.tr("No orders to show."))
            self.next_button.setVisible(False)
            self.reject_button.setVisible(False)
            return
        rows = [
            (self.tr("Status"), status_text(order.status)
             + (f" — {order.status_reason}" if order.status_reason else "")),
            (self.tr("Ordered"), local_time(order.placed_at)),
            (self.tr("Channel"), channel_text(order.channel)),
            (self.tr("Item"), f"{order.title} × {order.quantity} ({format_won(order.unit_price)})"),
            (self.tr("Delivery"), delivery_text(order.delivery_method)
             + (f" · {format_won(order.delivery_fee)}" if order.delivery_fee else "")),
            (self.tr("Total paid"), format_won(order.total)),
            (self.tr("Platform fee"), format_won(order.fee)),
            (self.tr("You receive"), format_won(order.payout)),
            (self.tr("Customer"), f"{order.customer_name} {order.customer_phone}"),
            (self.tr("Address"), order.address),
            (self.tr("Request"), order.request_note),
            (self.tr("Tracking no."), order.tracking_no or ""),
        ]  # fmt: skip
        cell = "<tr><td style='color:#555;padding-right:12px'>{}</td><td><b>{}</b></td></tr>"
        html = "".join(cell.format(label, _escape(value)) for label, value in rows if value)
        self.detail.setText(f"<table style='font-size:16px'>{html}</table>")
        step = self._next_status(order)
        self.next_button.setVisible(step is not None)
        if step is not None:
            self.next_button.setText(self._step_label(step) + " (Enter)")
        self.reject_button.setVisible(order.status is S.PLACED)

    @staticmethod
    def _next_status(order: OrderRecord) -> OrderStatus | None:
        if order.status is S.PLACED:
            return S.ACCEPTED
        if order.status is S.ACCEPTED:
            return S.PREPARING
        if order.status is S.PREPARING:
            return (
                S.READY_FOR_PICKUP if order.delivery_method is DeliveryMethod.PICKUP else S.SHIPPED
            )
        if order.status in (S.READY_FOR_PICKUP, S.SHIPPED):
            return S.COMPLETED
        return None

    def _step_label(self, step: OrderStatus) -> str:
        return {
            S.ACCEPTED: self.tr("Accept (reserves stock)"),
            S.PREPARING: self.tr("Start preparing"),
            S.READY_FOR_PICKUP: self.tr("Ready for pickup"),
            S.SHIPPED: self.tr("Mark as shipped"),
            S.COMPLETED: self.tr("Handed over: complete"),
        }[step]

    # ----- actions ----------------------------------------------------------------------

    def next_step(self) -> None:
        order = self.selected()
        step = self._next_status(order) if order else None
        if order is None or step is None:
            return
        if step is S.SHIPPED and order.delivery_method is DeliveryMethod.PARCEL:
            tracking, ok = QInputDialog.getText(
                self, self.tr("Mark as shipped"), self.tr("Parcel tracking number")
            )
            if not ok:
                return
            self._do(lambda: self._orders.shipped(order.order_id, tracking))
            return
        moves = {
            S.ACCEPTED: self._orders.accept,
            S.PREPARING: self._orders.preparing,
            S.READY_FOR_PICKUP: self._orders.ready_for_pickup,
            S.SHIPPED: self._orders.shipped,
            S.COMPLETED: self._orders.completed,
        }
        self._do(lambda: moves[step](order.order_id))

    def reject_selected(self) -> None:
        order = self.selected()
        if order is None or order.status is not S.PLACED:
            return
        reasons = [
            self.tr("Out of stock"),
            self.tr("Closed today"),
            self.tr("We cannot deliver to this address"),
        ]
        reason, ok = QInputDialog.getItem(
            self,
            self.tr("Reject the order"),
            self.tr("Reason the customer will see"),
            reasons,
            0,
            True,
        )
        if ok:
            self._do(lambda: self._orders.reject(order.order_id, reason))

    def _do(self, move) -> None:  # type: ignore[no-untyped-def]
        try:
            moved: OrderRecord = move()
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            self.reload()
            return
        self.message.show_message(
            "ok",
            self.tr("%1: %2").replace("%1", moved.title).replace("%2", status_text(moved.status)),
        )
        self.reload()
        self.select_order(moved.order_id)
        self.table.setFocus()
        self.orders_changed.emit()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
