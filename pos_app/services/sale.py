"""The sale being rung up: its cart, its price under the merchant's terms, and the payment
body it records.

One sale at a counter, shared by whoever takes its payment: the checkout (a scanned code,
cash, the card terminal) and the merchant-QR service both receive it, so neither reaches
into the other. Screens edit the cart through these methods only.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from datetime import datetime
from typing import Any

from pos_app.domain.cart import Cart
from pos_app.domain.clock import Clock, business_date
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.payment_body import counter_payment_body, merchant_qr_payment_body
from pos_app.domain.payment_code import PaymentCode
from pos_app.domain.pricing import CartLine, Quote, quote
from pos_app.domain.records import Product
from pos_app.domain.scan import ScanResult, product_code_key
from pos_app.domain.tax import TaxCategory
from pos_app.domain.tenders import Tender
from pos_app.services import preferences
from pos_app.services.merchant_settings import MerchantSettings
from pos_app.store import queries, settings
from pos_app.store.catalog_search import search_products
from pos_app.store.database import write_transaction

PICKER_LIMIT = 200  # products the counter's search list shows; typing narrows it
#: The cart a closing app put aside (device state, not a record: nothing was sold).
KEPT_SALE = "kept_sale"


def cart_lines_body(lines: tuple[CartLine, ...]) -> list[dict[str, Any]]:
    """Cart lines as JSON-ready dicts, every field (a kept or parked sale)."""
    return [asdict(line) for line in lines]


def cart_lines_from_body(raw: object) -> list[CartLine]:
    """Cart lines back from :func:`cart_lines_body`; a line an older version wrote
    differently is left out (the cashier rescans it)."""
    lines = []
    for line in raw if isinstance(raw, list) else []:
        try:
            lines.append(CartLine(**line))
        except (TypeError, ValueError):
            continue
    return lines


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

    # ----- across a restart -----------------------------------------------------------

    def keep(self) -> None:
        """Put the cart aside in the file: the app is closing (Windows shutting down, an
        installer closing it, even at the lock screen) and the next start rings it up again.
        Idempotent; an empty cart leaves nothing behind."""
        lines = [asdict(line) for line in self._cart.lines]
        if not lines and settings.get_value(self._conn, KEPT_SALE) is None:
            return  # nothing to keep, nothing kept: no write at all
        with write_transaction(self._conn):
            settings.set_value(self._conn, KEPT_SALE, lines or None)

    def resume_kept(self) -> int:
        """The cart a closing app put aside, back in the sale (once); its line count."""
        raw = settings.get_value(self._conn, KEPT_SALE)
        if not raw:
            return 0
        resumed = 0
        for line in raw if isinstance(raw, list) else []:
            try:
                self._cart.add(CartLine(**line))
            except (TypeError, ValueError):
                continue  # a line an older version wrote differently: the cashier rescans it
            resumed += 1
        with write_transaction(self._conn):
            settings.set_value(self._conn, KEPT_SALE, None)
        return resumed

    def restore(self, lines: list[CartLine]) -> None:
        """Lines put aside earlier (a parked sale), back in an empty cart, as they were."""
        for line in lines:
            self._cart.add(line)

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
        )

    def merchant_qr_payment_body(self, priced: Quote, request_id: str) -> dict[str, Any]:
        """The body a merchant-presented request keeps until the server says it was paid."""
        return merchant_qr_payment_body(self._cart.lines, priced, request_id)
