"""Refunds (결제취소): find the payment, plan the refund, get a manager's approval, record.

The approval is a staff member's (services/staff.py: a manager's or the owner's PIN, with
its lockout); whatever approver a caller passes, this service checks its role itself.

The screens call only this service. A refund is one ``payment_refund`` journal event,
projected in the same transaction; the rules it must pass are ``domain/refunds.py``'s and
are checked again inside the write transaction, against the refunds stored by then, so
two tills (or two clicks) cannot refund the same goods twice. A refund of a payment still
pending sync is just a later event in the journal: it reaches the server after it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pos_app.domain.cash_receipt import CashReceiptStatus, cancel_body
from pos_app.domain.clock import business_date
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won
from pos_app.domain.net_sales import split_of
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.receipt import ReceiptRow
from pos_app.domain.records import PaymentItem, PaymentRecord
from pos_app.domain.refund_receipt import build_refund_receipt
from pos_app.domain.refunds import (
    Paid,
    PaidLine,
    RefundPlan,
    RefundReason,
    RefundRecord,
    RefundRuleError,
    parse_receipt_qr,
    plan_amount_refund,
    plan_line_refund,
    remaining_quantities,
)
from pos_app.domain.split import parts_split, refund_by_parts, refund_parts_split
from pos_app.domain.staff import Action
from pos_app.domain.tenders import Tender
from pos_app.services.journalled import JournalledService
from pos_app.services.staff import Approver, StaffService, approving_member
from pos_app.store import cash_receipts, payment_parts, queries, settings
from pos_app.store import refunds as refund_store
from pos_app.store import staff as staff_store
from pos_app.store.database import write_transaction
from pos_app.store.projection import record

#: ``approved_by`` of refunds recorded with the shop's single PIN, before staff accounts.
LEGACY_MANAGER = "manager"


@dataclass(frozen=True)
class PaymentRow:
    """A line of the payments list: the payment and what went back of it."""

    payment: PaymentRecord
    refunded: int

    @property
    def left(self) -> int:
        return self.payment.total - self.refunded if not self.payment.voided else 0


@dataclass(frozen=True)
class Refundable:
    payment: PaymentRecord
    refunds: tuple[RefundRecord, ...]
    quantities_left: Mapping[int, int]  # line_no -> quantity still refundable
    amount_left: int


_RULE_ERRORS = {
    "nothing_chosen": ErrorKey.REFUND_NOTHING_CHOSEN,
    "unknown_line": ErrorKey.REFUND_OVER_QUANTITY,
    "over_quantity": ErrorKey.REFUND_OVER_QUANTITY,
    "bad_amount": ErrorKey.REFUND_NOTHING_CHOSEN,
}


def _paid(payment: PaymentRecord) -> Paid:
    return Paid(
        total=payment.total,
        discount=payment.discount,
        lines=tuple(
            PaidLine(
                i.line_no,
                i.unit_price,
                i.quantity,
                i.excluded_from_discount,
                i.tax,
                line_discount=i.unit_price * i.quantity - i.amount,
            )
            for i in payment.items
        ),
    )


def approver_name(conn: sqlite3.Connection, staff_id: str | None) -> str | None:
    """The name a receipt prints for who approved (the legacy shop PIN printed as 점장)."""
    if not staff_id:
        return None
    if staff_id == LEGACY_MANAGER:
        return "점장"
    found = staff_store.member(conn, staff_id)
    return found.name if found is not None else None


class RefundService(JournalledService):
    def pin_approver(self, pin: str) -> Approver:
        """The approval for a refund typed at this till: a manager's or the owner's PIN,
        checked by the staff service (wrong PINs count toward its lockout)."""
        return StaffService(self._conn, self._clock).approver(pin, Action.REFUND)

    # ----- finding the payment ------------------------------------------------------

    def search(
        self,
        *,
        receipt_no: str = "",
        approval_no: str = "",
        date_from: date | None = None,
        date_to: date | None = None,
        amount: int | None = None,
    ) -> list[PaymentRow]:
        ids = refund_store.find_payment_ids(
            self._conn,
            receipt_no=receipt_no.strip() or None,
            approval_no=approval_no.strip() or None,
            date_from=date_from,
            date_to=date_to,
            amount=amount,
        )
        refunded = refund_store.refunded_totals(self._conn, ids)
        rows = []
        for payment_id in ids:
            payment = queries.payment_by_id(self._conn, payment_id)
            if payment is not None:
                rows.append(PaymentRow(payment, refunded.get(payment_id, 0)))
        return rows

    def today(self) -> list[PaymentRow]:
        day = business_date(self._clock())
        return self.search(date_from=day, date_to=day)

    def payment_for_scan(self, text: str) -> PaymentRecord:
        """The payment whose receipt QR (``CJR1:<payment_id>``) was scanned."""
        payment_id = parse_receipt_qr(text)
        payment = queries.payment_by_id(self._conn, payment_id) if payment_id else None
        if payment is None:
            raise UserFacingError(ErrorKey.REFUND_PAYMENT_UNKNOWN)
        return payment

    # ----- planning -----------------------------------------------------------------

    def refundable(self, payment_id: str) -> Refundable:
        return self._refundable(self._conn, payment_id)

    def _refundable(self, conn: sqlite3.Connection, payment_id: str) -> Refundable:
        payment = queries.payment_by_id(conn, payment_id)
        if payment is None:
            raise UserFacingError(ErrorKey.REFUND_PAYMENT_UNKNOWN)
        refunds = tuple(refund_store.refunds_of(conn, payment_id))
        paid = _paid(payment)
        prior = [r.as_prior() for r in refunds]
        return Refundable(
            payment=payment,
            refunds=refunds,
            quantities_left=remaining_quantities(paid, prior),
            amount_left=payment.total - sum(r.amount for r in refunds),
        )

    def plan(
        self,
        payment_id: str,
        *,
        quantities: Mapping[int, int] | None = None,
        amount: int | None = None,
    ) -> RefundPlan:
        """What would go back (raises the refusal as a UserFacingError)."""
        return self._plan(self._refundable(self._conn, payment_id), quantities, amount)

    @staticmethod
    def _plan(
        state: Refundable, quantities: Mapping[int, int] | None, amount: int | None
    ) -> RefundPlan:
        payment = state.payment
        if payment.voided:
            raise UserFacingError(ErrorKey.REFUND_VOIDED)
        if payment.status == PaymentStatus.DECLINED and payment.tender in (
            Tender.CHEONGJU_PAY,
            Tender.SPLIT,
        ):
            raise UserFacingError(ErrorKey.REFUND_DECLINED)
        if state.amount_left <= 0:
            raise UserFacingError(ErrorKey.REFUND_NOTHING_LEFT)
        paid = _paid(payment)
        prior = [r.as_prior() for r in state.refunds]
        try:
            if amount is not None:
                return plan_amount_refund(paid, prior, amount)
            return plan_line_refund(paid, prior, quantities or {})
        except RefundRuleError as exc:
            if exc.code == "over_refund":
                raise UserFacingError(
                    ErrorKey.REFUND_OVER_REFUND,
                    amount=format_won(amount or 0),
                    left=format_won(state.amount_left),
                ) from None
            raise UserFacingError(_RULE_ERRORS[exc.code]) from None

    # ----- recording ----------------------------------------------------------------

    def refund(
        self,
        payment_id: str,
        *,
        reason: RefundReason,
        approve: Approver,
        quantities: Mapping[int, int] | None = None,
        amount: int | None = None,
        note: str = "",
    ) -> RefundRecord:
        """Record a refund once a manager approved it; returns the refund as recorded."""
        if reason is RefundReason.OTHER and not note.strip():
            raise UserFacingError(ErrorKey.REFUND_REASON_REQUIRED)
        planned = self.plan(payment_id, quantities=quantities, amount=amount)
        approved_by = approve(f"refund {format_won(planned.amount)}")
        # Checked here, not trusted: a cashier's id (or a stranger's) approves nothing.
        if approved_by is None or approving_member(self._conn, approved_by, Action.REFUND) is None:
            raise UserFacingError(ErrorKey.REFUND_NOT_APPROVED)
        now = self._clock()
        with write_transaction(self._conn) as conn:
            # Planned again against what is stored now: another refund may have landed.
            state = self._refundable(conn, payment_id)
            plan = self._plan(state, quantities, amount)
            day = business_date(now)
            body = self._body(conn, state.payment, plan, reason, note.strip(), approved_by, day)
            body["refund_no"] = refund_store.next_refund_no(conn, day)
            issued = cash_receipts.issue_of(conn, payment_id)
            if issued is not None and issued.status is not CashReceiptStatus.REFUSED:
                # The refund cancels its share of the sale's cash receipt (a partial
                # cancel for a partial refund), referencing the original.
                body["cash_receipt_cancel"] = cancel_body(
                    payment_id, plan.amount, issued.approval_no
                )
            event = record(conn, refund_store.PAYMENT_REFUND, body, occurred_at=now)
        self._on_recorded()
        done = refund_store.refund_by_id(self._conn, event.event_id)
        assert done is not None
        return done

    @staticmethod
    def _body(
        conn: sqlite3.Connection,
        payment: PaymentRecord,
        plan: RefundPlan,
        reason: RefundReason,
        note: str,
        approved_by: str,
        day: date,
    ) -> dict[str, Any]:
        items = {item.line_no: item for item in payment.items}
        return {
            "payment_id": payment.payment_id,
            "receipt_no": payment.receipt_no,
            "approval_no": payment.approval_no,
            "business_date": day.isoformat(),
            "tender": payment.tender.value,
            "wallet_id": payment.wallet_id,
            "reason": reason.value,
            "note": note,
            "lines": [
                _refund_line(items[line_no], quantity, plan.line_amounts[line_no])
                for line_no, quantity in sorted(plan.quantities.items())
            ],
            "gross": plan.gross,
            "discount_share": plan.discount_share,
            "amount": plan.amount,
            "approved_by": approved_by,
            "tax_split": plan.tax_split.as_body(),
            **_refund_parts(conn, payment, plan),
        }

    # ----- after the refund ---------------------------------------------------------

    def refund_by_id(self, refund_id: str) -> RefundRecord | None:
        return refund_store.refund_by_id(self._conn, refund_id)

    def receipt(self, refund: RefundRecord) -> list[ReceiptRow]:
        return refund_receipt_rows(self._conn, refund) or []

    def back_by_tender(self, payment_id: str, amount: int) -> list[tuple[Tender, int]]:
        """How ``amount`` goes back over a split sale's tenders, cash first and the wallet
        last (empty: a sale of one tender), for the cashier to hand over the right money."""
        payment = queries.payment_by_id(self._conn, payment_id)
        if payment is None or payment.tender is not Tender.SPLIT or amount <= 0:
            return []
        sold = [(part.tender, part.amount) for part in payment.parts]
        before = refund_by_parts(payment.refunded, sold, []) if payment.refunded else []
        try:
            return refund_by_parts(amount, sold, before)
        except ValueError:
            return []  # more than is left: the plan refuses it with its own error

    def cancels_cash_receipt(self, refund: RefundRecord) -> bool:
        """The refund carried the cancel of its sale's 현금영수증 (the cashier is told)."""
        return cash_receipts.by_event(self._conn, refund.refund_id) is not None


