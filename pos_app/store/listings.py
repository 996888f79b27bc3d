"""Online listings on this device: our listing events, and the server's review of them.

``listings`` is projected from ``listing_upsert`` / ``listing_stock`` events (rebuilt from
the journal). ``listing_reviews`` holds the server's latest ``listing_status`` (its state of
the listing: the review's outcome, and the echo of our own upserts), kept by a rebuild.
The status shown (:func:`shown_state`):

- our latest upsert declined (e.g. ``media_missing``): the server's state, since the
  declined change did not happen there (draft if the server has never had the listing);
- otherwise the server's state if it arrived once the server had our latest upsert, i.e.
  when it arrived our acknowledged seq had reached that upsert's seq (``basis_seq``): a
  review of an earlier submission never hides a newer one still waiting;
- otherwise our own state.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from pos_app.domain.listings import Channel, Delivery, ListingState, sale_split
from pos_app.domain.online_records import ListingRecord


def shown_state(
    device_state: ListingState,
    state_seq: int,
    server_state: ListingState | None,
    basis_seq: int,
    *,
    declined: bool = False,
) -> ListingState:
    if declined:
        return server_state or ListingState.DRAFT
    if server_state is not None and basis_seq >= state_seq:
        return server_state
    return device_state


# ----- writes -----------------------------------------------------------------------------


def project_upsert(
    conn: sqlite3.Connection, body: Mapping[str, Any], *, seq: int, occurred_at: str
) -> None:
    conn.execute(
        "INSERT INTO listings (listing_id, product_id, channel, title, description, photos,"
        " price, stock_offered, delivery, state, state_seq, created_at, updated_seq)"
        " VALUES (:listing_id, :product_id, :channel, :title, :description, :photos, :price,"
        " :stock_offered, :delivery, :state, :seq, :occurred_at, :seq)"
        " ON CONFLICT(listing_id) DO UPDATE SET product_id = excluded.product_id,"
        " channel = excluded.channel, title = excluded.title,"
        " description = excluded.description, photos = excluded.photos,"
        " price = excluded.price, stock_offered = excluded.stock_offered,"
        " delivery = excluded.delivery, state = excluded.state,"
        " state_seq = excluded.state_seq, updated_seq = excluded.updated_seq",
        {
            "listing_id": body["listing_id"],
            "product_id": body["product_id"],
            "channel": body["channel"],
            "title": body["title"],
            "description": body.get("description", ""),
            "photos": json.dumps(list(body.get("photos", []))),
            "price": body["price"],
            "stock_offered": body["stock_offered"],
            "delivery": json.dumps(Delivery.from_json(body.get("delivery") or {}).as_json()),
            "state": body["state"],
            "seq": seq,
            "occurred_at": occurred_at,
        },
    )


def project_stock(conn: sqlite3.Connection, body: Mapping[str, Any], *, seq: int) -> None:
    conn.execute(
        "UPDATE listings SET stock_offered = ?, updated_seq = ? WHERE listing_id = ?",
        (body["stock_offered"], seq, body["listing_id"]),
    )


def apply_review(
    conn: sqlite3.Connection, data: Mapping[str, Any], *, basis_seq: int, received_at: str
) -> None:
    """Store the server's ``listing_status`` (the latest one per listing).

    ``basis_seq`` is our acknowledged seq as it arrived. When the change names the last of
    our events the server had applied (``event_id``), that event's seq is the basis instead:
    exact, where the acknowledged seq races the feed (the long poll can bring the server's
    next change before the pusher has stored the answer to our upsert, and a change made
    before our upsert can arrive after its answer).
    """
    stock_offered = data.get("stock_offered")
    conn.execute(
        "INSERT INTO listing_reviews (listing_id, status, reason, reviewed_at, basis_seq,"
        " received_at, stock_offered) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(listing_id) DO UPDATE SET status = excluded.status,"
        " reason = excluded.reason, reviewed_at = excluded.reviewed_at,"
        " basis_seq = excluded.basis_seq, received_at = excluded.received_at,"
        " stock_offered = excluded.stock_offered",
        (
            str(data["listing_id"]),
            str(data["status"]),
            data.get("reason"),
            data.get("reviewed_at"),
            _event_seq(conn, data.get("event_id"), basis_seq),
            received_at,
            int(stock_offered) if stock_offered is not None else None,
        ),
    )


def _event_seq(conn: sqlite3.Connection, event_id: object, fallback: int) -> int:
    if not isinstance(event_id, str):
        return fallback  # an older server: what we had acknowledged when it arrived
    row = conn.execute("SELECT seq FROM journal WHERE event_id = ?", (event_id,)).fetchone()
    # Not in this journal (a file restored from a backup older than the event): as before.
    return int(row[0]) if row else fallback


# ----- reads ------------------------------------------------------------------------------

_SELECT = (
    "SELECT l.*, r.status AS review_status, r.reason AS review_reason, r.basis_seq,"
    " r.stock_offered AS server_stock_offered,"
    " state_result.outcome AS state_outcome,"
    " (SELECT detail FROM sync_results s WHERE s.seq IN (l.state_seq, l.updated_seq)"
    "  AND s.outcome = 'declined' ORDER BY s.seq DESC LIMIT 1) AS declined_detail"
    " FROM listings l LEFT JOIN listing_reviews r USING (listing_id)"
    " LEFT JOIN sync_results state_result ON state_result.seq = l.state_seq"
)


def _review_state(text: str | None) -> ListingState | None:
    try:
        return ListingState(text) if text else None
    except ValueError:  # a state a newer server knows and we do not: ignored
        return None


def _stock_offered(row: sqlite3.Row) -> int:
    """What is left of the online offer: the server's figure (orders placed online take from
    it there) once it had our latest upsert or stock change; until then, ours."""
    server = row["server_stock_offered"]
    basis = row["basis_seq"]
    if server is not None and basis is not None and int(basis) >= int(row["updated_seq"]):
        return int(server)
    return int(row["stock_offered"])


def _listing(row: sqlite3.Row) -> ListingRecord:
    channel = Channel(row["channel"])
    shown = shown_state(
        ListingState(row["state"]),
        int(row["state_seq"]),
        _review_state(row["review_status"]),
        int(row["basis_seq"] if row["basis_seq"] is not None else -1),
        declined=row["state_outcome"] == "declined",
    )
    declined = json.loads(row["declined_detail"]) if row["declined_detail"] else None
    return ListingRecord(
        listing_id=row["listing_id"],
        product_id=row["product_id"],
        channel=channel,
        title=row["title"],
        description=row["description"],
        photos=tuple(json.loads(row["photos"])),
        price=int(row["price"]),
        stock_offered=_stock_offered(row),
        delivery=Delivery.from_json(json.loads(row["delivery"])),
        status=shown,
        review_reason=row["review_reason"] if shown is ListingState.REJECTED else None,
        decline_code=str(declined.get("code")) if declined else None,
        split=sale_split(channel, int(row["price"]), 1),
    )


def listing_by_id(conn: sqlite3.Connection, listing_id: str) -> ListingRecord | None:
    row = conn.execute(f"{_SELECT} WHERE l.listing_id = ?", (listing_id,)).fetchone()
    return _listing(row) if row else None


def all_listings(conn: sqlite3.Connection, product_id: str | None = None) -> list[ListingRecord]:
    if product_id is None:
        rows = conn.execute(f"{_SELECT} ORDER BY l.created_at DESC, l.listing_id").fetchall()
    else:
        rows = conn.execute(
            f"{_SELECT} WHERE l.product_id = ? ORDER BY l.created_at DESC, l.listing_id",
            (product_id,),
        ).fetchall()
    return [_listing(row) for row in rows]
