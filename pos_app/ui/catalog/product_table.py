"""Table model over a page of products (the catalogue screen's list)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from pos_app.domain.money import format_won
from pos_app.domain.records import Product
from pos_app.domain.scale_label import format_weight_kg
from pos_app.domain.tax import TaxCategory
from pos_app.ui.table_model import RIGHT, RecordTableModel


class ProductTableModel(RecordTableModel[Product]):
    NAME, CODES, PRICE, CATEGORY, STOCK, STATUS = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.products: list[Product] = []
        #: product_id -> (stock level, state text, alarming?) when stock is known
        self.stock: Mapping[str, tuple[int, str, bool]] = {}
        self._headers = (
            self.tr("Product"),
            self.tr("Barcodes"),
            self.tr("Price"),
            self.tr("Category"),
            self.tr("Stock"),
            self.tr("Status"),
        )

    def show(
        self,
        products: Sequence[Product],
        stock: Mapping[str, tuple[int, str, bool]] | None = None,
    ) -> None:
        self.beginResetModel()
        self.products = list(products)
        self.stock = stock or {}
        self.endResetModel()

    def records(self) -> Sequence[Product]:
        return self.products

    def cell(self, product: Product, column: int, role: int) -> Any:
        stock = self.stock.get(product.product_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                tag = self.tr(" [no special discount]") if product.excluded_from_discount else ""
                if product.tax_category is TaxCategory.EXEMPT:  # 면세, as the receipt's "#"
                    tag += self.tr(" [tax-exempt]")
                return product.name + tag
            if column == self.CODES:
                return ", ".join(product.codes)
            if column == self.PRICE:
                return format_won(product.price)
            if column == self.CATEGORY:
                return product.category
            if column == self.STOCK:
                if stock is None:
                    return ""
                # Goods sold by weight are stocked in grams, shown in kg.
                return format_weight_kg(stock[0]) if product.sold_by_weight else f"{stock[0]:,}"
            if not product.active:
                return self.tr("Not on sale")
            return "" if stock is None else stock[1]
        if role == Qt.ItemDataRole.ForegroundRole:
            if not product.active:
                return QColor("#888888")
            if column in (self.STOCK, self.STATUS) and stock is not None and stock[2]:
                return QColor("#b3261e")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.PRICE, self.STOCK):
            return RIGHT
        return None
