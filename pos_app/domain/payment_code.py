"""Customer payment code (CPM token v1): parse, verify and mint.

The wire format is PROTOCOL.md §1::

    text = "CJP1" + BASE32(body || signature)      # RFC 4648, upper case, no padding
    body = version u8 | key_id u32 | wallet_id u64 | token_id 16 bytes
           | issued_at u32 | ttl_seconds u16 | offline_limit u32     # 39 bytes, big-endian
    signature = Ed25519(b"CJP1" + body)                              # 64 bytes

Verification here covers what the code itself can prove (shape, issuer key,
signature, time window). "Already used on this device" and "over the offline
limit" need the device's records and the sale, so checkout checks those.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from pos_app.domain.errors import ErrorKey, UserFacingError

CPM_PREFIX: Final = "CJP1"
CPM_VERSION: Final = 1
DEFAULT_SKEW_SECONDS: Final = 30
MIN_TTL_SECONDS: Final = 1
MAX_TTL_SECONDS: Final = 600
DEFAULT_TTL_SECONDS: Final = 180  # FSC QR standard: a customer QR lives 3 minutes
DEFAULT_OFFLINE_LIMIT: Final = 50_000

_BODY = struct.Struct(">BIQ16sIHI")  # '>' = big-endian with no padding: exactly 39 bytes
_SIGNATURE_LEN: Final = 64
_RAW_LEN: Final = _BODY.size + _SIGNATURE_LEN  # 103
_PAYLOAD_LEN: Final = (_RAW_LEN * 8 + 4) // 5  # 165 base32 characters
TEXT_LENGTH: Final = len(CPM_PREFIX) + _PAYLOAD_LEN  # 169
_BASE32 = re.compile(r"[A-Z2-7]+")
_BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_TOKEN_ID_LEN: Final = 16
_PUBLIC_KEY_LEN: Final = 32
_U16: Final = 0xFFFF
_U32: Final = 0xFFFF_FFFF
_U64: Final = 0xFFFF_FFFF_FFFF_FFFF

PaymentCodeReason = Literal["malformed", "unknown_key", "bad_signature", "not_yet_valid", "expired"]
REASONS: Final[tuple[str, ...]] = get_args(PaymentCodeReason)
_REASON_KEYS: Final[Mapping[str, ErrorKey]] = {
    "malformed": ErrorKey.CPM_MALFORMED,
    "unknown_key": ErrorKey.CPM_UNKNOWN_KEY,
    "bad_signature": ErrorKey.CPM_BAD_SIGNATURE,
    "not_yet_valid": ErrorKey.CPM_NOT_YET_VALID,
    "expired": ErrorKey.CPM_EXPIRED,
}


class PaymentCodeError(UserFacingError):
    """A scanned payment code the POS must refuse; ``key`` is the reason's ``cpm.`` error.

    ``detail`` is a short English note for logs and support ("wrong length 160");
    it is not shown to the cashier, whose message comes from the catalog.
    """

    def __init__(self, reason: PaymentCodeReason, detail: str = "") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown payment code error reason {reason!r}")
        super().__init__(_REASON_KEYS[reason])
        self.reason: PaymentCodeReason = reason
        self.detail = detail

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base} ({self.detail})" if self.detail else base


@dataclass(frozen=True)
class IssuerKey:
    """An issuer's Ed25519 public key (raw 32 bytes) as /v1/keys sends it.

    ``not_before``/``not_after`` (Unix seconds, both inclusive) bound the
    ``issued_at`` of the codes the key may sign. A code issued outside the window
    counts as signed by an unknown key: the key the POS has is not the one for it.
    """

    key_id: int
    public_key: bytes
    not_before: int | None = None
    not_after: int | None = None

    def __post_init__(self) -> None:
        if not _is_uint(self.key_id, _U32):
            raise ValueError(f"key_id must be an unsigned 32-bit int, got {self.key_id!r}")
        if not isinstance(self.public_key, bytes) or len(self.public_key) != _PUBLIC_KEY_LEN:
            raise ValueError("public_key must be the raw 32 bytes of an Ed25519 key")
        for name in ("not_before", "not_after"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValueError(f"{name} must be Unix seconds or None, got {value!r}")
        if (
            self.not_before is not None
            and self.not_after is not None
            and self.not_before > self.not_after
        ):
            raise ValueError("not_before is after not_after")

    def covers(self, issued_at: int) -> bool:
        """Whether a code issued at ``issued_at`` may be signed with this key."""
        if self.not_before is not None and issued_at < self.not_before:
            return False
        return self.not_after is None or issued_at <= self.not_after

    def to_json(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "public_key": base64.b64encode(self.public_key).decode("ascii"),
            "not_before": self.not_before,
            "not_after": self.not_after,
        }

    @classmethod
    def from_json(cls, obj: object) -> IssuerKey:
        if not isinstance(obj, Mapping):
            raise ValueError("an issuer key must be a JSON object")
        if "key_id" not in obj or "public_key" not in obj:
            raise ValueError("an issuer key needs key_id and public_key")
        encoded = obj["public_key"]
        if not isinstance(encoded, str):
            raise ValueError("public_key must be a base64 string")
        try:
            public_key = base64.b64decode(encoded, validate=True)
        except binascii.Error as exc:
            raise ValueError(f"public_key is not base64: {exc}") from None
        return cls(
            key_id=obj["key_id"],
            public_key=public_key,
            not_before=obj.get("not_before"),
            not_after=obj.get("not_after"),
        )


class KeySet:
    """The issuer keys this device trusts, by key_id. Immutable."""

    __slots__ = ("_keys",)

    def __init__(self, keys: Iterable[IssuerKey] = ()) -> None:
        by_id: dict[int, IssuerKey] = {}
        for key in keys:
            if key.key_id in by_id:
                # Two keys under one id would make "which key signed this" ambiguous.
                raise ValueError(f"duplicate issuer key_id {key.key_id}")
            by_id[key.key_id] = key
        self._keys: Mapping[int, IssuerKey] = dict(sorted(by_id.items()))

    def get(self, key_id: int) -> IssuerKey | None:
        return self._keys.get(key_id)

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[IssuerKey]:
        return iter(self._keys.values())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KeySet) and list(self) == list(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"KeySet(key_ids={list(self._keys)})"

    @classmethod
    def from_json(cls, obj: object) -> KeySet:
        """Accept a list of keys (the /v1/keys shape) or ``{"issuer_keys": [...]}``.

        Unknown fields are ignored so that test vectors (which carry private seeds)
        and future server versions load without change.
        """
        if isinstance(obj, Mapping):
            if "issuer_keys" not in obj:
                raise ValueError('expected a list of keys or an object with "issuer_keys"')
            obj = obj["issuer_keys"]
        if not isinstance(obj, list):
            raise ValueError("issuer keys must be a JSON list")
        return cls(IssuerKey.from_json(entry) for entry in obj)

    def to_json(self) -> list[dict[str, Any]]:
        return [key.to_json() for key in self]


@dataclass(frozen=True)
class PaymentCode:
    """A decoded payment code; ``text`` is the normalised (upper-case, trimmed) text."""

    text: str
    version: int
    key_id: int
    wallet_id: int
    token_id: bytes
    issued_at: int
    ttl_seconds: int
    offline_limit: int

    @property
    def token_id_hex(self) -> str:
        return self.token_id.hex()

    @property
    def expires_at(self) -> int:
        """First second at which the code is expired (before any clock skew allowance)."""
        return self.issued_at + self.ttl_seconds

    def fields(self) -> dict[str, int | str]:
        """The decoded fields in the shape the test vectors use."""
        return {
            "version": self.version,
            "key_id": self.key_id,
            "wallet_id": self.wallet_id,
            "token_id_hex": self.token_id_hex,
            "issued_at": self.issued_at,
            "ttl_seconds": self.ttl_seconds,
            "offline_limit": self.offline_limit,
        }


def looks_like_payment_code(text: str) -> bool:
    """Cheap test for routing a scan: does it start with the CPM prefix (any case)?"""
    return text.lstrip()[: len(CPM_PREFIX)].upper() == CPM_PREFIX


def parse_payment_code(text: str) -> PaymentCode:
    """Decode a payment code without checking key, signature or time.

    Lower case is accepted because Caps Lock on the counter PC turns a scan
    into lower case; the alphabet has no letters whose case matters.
    """
    code, _signed, _signature = _decode(text)
    return code


def verify_payment_code(
    text: str,
    keys: KeySet,
    now: int,
    skew_seconds: int = DEFAULT_SKEW_SECONDS,
) -> PaymentCode:
    """Decode and check a payment code against trusted keys at Unix time ``now``.

    Checks run in a fixed order (malformed, unknown key, bad signature, time) so
    that the cashier always gets the most fundamental problem.
    """
    if skew_seconds < 0:
        raise ValueError("skew_seconds must not be negative")
    code, signed, signature = _decode(text)
    key = keys.get(code.key_id)
    if key is None or not key.covers(code.issued_at):
        raise PaymentCodeError("unknown_key", f"key_id {code.key_id}")
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(signature, signed)
    except InvalidSignature:
        raise PaymentCodeError("bad_signature", f"key_id {code.key_id}") from None
    _check_time(code, now, skew_seconds)
    return code


def mint_payment_code(
    private_seed: bytes,
    key_id: int,
    wallet_id: int,
    token_id: bytes,
    issued_at: int,
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
    offline_limit: int = DEFAULT_OFFLINE_LIMIT,
) -> str:
    """Make a signed payment code, as the customer's app does (demo and tests)."""
    _require(_is_uint(key_id, _U32), "key_id must be an unsigned 32-bit int")
    _require(_is_uint(wallet_id, _U64), "wallet_id must be an unsigned 64-bit int")
    _require(
        isinstance(token_id, bytes) and len(token_id) == _TOKEN_ID_LEN,
        "token_id must be 16 bytes",
    )
    _require(_is_uint(issued_at, _U32), "issued_at must be an unsigned 32-bit int")
    _require(
        _is_uint(ttl_seconds, _U16) and MIN_TTL_SECONDS <= ttl_seconds <= MAX_TTL_SECONDS,
        f"ttl_seconds must be {MIN_TTL_SECONDS}..{MAX_TTL_SECONDS}",
    )
    _require(_is_uint(offline_limit, _U32), "offline_limit must be an unsigned 32-bit int")
    body = _BODY.pack(
        CPM_VERSION, key_id, wallet_id, token_id, issued_at, ttl_seconds, offline_limit
    )
    signature = Ed25519PrivateKey.from_private_bytes(private_seed).sign(_signed_bytes(body))
    payload = base64.b32encode(body + signature).decode("ascii").rstrip("=")
    return CPM_PREFIX + payload


