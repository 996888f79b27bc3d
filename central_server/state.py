"""Reads of the state devices are told about: merchant, policies, issuer keys, notices,
the published app version.

Each reader returns plain data in the wire shape of docs/protocol.md, so the
push, the changes feed and the admin commands agree on one spelling.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import Connection, Row, or_, select

from central_server.schema import app_releases, cashback_policies, issuer_keys, merchants, notices
from pos_app.domain.app_version import Release
from pos_app.domain.journal import format_timestamp
from pos_app.domain.payment_code import IssuerKey, KeySet
from pos_app.domain.pricing import CashbackPolicy

#: A retired key stays published this long after its not_after: codes live at most 600 s.
KEY_GRACE_SECONDS: Final = 600


@dataclass(frozen=True)
class MerchantState:
    merchant_id: str
    restricted: bool
    designated: bool


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def merchant_row(conn: Connection, merchant_id: str) -> Row[Any] | None:
    return conn.execute(select(merchants).where(merchants.c.merchant_id == merchant_id)).first()


def merchant_state(conn: Connection, merchant_id: str) -> MerchantState | None:
    row = conn.execute(
        select(merchants.c.status, merchants.c.designated).where(
            merchants.c.merchant_id == merchant_id
        )
    ).first()
    if row is None:
        return None
    return MerchantState(merchant_id, row.status == "restricted", bool(row.designated))


def merchant_profile(row: Row[Any]) -> dict[str, Any]:
    return {
        "merchant_id": row.merchant_id,
        "name": row.name,
        "business_number": row.business_number,
        "representative": row.representative,
        "address": row.address,
        "phone": row.phone,
        "sector": row.sector,
        "status": row.status,
        "restricted_reason": row.restricted_reason,
        "restricted_since": _day(row.restricted_since),
        "restricted_until": _day(row.restricted_until),
        "designated": bool(row.designated),
        "taxpayer_type": row.taxpayer_type,
    }


def discount_policy(row: Row[Any]) -> dict[str, Any] | None:
    if row.discount_rate_bp is None:
        return None
    return {
        "rate_bp": row.discount_rate_bp,
        "valid_from": _day(row.discount_valid_from),
        "valid_to": _day(row.discount_valid_to),
        "rounding_unit": row.discount_rounding_unit or 1,
    }


def current_cashback_policy(conn: Connection) -> CashbackPolicy | None:
    row = conn.execute(
        select(
            cashback_policies.c.rate_bp,
            cashback_policies.c.monthly_cap,
            cashback_policies.c.extra_rate_bp,
        )
        .order_by(cashback_policies.c.policy_id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return CashbackPolicy(row.rate_bp, row.monthly_cap, row.extra_rate_bp)


def cashback_policy_json(policy: CashbackPolicy | None, designated: bool) -> dict[str, Any] | None:
    """The feed's ``cashback_policy``: the extra rate only reaches designated merchants."""
    if policy is None:
        return None
    return {
        "rate_bp": policy.rate_bp,
        "monthly_cap": policy.monthly_cap,
        "extra_rate_bp": policy.extra_rate_bp if designated else 0,
    }


def all_keys(conn: Connection) -> KeySet:
    """Every key the server ever had: a code is judged by the key that signed it, however
    long ago it was retired (an offline payment may reach the server days later)."""
    rows = conn.execute(
        select(
            issuer_keys.c.key_id,
            issuer_keys.c.public_key,
            issuer_keys.c.not_before,
            issuer_keys.c.not_after,
        )
    )
    return KeySet(
        IssuerKey(row.key_id, bytes(row.public_key), row.not_before, row.not_after) for row in rows
    )


def published_keys(conn: Connection, now_unix: int) -> list[dict[str, Any]]:
    """``/v1/keys``: every key whose codes may still be presented (not_after + 600 s)."""
    rows = conn.execute(
        select(
            issuer_keys.c.key_id,
            issuer_keys.c.public_key,
            issuer_keys.c.not_before,
            issuer_keys.c.not_after,
        )
        .where(
            or_(
                issuer_keys.c.not_after.is_(None),
                issuer_keys.c.not_after + KEY_GRACE_SECONDS >= now_unix,
            )
        )
        .order_by(issuer_keys.c.key_id)
    )
    return [
        {
            "key_id": row.key_id,
            "public_key": base64.b64encode(bytes(row.public_key)).decode("ascii"),
            "not_before": row.not_before,
            "not_after": row.not_after,
        }
        for row in rows
    ]


def notice_json(row: Row[Any]) -> dict[str, Any]:
    return {
        "notice_id": row.notice_id,
        "title": row.title,
        "body": row.body,
        "published_at": format_timestamp(row.published_at),
        "pinned": bool(row.pinned),
    }


def notices_for(conn: Connection, merchant_id: str, limit: int = 100) -> list[dict[str, Any]]:
    """The pinned and then the newest notices for one merchant (its own and everyone's),
    oldest first: a pinned notice is sent however many came after it."""
    rows = conn.execute(
        select(notices)
        .where(or_(notices.c.merchant_id.is_(None), notices.c.merchant_id == merchant_id))
        .order_by(notices.c.pinned.desc(), notices.c.notice_id.desc())
        .limit(limit)
    ).all()
    return [notice_json(row) for row in sorted(rows, key=lambda row: row.notice_id)]


def timestamp(moment: datetime) -> str:
    """RFC 3339 UTC with milliseconds: the journal's one spelling, used for every time."""
    return format_timestamp(moment)


def current_release(conn: Connection) -> dict[str, Any] | None:
    """The newest ``publish-version`` in wire shape (``app_release``), or None before the first."""
    row = conn.execute(
        select(app_releases).order_by(app_releases.c.release_id.desc()).limit(1)
    ).first()
    if row is None:
        return None
    release = Release(row.latest, row.minimum, row.url, row.sha256)
    return {**release.to_json(), "published_at": timestamp(row.published_at)}
