"""Where a payment or a refund stands with the server, and which money is exposure.

Only Cheongju Pay moves money through the server, so only a Cheongju Pay payment waits for
an approval (``pending`` until the server accepts or declines it) and only that money counts
against the offline limits (the unsynced cap, the age rule). Cash and the card terminal are
final when recorded: the server is told for the record (its answer is ``recorded``), never
asked. Such a record is still in the outbox until sent, but it never awaits approval.
"""

from __future__ import annotations

from enum import StrEnum

from pos_app.domain.tenders import Tender


class PaymentStatus(StrEnum):
    """The ``payments.status`` column."""

    PENDING = "pending"  # Cheongju Pay, waiting for the server's approval
    APPROVED = "approved"  # Cheongju Pay, the server accepted it (approval number)
    DECLINED = "declined"  # Cheongju Pay, the server refused it: no money came
    RECORDED = "recorded"  # cash or card terminal: final when recorded


class ServerOutcome(StrEnum):
    """What the server answers for a pushed event (docs/protocol.md)."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    RECORDED = "recorded"  # no Cheongju Pay money moved: kept for the record


class RefundStatus(StrEnum):
    """The ``refunds.status`` column: pending, then the server's outcome."""

    PENDING = "pending"  # Cheongju Pay refund, waiting for the server
    ACCEPTED = "accepted"
    DECLINED = "declined"
    RECORDED = "recorded"  # cash or card terminal: given back at the counter, final


def is_exposure(tender: str) -> bool:
    """Is this tender's money at risk until the server approves it?"""
    return tender == Tender.CHEONGJU_PAY


def status_when_recorded(tender: str, *, approved: bool = False) -> PaymentStatus:
    """A payment's status as it is recorded. ``approved``: the server approved it before
    (a merchant-presented QR is recorded once paid)."""
    if not is_exposure(tender):
        return PaymentStatus.RECORDED
    return PaymentStatus.APPROVED if approved else PaymentStatus.PENDING


def refund_status_when_recorded(tender: str) -> RefundStatus:
    return RefundStatus.PENDING if is_exposure(tender) else RefundStatus.RECORDED


def status_after(outcome: str) -> PaymentStatus | None:
    """The payment status the server's answer sets (None: an outcome this POS does not know,
    which leaves the payment as it is)."""
    return {
        ServerOutcome.ACCEPTED: PaymentStatus.APPROVED,
        ServerOutcome.DECLINED: PaymentStatus.DECLINED,
        ServerOutcome.RECORDED: PaymentStatus.RECORDED,
    }.get(outcome)  # type: ignore[call-overload]