def _decode(text: str) -> tuple[PaymentCode, bytes, bytes]:
    """Parse ``text`` into (code, signed bytes, signature) or raise ``malformed``."""
    # Only ASCII may be upper-cased: str.upper() maps e.g. 'ı' to 'I' and 'ß' to 'SS'.
    stripped = text.strip()
    if not stripped.isascii():
        raise PaymentCodeError("malformed", "non-ASCII characters")
    normalised = stripped.upper()
    if not normalised.startswith(CPM_PREFIX):
        raise PaymentCodeError("malformed", "wrong prefix")
    payload = normalised[len(CPM_PREFIX) :]
    if len(payload) != _PAYLOAD_LEN:
        raise PaymentCodeError("malformed", f"wrong length {len(normalised)}")
    if not _BASE32.fullmatch(payload):
        raise PaymentCodeError("malformed", "character outside A-Z 2-7")
    raw = base64.b32decode(payload + "=" * (-len(payload) % 8))
    # The last character carries one unused bit; insisting it is zero gives every
    # token exactly one text, so two texts never stand for the same token.
    if _BASE32_ALPHABET.index(payload[-1]) & 1:
        raise PaymentCodeError("malformed", "non-canonical base32")
    body, signature = raw[: _BODY.size], raw[_BODY.size :]
    version, key_id, wallet_id, token_id, issued_at, ttl, offline_limit = _BODY.unpack(body)
    if version != CPM_VERSION:
        raise PaymentCodeError("malformed", f"unsupported version {version}")
    if not MIN_TTL_SECONDS <= ttl <= MAX_TTL_SECONDS:
        raise PaymentCodeError("malformed", f"ttl_seconds {ttl} out of range")
    code = PaymentCode(
        text=normalised,
        version=version,
        key_id=key_id,
        wallet_id=wallet_id,
        token_id=token_id,
        issued_at=issued_at,
        ttl_seconds=ttl,
        offline_limit=offline_limit,
    )
    return code, _signed_bytes(body), signature


def _check_time(code: PaymentCode, now: int, skew_seconds: int) -> None:
    # The skew allowance covers a PC clock that is a little off either way.
    if now + skew_seconds < code.issued_at:
        raise PaymentCodeError("not_yet_valid", f"issued_at {code.issued_at}, now {now}")
    if now - skew_seconds >= code.expires_at:
        raise PaymentCodeError("expired", f"expires_at {code.expires_at}, now {now}")


def _signed_bytes(body: bytes) -> bytes:
    # The prefix is signed too, so a v1 signature can never be replayed under another version.
    return CPM_PREFIX.encode("ascii") + body


def _is_uint(value: object, maximum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= maximum


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)
