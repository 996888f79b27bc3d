"""The sale being rung up: an ordered list of lines the cashier edits."""

from __future__ import annotations

from dataclasses import replace

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.manual_discounts import (
    ManualDiscount,
    base_line,
    change_line,
    reapply,
    sale_discount_won,
    spread,
)
from pos_app.domain.money import format_won
from pos_app.domain.pricing import MAX_QUANTITY, MAX_UNIT_PRICE, CartLine
from pos_app.domain.stock import MAX_DELTA
from pos_app.domain.tax import TaxCategory

#: The name a typed amount's line is recorded under, whatever the screen's language: the
#: receipt is a Korean paper, and one item must not be two in the sales figures because
#: two cashiers used two languages.
OPEN_AMOUNT_NAME = "금액 입력 상품"


#: The lines with their own changes, each line's manual change, and the sale's.
KeptCart = tuple[tuple[CartLine, ...], list[ManualDiscount | None], ManualDiscount | None]


class Cart:
    """Mutable on purpose (the cashier edits it line by line); lines are immutable."""

    def __init__(self) -> None:
        self._lines: list[CartLine] = []
        #: Each line's manual change (same index as ``_lines``), None where there is none.
        self._manual: list[ManualDiscount | None] = []
        #: A discount on the whole sale: spread over the lines whenever they are read, so
        #: adding or removing a line after it spreads it again, to the won.
        self._sale_discount: ManualDiscount | None = None

    @property
    def lines(self) -> tuple[CartLine, ...]:
        """The lines as sold: each line's own change, then the sale discount spread."""
        return spread(self._lines, self.sale_discount_won())

    def sale_discount_won(self) -> int:
        if self._sale_discount is None or not self._lines:
            return 0
        return sale_discount_won(self._lines, self._sale_discount.kind, self._sale_discount.value)

    @property
    def sale_discount(self) -> ManualDiscount | None:
        return self._sale_discount

    def line_change(self, index: int) -> ManualDiscount | None:
        return self._manual[index]

    def own_line(self, index: int) -> CartLine:
        """The line with its own change but before the sale discount's share."""
        return self._lines[index]

    def change_line(self, index: int, change: ManualDiscount) -> None:
        """Give line ``index`` ``change`` (replacing its earlier one): ManualDiscountError
        if the rules refuse it."""
        self._lines[index] = change_line(self._lines[index], change.kind, change.value)
        self._manual[index] = change

    def clear_line_change(self, index: int) -> None:
        self._lines[index] = base_line(self._lines[index])
        self._manual[index] = None

    def set_sale_discount(self, change: ManualDiscount | None) -> None:
        if change is not None:
            sale_discount_won(self._lines, change.kind, change.value)  # refuses a bad value
        self._sale_discount = change

    def kept(
        self,
    ) -> tuple[tuple[CartLine, ...], list[ManualDiscount | None], ManualDiscount | None]:
        """The lines with their own changes, each line's change and the sale's: what a
        restart needs to ring the sale up again exactly (and journal who approved what)."""
        return tuple(self._lines), list(self._manual), self._sale_discount

    def restore(
        self,
        lines: list[CartLine],
        manual: list[ManualDiscount | None],
        sale_discount: ManualDiscount | None,
    ) -> None:
        """Back from :meth:`kept` into an empty cart (no merging of equal lines)."""
        self._lines = list(lines)
        self._manual = (manual + [None] * len(lines))[: len(lines)]
        self._sale_discount = sale_discount if lines else None

    def manual_discounts(self) -> list[dict[str, object]]:
        """The manual changes as the payment's journal body lists them."""
        out: list[dict[str, object]] = []
        for number, (line, change) in enumerate(zip(self._lines, self._manual, strict=True), 1):
            if change is None:
                continue
            won = line.line_discount
            if line.list_price is not None:
                won = (line.list_price - line.unit_price) * line.quantity
            out.append(change.as_body(number, won))
        if self._sale_discount is not None and self._lines:
            out.append(self._sale_discount.as_body(None, self.sale_discount_won()))
        return out

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
        self._manual.append(None)
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
        line = self._lines[index]
        change = self._manual[index]
        if change is not None:
            # A percent is taken of the new quantity; a won amount is held to the line.
            line = reapply(replace(base_line(line), quantity=quantity), change.kind, change.value)
        else:
            held = min(line.line_discount, line.unit_price * quantity)
            line = replace(line, quantity=quantity, line_discount=held)
        self._lines[index] = line

    def remove(self, index: int) -> None:
        del self._lines[index]
        del self._manual[index]
        if not self._lines:
            self._sale_discount = None

    def clear(self) -> None:
        self._lines.clear()
        self._manual.clear()
        self._sale_discount = None
