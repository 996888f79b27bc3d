"""The sale being rung up: an ordered list of lines the cashier edits."""

from __future__ import annotations

from dataclasses import replace

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won
from pos_app.domain.pricing import MAX_QUANTITY, MAX_UNIT_PRICE, CartLine
from pos_app.domain.stock import MAX_DELTA
from pos_app.domain.tax import TaxCategory

#: The name a typed amount's line is recorded under, whatever the screen's language: the
#: receipt is a Korean paper, and one item must not be two in the sales figures because
#: two cashiers used two languages.
OPEN_AMOUNT_NAME = "금액 입력 상품"


class Cart:
    """Mutable on purpose (the cashier edits it line by line); lines are immutable."""

    def __init__(self) -> None:
        self._lines: list[CartLine] = []

    @property
    def lines(self) -> tuple[CartLine, ...]:
        return tuple(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def is_empty(self) -> bool:
        return not self._lines

    def add(self, line: CartLine, *, merge: bool = True) -> int:
        """Add a line; scanning the same product again bumps its quantity.

        ``merge`` False: a line of its own (a scale label is one package, with its own
        weight and price). Returns the index of the line that changed, so the UI can
        select it.
        """
        if merge and line.product_id is not None:
            for index, existing in enumerate(self._lines):
                if (
                    existing.product_id == line.product_id
                    and existing.unit_price == line.unit_price
                    and existing.weight_g is None
                    and existing.price_per_kg is None
                ):
                    self.set_quantity(index, existing.quantity + line.quantity)
                    return index
        self._lines.append(line)
        return len(self._lines) - 1

    def add_open_amount(
        self, amount: int, name: str, tax: TaxCategory = TaxCategory.TAXABLE
    ) -> int:
        """A line for a typed amount (goods without a barcode), 과세 or 면세 as chosen."""
        if not 1 <= amount <= MAX_UNIT_PRICE:
            raise UserFacingError(ErrorKey.CHECKOUT_BAD_AMOUNT, max=format_won(MAX_UNIT_PRICE))
        return self.add(CartLine(name=name, unit_price=amount, tax=tax))

    def set_quantity(self, index: int, quantity: int) -> None:
        weight = self._lines[index].weight_g
        # A weighed line moves weight x quantity grams of stock: one movement's bound caps it.
        most = min(MAX_QUANTITY, MAX_DELTA // weight) if weight else MAX_QUANTITY
        if not 1 <= quantity <= most:
            raise UserFacingError(ErrorKey.CHECKOUT_BAD_QUANTITY, max=f"{most:,}")
        self._lines[index] = replace(self._lines[index], quantity=quantity)

    def remove(self, index: int) -> None:
        del self._lines[index]

    def clear(self) -> None:
        self._lines.clear()
