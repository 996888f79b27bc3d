"""Support tool: say what a scanned text is, as one JSON-able dict.

Used by ``cjpay-pos inspect``: a merchant reads a troublesome scan to support
over the phone, or pastes it into a ticket, and this names the exact problem.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pos_app.domain.barcodes import gtin13_key
from pos_app.domain.errors import UserFacingError
from pos_app.domain.mpm import (
    CHEONGJU_PAY_GUID,
    Deviation,
    MpmError,
    MpmPayload,
    deviations_error,
    parse_mpm,
    read_cheongju_mpm,
    read_mpm_leniently,
    user_error,
)
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
    if scan.kind is ScanKind.MERCHANT_QR:
        return {**report, **inspect_merchant_qr(scan.text)}
    if scan.kind in (ScanKind.EAN13, ScanKind.UPCA):
        report["fields"] = {"gtin13": gtin13_key(scan.text)}
    if scan.kind is ScanKind.UNKNOWN:
        return {**report, "result": scan.problem or "unrecognised"}
    return {**report, "result": "ok"}


def inspect_merchant_qr(text: str) -> dict[str, Any]:
    """An MPM payload's fields and verdict: "ok", the reason and the field that is wrong, or
    "deviates_from_emvco" with each deviation named (``deviations``).

    Read leniently so that what shops' stands carry still shows what it holds: PromptPay
    leaves out 52, 59, 60; Korean card companies' stands put 01 before 00, count a Hangul
    name's length in bytes, write the CRC in lower case. Only the verdict stays strict.
    """
    try:
        payload, deviations = read_mpm_leniently(text)
    except MpmError as error:
        return _mpm_failure(error)
    schemes = payload.schemes()
    report: dict[str, Any] = {
        "fields": payload.as_dict(),
        "scheme": schemes[0] if len(schemes) == 1 else schemes,
        **_summary(payload),
        "dynamic": payload.dynamic,
    }
    if payload.account(CHEONGJU_PAY_GUID) is not None:
        try:
            report["cheongju_pay"] = asdict(read_cheongju_mpm(text))
        except MpmError as error:
            return {**report, **_mpm_failure(error)}
    if payload.missing():
        report["missing"] = payload.missing()
    if deviations:
        report["deviations"] = [d.as_dict() for d in deviations]
        report["deviations_text"] = "; ".join(str(d) for d in deviations)
    if any(d.kind is not Deviation.MISSING_MANDATORY for d in deviations):
        error = deviations_error(", ".join(schemes), deviations)
        return {**report, "result": "deviates_from_emvco", **_error_fields(error)}
    if payload.missing():
        try:
            parse_mpm(text)
        except MpmError as error:
            return {**report, **_mpm_failure(error)}
    return {**report, "result": "ok"}


def _summary(payload: MpmPayload) -> dict[str, Any]:
    """What a person asks first: whose QR, where, in which currency, under which names."""
    summary: dict[str, Any] = {
        "networks": payload.networks(),
        "country": payload.get("58"),
        "currency": payload.currency,
        "merchant_name": payload.merchant_name,
        "merchant_city": payload.get("60"),
    }
    if payload.field("64") is not None:
        summary["alternate"] = {
            "language": payload.get("64.00"),
            "merchant_name": payload.merchant_name_alt,
            "merchant_city": payload.get("64.02"),
        }
    return summary


def _mpm_failure(error: MpmError) -> dict[str, Any]:
    return {
        "result": error.reason,
        "field": error.field,
        "error": str(error),
        **_error_fields(user_error(error)),
    }


def _error_fields(error: UserFacingError) -> dict[str, str]:
    return {"code": error.code, "message": error.message("ko"), "message_en": error.message("en")}
