"""The server's payment rules that need no database: code checks, arithmetic, cashback.

docs/protocol.md ("Server checks on a payment event") fixes the order of the
checks; the ones here are the pure ones, the rest (token already used, wallet,
balance) live with the ledger in ``settlement``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from central_server.declines import Decline, decline
from pos_app.domain.clock import KST
from pos_app.domain.money import apply_basis_points_floor
from pos_app.domain.payment_code import (
    KeySet,
    PaymentCode,
    PaymentCodeError,
    parse_payment_code,
    verify_payment_code,
)
from pos_app.domain.pricing import CashbackPolicy

#: A scan may lie this far outside the code's validity window (clock differences).
SCAN_SKEW_SECONDS: Final = 30
#: A scan may be this far ahead of the server's clock before it is refused as skewed.
MAX_SCAN_AHEAD_SECONDS: Final = 300


@dataclass(frozen=True)
class VerifiedCode:
    """A payment code that passed every check the code alone can answer."""

    code: PaymentCode
    scanned_at: int

    @property
    def wallet_id(self) -> str:
        return str(self.code.wallet_id)

    @property
    def token_id(self) -> str:
        return self.code.token_id_hex


def check_code(
    body: Mapping[str, Any], merchant_id: str, keys: KeySet, received_at: int
) -> VerifiedCode | Decline:
    """Merchant, code format, key, signature, scan time and clock skew, in protocol order."""
    claimed_merchant = body.get("merchant_id")
    if claimed_merchant is not None and claimed_merchant != merchant_id:
        return decline("merchant_mismatch")
    payment_code: Mapping[str, Any] = body["payment_code"]
    text: str = payment_code["text"]
    scanned_at: int = payment_code["scanned_at"]
    try:
        code = parse_payment_code(text)
    except PaymentCodeError:
        return decline("code_malformed")
    if not _copies_agree(payment_code, code):
        return decline("code_malformed")
    try:
        # ``now=issued_at`` makes the domain's own time check pass: the server judges
        # time against the scan, with its own window, just below.
        verify_payment_code(text, keys, now=code.issued_at)
    except PaymentCodeError as exc:
        return decline(
            exc.reason if exc.reason in ("unknown_key", "bad_signature") else "code_malformed"
        )
    if not (
        code.issued_at - SCAN_SKEW_SECONDS
        <= scanned_at
        <= code.issued_at + code.ttl_seconds + SCAN_SKEW_SECONDS
    ):
        return decline("code_expired")
    if scanned_at > received_at + MAX_SCAN_AHEAD_SECONDS:
        return decline("clock_skew")
    return VerifiedCode(code, scanned_at)


def _copies_agree(payment_code: Mapping[str, Any], code: PaymentCode) -> bool:
    """The body repeats fields of the signed text for readability; they must match it."""
    token_id = payment_code.get("token_id")
    wallet_id = payment_code.get("wallet_id")
    key_id = payment_code.get("key_id")
    return (
        (token_id is None or token_id == code.token_id_hex)
        and (wallet_id is None or wallet_id == str(code.wallet_id))
        and (key_id is None or key_id == code.key_id)
    )


def _line_adds_up(line: Mapping[str, Any]) -> bool:
    """amount = unit_price x quantity - line_discount, 0 <= line_discount <= unit_price x
    quantity (a manual discount, absent: 0); a list_price (a manual price change) is a
    whole won amount, not negative."""
    unit_price, quantity, amount = line["unit_price"], line["quantity"], line["amount"]
    line_discount = line.get("line_discount", 0)
    list_price = line.get("list_price")
    if type(line_discount) is not int:
        return False
    if list_price is not None and (type(list_price) is not int or list_price < 0):
        return False
    gross = unit_price * quantity
    return (
        unit_price >= 0
        and quantity >= 1
        and 0 <= line_discount <= gross
        and amount == gross - line_discount
    )


def amounts_add_up(body: Mapping[str, Any]) -> bool:
    """Each line adds up (:func:`_line_adds_up`), subtotal = sum, eligible = sum of the
    non-excluded, total = subtotal - discount, 0 <= discount <= eligible; at least one line."""
    lines = body["lines"]
    if not lines:
        return False
    subtotal = 0
    eligible = 0
    for line in lines:
        amount = line["amount"]
        if not _line_adds_up(line):
            return False
        subtotal += amount
        if not line["excluded_from_discount"]:
            eligible += amount
    discount = body["discount"]
    return (
        body["subtotal"] == subtotal
        and body["eligible"] == eligible
        and 0 <= discount <= eligible
        and body["total"] == subtotal - discount
    )


def cashback_for(
    total: int,
    policy: CashbackPolicy | None,
    *,
    restricted: bool,
    designated: bool,
    credited_this_month: int,
) -> int:
    """min(floor(total x (rate + designated extra) / 10000), cap - already credited this
    month); nothing at a restricted merchant (연 매출 30억원 초과) or without a policy."""
    if policy is None or restricted or total <= 0:
        return 0
    rate = policy.rate_bp + (policy.extra_rate_bp if designated else 0)
    room = max(0, policy.monthly_cap - credited_this_month)
    return min(apply_basis_points_floor(total, rate), room)


def kst_month(unix_seconds: int) -> str:
    """The KST calendar month ("YYYY-MM") a Unix time falls in: the cashback cap's period."""
    return datetime.fromtimestamp(unix_seconds, UTC).astimezone(KST).strftime("%Y-%m")
