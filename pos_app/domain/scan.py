"""Classify what the scanner typed: payment code, product barcode, store code, merchant QR.

Classification only routes the scan; it does not verify a payment code's
signature (that needs the key set and the clock) or look a product up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from pos_app.domain.barcodes import gtin13_key, is_valid_gtin
from pos_app.domain.hangul_ime import normalise_scanned_text
from pos_app.domain.mpm import looks_like_mpm
from pos_app.domain.payment_code import looks_like_payment_code

_STORE_CODE = re.compile(r"[A-Z0-9-]{3,20}")
_HAS_LETTER = re.compile(r"[A-Z]")
# GS1 prefixes 20-29 are restricted circulation: the shop's own numbers for
# in-store and weighed goods, so their meaning is local, not a product's GTIN.
_RESTRICTED_EAN13_FIRST_DIGIT: Final = "2"

PROBLEM_BAD_CHECK_DIGIT: Final = "bad_check_digit"
PROBLEM_EMPTY: Final = "empty"


class ScanKind(StrEnum):
    PAYMENT_CODE = "payment_code"
    # A merchant-presented QR (EMVCo MPM): the shop's own, or another scheme's. It is
    # never a product or the customer's payment code, so it is routed on its own.
    MERCHANT_QR = "merchant_qr"
    EAN13 = "ean13"
    EAN8 = "ean8"
    UPCA = "upca"
    STORE_CODE = "store_code"
    UNKNOWN = "unknown"


_GTIN_KINDS: Final[dict[int, ScanKind]] = {
    13: ScanKind.EAN13,
    12: ScanKind.UPCA,
    8: ScanKind.EAN8,
}


@dataclass(frozen=True)
class ScanResult:
    """One scan, classified.

    ``text`` is what to act on (trimmed, IME damage repaired, upper case for
    payment and store codes); ``raw`` is exactly what arrived, for the log.
    ``problem`` says why a scan that looked like something is UNKNOWN.
    """

    kind: ScanKind
    text: str
    raw: str
    repaired: bool
    problem: str | None = None


def classify_scan(raw: str) -> ScanResult:
    """Decide what a scan is. Never raises: anything unrecognised is UNKNOWN."""
    # Scanners end a scan with CR and/or LF; some add a tab or spaces.
    stripped = raw.strip()
    # Before the IME repair: a merchant QR may carry Hangul (the name in field 64).
    if looks_like_mpm(stripped):
        return ScanResult(ScanKind.MERCHANT_QR, stripped, raw, False)
    text, repaired = normalise_scanned_text(stripped)
    if repaired and looks_like_mpm(text):
        return ScanResult(ScanKind.MERCHANT_QR, text, raw, repaired)
    if not text:
        return ScanResult(ScanKind.UNKNOWN, text, raw, repaired, PROBLEM_EMPTY)
    if looks_like_payment_code(text):
        return ScanResult(ScanKind.PAYMENT_CODE, text.upper(), raw, repaired)
    if text.isascii() and text.isdigit() and len(text) in _GTIN_KINDS:
        return _classify_gtin(text, raw, repaired)
    upper = text.upper() if text.isascii() else text
    if _STORE_CODE.fullmatch(upper) and _HAS_LETTER.search(upper):
        return ScanResult(ScanKind.STORE_CODE, upper, raw, repaired)
    return ScanResult(ScanKind.UNKNOWN, text, raw, repaired)


def _classify_gtin(digits: str, raw: str, repaired: bool) -> ScanResult:
    if not is_valid_gtin(digits):
        return ScanResult(ScanKind.UNKNOWN, digits, raw, repaired, PROBLEM_BAD_CHECK_DIGIT)
    kind = _GTIN_KINDS[len(digits)]
    if kind is ScanKind.EAN13 and digits.startswith(_RESTRICTED_EAN13_FIRST_DIGIT):
        kind = ScanKind.STORE_CODE
    return ScanResult(kind, digits, raw, repaired)


_SHARED_GTIN13_SPACE = frozenset({ScanKind.EAN13, ScanKind.UPCA})


def product_code_key(scan: ScanResult) -> str:
    """The key products are stored and looked up under.

    UPC-A and EAN-13 share one number space (a UPC-A is an EAN-13 with a leading
    0), so both become the 13-digit form; EAN-8 and store codes stay as scanned.
    """
    if scan.kind in _SHARED_GTIN13_SPACE:
        return gtin13_key(scan.text)
    return scan.text
