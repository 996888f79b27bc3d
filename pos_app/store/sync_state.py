"""What the sync engine keeps: enrolment, the acknowledged seq, server answers, the cursor.

Every function here is short and local: network I/O happens outside, and each
write runs in the caller's write transaction.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pos_app.domain.clock import parse_utc
from pos_app.domain.journal import JournalEvent
from pos_app.domain.merchant import MerchantProfile, MerchantTerms
from pos_app.domain.payment_code import KeySet
from pos_app.domain.payment_status import ServerOutcome
from pos_app.domain.pricing import CashbackPolicy, DiscountPolicy
from pos_app.domain.records import AppliedResults
from pos_app.domain.stock import Movement, MovementReason
from pos_app.store import listings, media, orders, payment_requests, settings, stock_movements
from pos_app.store.journal import iter_events
from pos_app.store.projection import project_result

log = logging.getLogger(__name__)

ENROLMENT = "enrolment"
CURSOR = "sync_cursor"
NOTICES = "notices"
LAST_SUCCESS = "sync_last_success"
CLOCK_OFFSET_MS = "server_clock_offset_ms"  # server's clock minus the PC's, last seen
MAX_NOTICES = 50

# Besides the server's change types, apply_changes reports what they meant here, so the
# screen knows when to play the order sound without reading the database first:
ORDERS_NEW = "order.new"  # at least one order arrived that waits for the vendor
ORDERS_CANCELLED = "order.cancelled"  # a customer cancelled an order we had
STOCK_CHANGED = "stock.changed"  # a stock level changed (a server movement or a release)
MPM_PAID = "payment_request.paid"  # a merchant-QR payment was recorded: push it now


@dataclass(frozen=True)
class Enrolment:
    server_url: str
    merchant_id: str
    device_id: str
    device_name: str


def load_enrolment(conn: sqlite3.Connection) -> Enrolment | None:
    raw = settings.get_value(conn, ENROLMENT)
    return Enrolment(**raw) if raw else None


def save_enrolment(conn: sqlite3.Connection, enrolment: Enrolment) -> None:
    settings.set_value(conn, ENROLMENT, dict(enrolment.__dict__))


def acked_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT MAX(seq) FROM sync_results").fetchone()
    return int(row[0] or 0)


def pending_events(conn: sqlite3.Connection, limit: int) -> list[JournalEvent]:
    """The oldest events the server has not acknowledged, in seq order."""
    events = []
    for event in iter_events(conn, after_seq=acked_seq(conn)):
        events.append(event)
        if len(events) >= limit:
            break
    return events


@dataclass(frozen=True)
class PendingStats:
    count: int
    oldest_occurred_at: str | None  # RFC 3339 UTC of the oldest unacknowledged event
    head_seq: int


def pending_stats(conn: sqlite3.Connection) -> PendingStats:
    acked = acked_seq(conn)
    head = conn.execute("SELECT MAX(seq) FROM journal").fetchone()[0] or 0
    oldest = conn.execute("SELECT occurred_at FROM journal WHERE seq = ?", (acked + 1,)).fetchone()
    return PendingStats(head - acked, oldest[0] if oldest else None, head)


def apply_results(
    conn: sqlite3.Connection, results: Iterable[Mapping[str, Any]], received_at: str
) -> AppliedResults:
    """Store the server's answers and project them onto the payments."""
    changed: list[str] = []
    declined: list[tuple[str, str, str]] = []
    for result in results:
        seq = int(result["seq"])
        detail = {
            key: value
            for key, value in result.items()
            if key not in ("seq", "event_id", "status", "outcome")
        }
        inserted = conn.execute(
            "INSERT INTO sync_results (seq, event_id, status, outcome, detail, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(seq) DO NOTHING",
            (
                seq,
                result["event_id"],
                result["status"],
                result["outcome"],
                json.dumps(detail, ensure_ascii=False, sort_keys=True),
                received_at,
            ),
        )
        if inserted.rowcount != 1:
            continue
        project_result(conn, seq, result["outcome"], detail)
        if result["outcome"] == ServerOutcome.DECLINED and detail.get("code") == "media_missing":
            _forget_uploads_named_at(conn, seq)
        payment = conn.execute(
            "SELECT payment_id, receipt_no FROM payments WHERE seq = ?", (seq,)
        ).fetchone()
        if payment is not None:
            changed.append(payment[0])
            if result["outcome"] == ServerOutcome.DECLINED:
                declined.append((payment[0], payment[1], str(detail.get("message", ""))))
    return AppliedResults(tuple(changed), tuple(declined))


def _forget_uploads_named_at(conn: sqlite3.Connection, seq: int) -> None:
    # Our flag said uploaded, the server says missing (it lost them, or the flag was
    # wrong): the server's word wins, so resubmitting uploads the photos again.
    events = iter_events(conn, after_seq=seq - 1)
    event = next(events, None)
    events.close()
    if event is not None and event.seq == seq:
        media.forget_uploads(conn, media.photos_named([event]))


