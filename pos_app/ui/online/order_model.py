"""Table model over online orders, and the plain words for their states."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from pos_app.domain.clock import KST, parse_utc
from pos_app.domain.money import format_won
from pos_app.domain.online_records import OrderRecord
from pos_app.domain.orders import DeliveryMethod, OrderStatus
from pos_app.ui.table_model import RIGHT, RecordTableModel


def status_text(status: OrderStatus) -> str:
    return {
        OrderStatus.PLACED: QCoreApplication.translate("OrderWords", "New order"),
        OrderStatus.ACCEPTED: QCoreApplication.translate("OrderWords", "Accepted"),
        OrderStatus.REJECTED: QCoreApplication.translate("OrderWords", "Rejected"),
        OrderStatus.PREPARING: QCoreApplication.translate("OrderWords", "Preparing"),
        OrderStatus.READY_FOR_PICKUP: QCoreApplication.translate("OrderWords", "Ready for pickup"),
        OrderStatus.SHIPPED: QCoreApplication.translate("OrderWords", "Shipped"),
        OrderStatus.COMPLETED: QCoreApplication.translate("OrderWords", "Completed"),
        OrderStatus.CANCELLED: QCoreApplication.translate(
            "OrderWords", "Cancelled by the customer"
        ),
    }[status]


def delivery_text(method: DeliveryMethod) -> str:
    return {
        DeliveryMethod.PARCEL: QCoreApplication.translate("OrderWords", "Parcel"),
        DeliveryMethod.PICKUP: QCoreApplication.translate("OrderWords", "Pickup at the shop"),
        DeliveryMethod.SAME_DAY: QCoreApplication.translate("OrderWords", "Same-day delivery"),
    }[method]


def channel_text(channel: str) -> str:
    return (
        QCoreApplication.translate("OrderWords", "Onsijang")
        if channel == "onsijang"
        else QCoreApplication.translate("OrderWords", "Small-business mall")
    )


def local_time(rfc3339: str) -> str:
    """``2026-11-25T03:00:00.000Z`` -> ``11-25 12:00`` (KST, as the shop reads clocks)."""
    try:
        moment = parse_utc(rfc3339)
    except ValueError:
        return rfc3339
    return moment.astimezone(KST).strftime("%m-%d %H:%M")


class OrderTableModel(RecordTableModel[OrderRecord]):
    STATUS, PLACED, CHANNEL, ITEM, DELIVERY, TOTAL, CUSTOMER = range(7)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.orders: list[OrderRecord] = []
        self._headers = (
            self.tr("Status"),
            self.tr("Ordered"),
            self.tr("Channel"),
            self.tr("Item"),
            self.tr("Delivery"),
            self.tr("Total"),
            self.tr("Customer"),
        )

    def show(self, orders: Sequence[OrderRecord]) -> None:
        self.beginResetModel()
        self.orders = list(orders)
        self.endResetModel()

    def records(self) -> Sequence[OrderRecord]:
        return self.orders

    def cell(self, order: OrderRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.STATUS:
                mark = " ●" if not order.seen and order.status is OrderStatus.PLACED else ""
                sync = self.tr(" (sending)") if order.pending_sync else ""
                return status_text(order.status) + mark + sync
            if column == self.PLACED:
                return local_time(order.placed_at)
            if column == self.CHANNEL:
                return channel_text(order.channel)
            if column == self.ITEM:
                return f"{order.title} × {order.quantity}"
            if column == self.DELIVERY:
                return delivery_text(order.delivery_method)
            if column == self.TOTAL:
                return format_won(order.total)
            return order.customer_name
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            if order.status is OrderStatus.PLACED:
                return QColor("#b3261e")
            if order.status in (OrderStatus.CANCELLED, OrderStatus.REJECTED):
                return QColor("#888888")
        if role == Qt.ItemDataRole.FontRole and order.status is OrderStatus.PLACED:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.TOTAL:
            return RIGHT
        return None
