"""CPM token v1: the shared test vectors, round trips, tampering and time boundaries."""

from __future__ import annotations

import base64
import json
import struct
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.errors import CATALOG
from pos_app.domain.payment_code import (
    CPM_PREFIX,
    DEFAULT_SKEW_SECONDS,
    REASONS,
    TEXT_LENGTH,
    IssuerKey,
    KeySet,
    PaymentCode,
    PaymentCodeError,
    looks_like_payment_code,
    mint_payment_code,
    parse_payment_code,
    verify_payment_code,
)

# The shared vectors live next to the repository: <repo>/../shared/vectors/.
REPO_ROOT = Path(__file__).resolve().parents[2]
VECTORS_PATH = REPO_ROOT.parent / "shared" / "vectors" / "cpm_tokens_v1.json"

SEED = bytes(range(32))
PUBLIC_KEY = Ed25519PrivateKey.from_private_bytes(SEED).public_key().public_bytes_raw()
KEY_ID = 7
KEYS = KeySet([IssuerKey(KEY_ID, PUBLIC_KEY)])
TOKEN_ID = bytes.fromhex("00112233445566778899aabbccddeeff")
ISSUED_AT = 1_767_225_600  # 2026-01-01T00:00:00Z
BODY_LEN = 39


def _load_vectors() -> dict[str, Any]:
    if not VECTORS_PATH.is_file():
        pytest.skip(f"shared test vectors not found at {VECTORS_PATH}")
    return json.loads(VECTORS_PATH.read_text(encoding="utf-8"))


def _vector_ids() -> list[str]:
    if not VECTORS_PATH.is_file():
        return ["vectors-missing"]
    return [entry["name"] for entry in json.loads(VECTORS_PATH.read_text("utf-8"))["tokens"]]


def _mint(**overrides: Any) -> str:
    args: dict[str, Any] = {
        "private_seed": SEED,
        "key_id": KEY_ID,
        "wallet_id": 1_000_000_001,
        "token_id": TOKEN_ID,
        "issued_at": ISSUED_AT,
        "ttl_seconds": 180,
        "offline_limit": 50_000,
    }
    args.update(overrides)
    return mint_payment_code(**args)


def _raw(text: str) -> bytes:
    payload = text[len(CPM_PREFIX) :]
    return base64.b32decode(payload + "=" * (-len(payload) % 8))


def _text(raw: bytes) -> str:
    return CPM_PREFIX + base64.b32encode(raw).decode("ascii").rstrip("=")


def _signed_text(body: bytes, seed: bytes = SEED) -> str:
    """Sign any 39-byte body, even one mint_payment_code would refuse to make."""
    signature = Ed25519PrivateKey.from_private_bytes(seed).sign(CPM_PREFIX.encode() + body)
    return _text(body + signature)


def _reason(text: str, keys: KeySet = KEYS, now: int = ISSUED_AT, **kwargs: Any) -> str:
    with pytest.raises(PaymentCodeError) as caught:
        verify_payment_code(text, keys, now, **kwargs)
    return caught.value.reason


# --- shared vectors ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", _vector_ids())
def test_shared_vector(name: str) -> None:
    vectors = _load_vectors()
    entry = next(item for item in vectors["tokens"] if item["name"] == name)
    keys = KeySet.from_json(vectors)
    if entry["expect"] == "ok":
        code = verify_payment_code(entry["text"], keys, entry["checked_at"])
        assert code.text == entry["text"].strip().upper()
        for field, value in entry.get("fields", {}).items():
            assert code.fields()[field] == value, field
    else:
        with pytest.raises(PaymentCodeError) as caught:
            verify_payment_code(entry["text"], keys, entry["checked_at"])
        assert caught.value.reason == entry["expect"]
        assert caught.value.key == f"cpm.{entry['expect']}"


def test_vectors_cover_every_reason() -> None:
    expected = {entry["expect"] for entry in _load_vectors()["tokens"]}
    assert expected == {"ok", *REASONS}


def test_vector_tokens_signed_by_the_unpublished_key_verify_once_it_is_known() -> None:
    vectors = _load_vectors()
    entry = next(item for item in vectors["tokens"] if item["expect"] == "unknown_key")
    keys = KeySet.from_json([vectors["unpublished_key"]])
    code = verify_payment_code(entry["text"], keys, entry["checked_at"])
    assert code.key_id == vectors["unpublished_key"]["key_id"]


