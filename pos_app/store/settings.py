"""Device settings: JSON values under string keys, read back as domain objects."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any

from pos_app.domain.merchant import MerchantProfile, MerchantTerms
from pos_app.domain.offline_rules import OfflineLimits
from pos_app.domain.payment_code import KeySet
from pos_app.domain.pricing import CashbackPolicy, DiscountPolicy
from pos_app.domain.tax import TaxpayerType

MERCHANT = "merchant_profile"
DISCOUNT = "discount_policy"
CASHBACK = "cashback_policy"
ISSUER_KEYS = "issuer_keys"
OFFLINE_LIMITS = "offline_limits"
DEVICE_LABEL = "device_label"
#: A till's name when none was given: what enrolment stores for a blank name (and what a
#: till not enrolled yet prints; it cannot sync, but a self-test still prints a receipt).
UNNAMED_DEVICE = "POS"


def get_value(conn: sqlite3.Connection, key: str, default: Any = None) -> Any:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def set_value(conn: sqlite3.Connection, key: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False, sort_keys=True)),
    )


def device_label(conn: sqlite3.Connection) -> str:
    """This till's name as it was enrolled (receipts and slips print it)."""
    return str(get_value(conn, DEVICE_LABEL, UNNAMED_DEVICE))


def _date_or_none(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso_or_none(day: date | None) -> str | None:
    return day.isoformat() if day else None


def load_merchant(conn: sqlite3.Connection) -> MerchantProfile | None:
    raw = get_value(conn, MERCHANT)
    if raw is None:
        return None
    raw["restricted_since"] = _date_or_none(raw.get("restricted_since"))
    raw["restricted_until"] = _date_or_none(raw.get("restricted_until"))
    # A profile stored before tax types were kept is a general taxpayer's.
    raw["taxpayer_type"] = TaxpayerType(raw.get("taxpayer_type") or TaxpayerType.GENERAL)
    return MerchantProfile(**raw)


def save_merchant(conn: sqlite3.Connection, profile: MerchantProfile) -> None:
    raw = dict(profile.__dict__)
    raw["restricted_since"] = _iso_or_none(profile.restricted_since)
    raw["restricted_until"] = _iso_or_none(profile.restricted_until)
    set_value(conn, MERCHANT, raw)


def load_terms(conn: sqlite3.Connection) -> MerchantTerms:
    discount = get_value(conn, DISCOUNT)
    cashback = get_value(conn, CASHBACK)
    return MerchantTerms(
        discount=DiscountPolicy(
            rate_bp=discount["rate_bp"],
            valid_from=_date_or_none(discount.get("valid_from")),
            valid_to=_date_or_none(discount.get("valid_to")),
            rounding_unit=discount.get("rounding_unit", 1),
        )
        if discount
        else None,
        cashback=CashbackPolicy(**cashback) if cashback else None,
    )


def save_terms(conn: sqlite3.Connection, terms: MerchantTerms) -> None:
    if terms.discount is None:
        conn.execute("DELETE FROM settings WHERE key = ?", (DISCOUNT,))
    else:
        set_value(
            conn,
            DISCOUNT,
            {
                "rate_bp": terms.discount.rate_bp,
                "valid_from": _iso_or_none(terms.discount.valid_from),
                "valid_to": _iso_or_none(terms.discount.valid_to),
                "rounding_unit": terms.discount.rounding_unit,
            },
        )
    if terms.cashback is None:
        conn.execute("DELETE FROM settings WHERE key = ?", (CASHBACK,))
    else:
        set_value(conn, CASHBACK, dict(terms.cashback.__dict__))


def load_keys(conn: sqlite3.Connection) -> KeySet:
    return KeySet.from_json(get_value(conn, ISSUER_KEYS, []))


def save_keys(conn: sqlite3.Connection, keys: KeySet) -> None:
    set_value(conn, ISSUER_KEYS, keys.to_json())


def load_offline_limits(conn: sqlite3.Connection) -> OfflineLimits:
    raw = get_value(conn, OFFLINE_LIMITS)
    return OfflineLimits(**raw) if raw else OfflineLimits()


def save_offline_limits(conn: sqlite3.Connection, limits: OfflineLimits) -> None:
    set_value(conn, OFFLINE_LIMITS, dict(limits.__dict__))
