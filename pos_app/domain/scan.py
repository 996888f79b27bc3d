"""Classify what the scanner typed: payment code, product barcode, store code, merchant QR.

Classification only routes the scan; it does not verify a payment code's
signature (that needs the key set and the clock) or look a product up.

Hangul in a scan is either the Korean IME's damage to a scanner's keys or text that
really is Korean (a label, a memo, a name in a QR). The repair back to the keys is
taken only when what it gives is then a code: a payment code whose structure parses,
a GTIN with its check digit, a merchant QR whose CRC (or, when the IME has lost the
letters' case, whose whole TLV chain) checks, or a store code the caller's catalog
knows. Anything else stays exactly as scanned, so Korean is never shown as Latin
letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from pos_app.domain.barcodes import gtin13_key, is_valid_gtin
from pos_app.domain.hangul_ime import normalise_scanned_text
from pos_app.domain.mpm import crc_matches, looks_like_mpm, splits_to_crc
from pos_app.domain.payment_code import (
    PaymentCodeError,
    looks_like_payment_code,
    parse_payment_code,
)

_STORE_CODE = re.compile(r"[A-Z0-9-]{3,20}")
_HAS_LETTER = re.compile(r"[A-Z]")
# GS1 prefixes 20-29 are restricted circulation: the shop's own numbers for
# in-store and weighed goods, so their meaning is local, not a product's GTIN.
_RESTRICTED_EAN13_FIRST_DIGIT: Final = "2"

#: Does the shop's catalog know this store code? Supplied by a service (the domain has no
#: database); without one no repaired store code is trusted.
KnownCode = Callable[[str], bool]


def any_store_code(_code: str) -> bool:
    """For a field that holds only product codes (the product form's code): there every
    store-code shape is a code, since Korean text is no product code anyway, and a new
    code typed through the IME is not in the catalog yet."""
    return True


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


def classify_scan(raw: str, known_code: KnownCode | None = None) -> ScanResult:
    """Decide what a scan is. Never raises: anything unrecognised is UNKNOWN.

    ``known_code`` says whether a store code is in the shop's catalog; it decides only
    whether Hangul repaired into a store code is taken as one (see the module's notes).
    """
    # Scanners end a scan with CR and/or LF; some add a tab or spaces.
    stripped = raw.strip()
    # Before the IME repair: a merchant QR may carry Hangul (the name in field 64).
    if looks_like_mpm(stripped):
        return ScanResult(ScanKind.MERCHANT_QR, stripped, raw, False)
    repaired = _repaired_code(stripped, raw, known_code)
    if repaired is not None:
        return repaired
    return _classify_text(stripped, raw, False)


def repair_if_code(text: str, known_code: KnownCode | None = None) -> tuple[str, bool]:
    """``(repaired text, True)`` if undoing the IME makes ``text`` a code, else
    ``(text, False)``: for a scan typed into a field, where Korean must stay Korean."""
    repaired = _repaired_code(text.strip(), text, known_code)
    if repaired is None:
        return text, False
    return normalise_scanned_text(text)[0], True


def _repaired_code(stripped: str, raw: str, known_code: KnownCode | None) -> ScanResult | None:
    """The scan as a code once the IME is undone, or None if that is no code."""
    text, repaired = normalise_scanned_text(stripped)
    if not repaired:
        return None
    if looks_like_mpm(text):
        return ScanResult(ScanKind.MERCHANT_QR, text, raw, True) if _mpm_checks(text) else None
    result = _classify_text(text, raw, True)
    if result.kind is ScanKind.PAYMENT_CODE:
        try:
            parse_payment_code(result.text)
        except PaymentCodeError:
            return None  # four letters of prefix are no proof that the keys were a code
        return result
    if result.kind in _GTIN_KINDS.values():
        return result  # digits never come out of the IME, but a barcode is a barcode
    if result.kind is ScanKind.STORE_CODE and known_code is not None and known_code(result.text):
        return result
    return None


def _mpm_checks(text: str) -> bool:
    """A repaired text is a merchant QR if its CRC checks, or if every field from
    "000201" to the CRC splits as tag, length, value: the IME loses letter case, so
    the CRC of a QR with lower-case letters can never check after the repair, while
    Korean prose cannot form that chain of two-digit tags and lengths."""
    return crc_matches(text) or splits_to_crc(text)


def _classify_text(text: str, raw: str, repaired: bool) -> ScanResult:
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
