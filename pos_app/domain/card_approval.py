"""The card terminal's approval number (승인번호) of a Cheongju Pay card payment.

The terminal, not the POS, approved the payment; its number is what ties the till's record to
the terminal's slip (and to the city's card records). Korean terminals print 8 digits; VANs
use 6 to 12, so those are accepted. The cashier types it or scans the slip's barcode with the
wedge; a barcode may carry spaces or hyphens between groups, which are not part of it.
Not the issuer's ``A`` + ten digits (``approval_no.py``): that one comes from the server.
"""

from __future__ import annotations

import re
from typing import Final

from pos_app.domain.errors import ErrorKey, UserFacingError

MIN_LEN: Final = 6
MAX_LEN: Final = 12
# [0-9], not \d: \d takes Arabic-Indic and other Unicode digits as well.
_DIGITS: Final = re.compile(f"[0-9]{{{MIN_LEN},{MAX_LEN}}}")
_SEPARATORS: Final = re.compile(r"[\s\-]")


def is_card_approval_no(value: object) -> bool:
    """The wire's check: exactly the digits, nothing else (the server uses it too)."""
    return type(value) is str and _DIGITS.fullmatch(value) is not None


def parse_card_approval_no(text: str) -> str:
    """The approval number in what was typed or scanned; UserFacingError E361/E362."""
    cleaned = _SEPARATORS.sub("", text or "")
    if not cleaned:
        raise UserFacingError(ErrorKey.CARD_APPROVAL_MISSING)
    if not is_card_approval_no(cleaned):
        raise UserFacingError(
            ErrorKey.CARD_APPROVAL_MALFORMED, min_len=MIN_LEN, max_len=MAX_LEN, text=text.strip()
        )
    return cleaned
