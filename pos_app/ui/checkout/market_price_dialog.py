"""Today's price of a 시가 (market-price) product: typed at the counter when it is rung up.

Opens itself when such a product is scanned or chosen; the field starts at the price typed
earlier today (the sale service remembers it for the business day), else the list price.
Enter adds the line, Esc cancels it (nothing is added).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won, parse_won
from pos_app.domain.pricing import MAX_UNIT_PRICE
from pos_app.domain.records import Product
from pos_app.ui.message_bar import MessageBar


class MarketPriceDialog(QDialog):
    def __init__(
        self,
        product: Product,
        default: int,
        submit: Callable[[int], int],
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        """``submit(price)`` adds the line (the sale checks the price) and returns its index."""
        super().__init__(parent)
        self.setObjectName("marketPriceDialog")
        self._submit = submit
        self._language = language
        self.line_index: int | None = None
        self.setWindowTitle(self.tr("Market price"))
        title = QLabel(self.tr("Today's price of %1").replace("%1", product.name))
        title.setObjectName("merchantName")
        title.setWordWrap(True)
        self.price = QLineEdit(f"{default:,}" if default else "")
        self.price.setPlaceholderText(self.tr("Price in won"))
        self.price.selectAll()
        hint = QLabel(self.tr("Enter: add · Esc: cancel"))
        self.error = MessageBar()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel (Esc)"))
        buttons.accepted.connect(self._add)
        buttons.rejected.connect(self.reject)
        # Enter in the field presses the default button (once: no returnPressed as well).
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.price)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.price.setFocus()

    def _add(self) -> None:
        try:
            try:
                price = parse_won(self.price.text())
            except ValueError:
                raise UserFacingError(
                    ErrorKey.MARKET_PRICE_BAD, max=format_won(MAX_UNIT_PRICE)
                ) from None
            self.line_index = self._submit(price)
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            self.price.selectAll()
            self.price.setFocus()
            return
        self.accept()
