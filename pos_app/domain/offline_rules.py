"""When may a payment be accepted with no answer from the server?

The issuer stands behind a code only up to its ``offline_limit``; the merchant
adds a per-payment floor limit and a cap on everything not yet synced, which
bounds the loss if the PC is stolen or a code turns out to be double-spent.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won
from pos_app.domain.payment_code import PaymentCode

DEFAULT_FLOOR_LIMIT = 50_000
DEFAULT_UNSYNCED_CAP = 500_000
DEFAULT_MAX_UNSYNCED_AGE_HOURS = 72


@dataclass(frozen=True)
class OfflineLimits:
    floor_limit: int = DEFAULT_FLOOR_LIMIT
    unsynced_cap: int = DEFAULT_UNSYNCED_CAP
    max_unsynced_age_hours: int = DEFAULT_MAX_UNSYNCED_AGE_HOURS


def check_offline_acceptance(
    amount: int,
    code: PaymentCode,
    unsynced_total: int,
    limits: OfflineLimits,
    oldest_unsynced_age_s: int | None = None,
) -> None:
    """Raise the first rule the payment breaks; return quietly if it may go ahead.

    ``unsynced_total`` and ``oldest_unsynced_age_s``: the Cheongju Pay payments still
    awaiting the server's approval, and how long the oldest has waited. Cash and card are
    never in them (final when recorded, ``domain/payment_status.py``). A POS cut off for
    days must stop taking risk, however small each sale.
    """
    if code.offline_limit == 0:
        raise UserFacingError(ErrorKey.CPM_ONLINE_ONLY)
    if amount > code.offline_limit:
        raise UserFacingError(
            ErrorKey.CPM_OVER_OFFLINE_LIMIT,
            limit=format_won(code.offline_limit),
            amount=format_won(amount),
        )
    if amount > limits.floor_limit:
        raise UserFacingError(
            ErrorKey.CHECKOUT_OVER_FLOOR_LIMIT,
            limit=format_won(limits.floor_limit),
            amount=format_won(amount),
        )
    if (
        oldest_unsynced_age_s is not None
        and oldest_unsynced_age_s > limits.max_unsynced_age_hours * 3600
    ):
        raise UserFacingError(
            ErrorKey.CHECKOUT_UNSYNCED_TOO_OLD, hours=limits.max_unsynced_age_hours
        )
    if unsynced_total + amount > limits.unsynced_cap:
        raise UserFacingError(
            ErrorKey.CHECKOUT_OVER_UNSYNCED_CAP,
            limit=format_won(limits.unsynced_cap),
            pending=format_won(unsynced_total),
            amount=format_won(amount),
        )
