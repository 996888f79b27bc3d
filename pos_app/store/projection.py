"""Tables projected from journal events.

Every business row is derived from an event, in the same transaction that
appends it, so the tables can always be rebuilt from the journal alone
(:func:`rebuild_projections`), and a row nobody journalled cannot exist.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

from pos_app.domain.journal import JournalEvent
from pos_app.domain.payment_status import PaymentStatus, status_after, status_when_recorded
from pos_app.domain.scan import classify_scan, product_code_key
from pos_app.domain.stock import event_movement, sale_movements, void_movements
from pos_app.domain.tenders import Tender
from pos_app.store import (
    business_day,
    cash_receipts,
    discount_facts,
    listings,
    orders,
    payment_parts,
    stock_movements,
    tax_facts,
    weighed_lines,
)
from pos_app.store import refunds as refund_store
from pos_app.store.journal import append_event, iter_events

PRODUCT_UPSERT = "product_upsert"
PAYMENT = "payment"
PAYMENT_VOID = "payment_void"
STOCK_MOVEMENT = "stock_movement"
LISTING_UPSERT = "listing_upsert"
LISTING_STOCK = "listing_stock"
ORDER_STATUS = "order_status"

# Device-made tables a rebuild clears and replays, children before parents. Not here:
# what the server made (stock movements with source 'server', listing_reviews, the
# server's columns of orders, media, sync_results); it is kept.
_PROJECTED_TABLES = (
    *business_day.PROJECTED_TABLES,
    "cash_receipts",
    "used_payment_codes",
    "refund_items",
    "refunds",
    "payment_items",
    "payment_parts",
    "payments",
    "product_codes",
    "products",
    "listings",
)


# The shop's product fields (photo, low-stock level, favourite) are optional in
# product_upsert (older events lack them). An event without one leaves the stored value as
# it was, so an older writer that does not know the field cannot wipe a photo or a
# favourite; an explicit null clears it.
# 과세구분 (tax_category) is one of them: a product from before it existed stays taxable.
# So are sold_by_weight / price_per_kg / market_price (scale and 시가 goods).
_OPTIONAL_PRODUCT_FIELDS = (
    "photo",
    "low_stock_at",
    "favourite",
    "tax_category",
    "sold_by_weight",
    "price_per_kg",
    "market_price",
)
_FLAG_PRODUCT_FIELDS = ("favourite", "sold_by_weight", "market_price")


def _project_product_upsert(conn: sqlite3.Connection, event: JournalEvent) -> None:
    body = event.body
    conn.execute(
        "INSERT INTO products"
        " (product_id, name, price, category, excluded_from_discount, active, updated_seq)"
        " VALUES (:product_id, :name, :price, :category, :excluded, :active, :seq)"
        " ON CONFLICT(product_id) DO UPDATE SET name=excluded.name, price=excluded.price,"
        " category=excluded.category, excluded_from_discount=excluded.excluded_from_discount,"
        " active=excluded.active, updated_seq=excluded.updated_seq",
        {
            "product_id": body["product_id"],
            "name": body["name"],
            "price": body["price"],
            "category": body.get("category", ""),
            "excluded": int(body.get("excluded_from_discount", False)),
            "active": int(body.get("active", True)),
            "seq": event.seq,
        },
    )
    present = {key: body[key] for key in _OPTIONAL_PRODUCT_FIELDS if key in body}
    if present:
        for flag in _FLAG_PRODUCT_FIELDS:
            if flag in present:
                present[flag] = int(bool(present[flag]))
        assignments = ", ".join(f"{key} = :{key}" for key in present)
        conn.execute(
            f"UPDATE products SET {assignments} WHERE product_id = :product_id",
            {**present, "product_id": body["product_id"]},
        )
    conn.execute("DELETE FROM product_codes WHERE product_id = ?", (body["product_id"],))
    conn.executemany(
        "INSERT INTO product_codes (code, product_id) VALUES (?, ?)"
        " ON CONFLICT(code) DO UPDATE SET product_id = excluded.product_id",
        # Stored under the same key a scan looks up (a UPC-A becomes its EAN-13 form).
        [
            (product_code_key(classify_scan(code)), body["product_id"])
            for code in body.get("codes", [])
        ],
    )


def _project_payment(conn: sqlite3.Connection, event: JournalEvent) -> None:
    body = event.body
    code: dict[str, Any] = body.get("payment_code") or {}
    conn.execute(
        "INSERT INTO payments (payment_id, seq, receipt_no, business_date, paid_at, tender,"
        " subtotal, eligible, discount, discount_rate_bp, total, cashback_preview,"
        " token_id, wallet_id, scanned_at, offline, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.event_id,
            event.seq,
            body["receipt_no"],
            body["business_date"],
            event.occurred_at,
            body["tender"],
            body["subtotal"],
            body["eligible"],
            body["discount"],
            body["discount_rate_bp"],
            body["total"],
            body["cashback_preview"],
            code.get("token_id"),
            code.get("wallet_id") or body.get("wallet_id"),
            code.get("scanned_at"),
            int(body["offline"]),
            # Cash and card are final when recorded; Cheongju Pay QR money (a whole payment
            # or a split sale's part) waits for the server.
            status_when_recorded(
                Tender.CHEONGJU_PAY.value if payment_parts.exposure_of(body) > 0 else body["tender"]
            ).value,
        ),
    )
    if body.get("mpm_request_id"):
        # Merchant-presented: the server approved it before it was recorded.
        conn.execute(
            "UPDATE payments SET status = ?, approval_no = ?, cashback = ? WHERE payment_id = ?",
            (PaymentStatus.APPROVED.value, body["approval_no"], body["cashback"], event.event_id),
        )
    conn.executemany(
        "INSERT INTO payment_items (payment_id, line_no, product_id, name, unit_price,"
        " quantity, amount, excluded_from_discount) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                event.event_id,
                line["line_no"],
                line.get("product_id"),
                line["name"],
                line["unit_price"],
                line["quantity"],
                line["amount"],
                int(line["excluded_from_discount"]),
            )
            for line in body["lines"]
        ],
    )
    if code.get("token_id"):
        conn.execute(
            "INSERT INTO used_payment_codes (token_id, payment_id, used_at) VALUES (?, ?, ?)",
            (code["token_id"], event.event_id, code["scanned_at"]),
        )
    refund_store.project_cash(conn, event)  # cash: tendered and change
    tax_facts.project_payment(conn, event)  # each line's 과세/면세 and the split paid
    weighed_lines.project_payment(conn, event)  # a scale label's grams and won per kg
    discount_facts.project_payment(conn, event)  # manual price changes and discounts
    cash_receipts.project_issue(conn, event)  # cash: the cash receipt asked for, if any
    payment_parts.project_payment(conn, event)  # its parts by tender (one unless split)
    # The goods left the counter when the receipt printed, whatever the server says later.
    stock_movements.insert_movements(
        conn,
        sale_movements(event.event_id, body["lines"]),
        occurred_at=event.occurred_at,
        seq=event.seq,
    )


def _project_payment_void(conn: sqlite3.Connection, event: JournalEvent) -> None:
    updated = conn.execute(
        "UPDATE payments SET voided_seq = ?, void_reason = ?"
        " WHERE payment_id = ? AND voided_seq IS NULL",
        (event.seq, event.body.get("reason", ""), event.body["payment_id"]),
    )
    if updated.rowcount != 1:
        raise ValueError(f"void of unknown or already voided payment {event.body['payment_id']}")
    cash_receipts.project_cancel(conn, event)
    # Every line of the voided payment, in its order: the movement ids count line indexes
    # (open amounts included, though they move nothing), as the server counts them.
    lines = conn.execute(
        "SELECT product_id, quantity, line_no FROM payment_items WHERE payment_id = ?"
        " ORDER BY line_no",
        (event.body["payment_id"],),
    ).fetchall()
    weights = weighed_lines.weights_of(conn, event.body["payment_id"])
    stock_movements.insert_movements(
        conn,
        void_movements(
            event.event_id,
            [{"product_id": p, "quantity": q, "weight_g": weights.get(n)} for p, q, n in lines],
        ),
        occurred_at=event.occurred_at,
        seq=event.seq,
    )


def _project_stock_movement(conn: sqlite3.Connection, event: JournalEvent) -> None:
    stock_movements.insert_movements(
        conn,
        [event_movement(event.event_id, event.body)],
        occurred_at=event.occurred_at,
        seq=event.seq,
    )


def _project_listing_upsert(conn: sqlite3.Connection, event: JournalEvent) -> None:
    listings.project_upsert(conn, event.body, seq=event.seq, occurred_at=event.occurred_at)


def _project_listing_stock(conn: sqlite3.Connection, event: JournalEvent) -> None:
    listings.project_stock(conn, event.body, seq=event.seq)


def _project_order_status(conn: sqlite3.Connection, event: JournalEvent) -> None:
    orders.record_local_move(conn, event.body, seq=event.seq, occurred_at=event.occurred_at)


_PROJECTORS: dict[str, Callable[[sqlite3.Connection, JournalEvent], None]] = {
    PRODUCT_UPSERT: _project_product_upsert,
    PAYMENT: _project_payment,
    PAYMENT_VOID: _project_payment_void,
    STOCK_MOVEMENT: _project_stock_movement,
    LISTING_UPSERT: _project_listing_upsert,
    LISTING_STOCK: _project_listing_stock,
    ORDER_STATUS: _project_order_status,
    refund_store.PAYMENT_REFUND: refund_store.project_refund,
    business_day.DAY_OPEN: business_day.project_open,
    business_day.CASH_MOVEMENT: business_day.project_movement,
    business_day.DAY_CLOSE: business_day.project_close,
}


def project(conn: sqlite3.Connection, event: JournalEvent) -> None:
    """Apply one event to the projected tables (inside the caller's transaction)."""
    projector = _PROJECTORS.get(event.type)
    if projector is not None:
        projector(conn, event)


def project_result(
    conn: sqlite3.Connection, seq: int, outcome: str, detail: Mapping[str, Any]
) -> None:
    """Apply the server's answer for the event at ``seq`` to the projected tables.

    Payments: accepted -> approved with its approval number and the cashback the server
    credited; declined -> flagged with the server's reason; recorded (cash, card terminal:
    no Cheongju Pay money moved) -> final, it never waits for an approval. A declined order
    move makes the order show the server's status again (and release a reservation it no
    longer holds); a declined listing change is read from sync_results by the listing
    queries.
    """
    refund_store.project_refund_result(conn, seq, outcome, detail)
    cash_receipts.project_answer(conn, seq, detail)
    status = status_after(outcome)
    if status is PaymentStatus.APPROVED:
        conn.execute(
            "UPDATE payments SET status = ?, approval_no = ?, cashback = ? WHERE seq = ?",
            (status.value, detail.get("approval_no"), detail.get("cashback"), seq),
        )
    elif status is PaymentStatus.DECLINED:
        conn.execute(
            "UPDATE payments SET status = ?, decline_code = ?, decline_message = ? WHERE seq = ?",
            (status.value, detail.get("code"), detail.get("message"), seq),
        )
        orders.reconcile_declined(conn, seq)
    elif status is PaymentStatus.RECORDED:
        conn.execute("UPDATE payments SET status = ? WHERE seq = ?", (status.value, seq))


def rebuild_projections(conn: sqlite3.Connection) -> None:
    """Recreate everything this device made from the journal and the server's stored
    answers, keeping what the server made (see ``_PROJECTED_TABLES``)."""
    for table in _PROJECTED_TABLES:
        conn.execute(f"DELETE FROM {table}")
    stock_movements.delete_device_movements(conn)
    orders.reset_local_moves(conn)
    for event in iter_events(conn):
        project(conn, event)
    for row in conn.execute("SELECT seq, outcome, detail FROM sync_results ORDER BY seq"):
        project_result(conn, row[0], row[1], json.loads(row[2]))
    orders.reconcile_all(conn)
    stock_movements.rebuild_levels(conn)


def record(
    conn: sqlite3.Connection, event_type: str, body: dict[str, Any], *, occurred_at: Any
) -> JournalEvent:
    """Append an event and project it: the one way business rows get written.

    Must run inside :func:`pos_app.store.database.write_transaction`.
    """
    event = append_event(conn, event_type, body, occurred_at=occurred_at)
    project(conn, event)
    return event