def test_vector_seed_mints_the_vector_token() -> None:
    vectors = _load_vectors()
    entry = next(item for item in vectors["tokens"] if item["name"] == "valid")
    fields = entry["fields"]
    text = mint_payment_code(
        bytes.fromhex(vectors["issuer_keys"][0]["private_seed_hex"]),
        key_id=fields["key_id"],
        wallet_id=fields["wallet_id"],
        token_id=bytes.fromhex(fields["token_id_hex"]),
        issued_at=fields["issued_at"],
        ttl_seconds=fields["ttl_seconds"],
        offline_limit=fields["offline_limit"],
    )
    # Ed25519 is deterministic, so the same inputs give the very same text.
    assert text == entry["text"]


# --- round trip -------------------------------------------------------------------------------


@given(
    key_id=st.integers(0, 2**32 - 1),
    wallet_id=st.integers(0, 2**64 - 1),
    token_id=st.binary(min_size=16, max_size=16),
    issued_at=st.integers(0, 2**32 - 1),
    ttl_seconds=st.integers(1, 600),
    offline_limit=st.integers(0, 2**32 - 1),
    lower=st.booleans(),
)
def test_mint_then_verify_round_trips(
    key_id: int,
    wallet_id: int,
    token_id: bytes,
    issued_at: int,
    ttl_seconds: int,
    offline_limit: int,
    lower: bool,
) -> None:
    text = mint_payment_code(
        SEED, key_id, wallet_id, token_id, issued_at, ttl_seconds, offline_limit
    )
    assert len(text) == TEXT_LENGTH
    assert text.startswith(CPM_PREFIX)
    assert set(text[4:]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    keys = KeySet([IssuerKey(key_id, PUBLIC_KEY)])
    scanned = text.lower() if lower else text
    code = verify_payment_code(scanned, keys, issued_at)
    assert code == PaymentCode(
        text=text,
        version=1,
        key_id=key_id,
        wallet_id=wallet_id,
        token_id=token_id,
        issued_at=issued_at,
        ttl_seconds=ttl_seconds,
        offline_limit=offline_limit,
    )
    assert code.expires_at == issued_at + ttl_seconds
    assert code.token_id_hex == token_id.hex()


def test_fields_shape() -> None:
    code = parse_payment_code(_mint())
    assert code.fields() == {
        "version": 1,
        "key_id": KEY_ID,
        "wallet_id": 1_000_000_001,
        "token_id_hex": TOKEN_ID.hex(),
        "issued_at": ISSUED_AT,
        "ttl_seconds": 180,
        "offline_limit": 50_000,
    }


def test_surrounding_whitespace_and_caps_lock_are_accepted() -> None:
    text = _mint()
    code = verify_payment_code(f"  {text.lower()}\r\n", KEYS, ISSUED_AT)
    assert code.text == text


@pytest.mark.parametrize(
    "overrides",
    [
        {"ttl_seconds": 0},
        {"ttl_seconds": 601},
        {"token_id": bytes(15)},
        {"key_id": -1},
        {"key_id": 2**32},
        {"wallet_id": 2**64},
        {"issued_at": 2**32},
        {"offline_limit": -1},
        {"private_seed": bytes(31)},
    ],
)
def test_mint_refuses_out_of_range_fields(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        _mint(**overrides)


# --- malformed --------------------------------------------------------------------------------


def _body(version: int = 1, ttl: int = 180) -> bytes:
    return struct.pack(">BIQ16sIHI", version, KEY_ID, 1, TOKEN_ID, ISSUED_AT, ttl, 0)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "CJP1",
        "QR12345",
        "CJP2" + _mint()[4:],
        _mint()[:-1],
        _mint() + "A",
        _mint()[:-8],
        _mint()[:-1] + "1",  # '1' is not in the base32 alphabet
        _mint()[:-1] + "=",
        _mint()[:40] + " " + _mint()[41:],
        _mint()[:-1] + "ı",  # dotless i upper-cases to 'I': must not sneak in
        _signed_text(_body(version=2)),
        _signed_text(_body(version=0)),
        _signed_text(_body(ttl=0)),
        _signed_text(_body(ttl=601)),
    ],
)
def test_malformed(text: str) -> None:
    assert _reason(text) == "malformed"


