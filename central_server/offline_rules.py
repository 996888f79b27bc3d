"""The offline rules as the server enforces them: a device's ``offline: true`` is a claim.

A payment pushed with ``offline: true`` asks the issuer to stand behind it without the
balance check an online payment gets. The server grants that only under the POS's own
offline rules (``pos_app.domain.offline_rules``, the same function), judged with what the
server can check rather than with the device's word alone:

- the code's signed ``offline_limit`` (0: online only) [``over_offline_limit``];
- arrival within the offline window (the POS's 72 h) plus the clock skew allowance, counted
  from the claimed scan *and* from the code's signed expiry (+ the scan skew): a back-dated
  ``scanned_at`` cannot stretch a code past what its own signed times allow
  [``offline_too_late``];
- the wallet's outstanding offline exposure, its debt, must stay within the code's signed
  limit [``offline_exposure``];
- ``offline`` is refused for a token already presented online [``presented_online``]: that
  one needs the database and lives in ``settlement``.

The POS's floor limit and unsynced cap are the merchant's own device settings, which the
server does not hold; the wallet bound is the server's counterpart of the unsynced cap.
"""

from __future__ import annotations

from typing import Final

from central_server.declines import OFFLINE_EXPOSURE, OFFLINE_TOO_LATE
from central_server.payment_rules import MAX_SCAN_AHEAD_SECONDS, SCAN_SKEW_SECONDS
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.offline_rules import (
    DEFAULT_MAX_UNSYNCED_AGE_HOURS,
    OfflineLimits,
    check_offline_acceptance,
)
from pos_app.domain.payment_code import PaymentCode

#: How long after its scan an offline payment may reach the server: the POS stops taking
#: offline payments once its oldest unconfirmed one is this old.
OFFLINE_WINDOW_SECONDS: Final = DEFAULT_MAX_UNSYNCED_AGE_HOURS * 3600
#: The clock skew a device may have against the server: the allowance ``clock_skew`` uses.
OFFLINE_SKEW_SECONDS: Final = MAX_SCAN_AHEAD_SECONDS

#: How soon after its scan an ``offline: true`` payment marked ``answer_awaited`` must reach
#: the server to be judged on the balance like an online one: the POS's answer wait (2 s,
#: ``pos_app.services.answer_deadlines.ANSWER_WAIT``) plus a few seconds for the two clocks
#: (the POS sets its clock from the server's answers, so they differ by well under that).
#: Within it the POS is still waiting and shows a decline; later, its wait may be over and
#: the payment stand by the offline rules, so the issuer stands behind it as before.
ANSWER_AWAITED_SECONDS: Final = 5

#: What a refusal of the POS's rules is called in a push result.
_DECLINE_FOR: Final[dict[ErrorKey, str]] = {
    ErrorKey.CPM_ONLINE_ONLY: "over_offline_limit",
    ErrorKey.CPM_OVER_OFFLINE_LIMIT: "over_offline_limit",
    ErrorKey.CHECKOUT_UNSYNCED_TOO_OLD: OFFLINE_TOO_LATE,
}


def offline_age(code: PaymentCode, scanned_at: int, received_at: int) -> int:
    """How long the payment was on its way, as the server counts it (seconds): from the
    scan, or from the latest moment the code's signed times allow a scan, whichever is
    longer, less the clock skew allowance."""
    latest_scan = code.issued_at + code.ttl_seconds + SCAN_SKEW_SECONDS
    return max(received_at - scanned_at, received_at - latest_scan) - OFFLINE_SKEW_SECONDS


def answer_still_awaited(body_answer_awaited: object, scanned_at: int, received_at: int) -> bool:
    """Was this ``offline: true`` payment taken online, and has it come while the POS still
    waits for its answer? Then the balance answers it, as for an online payment: the offline
    rules only stand in for an answer that could not come in time. A scan the POS dates
    after the server's clock (skew, within ``clock_skew``) counts as prompt."""
    return body_answer_awaited is True and received_at - scanned_at <= ANSWER_AWAITED_SECONDS


def judge_offline(
    code: PaymentCode, total: int, scanned_at: int, received_at: int, balance: int
) -> str | None:
    """The decline code an offline payment earns, or None if the issuer stands behind it.

    ``balance``: the wallet's balance before this payment (its row locked by the caller).
    """
    # The floor limit and unsynced cap are the device's settings: neutral here (the
    # payment's own total), so only the code's limit and the age can refuse.
    limits = OfflineLimits(
        floor_limit=total,
        unsynced_cap=total,
        max_unsynced_age_hours=DEFAULT_MAX_UNSYNCED_AGE_HOURS,
    )
    try:
        check_offline_acceptance(
            total, code, 0, limits, oldest_unsynced_age_s=offline_age(code, scanned_at, received_at)
        )
    except UserFacingError as refusal:
        return _DECLINE_FOR[refusal.key]
    if balance - total < -code.offline_limit:
        # What the balance does not cover is the issuer's exposure until the wallet is
        # topped up; cash and card never reach here (they move no Cheongju Pay money).
        return OFFLINE_EXPOSURE
    return None
