"""Staff PINs: stored only as an Argon2id hash (salted, deliberately slow)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()

MIN_PIN_LENGTH = 4


def is_valid_pin(pin: str) -> bool:
    # ASCII only: full-width digits (IME) look the same but would never match later.
    return len(pin) >= MIN_PIN_LENGTH and pin.isascii() and pin.isdigit()


def hash_pin(pin: str) -> str:
    if not is_valid_pin(pin):
        raise ValueError(f"a PIN is at least {MIN_PIN_LENGTH} ASCII digits")
    return _hasher.hash(pin)


def pin_matches(pin: str, stored_hash: str | None) -> bool:
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
