"""Request and response shapes, for validation where FastAPI validates and for OpenAPI.

The journal push is parsed by hand (``event_shape``) for speed; its models here
only document it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


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
