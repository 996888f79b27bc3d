"""Training mode's online shop, on the demo "customer phone": order from the shop's listings.

Lets a trainee see the whole online sale from the counter: list a product (Ctrl+4), have it
published (the trainer plays the city's reviewer here), order it as a customer, and watch the
order arrive at the POS with its chime.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.money import format_won
from pos_app.services.demo_shop import DemoShop, DemoShopError, ShopListing


class DemoShopTab(QWidget):
    def __init__(
        self,
        shop: DemoShop,
        submitted_listing_ids: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._shop = shop
        self._submitted = submitted_listing_ids
        self._last_order: str | None = None
        self.listings = QListWidget()
        self.status = QLabel()
        self.status.setWordWrap(True)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        self.order_button = QPushButton(self.tr("Order 1 (paid with Cheongju Pay)"))
        self.order_button.setObjectName("fkey")
        self.order_button.clicked.connect(self.order_selected)
        self.cancel_button = QPushButton(self.tr("Cancel my last order"))
        self.cancel_button.clicked.connect(self.cancel_last)
        self.cancel_button.setEnabled(False)
        review = QPushButton(self.tr("Trainer: publish the listings in review"))
        review.setToolTip(
            self.tr("In real use the city reviews listings; training has no reviewer.")
        )
        review.clicked.connect(self.publish_submitted)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("On sale online (this shop)")))
        layout.addWidget(self.listings, 1)
        layout.addWidget(self.order_button)
        layout.addWidget(self.cancel_button)
        layout.addWidget(refresh)
        layout.addWidget(review)
        layout.addWidget(self.status)
        for button in (refresh, self.order_button, self.cancel_button, review):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the POS keeps the keyboard

    def reload(self) -> None:
        self.listings.clear()
        try:
            found = self._shop.listings()
        except DemoShopError as error:
            self.status.setText(self.tr("The shop did not answer: %1").replace("%1", str(error)))
            return
        for listing in found:
            channel = self.tr("Onsijang") if listing.channel == "onsijang" else self.tr("Mall")
            item = QListWidgetItem(
                f"[{channel}] {listing.title}  {format_won(listing.price)}  "
                + self.tr("(%1 left)").replace("%1", str(listing.available))
            )
            item.setData(Qt.ItemDataRole.UserRole, listing)
            self.listings.addItem(item)
        if found:
            self.listings.setCurrentRow(0)
            self.status.setText("")
        else:
            self.status.setText(
                self.tr("Nothing on sale yet: list a product (Ctrl+4), submit it, publish it here.")
            )

    def order_selected(self) -> None:
        item = self.listings.currentItem()
        if item is None:
            return
        listing: ShopListing = item.data(Qt.ItemDataRole.UserRole)
        try:
            order = self._shop.order(listing)
        except DemoShopError as error:
            self.status.setText(self.tr("Order refused: %1").replace("%1", str(error)))
            return
        self._last_order = str(order["order_id"])
        self.cancel_button.setEnabled(True)
        self.status.setText(
            self.tr("Ordered and paid %1. The shop sees it now.").replace(
                "%1", format_won(int(order["total"]))
            )
        )
        self.reload()

    def cancel_last(self) -> None:
        if self._last_order is None:
            return
        try:
            self._shop.cancel(self._last_order)
        except DemoShopError as error:
            self.status.setText(self.tr("Cannot cancel: %1").replace("%1", str(error)))
            return
        self.status.setText(self.tr("Cancelled; the payment was refunded."))
        self._last_order = None
        self.cancel_button.setEnabled(False)
        self.reload()

    def publish_submitted(self) -> None:
        published = 0
        for listing_id in self._submitted():
            try:
                self._shop.publish(listing_id)
            except DemoShopError as error:
                self.status.setText(str(error))
                continue
            published += 1
        self.status.setText(
            self.tr("Published %1 listings.").replace("%1", str(published))
            if published
            else self.tr("No listing is waiting for review (submit one at the POS, Ctrl+4).")
        )
        self.reload()
