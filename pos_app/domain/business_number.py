"""사업자등록번호 (Korean business registration number): parse, check, format.

Printed on every receipt as XXX-XX-XXXXX. The last digit is a check digit
(DOMAIN.md): weights 1,3,7,1,3,7,1,3,5 on the first nine digits, plus
floor(9th digit * 5 / 10), check = (10 - sum mod 10) mod 10.
"""

from __future__ import annotations

import re
from typing import Final

_WEIGHTS: Final = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_DASHED = re.compile(r"[0-9]{3}-[0-9]{2}-[0-9]{5}")
_PLAIN = re.compile(r"[0-9]{10}")


def business_number_check_digit(first_nine: str) -> int:
    """The check digit for the first nine digits of a business number."""
    if not re.fullmatch(r"[0-9]{9}", first_nine):
        raise ValueError("expected exactly nine digits")
    digits = [int(char) for char in first_nine]
    total = sum(digit * weight for digit, weight in zip(digits, _WEIGHTS, strict=True))
    # The 9th digit counts twice: once weighted by 5, once as the tens of that product.
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def parse_business_number(text: str) -> str:
    """Return the 10 digits of "123-45-67890" or "1234567890"; raise ValueError otherwise."""
    if _DASHED.fullmatch(text):
        digits = text.replace("-", "")
    elif _PLAIN.fullmatch(text):
        digits = text
    else:
        raise ValueError("expected 10 digits, as XXX-XX-XXXXX or XXXXXXXXXX")
    if business_number_check_digit(digits[:9]) != int(digits[9]):
        raise ValueError("check digit does not match")
    return digits


def is_valid_business_number(text: str) -> bool:
    try:
        parse_business_number(text)
    except ValueError:
        return False
    return True


def format_business_number(digits: str) -> str:
    """``"1234567890"`` -> ``"123-45-67890"``.

    Only the shape is checked, not the check digit: formatting must not hide a
    number the merchant typed; validation belongs where it is entered.
    """
    if not _PLAIN.fullmatch(digits):
        raise ValueError("expected exactly 10 digits")
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
