"""A payment's parts by tender (schema v18), projected from its event.

A split sale (복합결제) lists its ``parts``; every other payment is one part, its tender and
its total, so the close, the sales screen and refunds count money by these rows alone.
Written by statements of their own after the payment's row, as ``tax_facts`` does.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from pos_app.domain.journal import JournalEvent
from pos_app.domain.net_sales import Part
from pos_app.domain.split import PaymentPart, parts_split
from pos_app.domain.tax import VatSplit, split_of_body
from pos_app.domain.tenders import Tender


def body_parts(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The parts a payment body stands for: its own ``parts``, or one part of its tender."""
    parts = body.get("parts")
    if parts:
        return [dict(part) for part in parts]
    part: dict[str, Any] = {"tender": body["tender"], "amount": body["total"]}
    for key in ("tendered", "change", "card_approval_no"):
        if key in body:
            part[key] = body[key]
    return [part]


def exposure_of(body: Mapping[str, Any]) -> int:
    """The won of a payment that is Cheongju Pay QR/app money (the only exposure)."""
    return sum(
        int(part["amount"])
        for part in body_parts(body)
        if part["tender"] == Tender.CHEONGJU_PAY.value
    )


def part_splits(body: Mapping[str, Any]) -> list[VatSplit]:
    """Each part's share of the payment's VAT split (as its body says, else worked out)."""
    parts = body_parts(body)
    if all("tax_split" in part for part in parts):
        return [split_of_body(part, int(part["amount"])) for part in parts]
    return parts_split(split_of_body(body, body["total"]), [int(part["amount"]) for part in parts])


def project_payment(conn: sqlite3.Connection, event: JournalEvent) -> None:
    body = event.body
    parts = body_parts(body)
    conn.executemany(
        "INSERT INTO payment_parts (payment_id, part_no, tender, amount, tendered, change_due,"
        " card_approval_no, taxable_total, vat, exempt_total)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                event.event_id,
                number,
                part["tender"],
                int(part["amount"]),
                part.get("tendered"),
                part.get("change"),
                part.get("card_approval_no"),
                split.taxable,
                split.vat,
                split.exempt,
            )
            for number, (part, split) in enumerate(
                zip(parts, part_splits(body), strict=True), start=1
            )
        ],
    )
    conn.execute(
        "UPDATE payments SET exposure = ?, reopens = ? WHERE seq = ?",
        (exposure_of(body), body.get("reopens"), event.seq),
    )


def parts_of(conn: sqlite3.Connection, payment_id: str) -> tuple[PaymentPart, ...]:
    return tuple(
        PaymentPart(
            tender=Tender(row[0]),
            amount=row[1],
            tendered=row[2],
            change=row[3],
            card_approval_no=row[4],
            tax_split=VatSplit(row[5], row[6], row[7]),
        )
        for row in conn.execute(
            "SELECT tender, amount, tendered, change_due, card_approval_no, taxable_total, vat,"
            " exempt_total FROM payment_parts WHERE payment_id = ? ORDER BY part_no",
            (payment_id,),
        )
    )


def reopened_by(conn: sqlite3.Connection, payment_id: str) -> str | None:
    """The receipt number of the sale rung up again from this declined one, if any."""
    row = conn.execute(
        "SELECT receipt_no FROM payments WHERE reopens = ? AND voided_seq IS NULL", (payment_id,)
    ).fetchone()
    return None if row is None else str(row[0])


# ----- the figures' facts: a split sale's money by tender ------------------------------------


def sale_fact_parts(conn: sqlite3.Connection, payment_id: str) -> tuple[Part, ...]:
    """A split payment's parts as the figures count them (its sale and its void)."""
    return tuple(
        (part.tender.value, part.amount, part.tax_split) for part in parts_of(conn, payment_id)
    )


def refund_fact_parts(conn: sqlite3.Connection, seq: int) -> tuple[Part, ...]:
    """A split sale's refund by tender, as its event recorded it."""
    row = conn.execute("SELECT body FROM journal WHERE seq = ?", (seq,)).fetchone()
    parts = json.loads(row[0]).get("parts") if row is not None else None
    return tuple(
        (
            str(part["tender"]),
            int(part["amount"]),
            split_of_body(part, int(part["amount"])) if "tax_split" in part else None,
        )
        for part in parts or ()
    )