def test_ttl_range_edges_parse() -> None:
    assert parse_payment_code(_signed_text(_body(ttl=1))).ttl_seconds == 1
    assert parse_payment_code(_signed_text(_body(ttl=600))).ttl_seconds == 600


def test_non_canonical_base32_is_malformed() -> None:
    # 103 bytes use 824 of the 825 bits of 165 characters; the spare bit must be 0.
    text = _mint()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    last = alphabet.index(text[-1])
    assert last % 2 == 0
    non_canonical = text[:-1] + alphabet[last | 1]
    assert _raw(non_canonical) == _raw(text)
    assert _reason(non_canonical) == "malformed"


# --- keys and signatures ----------------------------------------------------------------------


def test_unknown_key() -> None:
    assert _reason(_mint(key_id=KEY_ID + 1)) == "unknown_key"
    assert _reason(_mint(), keys=KeySet()) == "unknown_key"


def test_unknown_key_is_reported_before_time() -> None:
    assert _reason(_mint(key_id=99), now=ISSUED_AT + 10_000) == "unknown_key"


def test_bad_signature_is_reported_before_time() -> None:
    raw = bytearray(_raw(_mint()))
    raw[-1] ^= 0x01
    assert _reason(_text(bytes(raw)), now=ISSUED_AT + 10_000) == "bad_signature"


def test_signed_by_another_key() -> None:
    assert _reason(_mint(private_seed=bytes(32))) == "bad_signature"


def test_every_bit_of_body_and_signature_is_protected() -> None:
    raw = _raw(_mint())
    assert len(raw) == BODY_LEN + 64
    for index in range(len(raw)):
        for bit in range(8):
            mutated = bytearray(raw)
            mutated[index] ^= 1 << bit
            text = _text(bytes(mutated))
            try:
                code = parse_payment_code(text)
            except PaymentCodeError as exc:
                assert exc.reason == "malformed", (index, bit)
                continue
            # A changed key_id names another key; trust the same public key under that id
            # too, so the only thing left to catch the change is the signature.
            keys = KeySet(IssuerKey(key_id, PUBLIC_KEY) for key_id in {KEY_ID, code.key_id})
            assert _reason(text, keys=keys, now=code.issued_at) == "bad_signature", (index, bit)


def test_key_validity_window() -> None:
    text = _mint()
    inside = KeySet([IssuerKey(KEY_ID, PUBLIC_KEY, ISSUED_AT, ISSUED_AT)])
    assert verify_payment_code(text, inside, ISSUED_AT).key_id == KEY_ID
    too_new = KeySet([IssuerKey(KEY_ID, PUBLIC_KEY, not_before=ISSUED_AT + 1)])
    retired = KeySet([IssuerKey(KEY_ID, PUBLIC_KEY, not_after=ISSUED_AT - 1)])
    assert _reason(text, keys=too_new) == "unknown_key"
    assert _reason(text, keys=retired) == "unknown_key"


# --- time -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "skew", "expected"),
    [
        (ISSUED_AT - DEFAULT_SKEW_SECONDS - 1, DEFAULT_SKEW_SECONDS, "not_yet_valid"),
        (ISSUED_AT - DEFAULT_SKEW_SECONDS, DEFAULT_SKEW_SECONDS, "ok"),
        (ISSUED_AT + 180 + DEFAULT_SKEW_SECONDS - 1, DEFAULT_SKEW_SECONDS, "ok"),
        (ISSUED_AT + 180 + DEFAULT_SKEW_SECONDS, DEFAULT_SKEW_SECONDS, "expired"),
        (ISSUED_AT - 1, 0, "not_yet_valid"),
        (ISSUED_AT, 0, "ok"),
        (ISSUED_AT + 179, 0, "ok"),
        (ISSUED_AT + 180, 0, "expired"),
        (ISSUED_AT - 301, 300, "not_yet_valid"),
        (ISSUED_AT + 479, 300, "ok"),
        (ISSUED_AT + 480, 300, "expired"),
    ],
)
def test_skew_boundaries(now: int, skew: int, expected: str) -> None:
    text = _mint(ttl_seconds=180)
    if expected == "ok":
        assert verify_payment_code(text, KEYS, now, skew_seconds=skew).issued_at == ISSUED_AT
    else:
        assert _reason(text, now=now, skew_seconds=skew) == expected


