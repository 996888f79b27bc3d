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
from pos_app.domain.hangul_ime import contains_hangul
from pos_app.domain.money import format_won
from pos_app.domain.offline_rules import check_offline_acceptance
from pos_app.domain.payment_code import PaymentCode, verify_payment_code
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.pricing import CartLine, Quote
from pos_app.domain.receipt import ReceiptRow, build_receipt
from pos_app.domain.records import PaymentRecord, Product
from pos_app.domain.scan import ScanKind, ScanResult, classify_scan
from pos_app.domain.split import check_rest_parts, parts_split, split_parts
from pos_app.domain.staff import Action
from pos_app.domain.tax import split_of_body
from pos_app.domain.tenders import Tender, cash_change, is_cheongju_pay
from pos_app.services import preferences
from pos_app.services.answer_deadlines import AnswerDeadlines, SettledWait
from pos_app.services.merchant_settings import MerchantSettings
from pos_app.services.parked_sales import ParkedSaleService
from pos_app.services.sale import Sale
from pos_app.services.staff import StaffService, approving_member
from pos_app.store import answer_waits, cash_receipts, journal, payment_parts, queries, sync_state
from pos_app.store import refunds as refund_store
from pos_app.store.database import write_transaction
from pos_app.store.projection import PAYMENT, PAYMENT_VOID, record


class ScanAction(StrEnum):
    PRODUCT_ADDED = "product_added"
    PAYMENT_RECORDED = "payment_recorded"
    #: A 시가 product: nothing added yet; the counter asks for today's price.
    MARKET_PRICE_NEEDED = "market_price_needed"


@dataclass(frozen=True)
class ScanOutcome:
    action: ScanAction
    scan: ScanResult
    line_index: int | None = None
    product: Product | None = None
    payment: PaymentRecord | None = None


_PRODUCT_KINDS = {ScanKind.EAN13, ScanKind.UPCA, ScanKind.EAN8, ScanKind.STORE_CODE}
#: On a Cheongju Pay payment recorded online (the counter waits for its answer): a prompt
#: one is judged on the balance even when ``offline`` says the offline rules would let it
#: stand, since the counter is still there to show a decline. Written only when true.
_ANSWER_AWAITED = {"answer_awaited": True}