def _refund_parts(
    conn: sqlite3.Connection, payment: PaymentRecord, plan: RefundPlan
) -> dict[str, Any]:
    """A split sale's refund goes back part by part, cash first and the wallet last
    (``domain/split.REFUND_ORDER``); what earlier refunds gave back follows from their sum,
    as they went the same order. Each tender's share of the refund's VAT split keeps what
    every tender holds of the sale pro rata (``domain/split.refund_parts_split``)."""
    if payment.tender is not Tender.SPLIT:
        return {}
    sold = [(part.tender, part.amount) for part in payment.parts]
    before = refund_by_parts(payment.refunded, sold, []) if payment.refunded else []
    parts = refund_by_parts(plan.amount, sold, before)
    earlier = [
        (Tender(tender), amount, split_of(split, amount))
        for refund in refund_store.refunds_of(conn, payment.payment_id)
        if refund.status != "declined"
        for tender, amount, split in payment_parts.refund_fact_parts(conn, refund.seq)
    ]
    paid = [(p.tender, p.amount, split_of(p.tax_split, p.amount)) for p in payment.parts]
    try:
        shares = refund_parts_split(paid, earlier, parts, plan.tax_split)
    except ValueError:
        # Shares that cannot be kept pro rata (a sale recorded with other shares): the
        # refund itself must still go through; its split is spread over its own parts.
        own = parts_split(plan.tax_split, [amount for _, amount in parts])
        shares = [(t, a, share) for (t, a), share in zip(parts, own, strict=True)]
    return {
        "parts": [
            {"tender": tender.value, "amount": amount, "tax_split": share.as_body()}
            for tender, amount, share in shares
        ]
    }


def refund_receipt_rows(conn: sqlite3.Connection, refund: RefundRecord) -> list[ReceiptRow] | None:
    """The refund receipt's rows; None before the merchant's identity is known."""
    merchant = settings.load_merchant(conn)
    if merchant is None:
        return None
    label = settings.device_label(conn)
    payment = queries.payment_by_id(conn, refund.payment_id)
    approver = approver_name(conn, refund.approved_by)
    cancel = cash_receipts.by_event(conn, refund.refund_id)
    issue = cash_receipts.issue_of(conn, refund.payment_id) if cancel is not None else None
    return build_refund_receipt(
        merchant, refund, payment, label, approver,
        cash_receipt_cancel=cancel, cash_receipt_issue=issue,
        parts=tuple((t, a) for t, a, _ in payment_parts.refund_fact_parts(conn, refund.seq)),
    )  # fmt: skip


def _refund_line(item: PaymentItem, quantity: int, amount: int) -> dict[str, Any]:
    line: dict[str, Any] = {
        "line_no": item.line_no,
        "product_id": item.product_id,
        "name": item.name,
        "quantity": quantity,
        "amount": amount,
    }
    if item.weight_g is not None:
        line["weight_g"] = item.weight_g  # the grams go back on stock (only when weighed)
    return line
