"""Request and response shapes, for validation where FastAPI validates and for OpenAPI.

The journal push is parsed by hand (``event_shape``) for speed; its models here
only document it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from pos_app.domain.listings import MAX_STOCK_OFFERED


class Problem(BaseModel):
    """RFC 9457 problem details; ``code`` is the stable machine code."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["https://cjpay.invalid/problems/unauthorized"])
    title: str
    status: int
    code: str
    detail: str


class Health(BaseModel):
    status: Literal["ok"]
    time: str = Field(description="The server's clock, RFC 3339 UTC with milliseconds.")


class IssuerKeyOut(BaseModel):
    key_id: int
    public_key: str = Field(description="Base64 of the raw 32-byte Ed25519 public key.")
    not_before: int | None = Field(description="Unix seconds; codes issued before are refused.")
    not_after: int | None = Field(description="Unix seconds; codes issued after are refused.")


class KeysOut(BaseModel):
    keys: list[IssuerKeyOut]


class EnrolIn(BaseModel):
    merchant_id: str = Field(min_length=1, max_length=32)
    enrolment_code: str = Field(min_length=1, max_length=64)
    device_name: str = Field(min_length=1, max_length=100)
    device_id: str | None = Field(
        default=None,
        max_length=36,
        description="Re-enrolment: an existing device of this merchant keeps its id and journal.",
    )


class EnrolOut(BaseModel):
    device_id: str
    device_token: str = Field(description="Keep in the OS credential store; shown once.")
    merchant_id: str
    status: str = Field(description='"pending": confirm once the token is stored.')
    confirm_before: str = Field(description="RFC 3339 UTC: the grant expires unconfirmed.")


class ConfirmOut(BaseModel):
    device_id: str
    merchant_id: str
    status: str = Field(description='"active": the device may sync.')


class JournalEventIn(BaseModel):
    seq: int = Field(ge=1)
    event_id: str
    type: str
    occurred_at: str = Field(examples=["2026-11-25T03:00:00.123Z"])
    body: dict[str, Any]
    prev_hash: str = Field(pattern="^[0-9a-f]{64}$")
    hash: str = Field(pattern="^[0-9a-f]{64}$")


class JournalPushIn(BaseModel):
    events: list[JournalEventIn] = Field(min_length=1, max_length=500)


class EventResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    seq: int
    event_id: str
    status: Literal["applied", "duplicate"]
    outcome: Literal["accepted", "declined", "recorded"]
    approval_no: str | None = None
    cashback: int | None = None
    balance_after: int | None = None
    refunded: int | None = None
    cashback_reversed: int | None = None
    code: str | None = None
    message: str | None = None
    message_en: str | None = None


class JournalPushOut(BaseModel):
    results: list[EventResult]
    last_seq: int = Field(description="The highest seq stored for this device.")


class JournalConflictOut(Problem):
    expected_seq: int
    reason: Literal["gap", "seq_conflict", "prev_hash_mismatch", "hash_mismatch"]
    conflict_seq: int
    results: list[EventResult]
    last_seq: int


class Change(BaseModel):
    type: str = Field(
        description="merchant_profile | discount_policy | cashback_policy | issuer_keys | notice"
        " | order | listing_status | stock_movement"
    )
    data: Any


class ChangesOut(BaseModel):
    cursor: str = Field(description="Opaque; send it back as `after` once the page is applied.")
    changes: list[Change]


class CodeIn(BaseModel):
    offline_limit: int = Field(default=50_000, ge=0, le=2**32 - 1)
    ttl_seconds: int = Field(default=180, ge=1, le=600)


class CodeOut(BaseModel):
    text: str
    issued_at: int
    expires_at: int
    key_id: int


# ----- media, the shop, the review -----------------------------------------------------------


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL: refused here as bad input, not a driver error later.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


CleanText = Annotated[str, AfterValidator(_no_nul)]
Sha256 = Annotated[str, Field(pattern="^[0-9a-f]{64}$", description="SHA-256, lower-case hex")]
IdText = Annotated[CleanText, Field(min_length=1, max_length=64)]


class MediaOut(BaseModel):
    sha256: str
    content_type: Literal["image/jpeg", "image/png"]
    size: int


class DeliveryOut(BaseModel):
    parcel_fee: int | None = Field(description="Won; null: no parcel delivery.")
    pickup: bool
    same_day_fee: int | None = Field(description="Won; null: no same-day delivery (온시장 only).")


