"""Why the server declines an event: stable codes, Korean and English messages.

Payments and voids; listings and online orders, whose rule codes are
those of ``pos_app.domain.listings`` and ``pos_app.domain.orders``.

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


#: An offline payment that reached the server more than the offline window (72 h) plus the
#: clock skew allowance after its scan or after its code's signed expiry.
OFFLINE_TOO_LATE: Final = "offline_too_late"
#: ``offline: true`` for a token the server already saw in a payment with ``offline: false``.
PRESENTED_ONLINE: Final = "presented_online"
#: Accepting the offline payment would take the wallet's debt past the code's offline limit.
OFFLINE_EXPOSURE: Final = "offline_exposure"


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
    # ----- offline payments: the server's own offline rules (offline_rules.py) ---------
    Decline(
        OFFLINE_TOO_LATE,
        "오프라인 결제가 허용 기간(72시간)이 지나 서버에 도착했습니다.",
        "The offline payment reached the server after the 72 h offline window.",
    ),
    Decline(
        PRESENTED_ONLINE,
        "온라인으로 이미 조회된 결제 코드는 오프라인으로 결제할 수 없습니다.",
        "This payment code was already presented online; it cannot be paid offline.",
    ),
    Decline(
        OFFLINE_EXPOSURE,
        "이 지갑의 오프라인 결제 미정산 한도를 초과했습니다.",
        "The wallet's outstanding offline payments would exceed the offline limit.",
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
    Decline(
        "over_refund",
        "환불 금액이 결제에서 남은 금액을 넘습니다.",
        "The refund is more than is left of the payment.",
    ),
    # ----- merchant-presented payments: a payment event naming a request ---------------
    Decline(
        "mpm_request_unknown",
        "이 가맹점의 결제 요청이 아닙니다.",
        "The payment names no payment request of this merchant.",
    ),
    Decline(
        "mpm_request_unpaid",
        "고객이 아직 결제하지 않은 결제 요청입니다.",
        "The customer has not paid this payment request.",
    ),
    Decline(
        "mpm_request_recorded",
        "이미 기록된 결제 요청입니다.",
        "Another payment already recorded this payment request.",
    ),
    # ----- listings (check_listing's rule codes, then the server's own) -----
    Decline("bad_channel", "판매 채널은 소상공인몰 또는 온시장입니다.", "Unknown channel."),
    Decline(
        "bad_state", "단말기에서 정할 수 없는 게시 상태입니다.", "A device cannot set that state."
    ),
    Decline(
        "bad_listing",
        "게시물 번호와 상품 번호가 필요합니다.",
        "listing_id and product_id are required.",
    ),
    Decline("bad_title", "제목은 1~60자로 입력해 주세요.", "The title must be 1-60 characters."),
    Decline("bad_description", "설명은 2,000자까지입니다.", "The description is too long."),
    Decline("bad_price", "판매 가격이 올바르지 않습니다.", "The price is out of range."),
    Decline("bad_stock", "온라인 판매 수량이 올바르지 않습니다.", "stock_offered is out of range."),
    Decline("bad_photos", "사진은 8장까지, 올바른 사진 번호로 보내 주세요.", "Bad photo ids."),
    Decline("bad_delivery", "배송 방법 또는 배송비가 올바르지 않습니다.", "Bad delivery options."),
    Decline(
        "photo_required", "심사를 받으려면 사진이 한 장 이상 필요합니다.", "A photo is required."
    ),
    Decline(
        "delivery_required",
        "배송 방법을 하나 이상 골라 주세요.",
        "Choose at least one delivery option.",
    ),
    Decline(
        "media_missing",
        "서버에 없는 사진이 있습니다. 사진을 올린 뒤 다시 보내 주세요.",
        "A photo is not on the server yet: upload it, then send the listing again.",
    ),
    Decline(
        "listing_conflict",
        "다른 가맹점의 게시물 번호입니다.",
        "That listing id belongs to another merchant.",
    ),
    Decline("listing_unknown", "알 수 없는 게시물입니다.", "There is no such listing."),
    # ----- online orders (check_vendor_transition's codes, then order_unknown) -----
    Decline("order_unknown", "알 수 없는 주문입니다.", "There is no such order for this merchant."),
    Decline("order_cancelled", "고객이 취소한 주문입니다.", "The customer cancelled this order."),
    Decline(
        "order_transition_invalid",
        "지금 주문 상태에서는 할 수 없는 처리입니다.",
        "The order cannot move to that status from its current one.",
    ),
    Decline("reason_required", "거절 사유를 입력해 주세요.", "A rejection needs a reason."),
    Decline(
        "tracking_required", "택배 송장번호를 입력해 주세요.", "A parcel needs a tracking number."
    ),
)


def decline(code: str) -> Decline:
    return DECLINES[code]
