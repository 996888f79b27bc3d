"""Why the server declines a payment or a void: stable codes, Korean and English messages.

A decline is a business outcome, not an error: the event is still stored and
chained, and the POS shows ``message`` (Korean) or ``message_en`` to the cashier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final


@dataclass(frozen=True)
class Decline:
    code: str
    message: str
    message_en: str

    def result_fields(self) -> dict[str, Any]:
        return {
            "outcome": "declined",
            "code": self.code,
            "message": self.message,
            "message_en": self.message_en,
        }


def _catalogue(*entries: Decline) -> dict[str, Decline]:
    return {entry.code: entry for entry in entries}


DECLINES: Final[dict[str, Decline]] = _catalogue(
    # Not in docs/protocol.md's list: a payment body that names another merchant.
    Decline(
        "merchant_mismatch",
        "이 단말기의 가맹점이 아닌 다른 가맹점의 결제입니다.",
        "The payment names a merchant other than this device's.",
    ),
    Decline(
        "code_malformed",
        "결제 코드를 읽을 수 없습니다.",
        "The payment code is malformed.",
    ),
    Decline(
        "unknown_key",
        "알 수 없는 발급 키로 만든 결제 코드입니다.",
        "The payment code was signed with an unknown issuer key.",
    ),
    Decline(
        "bad_signature",
        "위조되었거나 손상된 결제 코드입니다.",
        "The payment code's signature does not verify: forged or damaged.",
    ),
    Decline(
        "code_expired",
        "결제 시각이 결제 코드의 유효시간을 벗어났습니다.",
        "The payment code was not valid at the time it was scanned.",
    ),
    Decline(
        "clock_skew",
        "결제 시각이 서버 시각보다 너무 앞서 있습니다. 이 PC의 시계를 확인해 주세요.",
        "The scan time is too far ahead of the server's clock. Check this PC's clock.",
    ),
    Decline(
        "code_used",
        "이미 사용된 결제 코드입니다.",
        "This payment code was already used.",
    ),
    Decline(
        "amount_mismatch",
        "결제 금액 계산이 맞지 않습니다.",
        "The payment's amounts do not add up.",
    ),
    Decline(
        "wallet_unknown",
        "존재하지 않는 청주페이 지갑입니다.",
        "The Cheongju Pay wallet does not exist.",
    ),
    Decline(
        "over_offline_limit",
        "결제 코드의 오프라인 결제 한도를 초과했습니다.",
        "The amount is over the payment code's offline limit.",
    ),
    Decline(
        "insufficient_balance",
        "청주페이 잔액이 부족합니다.",
        "The Cheongju Pay balance is insufficient.",
    ),
    Decline(
        "payment_unknown",
        "이 단말기에서 취소할 결제를 찾을 수 없습니다.",
        "There is no such payment on this device to void.",
    ),
    Decline(
        "already_voided",
        "이미 취소된 결제입니다.",
        "This payment is already voided.",
    ),
)


def decline(code: str) -> Decline:
    return DECLINES[code]
