"""Training mode's online shop, on the demo "customer phone": order from the shop's listings.

Lets a trainee see the whole online sale from the counter: list a product (Ctrl+4), have it
published (the trainer plays the city's reviewer here), order it as a customer, and watch the
order arrive at the POS with its chime.

Every call to the demo server runs off the UI thread (``ui/background.py``); a refusal comes
back as the shop's own message.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won
from pos_app.services.demo_shop import DemoShop, DemoShopError, ShopListing
from pos_app.ui.background import run_task

T = TypeVar("T")


def _shop_refusal(exc: Exception) -> UserFacingError:
    """The demo shop's refusal, carried to the UI thread (shown as its message)."""
    return UserFacingError(ErrorKey.DISPLAY_PHONE_REFUSED, reason=str(exc))


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

    def _call(self, task: Callable[[], T], then: Callable[[T], None], refused: str) -> None:
        """``task`` off the UI thread; ``then(result)`` here, or ``refused`` with the reason."""

        def failed(error: UserFacingError) -> None:
            self.status.setText(refused.replace("%1", str(error.params.get("reason", error))))

        run_task(self, task, then, failed, name="demo-shop", coded=_shop_refusal)

    def reload(self) -> None:
        self._call(self._shop.listings, self._show_listings, self.tr("The shop did not answer: %1"))

    def _show_listings(self, found: list[ShopListing]) -> None:
        self.listings.clear()
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
        shop = self._shop
        self._call(lambda: shop.order(listing), self._ordered, self.tr("Order refused: %1"))

    def _ordered(self, order: dict[str, Any]) -> None:
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
        order_id, shop = self._last_order, self._shop
        self._call(lambda: shop.cancel(order_id), self._cancelled, self.tr("Cannot cancel: %1"))

    def _cancelled(self, _answer: object) -> None:
        self.status.setText(self.tr("Cancelled; the payment was refunded."))
        self._last_order = None
        self.cancel_button.setEnabled(False)
        self.reload()

    def publish_submitted(self) -> None:
        listing_ids, shop = self._submitted(), self._shop  # the POS's own file: here

        def publish() -> int:
            published = 0
            for listing_id in listing_ids:
                # One refused (published meanwhile, say) does not stop the others.
                with contextlib.suppress(DemoShopError):
                    shop.publish(listing_id)
                    published += 1
            return published

        self._call(publish, self._published, "%1")

    def _published(self, published: int) -> None:
        self.status.setText(
            self.tr("Published %1 listings.").replace("%1", str(published))
            if published
            else self.tr("No listing is waiting for review (submit one at the POS, Ctrl+4).")
        )
        self.reload()
