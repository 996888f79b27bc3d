"""Money is integer won (KRW has no minor unit). Never a float."""

from __future__ import annotations

import re
import unicodedata
from typing import NewType

Won = NewType("Won", int)

#: ``1500``, ``1,500`` (commas in threes only), ``1500원``, ``₩1,500``, Excel's ``1,500.00``.
_WON = re.compile(r"₩? ?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.0+)? ?원?")

#: Basis points: 10_000 bp = 100 %. Rates are integers so that arithmetic stays exact.
BASIS_POINTS = 10_000


def format_won(amount: int) -> str:
    """``12300`` -> ``"12,300원"``; negatives keep their sign: ``"-1,230원"``."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"money must be an int of won, got {type(amount).__name__}")
    return f"{amount:,}원"


def apply_basis_points_floor(amount: int, basis_points: int) -> int:
    """``floor(amount * bp / 10000)`` in exact integer arithmetic (amount >= 0)."""
    if amount < 0 or basis_points < 0:
        raise ValueError("amount and rate must not be negative")
    return amount * basis_points // BASIS_POINTS


def round_down_to_unit(amount: int, unit: int) -> int:
    """Round a non-negative amount down to a multiple of ``unit`` (1 or 10 won)."""
    if unit <= 0:
        raise ValueError("rounding unit must be positive")
    return amount - amount % unit


def format_rate(basis_points: int) -> str:
    """``1000`` -> ``"10%"``, ``750`` -> ``"7.5%"``: exact, no float rounding."""
    whole, fraction = divmod(basis_points, 100)
    if not fraction:
        return f"{whole}%"
    return f"{whole}.{fraction:02d}".rstrip("0") + "%"


def parse_won(text: str) -> int:
    """Whole won from what a person types or a spreadsheet holds: ``1500``, ``1,500``,
    ``1500원``, ``1,500 원``, ``₩1,500``, Excel's ``1,500.00``, full-width digits and ￦
    from a Korean IME; blanks around are ignored. Never through a float.

    Raises ValueError for anything else (empty, a sign, a fraction other than zero,
    ``1.500``, commas out of place): each caller turns that into its own coded error.
    """
    match = _WON.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        raise ValueError(f"not an amount of won: {text!r}")
    return int(match.group(1).replace(",", ""))