def test_default_skew_is_thirty_seconds() -> None:
    assert DEFAULT_SKEW_SECONDS == 30
    assert _reason(_mint(), now=ISSUED_AT + 210) == "expired"
    verify_payment_code(_mint(), KEYS, ISSUED_AT + 209)


def test_negative_skew_is_refused() -> None:
    with pytest.raises(ValueError):
        verify_payment_code(_mint(), KEYS, ISSUED_AT, skew_seconds=-1)


# --- errors -----------------------------------------------------------------------------------


def test_each_reason_has_its_own_catalog_entry_and_code() -> None:
    errors = [PaymentCodeError(reason) for reason in REASONS]  # type: ignore[arg-type]
    assert [error.key for error in errors] == [f"cpm.{reason}" for reason in REASONS]
    codes = {error.code for error in errors}
    assert len(codes) == len(REASONS) == 5
    assert {error.message("ko") for error in errors} == {
        CATALOG[f"cpm.{reason}"].ko for reason in REASONS
    }
    assert all(error.display().startswith(f"[{error.code}] ") for error in errors)


def test_error_detail_is_kept_for_the_log_only() -> None:
    error = PaymentCodeError("malformed", "wrong length 10")
    assert error.detail == "wrong length 10"
    assert "wrong length 10" in str(error)
    assert "wrong length" not in error.message()


def test_unknown_reason_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        PaymentCodeError("stolen")  # type: ignore[arg-type]


# --- looks_like -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CJP1ABC", True),
        ("cjp1abc", True),
        ("  CjP1", True),
        ("CJP", False),
        ("CJP2AAAA", False),
        ("8801234567893", False),
        ("", False),
    ],
)
def test_looks_like_payment_code(text: str, expected: bool) -> None:
    assert looks_like_payment_code(text) is expected


# --- key sets ---------------------------------------------------------------------------------


def test_key_set_from_list_and_back() -> None:
    entries = [
        {
            "key_id": 2,
            "public_key": base64.b64encode(PUBLIC_KEY).decode(),
            "not_before": 100,
            "not_after": 200,
        },
        {"key_id": 1, "public_key": base64.b64encode(bytes(32)).decode()},
    ]
    keys = KeySet.from_json(entries)
    assert len(keys) == 2
    assert [key.key_id for key in keys] == [1, 2]
    assert keys.get(2) == IssuerKey(2, PUBLIC_KEY, 100, 200)
    assert keys.get(3) is None
    assert KeySet.from_json(keys.to_json()) == keys
    assert json.loads(json.dumps(keys.to_json())) == keys.to_json()


def test_key_set_from_vectors_object() -> None:
    vectors = _load_vectors()
    keys = KeySet.from_json(vectors)
    assert [key.key_id for key in keys] == [k["key_id"] for k in vectors["issuer_keys"]]


@pytest.mark.parametrize(
    "obj",
    [
        "keys",
        {"keys": []},
        [{"key_id": 1}],
        [{"key_id": 1, "public_key": "not base64!"}],
        [{"key_id": 1, "public_key": base64.b64encode(bytes(31)).decode()}],
        [{"key_id": -1, "public_key": base64.b64encode(bytes(32)).decode()}],
        [{"key_id": True, "public_key": base64.b64encode(bytes(32)).decode()}],
        [{"key_id": 1, "public_key": base64.b64encode(bytes(32)).decode(), "not_before": "x"}],
        [{"key_id": 1, "public_key": base64.b64encode(bytes(32)).decode()}] * 2,
        [
            {
                "key_id": 1,
                "public_key": base64.b64encode(bytes(32)).decode(),
                "not_before": 5,
                "not_after": 4,
            }
        ],
    ],
)
def test_key_set_rejects_bad_json(obj: object) -> None:
    with pytest.raises(ValueError):
        KeySet.from_json(obj)


def test_key_set_is_a_snapshot() -> None:
    source = [IssuerKey(KEY_ID, PUBLIC_KEY)]
    keys = KeySet(source)
    source.clear()
    assert len(keys) == 1
    with pytest.raises(AttributeError):
        keys.extra = 1  # type: ignore[attr-defined]