def load_cursor(conn: sqlite3.Connection) -> str | None:
    return settings.get_value(conn, CURSOR)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def apply_changes(
    conn: sqlite3.Connection,
    changes: Iterable[Mapping[str, Any]],
    cursor: str,
    received_at: str = "",
) -> set[str]:
    """Apply a page of the changes feed and store its cursor.

    Returns the change types seen plus what they meant (``ORDERS_NEW`` ...).
    ``received_at`` (RFC 3339 UTC) is stored with orders and reviews.
    """
    seen: set[str] = set()
    terms = settings.load_terms(conn)
    discount, cashback = terms.discount, terms.cashback
    for change in changes:
        kind, data = change["type"], change.get("data")
        seen.add(kind)
        if kind == "merchant_profile":
            settings.save_merchant(conn, _merchant(data))
        elif kind == "discount_policy":
            discount = (
                DiscountPolicy(
                    rate_bp=int(data["rate_bp"]),
                    valid_from=_day(data.get("valid_from")),
                    valid_to=_day(data.get("valid_to")),
                    rounding_unit=int(data.get("rounding_unit", 1)),
                )
                if data
                else None
            )
        elif kind == "cashback_policy":
            cashback = (
                CashbackPolicy(
                    rate_bp=int(data["rate_bp"]),
                    monthly_cap=int(data["monthly_cap"]),
                    extra_rate_bp=int(data.get("extra_rate_bp", 0)),
                )
                if data
                else None
            )
        elif kind == "issuer_keys":
            settings.save_keys(conn, KeySet.from_json(data["keys"]))
        elif kind == "notice":
            _add_notice(conn, data)
        elif kind in _ONLINE_KINDS:
            seen |= _apply_online_change(conn, kind, data, received_at)
        elif kind == "payment_request" and _apply_payment_request(conn, data, received_at):
            seen.add(MPM_PAID)
        # Unknown types are skipped: a newer server may send more than we know.
    settings.save_terms(conn, MerchantTerms(discount=discount, cashback=cashback))
    settings.set_value(conn, CURSOR, cursor)
    return seen


def _apply_order(conn: sqlite3.Connection, data: Mapping[str, Any], received_at: str) -> set[str]:
    applied = orders.apply_server_order(conn, data, received_at)
    meanings = ((applied.new, ORDERS_NEW), (applied.cancelled, ORDERS_CANCELLED))
    meant = {kind for happened, kind in meanings if happened}
    if applied.released:
        meant.add(STOCK_CHANGED)
    return meant


def _apply_listing_status(
    conn: sqlite3.Connection, data: Mapping[str, Any], received_at: str
) -> set[str]:
    listings.apply_review(conn, data, basis_seq=acked_seq(conn), received_at=received_at)
    return set()


def _apply_stock_movement(
    conn: sqlite3.Connection, data: Mapping[str, Any], received_at: str
) -> set[str]:
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
    return {STOCK_CHANGED} if inserted else set()


def _apply_online_change(
    conn: sqlite3.Connection, kind: str, data: Any, received_at: str
) -> set[str]:
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


_ONLINE_KINDS = {
    "order": _apply_order,
    "listing_status": _apply_listing_status,
    "stock_movement": _apply_stock_movement,
}


def _apply_payment_request(
    conn: sqlite3.Connection, data: Mapping[str, Any], received_at: str
) -> bool:
    """A merchant-presented payment moved; a paid one is recorded here, exactly once.
    True when this recorded a payment."""
    conn.execute("SAVEPOINT payment_request")
    try:
        moment = received_at or data.get("paid_at") or data["expires_at"]
        moved = payment_requests.apply_server_state(conn, data, parse_utc(moment))
    except (KeyError, TypeError, ValueError, AttributeError):
        # As for orders: one malformed change must not stop the feed behind it.
        conn.execute("ROLLBACK TO payment_request")
        conn.execute("RELEASE payment_request")
        log.exception("skipped a malformed payment_request change: %r", data)
        return False
    conn.execute("RELEASE payment_request")
    return moved and data.get("status") == "paid"


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
    )


def _add_notice(conn: sqlite3.Connection, notice: Mapping[str, Any]) -> None:
    """Keep the notice, replacing an earlier copy (e.g. pinned or unpinned since).

    The oldest unpinned ones go past ``MAX_NOTICES``; a pinned one stays until unpinned.
    """
    notices = [
        n
        for n in settings.get_value(conn, NOTICES, [])
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
    settings.set_value(conn, NOTICES, kept)


def notices(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return list(settings.get_value(conn, NOTICES, []))


def load_clock_offset(conn: sqlite3.Connection) -> timedelta:
    return timedelta(milliseconds=int(settings.get_value(conn, CLOCK_OFFSET_MS, 0) or 0))


def save_clock_offset(conn: sqlite3.Connection, offset: timedelta) -> None:
    settings.set_value(conn, CLOCK_OFFSET_MS, round(offset.total_seconds() * 1000))