@dataclass(frozen=True)
class ReopenedSale:
    """A declined payment back in the cart: what was already taken, what to lower."""

    declined: PaymentRecord
    cheongju_pay: int  # the declined Cheongju Pay amount (the one to lower)
    cash: int  # the cash part already in the drawer (0: none)
    tendered: int | None  # what the customer handed over for it
    card_terminal: int  # the card-terminal part already approved (0: none)


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
        # Hangul repaired into a store code counts only if this shop sells under that code.
        scan = classify_scan(raw, known_code=self._is_known_code)
        if scan.kind is ScanKind.PAYMENT_CODE:
            payment = self.pay_with_code(scan.text)
            return ScanOutcome(ScanAction.PAYMENT_RECORDED, scan, payment=payment)
        if scan.kind is ScanKind.MERCHANT_QR:
            # A merchant QR (this shop's or another scheme's) is for the customer's app to
            # scan; held to the counter's scanner it is a mix-up, never a product or a payment.
            raise UserFacingError(ErrorKey.MPM_MERCHANT_QR_SCANNED)
        if self.sale.is_scale_label(scan):
            index, product = self.sale.add_scale_label(scan)
            return ScanOutcome(ScanAction.PRODUCT_ADDED, scan, line_index=index, product=product)
        if scan.kind in _PRODUCT_KINDS:
            index, product = self.sale.add_scanned(scan)
            if index < 0:
                return ScanOutcome(ScanAction.MARKET_PRICE_NEEDED, scan, product=product)
            return ScanOutcome(ScanAction.PRODUCT_ADDED, scan, line_index=index, product=product)
        if scan.problem == "bad_check_digit":
            raise UserFacingError(ErrorKey.SCAN_BAD_CHECK_DIGIT, code=scan.text)
        if contains_hangul(scan.text):
            # Korean that is no code once the IME is undone: shown as it was scanned.
            raise UserFacingError(ErrorKey.SCAN_KOREAN_TEXT, code=scan.text)
        raise UserFacingError(ErrorKey.SCAN_UNRECOGNISED)

    def _is_known_code(self, code: str) -> bool:
        return queries.product_by_code(self._conn, code) is not None

    # ----- payment ------------------------------------------------------------------

    def pay_with_code(self, text: str) -> PaymentRecord:
        """Verify the customer's code and record the payment.

        Offline, the offline rules decide before anything is recorded. Online, a
        payment over those rules is still recorded (with ``offline`` false) and
        pushed at once: the server's answer decides, and if none comes in time
        :meth:`settle_unanswered` voids it. Online, the body says ``answer_awaited``: one
        within the offline rules (``offline`` true) is still declined when the balance is
        short, if the server has it while the counter waits.
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
            offline_ok = self._stands_offline(conn, priced.total, code, now, online=online)
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
            if online:
                body.update(_ANSWER_AWAITED)
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

    def pay_split(
        self,
        cheongju_pay: int,
        *,
        code_text: str | None = None,
        card_approval_no: str | None = None,
        cash: int = 0,
        tendered: int | None = None,
        card_terminal: int = 0,
        cash_receipt: CashReceiptRequest | None = None,
    ) -> PaymentRecord:
        """Record a split sale (복합결제): ``cheongju_pay`` won by Cheongju Pay (the customer's
        QR ``code_text``, or the 청주페이 카드 with the terminal's ``card_approval_no``), the
        rest as ``cash`` (``tendered`` handed over, the change back) and/or ``card_terminal``.

        The special discount is the one rule's (``domain/split.py``): the service prices the
        sale, the screen only shows it. Only a QR part is exposure: the offline rules look at
        it, not at the sale, and it waits for the server's answer as a plain QR payment does
        (a decline declines the whole payment, which :meth:`reopen_declined` rings up again).
        """
        if self.sale.is_empty():
            raise UserFacingError(ErrorKey.CHECKOUT_EMPTY_CART)
        now = self.clock()
        split = self.sale.quote_split(cheongju_pay, at=now)
        check_rest_parts(split.rest, cash, card_terminal)
        by_qr = cheongju_pay > 0 and bool(code_text and code_text.strip())
        parts = split_parts(
            cheongju_pay,
            by_qr=by_qr,
            card_approval_no=card_approval_no if cheongju_pay > 0 else None,
            cash=cash,
            tendered=tendered,
            card_terminal=card_terminal,
        )
        code = self._verified_code(str(code_text).strip(), now) if by_qr else None
        terms = self.settings.terms
        restricted = self.settings.restricted
        priced = Quote(
            subtotal=split.subtotal,
            eligible=split.eligible,
            discount=split.discount,
            total=split.total,
            discount_rate_bp=split.discount_rate_bp,
            cashback_preview=(
                terms.cashback.preview(cheongju_pay)
                if terms.cashback is not None and cheongju_pay > 0 and not restricted
                else 0
            ),
            tender=Tender.SPLIT,
            cashback_restricted=cheongju_pay > 0 and restricted,
        )
        online = self._is_online()
        with write_transaction(self._conn) as conn:
            offline_ok = code is None or self._stands_offline(
                conn, cheongju_pay, code, now, online=online
            )
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
            shares = parts_split(split_of_body(body, split.total), [p["amount"] for p in parts])
            for part, share in zip(parts, shares, strict=True):
                part["tax_split"] = share.as_body()
            body["parts"] = parts
            receipt = self._cash_receipt_for(cash, cash_receipt) if cash > 0 else None
            if receipt is not None:
                body["cash_receipt"] = receipt.to_body()
            if code is not None and online:
                body.update(_ANSWER_AWAITED)
            event = record(conn, PAYMENT, body, occurred_at=now)
        if code is not None and online:
            self.deadlines.start(event.event_id, now)
        self.sale.clear()
        self._on_recorded()
        return self._recorded(event.event_id)

    def _verified_code(self, text: str, now: datetime) -> PaymentCode:
        if sync_state.revoked_at(self._conn) is not None:
            raise UserFacingError(ErrorKey.CHECKOUT_DEVICE_REVOKED)
        keys = self.settings.keys
        if not len(keys):
            raise UserFacingError(ErrorKey.CHECKOUT_NO_ISSUER_KEYS)
        return verify_payment_code(text, keys, unix_seconds(now))

    def _cash_receipt_for(
        self, cash: int, asked: CashReceiptRequest | None
    ) -> CashReceiptRequest | None:
        """The cash receipt a cash amount carries: the one asked, or 자진발급 when due."""
        if asked is None and must_self_issue(
            cash, mandatory_trade=preferences.cash_receipt_mandatory(self._conn), asked=False
        ):
            return self_issued_request()
        return asked

    def reopen_declined(self, payment_id: str) -> ReopenedSale:
        """Ring a payment the server declined (a plain Cheongju Pay QR or a split sale) up
        again without scanning the goods: its lines come back into the empty cart, and the
        screen gets its parts that were not Cheongju Pay (already taken at the counter) and
        the Cheongju Pay amount to lower. The new sale is a new event naming the declined
        one, which stays in the journal as declined; a declined payment is reopened into
        one sale at most (E358)."""
        payment = queries.payment_by_id(self._conn, payment_id)
        if (
            payment is None
            or payment.status is not PaymentStatus.DECLINED
            or payment.tender not in (Tender.CHEONGJU_PAY, Tender.SPLIT)
        ):
            raise UserFacingError(ErrorKey.REOPEN_NOT_DECLINED)
        again = payment_parts.reopened_by(self._conn, payment_id)
        if again is not None:
            raise UserFacingError(ErrorKey.REOPEN_ALREADY_REOPENED, receipt_no=again)
        if not self.sale.is_empty():
            raise UserFacingError(ErrorKey.REOPEN_CART_NOT_EMPTY)
        lines = [
            CartLine(
                name=item.name,
                unit_price=item.unit_price,
                quantity=item.quantity,
                excluded_from_discount=item.excluded_from_discount,
                product_id=item.product_id,
                tax=item.tax,
                weight_g=item.weight_g,
                price_per_kg=item.price_per_kg,
                list_price=item.list_price,
                line_discount=item.line_discount,
            )
            for item in payment.items
        ]
        # The manual changes it was sold with (who asked, who approved, why) go with the
        # lines into the new sale's event: they were approved for these goods already.
        declined_event = journal.event_at(self._conn, payment.seq)
        manual = [] if declined_event is None else declined_event.body.get("manual_discounts")
        self.sale.reopen_lines(lines, payment_id, manual if isinstance(manual, list) else [])
        cash = next((p for p in payment.parts if p.tender is Tender.CASH), None)
        card = sum(p.amount for p in payment.parts if p.tender is Tender.CARD_TERMINAL)
        cheongju = sum(p.amount for p in payment.parts if is_cheongju_pay(p.tender))
        return ReopenedSale(
            declined=payment,
            cheongju_pay=cheongju,
            cash=0 if cash is None else cash.amount,
            tendered=None if cash is None else cash.tendered,
            card_terminal=card,
        )

    def _recorded(self, payment_id: str) -> PaymentRecord:
        """The payment as its event projected it (read back: one mapper, the store's)."""
        recorded = queries.payment_by_id(self._conn, payment_id)
        assert recorded is not None  # projected in the transaction that recorded it
        return recorded

    def _stands_offline(
        self,
        conn: sqlite3.Connection,
        amount: int,
        code: PaymentCode,
        now: datetime,
        *,
        online: bool,
    ) -> bool:
        """The code is new here; True if ``amount`` passes the offline rules (the payment
        may stand without the server's answer). Online, a payment over them is still
        recorded and the server's answer decides (False); offline, it is refused."""
        if queries.is_code_used(conn, code.token_id_hex):
            raise UserFacingError(ErrorKey.CPM_ALREADY_USED)
        try:
            self._check_offline_rules(conn, amount, code, now)
        except UserFacingError:
            if not online:
                raise
            return False
        return True

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
