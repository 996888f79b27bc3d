"""Wallet ids: u64, written as a decimal string without leading zeros (docs/decisions.md)."""

from __future__ import annotations

import re
from typing import Final

U64_MAX: Final = 2**64 - 1
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,19}")


def parse_wallet_id(text: str) -> int | None:
    """The wallet number, or None if ``text`` is not the canonical spelling of a u64."""
    if not _DECIMAL.fullmatch(text):
        return None
    number = int(text)
    return number if number <= U64_MAX else None
