"""GS1 product barcodes (EAN-13, UPC-A, EAN-8): check digits and lookup keys."""

from __future__ import annotations

from typing import Final

GTIN_LENGTHS: Final = frozenset({8, 12, 13})


def gtin_check_digit(digits_without_check: str) -> int:
    """The GS1 mod-10 check digit for a GTIN body (any length, ASCII digits).

    Weights alternate 3, 1, 3, … starting from the rightmost digit of the body,
    which makes the rule the same for GTIN-8, -12, -13 and -14.
    """
    if not _is_ascii_digits(digits_without_check):
        raise ValueError("a GTIN body must be one or more ASCII digits")
    total = sum(
        int(digit) * (3 if position % 2 == 0 else 1)
        for position, digit in enumerate(reversed(digits_without_check))
    )
    return (10 - total % 10) % 10


def is_valid_gtin(text: str) -> bool:
    """Whether ``text`` is an 8-, 12- or 13-digit GTIN with the right check digit."""
    if len(text) not in GTIN_LENGTHS or not _is_ascii_digits(text):
        return False
    return gtin_check_digit(text[:-1]) == int(text[-1])


def gtin13_key(text: str) -> str:
    """The key product lookups use for a barcode.

    A UPC-A is the same number as the EAN-13 with a leading zero (a can of
    imported soda scans either way), so both map to the 13-digit form. An
    EAN-8 is its own, separate number space and stays as its 8 digits: padding
    it to 13 would collide with a real EAN-13 that starts with five zeros.
    """
    if not is_valid_gtin(text):
        raise ValueError(f"not a valid EAN-13, UPC-A or EAN-8: {text!r}")
    return "0" + text if len(text) == 12 else text


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit alone would accept other scripts' digits such as '٣'.
    return text.isascii() and text.isdigit()
