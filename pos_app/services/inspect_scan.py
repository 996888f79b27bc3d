"""Support tool: say what a scanned text is, as one JSON-able dict.

Used by ``cjpay-pos inspect``: a merchant reads a troublesome scan to support
over the phone, or pastes it into a ticket, and this names the exact problem.
"""

from __future__ import annotations

from typing import Any

from pos_app.domain.barcodes import gtin13_key
from pos_app.domain.errors import UserFacingError
from pos_app.domain.payment_code import (
    KeySet,
    PaymentCodeError,
    parse_payment_code,
    verify_payment_code,
)
from pos_app.domain.scan import ScanKind, classify_scan


def inspect_scan(raw: str, keys: KeySet, at: int) -> dict[str, Any]:
    scan = classify_scan(raw)
    report: dict[str, Any] = {"input": raw, "kind": scan.kind.value, "text": scan.text}
    if scan.repaired:
        report["repaired"] = scan.text
    if scan.kind is ScanKind.PAYMENT_CODE:
        report["checked_at"] = at
        try:
            report["fields"] = parse_payment_code(scan.text).fields()
            verify_payment_code(scan.text, keys, at)
        except PaymentCodeError as error:
            return {**report, "result": error.reason, **_error_fields(error)}
        return {**report, "result": "ok"}
    if scan.kind in (ScanKind.EAN13, ScanKind.UPCA):
        report["fields"] = {"gtin13": gtin13_key(scan.text)}
    if scan.kind is ScanKind.UNKNOWN:
        return {**report, "result": scan.problem or "unrecognised"}
    return {**report, "result": "ok"}


def _error_fields(error: UserFacingError) -> dict[str, str]:
    return {"code": error.code, "message": error.message("ko"), "message_en": error.message("en")}
