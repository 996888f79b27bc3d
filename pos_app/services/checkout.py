"""Checkout: ring up a cart and take a Cheongju Pay payment, offline if need be.

The screen calls only this service. Every payment is one write transaction:
the used-code check, the offline limits, the journal event and its projected
rows commit together or not at all, so a refused or failed payment leaves no
trace and a recorded one survives a power cut.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pos_app.domain.cart import Cart
from pos_app.domain.clock import Clock, business_date, parse_utc, unix_seconds
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.merchant import MerchantProfile, MerchantTerms
from pos_app.domain.money import format_won
from pos_app.domain.offline_rules import OfflineLimits, check_offline_acceptance
from pos_app.domain.payment_code import KeySet, PaymentCode, verify_payment_code
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.pricing import Quote, Tender, quote
from pos_app.domain.receipt import ReceiptRow, build_receipt
from pos_app.domain.records import PaymentRecord, Product
from pos_app.domain.scan import ScanKind, ScanResult, classify_scan, product_code_key
from pos_app.domain.staff import Action
from pos_app.domain.tenders import cash_change
from pos_app.services.answer_deadlines import AnswerDeadlines, SettledWait
from pos_app.services.merchant_qr import ClientFactory, MerchantQrService
from pos_app.services.staff import StaffService, approving_member
from pos_app.store import answer_waits, queries, settings, sync_state
from pos_app.store import refunds as refund_store
from pos_app.store.catalog_search import search_products
from pos_app.store.database import write_transaction
from pos_app.store.projection import PAYMENT, PAYMENT_VOID, payment_record, record
from pos_app.sync.credentials import CredentialStore


class ScanAction(StrEnum):
    PRODUCT_ADDED = "product_added"
    PAYMENT_RECORDED = "payment_recorded"


@dataclass(frozen=True)
class ScanOutcome:
    action: ScanAction
    scan: ScanResult
    line_index: int | None = None
    product: Product | None = None
    payment: PaymentRecord | None = None


_PRODUCT_KINDS = {ScanKind.EAN13, ScanKind.UPCA, ScanKind.EAN8, ScanKind.STORE_CODE}
PICKER_LIMIT = 200  # products the counter's search list shows; typing narrows it


class CheckoutService:
    def __init__(
        self,
        conn: sqlite3.Connection,
        clock: Clock,
        *,
        is_online: Callable[[], bool] = lambda: False,
        on_recorded: Callable[[], None] = lambda: None,
    ) -> None:
        """``is_online`` says whether the server answered lately (the sync worker knows);
        ``on_recorded`` is called after each committed event (to push it at once)."""
        self._conn = conn
        self.clock = clock
        self._is_online = is_online
        self._on_recorded = on_recorded
        self.cart = Cart()
        #: Pay by merchant QR (issue 7), once :meth:`enable_merchant_qr` gave it the server.
        self.merchant_qr: MerchantQrService | None = None
        self.reload_settings()
        #: Each online payment's wait for the server's answer (finding 5 of issue 14): kept
        #: here, not in a widget, so a rebuilt window or the next sale cannot lose one; the
        #: ones a stopped POS left undecided are due at once.
        self.deadlines = AnswerDeadlines(clock, self.settle_unanswered, self.payment)
        self.deadlines.resume(answer_waits.unsettled_online_payments(conn))

    def enable_merchant_qr(
        self, credentials: CredentialStore, client_factory: ClientFactory
    ) -> MerchantQrService:
        """Pay by merchant QR needs the server: this device's token and an HTTP client."""
        self.merchant_qr = MerchantQrService(
            self._conn, self, credentials, client_factory, on_recorded=self._on_recorded
        )
        return self.merchant_qr

    def reload_settings(self) -> None:
        """Re-read policies and keys (after setup or a sync brought new ones).

        Kept in memory: checkout's hot path must not parse settings JSON per scan.
        """
        self.merchant: MerchantProfile | None = settings.load_merchant(self._conn)
        self.terms: MerchantTerms = settings.load_terms(self._conn)
        self.keys: KeySet = settings.load_keys(self._conn)
        self.limits: OfflineLimits = settings.load_offline_limits(self._conn)
        self.device_label: str = settings.get_value(self._conn, settings.DEVICE_LABEL, "POS-01")

    # ----- the cart -----------------------------------------------------------------

    def quote(self, tender: Tender = Tender.CHEONGJU_PAY, at: datetime | None = None) -> Quote:
        """Price the cart; ``at`` pins the moment (one clock reading per payment)."""
        return quote(
            self.cart.lines,
            tender=tender,
            today=business_date(at or self.clock()),
            discount_policy=self.terms.discount,
            cashback_policy=self.terms.cashback,
            merchant_restricted=bool(self.merchant and self.merchant.restricted),
        )

    def add_product(self, product: Product, quantity: int = 1) -> int:
        return self.cart.add(product.as_cart_line(quantity))

    def add_amount(self, amount: int, name: str) -> int:
        return self.cart.add_open_amount(amount, name)

    def search_products(self, text: str = "") -> list[Product]:
        # A page, not the whole catalogue: a market stall may list 100,000 goods.
        return search_products(self._conn, text.strip(), PICKER_LIMIT)

    def handle_scan(self, raw: str) -> ScanOutcome:
        """One entry point for every scanner (keyboard wedge, camera, demo phone)."""
        scan = classify_scan(raw)
        if scan.kind is ScanKind.PAYMENT_CODE:
            payment = self.pay_with_code(scan.text)
            return ScanOutcome(ScanAction.PAYMENT_RECORDED, scan, payment=payment)
        if scan.kind is ScanKind.MERCHANT_QR:
            # A merchant QR (this shop's or another scheme's) is for the customer's app to
            # scan; held to the counter's scanner it is a mix-up, never a product or a payment.
            raise UserFacingError(ErrorKey.MPM_MERCHANT_QR_SCANNED)
        if scan.kind in _PRODUCT_KINDS:
            product = queries.product_by_code(self._conn, product_code_key(scan))
            if product is None:
                raise UserFacingError(ErrorKey.SCAN_UNKNOWN_PRODUCT, code=scan.text)
            index = self.add_product(product)
            return ScanOutcome(ScanAction.PRODUCT_ADDED, scan, line_index=index, product=product)
        if scan.problem == "bad_check_digit":
            raise UserFacingError(ErrorKey.SCAN_BAD_CHECK_DIGIT, code=scan.text)
        raise UserFacingError(ErrorKey.SCAN_UNRECOGNISED)

    # ----- payment ------------------------------------------------------------------

    def pay_with_code(self, text: str) -> PaymentRecord:
        """Verify the customer's code and record the payment.

        Offline, the offline rules decide before anything is recorded. Online, a
        payment over those rules is still recorded (with ``offline`` false) and
        pushed at once: the server's answer decides, and if none comes in time
        :meth:`settle_unanswered` voids it.
        """
        if self.cart.is_empty():
            raise UserFacingError(ErrorKey.CHECKOUT_EMPTY_CART)
        if not len(self.keys):
            raise UserFacingError(ErrorKey.CHECKOUT_NO_ISSUER_KEYS)
        now = self.clock()
        code = verify_payment_code(text, self.keys, unix_seconds(now))
        priced = self.quote(Tender.CHEONGJU_PAY, at=now)
        online = self._is_online()
        with write_transaction(self._conn) as conn:
            if queries.is_code_used(conn, code.token_id_hex):
                raise UserFacingError(ErrorKey.CPM_ALREADY_USED)
            try:
                self._check_offline_rules(conn, priced.total, code, now)
                offline_ok = True
            except UserFacingError:
                if not online:
                    raise
                offline_ok = False
            day = business_date(now)
            receipt_no = queries.next_receipt_no(conn, day)
            body = self._payment_body(priced, code, receipt_no, day.isoformat(), now, offline_ok)
            event = record(conn, PAYMENT, body, occurred_at=now)
        if online:
            # Pushed at once (on_recorded); the server has ANSWER_WAIT to answer before
            # the offline rules decide (check_deadlines).
            self.deadlines.start(event.event_id, now)
        self.cart.clear()
        self._on_recorded()
        return payment_record(event)

    def pay_cash(self, tendered: int) -> PaymentRecord:
        """Record a cash sale: ``tendered`` won handed over, the change is the rest."""
        if self.cart.is_empty():
            raise UserFacingError(ErrorKey.CHECKOUT_EMPTY_CART)
        now = self.clock()
        priced = self.quote(Tender.CASH, at=now)
        if isinstance(tendered, bool) or not isinstance(tendered, int) or tendered < 0:
            raise UserFacingError(ErrorKey.TENDER_BAD_AMOUNT)
        if tendered < priced.total:
            raise UserFacingError(
                ErrorKey.TENDER_SHORT_CASH,
                tendered=format_won(tendered),
                total=format_won(priced.total),
            )
        return self._record_other_tender(
            priced, now, {"tendered": tendered, "change": cash_change(tendered, priced.total)}
        )

    def pay_card_terminal(self, approved_on_terminal: bool) -> PaymentRecord:
        """Record a sale paid on the separate card terminal, once the cashier confirms
        the terminal approved it (the POS never sees the card)."""
        if self.cart.is_empty():
            raise UserFacingError(ErrorKey.CHECKOUT_EMPTY_CART)
        if not approved_on_terminal:
            raise UserFacingError(ErrorKey.TENDER_NOT_CONFIRMED)
        now = self.clock()
        return self._record_other_tender(self.quote(Tender.CARD_TERMINAL, at=now), now, {})

    def _record_other_tender(
        self, priced: Quote, now: datetime, extra: dict[str, Any]
    ) -> PaymentRecord:
        # No payment code and no offline limits: no Cheongju Pay money moves, the server
        # only records the sale (and its stock), so it never waits for an answer.
        with write_transaction(self._conn) as conn:
            day = business_date(now)
            receipt_no = queries.next_receipt_no(conn, day)
            body = self._payment_body(priced, None, receipt_no, day.isoformat(), now, True)
            body.update(extra)
            event = record(conn, PAYMENT, body, occurred_at=now)
        self.cart.clear()
        self._on_recorded()
        recorded = queries.payment_by_id(self._conn, event.event_id)
        assert recorded is not None
        return recorded

    def _check_offline_rules(
        self, conn: sqlite3.Connection, amount: int, code: PaymentCode, now: datetime
    ) -> None:
        _, unsynced_total = queries.unsynced_payments(conn)
        oldest = queries.oldest_unsynced_payment_at(conn)
        age = int((now - parse_utc(oldest)).total_seconds()) if oldest else None
        check_offline_acceptance(amount, code, unsynced_total, self.limits, age)

    def settle_unanswered(self, payment_id: str) -> PaymentRecord | None:
        """The server did not answer in time: keep the payment if the offline rules
        allowed it, else void it (a system void: no PIN, the reason says why).

        Returns the voided payment, or None if nothing had to be done.
        """
        with write_transaction(self._conn) as conn:
            payment = queries.payment_by_id(conn, payment_id)
            if (
                payment is None
                or payment.status is not PaymentStatus.PENDING
                or payment.voided
                or payment.offline
            ):
                return None
            record(
                conn,
                PAYMENT_VOID,
                {
                    "payment_id": payment_id,
                    "receipt_no": payment.receipt_no,
                    "reason": "no_answer_over_offline_limits",
                },
                occurred_at=self.clock(),
            )
        self._on_recorded()
        return queries.payment_by_id(self._conn, payment_id)

    def check_deadlines(self) -> list[SettledWait]:
        """Settle every online payment whose wait for an answer is over (the UI calls this
        on a tick and shows the outcomes); the rule and the due times are the service's."""
        return self.deadlines.settle_due()

    def pending_stats(self) -> sync_state.PendingStats:
        """Journal events the server has not acknowledged yet."""
        return sync_state.pending_stats(self._conn)

    def is_online(self) -> bool:
        return self._is_online()

    def payment(self, payment_id: str) -> PaymentRecord | None:
        return queries.payment_by_id(self._conn, payment_id)

    def _payment_body(
        self,
        priced: Quote,
        code: PaymentCode | None,
        receipt_no: str,
        day: str,
        now: datetime,
        offline_ok: bool,
    ) -> dict[str, Any]:
        return {
            "receipt_no": receipt_no,
            "business_date": day,
            "tender": priced.tender.value,
            "lines": [
                {
                    "line_no": number,
                    "product_id": line.product_id,
                    "name": line.name,
                    "unit_price": line.unit_price,
                    "quantity": line.quantity,
                    "amount": line.amount,
                    "excluded_from_discount": line.excluded_from_discount,
                }
                for number, line in enumerate(self.cart.lines, start=1)
            ],
            "subtotal": priced.subtotal,
            "eligible": priced.eligible,
            "discount": priced.discount,
            "discount_rate_bp": priced.discount_rate_bp,
            "total": priced.total,
            "cashback_preview": priced.cashback_preview,
            "cashback_restricted": priced.cashback_restricted,
            # Cash and card-terminal sales carry no payment code (null).
            "payment_code": None
            if code is None
            else {
                "text": code.text,
                "token_id": code.token_id_hex,
                # u64 on the wire: a decimal string, since JSON integers are only
                # exact to 2**53 and SQLite integers stop at 2**63.
                "wallet_id": str(code.wallet_id),
                "key_id": code.key_id,
                "scanned_at": unix_seconds(now),
            },
            # True: passed the offline rules, so it may stand without the server's answer.
            "offline": offline_ok,
        }

    def merchant_qr_payment_body(
        self, priced: Quote, request_id: str, now: datetime
    ) -> dict[str, Any]:
        """The payment body a merchant-presented request records once the customer paid:
        this cart, no payment code; the receipt number, business date, approval number and
        cashback are added when it is recorded (``store/payment_requests.py``)."""
        body = self._payment_body(priced, None, "", "", now, False)
        del body["receipt_no"], body["business_date"]
        body["mpm_request_id"] = request_id
        return body

    # ----- after the sale -----------------------------------------------------------

    def receipt(self, payment: PaymentRecord) -> list[ReceiptRow]:
        if self.merchant is None:
            return []
        return build_receipt(self.merchant, payment, self.device_label)

    def last_payment(self) -> PaymentRecord | None:
        return queries.last_payment(self._conn)

    def unsynced(self) -> tuple[int, int]:
        return queries.unsynced_payments(self._conn)

    def void_last_payment(
        self,
        pin: str,
        reason: str,
        expected_payment_id: str | None = None,
        *,
        approver: str | None = None,
    ) -> PaymentRecord:
        """Void the most recent payment; a journal event, nothing is deleted.

        ``expected_payment_id`` is the payment the manager was shown: if another
        payment was recorded meanwhile, nothing is voided. ``pin`` is a manager's or the
        owner's, checked by the staff service (a wrong one counts toward its lockout; a
        cashier's is refused, E804). ``approver`` is the staff id a manager override
        already returned; then ``pin`` is not asked again, but the approver's role is
        checked here too. The event names the approver.
        """
        if approver is None:
            approver = StaffService(self._conn, self.clock).approve(pin, Action.VOID).staff_id
        elif approving_member(self._conn, approver, Action.VOID) is None:
            raise UserFacingError(ErrorKey.VOID_BAD_PIN)
        now = self.clock()
        with write_transaction(self._conn) as conn:
            last = queries.last_payment(conn)
            if last is None:
                raise UserFacingError(ErrorKey.VOID_NOTHING_TO_VOID)
            if expected_payment_id is not None and last.payment_id != expected_payment_id:
                raise UserFacingError(ErrorKey.VOID_NOT_LAST)
            if last.voided:
                raise UserFacingError(ErrorKey.VOID_ALREADY_VOIDED)
            if refund_store.refunds_of(conn, last.payment_id):
                # A void gives everything back: after a partial refund it would over-refund.
                raise UserFacingError(ErrorKey.REFUND_VOID_AFTER_REFUND)
            body = {"payment_id": last.payment_id, "receipt_no": last.receipt_no, "reason": reason}
            body["approved_by"] = approver
            record(conn, PAYMENT_VOID, body, occurred_at=now)
        self._on_recorded()
        voided = queries.payment_by_id(self._conn, last.payment_id)
        assert voided is not None
        return voided