class ShopListingOut(BaseModel):
    listing_id: str
    merchant_id: str
    merchant_name: str
    product_id: str
    channel: Literal["mall", "onsijang"]
    title: str
    description: str
    photos: list[str] = Field(description="SHA-256 of each photo: GET /v1/media/{sha256}.")
    price: int
    tax_category: Literal["taxable", "exempt"] = Field(
        description="과세 (taxable) or 면세 (exempt): the listed product's VAT category."
    )
    delivery: DeliveryOut
    available: int = Field(
        description="How many may be ordered now: min(stock_offered - this listing's placed"
        " orders, stock level - the product's placed orders), at least 0."
    )


class ShopListingsOut(BaseModel):
    listings: list[ShopListingOut]


class OrderIn(BaseModel):
    listing_id: IdText
    quantity: int = Field(ge=1, le=MAX_STOCK_OFFERED, strict=True)
    delivery_method: Literal["parcel", "pickup", "same_day"]
    wallet_id: str = Field(min_length=1, max_length=20, description="u64 as a decimal string")
    customer_name: Annotated[CleanText, Field(min_length=1, max_length=50)]
    customer_phone: Annotated[CleanText, Field(min_length=1, max_length=20)]
    address: Annotated[CleanText, Field(max_length=200)] = ""
    request_note: Annotated[CleanText, Field(max_length=200)] = ""


class CancelIn(BaseModel):
    reason: Annotated[CleanText, Field(max_length=200)] = ""


class OrderOut(BaseModel):
    """The ``order`` change of the feed, and what the customer gets back."""

    order_id: str
    listing_id: str
    product_id: str
    channel: Literal["mall", "onsijang"]
    title: str
    quantity: int
    unit_price: int
    delivery_method: Literal["parcel", "pickup", "same_day"]
    delivery_fee: int
    goods: int = Field(description="unit_price x quantity")
    fee: int = Field(description="The platform's fee on the goods (mall 1 %, rounded down).")
    payout: int = Field(description="goods + delivery_fee - fee: what the merchant receives.")
    total: int = Field(description="goods + delivery_fee: what the customer paid.")
    customer_name: str
    customer_phone: str
    address: str
    request_note: str
    status: Literal[
        "placed",
        "accepted",
        "rejected",
        "preparing",
        "ready_for_pickup",
        "shipped",
        "completed",
        "cancelled",
    ]
    status_reason: str | None
    tracking_no: str | None
    placed_at: str
    updated_at: str


class ReviewIn(BaseModel):
    decision: Literal["publish", "reject"]
    reason: Annotated[CleanText, Field(max_length=500)] = ""


class ListingStatusOut(BaseModel):
    """The ``listing_status`` change: the server's state of a listing."""

    listing_id: str
    status: Literal["draft", "submitted", "published", "rejected", "withdrawn"]
    reason: str | None = Field(description="The reviewer's reason (a rejection), else null.")
    reviewed_at: str | None = Field(description="When published or rejected; else null.")
    stock_offered: int = Field(
        description="What is left of the online offer: orders placed take their quantity off"
        " it, rejected or cancelled ones give it back."
    )
    event_id: str = Field(description="The last device event the server applied to it.")


# ----- merchant-presented payments (EMVCo MPM) -----------------------------------------------

Uuid = Annotated[
    str,
    Field(
        pattern="^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        description="A UUID made by the POS, lower-case, with dashes",
    ),
]


class PaymentRequestIn(BaseModel):
    request_id: Uuid
    subtotal: int = Field(ge=0, le=2**53)
    discount: int = Field(ge=0, le=2**53)
    amount: int = Field(description="What the customer pays: subtotal - discount, 1..10,000,000")


class PaymentRequestOut(BaseModel):
    request_id: str
    status: Literal["open", "paid", "cancelled", "expired"]
    amount: int
    subtotal: int
    discount: int
    expires_at: str = Field(description="RFC 3339 UTC; open requests expire then (TTL 120 s)")
    paid_at: str | None
    approval_no: str | None
    cashback: int | None = Field(description="Credited to the customer (paid only)")
    wallet_id: str | None
    payload: str | None = Field(
        default=None, description="The dynamic EMVCo MPM text the customer display shows"
    )


class MpmPaymentIn(BaseModel):
    payload: CleanText = Field(min_length=1, max_length=512, description="The scanned QR text")


class MpmPaymentOut(PaymentRequestOut):
    balance_after: int
    merchant_name: str
