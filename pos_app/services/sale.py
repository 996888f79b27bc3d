"""The sale being rung up: its cart, its price under the merchant's terms, and the payment
body it records.

One sale at a counter, shared by whoever takes its payment: the checkout (a scanned code,
cash, the card terminal) and the merchant-QR service both receive it, so neither reaches
into the other. Screens edit the cart through these methods only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from typing import Any

from pos_app.domain.cart import Cart
from pos_app.domain.clock import Clock, business_date
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.manual_discounts import (
    MAX_REASON_LENGTH,
    ApprovalThreshold,
    DiscountKind,
    DiscountScope,
    ManualDiscount,
    ManualDiscountError,
    base_line,
    change_line,
    clean_reason,
    manual_from_value,
    sale_discount_won,
)
from pos_app.domain.money import format_won
from pos_app.domain.payment_body import counter_payment_body, merchant_qr_payment_body
from pos_app.domain.payment_code import PaymentCode
from pos_app.domain.pricing import MAX_UNIT_PRICE, CartLine, Quote, quote
from pos_app.domain.records import Product
from pos_app.domain.scan import ScanResult, product_code_key
from pos_app.domain.staff import Action
from pos_app.domain.tax import TaxCategory
from pos_app.domain.tenders import Tender
from pos_app.services import preferences
from pos_app.services.merchant_settings import MerchantSettings
from pos_app.services.staff import StaffService
from pos_app.store import actor, queries, settings
from pos_app.store.catalog_search import search_products
from pos_app.store.database import write_transaction

PICKER_LIMIT = 200  # products the counter's search list shows; typing narrows it
#: The cart a closing app put aside (device state, not a record: nothing was sold).
KEPT_SALE = "kept_sale"
#: Its manual price changes and discounts (who asked, who approved, why), beside it.
KEPT_DISCOUNTS = "kept_sale_discounts"


class Sale:
    def __init__(self, conn: sqlite3.Connection, clock: Clock, settings: MerchantSettings) -> None:
        self._conn = conn
        self.clock = clock
        self.settings = settings
        self._cart = Cart()

    # ----- what is in it ------------------------------------------------------------

    @property
    def lines(self) -> tuple[CartLine, ...]:
        return self._cart.lines

    def __len__(self) -> int:
        return len(self._cart)

    def is_empty(self) -> bool:
        return self._cart.is_empty()

    def quote(self, tender: Tender = Tender.CHEONGJU_PAY, at: datetime | None = None) -> Quote:
        """Price the cart; ``at`` pins the moment (one clock reading per payment)."""
        terms = self.settings.terms
        return quote(
            self._cart.lines,
            tender=tender,
            today=business_date(at or self.clock()),
            discount_policy=terms.discount,
            cashback_policy=terms.cashback,
            merchant_restricted=self.settings.restricted,
        )

    # ----- the cashier's edits ------------------------------------------------------

    def add_product(self, product: Product, quantity: int = 1) -> int:
        """Returns the index of the line that changed, so the screen can select it."""
        return self._cart.add(product.as_cart_line(quantity))

    def add_amount(self, amount: int, name: str, tax: TaxCategory | None = None) -> int:
        """A typed amount; ``tax`` None: the shop's default for typed amounts."""
        return self._cart.add_open_amount(amount, name, tax or self.open_amount_tax())

    def open_amount_tax(self) -> TaxCategory:
        """What a typed amount is unless the cashier says otherwise (the shop's setting)."""
        return preferences.open_amount_tax(self._conn)

    def add_scanned(self, scan: ScanResult) -> tuple[int, Product]:
        """A product's barcode or store code: its line index and the product."""
        product = queries.product_by_code(self._conn, product_code_key(scan))
        if product is None:
            raise UserFacingError(ErrorKey.SCAN_UNKNOWN_PRODUCT, code=scan.text)
        return self.add_product(product), product

    def set_quantity(self, index: int, quantity: int) -> None:
        self._cart.set_quantity(index, quantity)

    def remove(self, index: int) -> None:
        self._cart.remove(index)

    def clear(self) -> None:
        self._cart.clear()

    # ----- manual price changes and discounts -----------------------------------------

    def discount_threshold(self) -> ApprovalThreshold:
        return preferences.discount_threshold(self._conn)

    def line_change(self, index: int) -> ManualDiscount | None:
        return self._cart.line_change(index)

    def sale_discount(self) -> ManualDiscount | None:
        return self._cart.sale_discount

    def catalogue_line(self, index: int) -> CartLine:
        """Line ``index`` as the catalogue priced it (what a new change starts from)."""
        self._line_index(index)
        return base_line(self._cart.own_line(index))

    def line_needs_approval(self, index: int, kind: DiscountKind, value: int) -> bool:
        base = self.catalogue_line(index)
        if kind is DiscountKind.PRICE and value == base.unit_price:
            return False  # no change at all
        return self.discount_threshold().needs_approval(
            kind, value, base.unit_price * base.quantity
        )

    def sale_needs_approval(self, kind: DiscountKind, value: int) -> bool:
        whole = sum(line.amount for line in self._own_lines())
        return self.discount_threshold().needs_approval(kind, value, whole)

    def change_line(
        self, index: int, kind: DiscountKind, value: int, reason: str, *, pin: str | None = None
    ) -> None:
        """A new price or a discount on line ``index``; above the shop's threshold ``pin``
        must be a manager's or the owner's (checked by the staff service: a wrong one counts
        toward its lockout). The journal records who asked, who approved and why when the
        sale is paid."""
        self._line_index(index)
        base = self.catalogue_line(index)
        with self._refusals(base):
            change_line(base, kind, value)  # a bad figure is refused before any PIN
        approved_by = self._approval(self.line_needs_approval(index, kind, value), pin)
        change = self._change(DiscountScope.LINE, kind, value, reason, approved_by)
        with self._refusals(base):
            self._cart.change_line(index, change)

    def clear_line_change(self, index: int) -> None:
        """Back to the catalogue price (taking a discount away needs no approval)."""
        self._line_index(index)
        self._cart.clear_line_change(index)

    def discount_sale(
        self, kind: DiscountKind, value: int, reason: str, *, pin: str | None = None
    ) -> None:
        """A discount on the whole sale (won or %), spread over its lines."""
        if self._cart.is_empty():
            raise UserFacingError(ErrorKey.DISCOUNT_NO_LINE)
        if kind is DiscountKind.PRICE:
            raise UserFacingError(ErrorKey.DISCOUNT_BAD_VALUE, max=format_won(MAX_UNIT_PRICE))
        whole = sum(line.amount for line in self._own_lines())
        if kind is DiscountKind.WON and value > whole:
            raise UserFacingError(ErrorKey.DISCOUNT_OVER_LINE, amount=format_won(whole))
        with self._refusals(None):
            sale_discount_won(self._own_lines(), kind, value)  # refused before any PIN
        approved_by = self._approval(self.sale_needs_approval(kind, value), pin)
        change = self._change(DiscountScope.SALE, kind, value, reason, approved_by)
        with self._refusals(None):
            self._cart.set_sale_discount(change)

    def clear_sale_discount(self) -> None:
        self._cart.set_sale_discount(None)

    def goods_before_sale_discount(self) -> int:
        """What the lines come to with their own changes, before a discount on the sale."""
        return sum(line.amount for line in self._own_lines())

    def manual_discount_won(self) -> int:
        """Won the manual changes take off the goods (price cuts and discounts)."""
        return sum(int(str(m["won"])) for m in self._cart.manual_discounts())

    def _own_lines(self) -> list[CartLine]:
        return [self._cart.own_line(index) for index in range(len(self._cart))]

    def _line_index(self, index: int) -> None:
        if not 0 <= index < len(self._cart):
            raise UserFacingError(ErrorKey.DISCOUNT_NO_LINE)

    def _approval(self, needed: bool, pin: str | None) -> str | None:
        if not needed:
            return None
        if not pin:
            raise UserFacingError(ErrorKey.DISCOUNT_NEEDS_APPROVAL)
        return StaffService(self._conn, self.clock).approve(pin, Action.PRICE_CHANGE).staff_id

    def _change(
        self,
        scope: DiscountScope,
        kind: DiscountKind,
        value: int,
        reason: str,
        approved_by: str | None,
    ) -> ManualDiscount:
        try:
            reason = clean_reason(reason)
        except ManualDiscountError:
            raise UserFacingError(ErrorKey.DISCOUNT_BAD_REASON, max=MAX_REASON_LENGTH) from None
        return ManualDiscount(
            scope, kind, value, reason, actor.current(self._conn).staff_id, approved_by
        )

    @contextmanager
    def _refusals(self, line: CartLine | None) -> Iterator[None]:
        try:
            yield
        except ManualDiscountError as exc:
            if exc.code == "over_line" and line is not None:
                gross = line.unit_price * line.quantity
                raise UserFacingError(
                    ErrorKey.DISCOUNT_OVER_LINE, amount=format_won(gross)
                ) from None
            raise UserFacingError(
                ErrorKey.DISCOUNT_BAD_VALUE, max=format_won(MAX_UNIT_PRICE)
            ) from None

    # ----- across a restart -----------------------------------------------------------

    def keep(self) -> None:
        """Put the cart aside in the file: the app is closing (Windows shutting down, an
        installer closing it, even at the lock screen) and the next start rings it up again.
        Idempotent; an empty cart leaves nothing behind."""
        own, manual, sale_discount = self._cart.kept()
        lines = [asdict(line) for line in own]
        if not lines and settings.get_value(self._conn, KEPT_SALE) is None:
            return  # nothing to keep, nothing kept: no write at all
        changes = None
        if any(manual) or sale_discount is not None:
            changes = {
                "lines": [None if m is None else asdict(m) for m in manual],
                "sale": None if sale_discount is None else asdict(sale_discount),
            }
        with write_transaction(self._conn):
            settings.set_value(self._conn, KEPT_SALE, lines or None)
            settings.set_value(self._conn, KEPT_DISCOUNTS, changes if lines else None)

    def resume_kept(self) -> int:
        """The cart a closing app put aside, back in the sale (once); its line count."""
        raw = settings.get_value(self._conn, KEPT_SALE)
        if not raw:
            return 0
        changes = settings.get_value(self._conn, KEPT_DISCOUNTS)
        if isinstance(changes, dict) and self._cart.is_empty():
            resumed = self._resume_with_changes(raw, changes)
        else:
            resumed = 0
            for line in raw if isinstance(raw, list) else []:
                try:
                    self._cart.add(CartLine(**line))
                except (TypeError, ValueError):
                    continue  # a line an older version wrote differently: rescanned
                resumed += 1
        with write_transaction(self._conn):
            settings.set_value(self._conn, KEPT_SALE, None)
            settings.set_value(self._conn, KEPT_DISCOUNTS, None)
        return resumed

    def _resume_with_changes(self, raw: object, changes: dict[str, Any]) -> int:
        """The kept lines with their manual changes, line for line (who approved each goes
        into the payment's journal body as if there had been no restart)."""
        lines: list[CartLine] = []
        manual: list[ManualDiscount | None] = []
        kept_manual = changes.get("lines") or []
        for index, line in enumerate(raw if isinstance(raw, list) else []):
            try:
                lines.append(CartLine(**line))
            except (TypeError, ValueError):
                continue  # a line an older version wrote differently: rescanned
            manual.append(
                manual_from_value(kept_manual[index]) if index < len(kept_manual) else None
            )
        self._cart.restore(lines, manual, manual_from_value(changes.get("sale")))
        return len(lines)

    def search_products(self, text: str = "") -> list[Product]:
        # A page, not the whole catalogue: a market stall may list 100,000 goods.
        return search_products(self._conn, text.strip(), PICKER_LIMIT)

    # ----- what a payment of it records ---------------------------------------------

    def counter_payment_body(
        self,
        priced: Quote,
        *,
        receipt_no: str,
        business_date: str,
        code: PaymentCode | None,
        scanned_at: int,
        offline: bool,
    ) -> dict[str, Any]:
        """The body of a payment recorded at the counter (code, cash or card terminal)."""
        return counter_payment_body(
            self._cart.lines,
            priced,
            receipt_no=receipt_no,
            business_date=business_date,
            code=code,
            scanned_at=scanned_at,
            offline=offline,
            manual=self._cart.manual_discounts(),
        )

    def merchant_qr_payment_body(self, priced: Quote, request_id: str) -> dict[str, Any]:
        """The body a merchant-presented request keeps until the server says it was paid."""
        return merchant_qr_payment_body(
            self._cart.lines, priced, request_id, self._cart.manual_discounts()
        )
