"""Checkout: record the sale's payments (a Cheongju Pay code, cash, the card terminal), settle
the ones the server did not answer in time, void the last one, and say what is unsynced.

The sale itself (cart, prices, the payment body) is :class:`~pos_app.services.sale.Sale`,
which the merchant-QR service receives too; the merchant's settings are read-only here
(:class:`~pos_app.services.merchant_settings.MerchantSettings`).

Every payment is one write transaction: the used-code check, the offline limits, the
journal event and its projected rows commit together or not at all, so a refused or failed
payment leaves no trace and a recorded one survives a power cut.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pos_app.domain.card_approval import parse_card_approval_no
from pos_app.domain.cash_receipt import (
    CashReceiptRecord,
    CashReceiptRequest,
    CashReceiptStatus,
    cancel_body,
    must_self_issue,
    self_issued_request,
)
from pos_app.domain.clock import Clock, business_date, parse_utc, unix_seconds
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won
from pos_app.domain.offline_rules import check_offline_acceptance
from pos_app.domain.payment_code import PaymentCode, verify_payment_code
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.pricing import Quote
from pos_app.domain.receipt import ReceiptRow, build_receipt
from pos_app.domain.records import PaymentRecord, Product
from pos_app.domain.scan import ScanKind, ScanResult, classify_scan
from pos_app.domain.staff import Action
from pos_app.domain.tenders import Tender, cash_change
from pos_app.services import preferences
from pos_app.services.answer_deadlines import AnswerDeadlines, SettledWait
from pos_app.services.merchant_settings import MerchantSettings
from pos_app.services.parked_sales import ParkedSaleService
from pos_app.services.sale import Sale
from pos_app.services.staff import StaffService, approving_member
from pos_app.store import answer_waits, cash_receipts, queries, sync_state
from pos_app.store import refunds as refund_store
from pos_app.store.database import write_transaction
from pos_app.store.projection import PAYMENT, PAYMENT_VOID, record


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


class CheckoutService:
    def __init__(
        self,
        conn: sqlite3.Connection,
        sale: Sale,
        *,
        is_online: Callable[[], bool] = lambda: False,
        on_recorded: Callable[[], None] = lambda: None,
    ) -> None:
        """``is_online`` says whether the server answered lately (the sync worker knows);
        ``on_recorded`` is called after each committed event (to push it at once)."""
        self._conn = conn
        self.sale = sale
        self.settings = sale.settings
        self.clock = sale.clock
        self._is_online = is_online
        self._on_recorded = on_recorded
        #: Each online payment's wait for the server's answer: kept here, not in a widget,
        #: so a rebuilt window or the next sale cannot lose one; the ones a stopped POS
        #: left undecided are due at once.
        self.deadlines = AnswerDeadlines(self.clock, self.settle_unanswered, self.payment)
        self.deadlines.resume(answer_waits.unsettled_online_payments(conn))
        #: Sales put aside (보류) to serve the next customer: the same sale, the same file.
        self.parked = ParkedSaleService(conn, sale, lambda: self.clock())

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
            index, product = self.sale.add_scanned(scan)
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
        if self.sale.is_empty():
            raise UserFacingError(ErrorKey.CHECKOUT_EMPTY_CART)
        if sync_state.revoked_at(self._conn) is not None:
            # The city no longer stands behind this device: no Cheongju Pay, offline least of
            # all (nothing it takes could be sent). Cash and card are final: they go on.
            raise UserFacingError(ErrorKey.CHECKOUT_DEVICE_REVOKED)
        keys = self.settings.keys
        if not len(keys):
            raise UserFacingError(ErrorKey.CHECKOUT_NO_ISSUER_KEYS)
        now = self.clock()
        code = verify_payment_code(text, keys, unix_seconds(now))
        priced = self.sale.quote(Tender.CHEONGJU_PAY, at=now)
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
            body = self.sale.counter_payment_body(
                priced,
                receipt_no=receipt_no,
                business_date=day.isoformat(),
                code=code,
                scanned_at=unix_seconds(now),
                offline=offline_ok,
            )
            event = record(conn, PAYMENT, body, occurred_at=now)
        if online:
            # Pushed at once (on_recorded); the server has ANSWER_WAIT to answer before
            # the offline rules decide (check_deadlines).
            self.deadlines.start(event.event_id, now)
        self.sale.clear()
        self._on_recorded()
        return self._recorded(event.event_id)

    def pay_cash(
        self, tendered: int, cash_receipt: CashReceiptRequest | None = None
    ) -> PaymentRecord:
        """Record a cash sale: ``tendered`` won handed over, the change is the rest.

        ``cash_receipt``: the customer's request (the number already checked, see
        ``domain.cash_receipt.parse_identifier``). In a mandatory-issuance trade a sale of
        100,000원 or more without one is issued to 010-000-1234 (자진발급): the request
        travels in the payment's event, and the relay's answer comes with the push."""
        if self.sale.is_empty():
            raise UserFacingError(ErrorKey.CHECKOUT_EMPTY_CART)
        now = self.clock()
        priced = self.sale.quote(Tender.CASH, at=now)
        if isinstance(tendered, bool) or not isinstance(tendered, int) or tendered < 0:
            raise UserFacingError(ErrorKey.TENDER_BAD_AMOUNT)
        if tendered < priced.total:
            raise UserFacingError(
                ErrorKey.TENDER_SHORT_CASH,
                tendered=format_won(tendered),
                total=format_won(priced.total),
            )
        extra: dict[str, Any] = {
            "tendered": tendered,
            "change": cash_change(tendered, priced.total),
        }
        if cash_receipt is None and must_self_issue(
            priced.total,
            mandatory_trade=preferences.cash_receipt_mandatory(self._conn),
            asked=False,
        ):
            cash_receipt = self_issued_request()
        if cash_receipt is not None:
            extra["cash_receipt"] = cash_receipt.to_body()
        return self._record_other_tender(priced, now, extra)

    def cash_receipt(self, payment_id: str) -> CashReceiptRecord | None:
        """The sale's cash receipt, as asked and as the relay answered (None: none asked)."""
        return cash_receipts.issue_of(self._conn, payment_id)

    def cash_receipt_mandatory(self) -> bool:
        return preferences.cash_receipt_mandatory(self._conn)

    def pay_card_terminal(self, approved_on_terminal: bool) -> PaymentRecord:
        """Record a sale paid on the separate card terminal, once the cashier confirms
        the terminal approved it (the POS never sees the card)."""
        if self.sale.is_empty():
            raise UserFacingError(ErrorKey.CHECKOUT_EMPTY_CART)
        if not approved_on_terminal:
            raise UserFacingError(ErrorKey.TENDER_NOT_CONFIRMED)
        now = self.clock()
        return self._record_other_tender(self.sale.quote(Tender.CARD_TERMINAL, at=now), now, {})

    def pay_cheongju_card(self, approval_text: str, approved_on_terminal: bool) -> PaymentRecord:
        """Record a sale paid with the Cheongju Pay card on the card terminal: the
        Cheongju Pay price (the special discount), the terminal's approval number
        (typed or scanned from its slip, E361/E362). The terminal approved it, so it is
        final when recorded: no wallet money moves through the POS or the server, and it
        is no exposure to the offline limits."""
        if self.sale.is_empty():
            raise UserFacingError(ErrorKey.CHECKOUT_EMPTY_CART)
        if not approved_on_terminal:
            raise UserFacingError(ErrorKey.TENDER_NOT_CONFIRMED)
        approval_no = parse_card_approval_no(approval_text)
        now = self.clock()
        priced = self.sale.quote(Tender.CHEONGJU_CARD, at=now)
        return self._record_other_tender(priced, now, {"card_approval_no": approval_no})

    def _record_other_tender(
        self, priced: Quote, now: datetime, extra: dict[str, Any]
    ) -> PaymentRecord:
        # No payment code and no offline limits: no Cheongju Pay money moves, the server
        # only records the sale (and its stock), so it never waits for an answer.
        with write_transaction(self._conn) as conn:
            day = business_date(now)
            receipt_no = queries.next_receipt_no(conn, day)
            body = self.sale.counter_payment_body(
                priced,
                receipt_no=receipt_no,
                business_date=day.isoformat(),
                code=None,
                scanned_at=unix_seconds(now),
                offline=True,
            )
            event = record(conn, PAYMENT, {**body, **extra}, occurred_at=now)
        self.sale.clear()
        self._on_recorded()
        return self._recorded(event.event_id)

    def _recorded(self, payment_id: str) -> PaymentRecord:
        """The payment as its event projected it (read back: one mapper, the store's)."""
        recorded = queries.payment_by_id(self._conn, payment_id)
        assert recorded is not None  # projected in the transaction that recorded it
        return recorded

    def _check_offline_rules(
        self, conn: sqlite3.Connection, amount: int, code: PaymentCode, now: datetime
    ) -> None:
        _, unsynced_total = queries.unsynced_payments(conn)
        oldest = queries.oldest_unsynced_payment_at(conn)
        age = int((now - parse_utc(oldest)).total_seconds()) if oldest else None
        check_offline_acceptance(amount, code, unsynced_total, self.settings.limits, age)

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

    def device_revoked(self) -> bool:
        """The server revoked this device and it was not enrolled since: no Cheongju Pay."""
        return sync_state.revoked_at(self._conn) is not None

    def payment(self, payment_id: str) -> PaymentRecord | None:
        return queries.payment_by_id(self._conn, payment_id)

    # ----- after the sale -----------------------------------------------------------

    def receipt(self, payment: PaymentRecord) -> list[ReceiptRow]:
        merchant = self.settings.merchant
        if merchant is None:
            return []
        return build_receipt(
            merchant,
            payment,
            self.settings.device_label,
            cash_receipt=cash_receipts.issue_of(self._conn, payment.payment_id),
        )

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
            issued = cash_receipts.issue_of(conn, last.payment_id)
            if issued is not None and issued.status is not CashReceiptStatus.REFUSED:
                # A void gives the whole sale back: its cash receipt is cancelled whole.
                body["cash_receipt_cancel"] = cancel_body(
                    last.payment_id, issued.amount, issued.approval_no
                )
            record(conn, PAYMENT_VOID, body, occurred_at=now)
        self._on_recorded()
        voided = queries.payment_by_id(self._conn, last.payment_id)
        assert voided is not None
        return voided


def open_checkout(
    conn: sqlite3.Connection,
    clock: Clock,
    *,
    settings: MerchantSettings | None = None,
    is_online: Callable[[], bool] = lambda: False,
    on_recorded: Callable[[], None] = lambda: None,
) -> CheckoutService:
    """A counter's checkout over a new, empty sale (``settings``: the merchant's, read now
    unless given; training passes its own)."""
    sale = Sale(conn, clock, settings or MerchantSettings(conn))
    return CheckoutService(conn, sale, is_online=is_online, on_recorded=on_recorded)
