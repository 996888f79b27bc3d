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
from dataclasses import asdict, replace
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
from pos_app.domain.scale_label import (
    ScaleFormat,
    is_scale_label,
    parse_scale_label,
    weighed_price,
)
from pos_app.domain.scan import ScanKind, ScanResult, product_code_key
from pos_app.domain.split import SplitQuote, quote_split
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
#: Today's 시가 (market prices) typed at this counter: {"date": business date, "prices":
#: {product_id: won}}. Device state, the next ring-up's default; a new day starts empty.
MARKET_PRICES = "market_prices_today"
_SCALE_SCAN_KINDS = frozenset({ScanKind.STORE_CODE, ScanKind.UNKNOWN})


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


#: Its manual price changes and discounts (who asked, who approved, why), beside it.
KEPT_DISCOUNTS = "kept_sale_discounts"


class Sale:
    def __init__(self, conn: sqlite3.Connection, clock: Clock, settings: MerchantSettings) -> None:
        self._conn = conn
        self.clock = clock
        self.settings = settings
        self._cart = Cart()
        #: The declined payment this cart was reopened from (its next payment names it).
        self.reopens: str | None = None
        #: A reopened sale's manual changes as its declined event recorded them.
        self._carried_manual: list[dict[str, Any]] = []

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
        """A product's barcode or store code: its line index and the product.

        A 시가 product is not added: the caller asks for today's price
        (``market_price_default``) and adds it with ``add_at_market_price``; the index is
        then -1."""
        product = self.product_for_scan(scan)
        if product.market_price:
            return -1, product
        return self.add_product(product), product

    def product_for_scan(self, scan: ScanResult) -> Product:
        product = queries.product_by_code(self._conn, product_code_key(scan))
        if product is None:
            raise UserFacingError(ErrorKey.SCAN_UNKNOWN_PRODUCT, code=scan.text)
        return product

    # ----- label scales -------------------------------------------------------------

    def scale_format(self) -> ScaleFormat | None:
        """The shop's label layout; None: no scale set up (labels off)."""
        return preferences.scale_format(self._conn)

    def is_scale_label(self, scan: ScanResult) -> bool:
        """Whether a scan is read as a scale label: the shop set a layout, the scan is 13
        digits with its prefix (a bad EAN check digit included: it must be refused as a
        label, E651), and no product has exactly that code (a shop's own 2-codes work on)."""
        fmt = self.scale_format()
        if fmt is None or scan.kind not in _SCALE_SCAN_KINDS:
            return False
        if not is_scale_label(scan.text, fmt):
            return False
        return queries.product_by_code(self._conn, scan.text) is None

    def add_scale_label(self, scan: ScanResult) -> tuple[int, Product]:
        """A scale label: both check digits verified, the product found by its item code,
        a line of its own with the label's weight and price (never merged with another)."""
        fmt = self.scale_format()
        if fmt is None:
            raise UserFacingError(ErrorKey.SCALE_NOT_A_LABEL, code=scan.text)
        label = parse_scale_label(scan.text, fmt)
        product = queries.product_by_code(self._conn, label.item_code)
        if product is None:
            raise UserFacingError(ErrorKey.SCALE_UNKNOWN_ITEM, item=label.item_code)
        per_kg = product.price_per_kg if product.sold_by_weight else None
        if label.weight_g is not None:
            if per_kg is None:
                raise UserFacingError(ErrorKey.SCALE_NO_PRICE_PER_KG, name=product.name)
            weight_g = label.weight_g
            price = weighed_price(weight_g, per_kg)
        else:
            price = label.price or 0
            # The scale priced it; the weight is the grams that price buys (to the gram the
            # scale rounded to), for the line, the receipt and the stock kept in grams.
            weight_g = price * 1000 // per_kg if per_kg else None
        if price <= 0 or price > MAX_UNIT_PRICE or weight_g == 0:
            raise UserFacingError(ErrorKey.SCALE_BAD_WEIGHT, code=scan.text)
        line = replace(
            product.as_cart_line(),
            unit_price=price,
            barcode=scan.text,
            weight_g=weight_g,
            price_per_kg=per_kg,
        )
        return self._cart.add(line, merge=False), product

    # ----- 시가 (market price) goods ---------------------------------------------------

    def market_price_default(self, product: Product) -> int:
        """The price to offer: the one typed today for this product, else its list price."""
        remembered = self._market_prices().get(product.product_id)
        return remembered if isinstance(remembered, int) else product.price

    def add_at_market_price(self, product: Product, price: int, quantity: int = 1) -> int:
        """A 시가 line at today's ``price``, remembered as the default for the business day."""
        if isinstance(price, bool) or not 1 <= price <= MAX_UNIT_PRICE:
            raise UserFacingError(ErrorKey.MARKET_PRICE_BAD, max=format_won(MAX_UNIT_PRICE))
        prices = self._market_prices()
        prices[product.product_id] = price
        with write_transaction(self._conn):
            settings.set_value(self._conn, MARKET_PRICES, {"date": self._today(), "prices": prices})
        return self._cart.add(replace(product.as_cart_line(quantity), unit_price=price))

    def _today(self) -> str:
        return business_date(self.clock()).isoformat()

    def _market_prices(self) -> dict[str, int]:
        raw = settings.get_value(self._conn, MARKET_PRICES)
        if not isinstance(raw, dict) or raw.get("date") != self._today():
            return {}  # a new business day: yesterday's prices are no default
        prices = raw.get("prices")
        return dict(prices) if isinstance(prices, dict) else {}

    def set_quantity(self, index: int, quantity: int) -> None:
        self._cart.set_quantity(index, quantity)

    def remove(self, index: int) -> None:
        self._cart.remove(index)

    def clear(self) -> None:
        self._cart.clear()
        self.reopens = None
        self._carried_manual = []

    def reopen_lines(
        self,
        lines: list[CartLine],
        declined_payment_id: str,
        manual: list[dict[str, Any]] | None = None,
    ) -> None:
        """Put a declined payment's lines back in the (empty) cart, naming it; ``manual``:
        the manual changes it was sold with, as its event listed them (the lines carry
        their prices and discounts; these say who approved them and why)."""
        for line in lines:
            # Line for line, as sold: a scale label or a changed price is a line of its own.
            self._cart.add(line, merge=False)
        self.reopens = declined_payment_id
        self._carried_manual = list(manual or [])

    def quote_split(self, cheongju_pay: int, at: datetime | None = None) -> SplitQuote:
        """Price the cart paid ``cheongju_pay`` won by Cheongju Pay, the rest otherwise."""
        return quote_split(
            self._cart.lines,
            cheongju_pay=cheongju_pay,
            today=business_date(at or self.clock()),
            discount_policy=self.settings.terms.discount,
        )

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

    def snapshot(self) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """The cart as the file keeps it (across a restart, or parked): its own lines, every
        CartLine field, and its manual changes (who asked, who approved, why; None: none)."""
        own, manual, sale_discount = self._cart.kept()
        changes = None
        if any(manual) or sale_discount is not None:
            changes = {
                "lines": [None if m is None else asdict(m) for m in manual],
                "sale": None if sale_discount is None else asdict(sale_discount),
            }
        return cart_lines_body(own), changes

    def restore_snapshot(self, raw: object, changes: object) -> int:
        """A :meth:`snapshot` back in the empty cart, line for line (who approved each
        change goes into the payment's journal body as if it had never left); its line
        count."""
        if isinstance(changes, dict) and self._cart.is_empty():
            return self._resume_with_changes(raw, changes)
        resumed = 0
        for line in cart_lines_from_body(raw):
            # A scale label's line stays a package of its own.
            self._cart.add(line, merge=line.weight_g is None and line.price_per_kg is None)
            resumed += 1
        return resumed

    def keep(self) -> None:
        """Put the cart aside in the file: the app is closing (Windows shutting down, an
        installer closing it, even at the lock screen) and the next start rings it up again.
        Idempotent; an empty cart leaves nothing behind."""
        lines, changes = self.snapshot()
        if not lines and settings.get_value(self._conn, KEPT_SALE) is None:
            return  # nothing to keep, nothing kept: no write at all
        with write_transaction(self._conn):
            settings.set_value(self._conn, KEPT_SALE, lines or None)
            settings.set_value(self._conn, KEPT_DISCOUNTS, changes if lines else None)

    def resume_kept(self) -> int:
        """The cart a closing app put aside, back in the sale (once); its line count."""
        raw = settings.get_value(self._conn, KEPT_SALE)
        if not raw:
            return 0
        resumed = self.restore_snapshot(raw, settings.get_value(self._conn, KEPT_DISCOUNTS))
        with write_transaction(self._conn):
            settings.set_value(self._conn, KEPT_SALE, None)
            settings.set_value(self._conn, KEPT_DISCOUNTS, None)
        return resumed

    def _resume_with_changes(self, raw: object, changes: dict[str, Any]) -> int:
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
        body = counter_payment_body(
            self._cart.lines,
            priced,
            receipt_no=receipt_no,
            business_date=business_date,
            code=code,
            scanned_at=scanned_at,
            offline=offline,
            manual=self._cart.manual_discounts() + self._carried_manual,
        )
        if self.reopens is not None:
            body["reopens"] = self.reopens  # the declined payment this sale rings up again
        return body

    def merchant_qr_payment_body(self, priced: Quote, request_id: str) -> dict[str, Any]:
        """The body a merchant-presented request keeps until the server says it was paid."""
        return merchant_qr_payment_body(
            self._cart.lines, priced, request_id, self._cart.manual_discounts()
        )
