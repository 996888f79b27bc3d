"""What a page of the server's changes feed means on this device, applied.

The engine fetches a page and opens the write transaction; this module decides what each
change does here (a policy replaces the last one, a notice is kept or pushed out, a server's
stock release applies only where its reservation is held, a paid merchant-QR request records
its payment) and keeps the result through the store's row functions. No network, no Qt.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, Final

from pos_app.domain.app_version import Release
from pos_app.domain.change_kinds import ChangeKind, ChangeMeaning
from pos_app.domain.clock import parse_utc
from pos_app.domain.merchant import MerchantProfile, MerchantTerms
from pos_app.domain.payment_code import KeySet
from pos_app.domain.pricing import CashbackPolicy, DiscountPolicy
from pos_app.domain.stock import Movement, MovementReason
from pos_app.domain.tax import TaxpayerType
from pos_app.store import app_release, listings, orders, settings, stock_movements, sync_state
from pos_app.store.payment_requests import PAID
from pos_app.sync.payment_requests import apply_server_state

log = logging.getLogger(__name__)

#: Notices kept on the device; the oldest unpinned ones go first.
MAX_NOTICES: Final = 50


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _known_kind(raw: Any) -> ChangeKind | None:
    try:
        return ChangeKind(raw)
    except ValueError:
        return None


def apply_changes(
    conn: sqlite3.Connection,
    changes: Iterable[Mapping[str, Any]],
    cursor: str,
    received_at: str = "",
) -> set[str]:
    """Apply a page of the changes feed and store its cursor (in the caller's transaction).

    Returns the change types seen (a :class:`ChangeKind`, or the plain string of a type a
    newer server sends and this device skips) plus what they meant (:class:`ChangeMeaning`).
    ``received_at`` (RFC 3339 UTC) is stored with orders and reviews.
    """
    seen: set[str] = set()
    terms = settings.load_terms(conn)
    discount, cashback = terms.discount, terms.cashback
    for change in changes:
        raw_kind, data = change["type"], change.get("data")
        kind = _known_kind(raw_kind)
        seen.add(kind or raw_kind)
        if kind is ChangeKind.MERCHANT_PROFILE:
            settings.save_merchant(conn, _merchant(data))
        elif kind is ChangeKind.DISCOUNT_POLICY:
            discount = _discount_policy(data)
        elif kind is ChangeKind.CASHBACK_POLICY:
            cashback = _cashback_policy(data)
        elif kind is ChangeKind.ISSUER_KEYS:
            settings.save_keys(conn, KeySet.from_json(data["keys"]))
        elif kind is ChangeKind.NOTICE:
            _add_notice(conn, data)
        elif kind in _ONLINE_KINDS:
            seen |= _apply_online_change(conn, kind, data, received_at)
        elif kind is ChangeKind.PAYMENT_REQUEST and _apply_payment_request(conn, data, received_at):
            seen.add(ChangeMeaning.MPM_PAID)
        elif kind is ChangeKind.APP_RELEASE:
            _apply_release(conn, data)
        # Unknown types are skipped: a newer server may send more than we know.
    settings.save_terms(conn, MerchantTerms(discount=discount, cashback=cashback))
    sync_state.save_cursor(conn, cursor)
    return seen


def _discount_policy(data: Mapping[str, Any] | None) -> DiscountPolicy | None:
    if not data:
        return None  # the merchant has no discount any more
    return DiscountPolicy(
        rate_bp=int(data["rate_bp"]),
        valid_from=_day(data.get("valid_from")),
        valid_to=_day(data.get("valid_to")),
        rounding_unit=int(data.get("rounding_unit", 1)),
    )


def _cashback_policy(data: Mapping[str, Any] | None) -> CashbackPolicy | None:
    if not data:
        return None
    return CashbackPolicy(
        rate_bp=int(data["rate_bp"]),
        monthly_cap=int(data["monthly_cap"]),
        extra_rate_bp=int(data.get("extra_rate_bp", 0)),
    )


def _apply_order(
    conn: sqlite3.Connection, data: Mapping[str, Any], received_at: str
) -> set[ChangeMeaning]:
    applied = orders.apply_server_order(conn, data, received_at)
    meanings = (
        (applied.new, ChangeMeaning.ORDERS_NEW),
        (applied.cancelled, ChangeMeaning.ORDERS_CANCELLED),
    )
    meant = {meaning for happened, meaning in meanings if happened}
    if applied.released:
        meant.add(ChangeMeaning.STOCK_CHANGED)
    return meant


def _apply_listing_status(
    conn: sqlite3.Connection, data: Mapping[str, Any], received_at: str
) -> set[ChangeMeaning]:
    listings.apply_review(conn, data, basis_seq=sync_state.acked_seq(conn), received_at=received_at)
    return set()


def _apply_stock_movement(
    conn: sqlite3.Connection, data: Mapping[str, Any], received_at: str
) -> set[ChangeMeaning]:
    """A movement the server made; each id counts once, whichever side made it first.

    A release names an order's reservation; it is applied only where that reservation is
    held (this device accepted the order), as this device would make it itself.
    """
    movement = Movement(
        movement_id=str(data["movement_id"]),
        product_id=str(data["product_id"]),
        delta=int(data["delta"]),
        reason=MovementReason(data["reason"]),
        order_id=data.get("order_id"),
    )
    if movement.reason is MovementReason.ONLINE_RELEASE and not stock_movements.holds(
        conn, f"order/{movement.order_id}/reserve"
    ):
        return set()
    inserted = stock_movements.insert_movement(
        conn,
        movement,
        occurred_at=str(data.get("occurred_at") or received_at),
        source=stock_movements.SERVER,
    )
    return {ChangeMeaning.STOCK_CHANGED} if inserted else set()


_OnlineApplier = Callable[[sqlite3.Connection, Mapping[str, Any], str], set[ChangeMeaning]]

_ONLINE_KINDS: Final[dict[ChangeKind, _OnlineApplier]] = {
    ChangeKind.ORDER: _apply_order,
    ChangeKind.LISTING_STATUS: _apply_listing_status,
    ChangeKind.STOCK_MOVEMENT: _apply_stock_movement,
}


def _apply_online_change(
    conn: sqlite3.Connection, kind: ChangeKind, data: Any, received_at: str
) -> set[ChangeMeaning]:
    # A malformed change must not stop every later one (new orders among them) from
    # arriving: its partial writes are rolled back, it is logged and skipped.
    conn.execute("SAVEPOINT online_change")
    try:
        meant = _ONLINE_KINDS[kind](conn, data, received_at)
    except (KeyError, TypeError, ValueError, AttributeError, sqlite3.IntegrityError):
        conn.execute("ROLLBACK TO online_change")
        conn.execute("RELEASE online_change")
        log.exception("skipped a malformed %s change: %r", kind, data)
        return set()
    conn.execute("RELEASE online_change")
    return meant


def _apply_payment_request(
    conn: sqlite3.Connection, data: Mapping[str, Any], received_at: str
) -> bool:
    """A merchant-presented payment moved; a paid one is recorded here, exactly once.
    True when this recorded a payment."""
    conn.execute("SAVEPOINT payment_request")
    try:
        moment = received_at or data.get("paid_at") or data["expires_at"]
        moved = apply_server_state(conn, data, parse_utc(moment))
    except (KeyError, TypeError, ValueError, AttributeError):
        # As for orders: one malformed change must not stop the feed behind it.
        conn.execute("ROLLBACK TO payment_request")
        conn.execute("RELEASE payment_request")
        log.exception("skipped a malformed payment_request change: %r", data)
        return False
    conn.execute("RELEASE payment_request")
    return moved and data.get("status") == PAID


def _apply_release(conn: sqlite3.Connection, data: Mapping[str, Any] | None) -> None:
    """The versions the city publishes (None: nothing published). Checked as the server
    checks them; a malformed one is logged and the last good one kept."""
    if not data:
        app_release.save_release(conn, None)
        return
    try:
        release = Release.from_json(data)
    except (KeyError, TypeError, ValueError):
        log.exception("skipped a malformed app_release change: %r", data)
        return
    app_release.save_release(conn, release)


def _merchant(data: Mapping[str, Any]) -> MerchantProfile:
    return MerchantProfile(
        merchant_id=str(data["merchant_id"]),
        name=str(data["name"]),
        business_number=str(data["business_number"]),
        representative=str(data.get("representative", "")),
        address=str(data.get("address", "")),
        phone=str(data.get("phone", "")),
        restricted=data.get("status") == "restricted",
        restricted_reason=str(data.get("restricted_reason") or ""),
        restricted_since=_day(data.get("restricted_since")),
        restricted_until=_day(data.get("restricted_until")),
        taxpayer_type=_taxpayer_type(data.get("taxpayer_type")),
    )


def _taxpayer_type(value: Any) -> TaxpayerType:
    """A server from before tax types sends none: its merchants are general taxpayers. An
    unknown value (a newer server) is read as general too, the receipt that says most."""
    try:
        return TaxpayerType(value) if value else TaxpayerType.GENERAL
    except ValueError:
        log.warning("unknown taxpayer_type %r: read as general", value)
        return TaxpayerType.GENERAL


def _add_notice(conn: sqlite3.Connection, notice: Mapping[str, Any]) -> None:
    """Keep the notice, replacing an earlier copy (e.g. pinned or unpinned since).

    The oldest unpinned ones go past ``MAX_NOTICES``; a pinned one stays until unpinned.
    """
    notices = [
        n
        for n in sync_state.notices(conn)
        if str(n.get("notice_id")) != str(notice.get("notice_id"))
    ]
    notices.append(dict(notice))
    excess = len(notices) - MAX_NOTICES
    kept = []
    for n in notices:
        if excess > 0 and not n.get("pinned"):
            excess -= 1
            continue
        kept.append(n)
    sync_state.save_notices(conn, kept)
