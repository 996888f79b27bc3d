"""The business day in the store: its events' projections and the settlement's facts.

``day_open``, ``cash_movement`` and ``day_close`` are journal events; the tables here
are projected from them (``pos_app/store/projection.py`` calls the ``project_*``
functions in the same transaction as the append). A day's payments are those journalled
after the previous day's close up to its own close, in journal order, so every sale
belongs to exactly one settlement even if someone sold before opening the day.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from pos_app.domain.day_close import CashDirection, CashMove, RefundFact, SaleFact, VoidFact
from pos_app.domain.journal import JournalEvent
from pos_app.domain.tax import VatSplit
from pos_app.domain.tenders import Tender
from pos_app.store import refund_facts
from pos_app.store.payment_parts import sale_fact_parts

DAY_OPEN = "day_open"
CASH_MOVEMENT = "cash_movement"
DAY_CLOSE = "day_close"

# Cleared and replayed by a rebuild, children first.
PROJECTED_TABLES = ("cash_movements", "business_days")


@dataclass(frozen=True)
class BusinessDay:
    day_id: str
    business_date: str
    opened_seq: int
    opened_at: str
    float_amount: int
    closed_seq: int | None
    closed_at: str | None
    counted_cash: int | None
    close_body: dict[str, Any] | None
    #: False when the day was opened for a sale without counting the drawer (Esc):
    #: the float is then 0 and the close's over/short says what the drawer really held.
    float_counted: bool = True

    @property
    def is_open(self) -> bool:
        return self.closed_seq is None


# ----- projections ----------------------------------------------------------------------


def project_open(conn: sqlite3.Connection, event: JournalEvent) -> None:
    conn.execute(
        "INSERT INTO business_days (day_id, business_date, opened_seq, opened_at, float_amount)"
        " VALUES (?, ?, ?, ?, ?)",
        (
            event.event_id,
            event.body["business_date"],
            event.seq,
            event.occurred_at,
            event.body["float"],
        ),
    )


def project_movement(conn: sqlite3.Connection, event: JournalEvent) -> None:
    body = event.body
    conn.execute(
        "INSERT INTO cash_movements (seq, movement_id, day_id, occurred_at, direction, amount,"
        " reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            event.seq,
            event.event_id,
            body["day_id"],
            event.occurred_at,
            body["direction"],
            body["amount"],
            body["reason"],
        ),
    )


def project_close(conn: sqlite3.Connection, event: JournalEvent) -> None:
    body = event.body
    updated = conn.execute(
        "UPDATE business_days SET closed_seq = ?, closed_at = ?, counted_cash = ?, close_body = ?"
        " WHERE day_id = ? AND closed_seq IS NULL",
        (
            event.seq,
            event.occurred_at,
            body["counted_cash"],
            json.dumps(body, ensure_ascii=False, sort_keys=True),
            body["day_id"],
        ),
    )
    if updated.rowcount != 1:
        raise ValueError(f"close of unknown or closed day {body['day_id']}")


# ----- reads ----------------------------------------------------------------------------

_DAY_COLUMNS = (
    "day_id, business_date, opened_seq, opened_at, float_amount, closed_seq, closed_at,"
    " counted_cash, close_body,"
    # Read from the day_open event (absent: counted), so no column and no schema step.
    " (SELECT COALESCE(json_extract(j.body, '$.float_counted'), 1) FROM journal AS j"
    "  WHERE j.event_id = business_days.day_id)"
)


def _day(row: tuple[Any, ...] | None) -> BusinessDay | None:
    if row is None:
        return None
    return BusinessDay(
        *row[:8],
        close_body=None if row[8] is None else json.loads(row[8]),
        float_counted=bool(row[9]),
    )


def open_day(conn: sqlite3.Connection) -> BusinessDay | None:
    return _day(
        conn.execute(
            f"SELECT {_DAY_COLUMNS} FROM business_days WHERE closed_seq IS NULL"
        ).fetchone()
    )


def day_by_id(conn: sqlite3.Connection, day_id: str) -> BusinessDay | None:
    return _day(
        conn.execute(
            f"SELECT {_DAY_COLUMNS} FROM business_days WHERE day_id = ?", (day_id,)
        ).fetchone()
    )


def last_closed_day(conn: sqlite3.Connection) -> BusinessDay | None:
    return _day(
        conn.execute(
            f"SELECT {_DAY_COLUMNS} FROM business_days WHERE closed_seq IS NOT NULL"
            " ORDER BY closed_seq DESC LIMIT 1"
        ).fetchone()
    )


def seq_range(conn: sqlite3.Connection, day: BusinessDay) -> tuple[int, int]:
    """The journal seqs whose sales belong to ``day``: (after, up_to] (inclusive end).

    An open day runs to the journal's head."""
    row = conn.execute(
        "SELECT MAX(closed_seq) FROM business_days WHERE closed_seq < ?", (day.opened_seq,)
    ).fetchone()
    after = int(row[0] or 0)
    if day.closed_seq is not None:
        return after, day.closed_seq
    head = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM journal").fetchone()[0]
    return after, int(head)


def sale_facts(conn: sqlite3.Connection, after: int, up_to: int) -> list[SaleFact]:
    return [
        SaleFact(
            *row[:5],
            bool(row[5]),
            VatSplit(*row[6:9]),
            sale_fact_parts(conn, row[9]) if row[0] == Tender.SPLIT else (),
        )
        for row in conn.execute(
            "SELECT tender, total, discount, status, cashback, voided_seq IS NOT NULL,"
            " taxable_total, vat, exempt_total, payment_id FROM payments"
            " WHERE seq > ? AND seq <= ? ORDER BY seq",
            (after, up_to),
        )
    ]


def void_facts(conn: sqlite3.Connection, after: int, up_to: int) -> list[VoidFact]:
    """The voids journalled in the seq range (after, up_to], of payments of any day: a
    range of the partial index on voided_seq, so the close never reads the years of
    payments that were not voided."""
    return [
        VoidFact(
            *row[:5],
            VatSplit(*row[5:8]),
            sale_fact_parts(conn, row[8]) if row[0] == Tender.SPLIT else (),
        )
        for row in conn.execute(
            "SELECT tender, total, status, cashback, discount, taxable_total, vat, exempt_total,"
            " payment_id FROM payments"
            " WHERE voided_seq > ? AND voided_seq <= ? ORDER BY voided_seq",
            (after, up_to),
        )
    ]


def refunds_in(conn: sqlite3.Connection, after: int, up_to: int) -> list[RefundFact]:
    return refund_facts.refund_facts(conn, after, up_to)


def cash_moves(conn: sqlite3.Connection, day_id: str) -> list[CashMove]:
    return [
        CashMove(CashDirection(direction), amount, reason)
        for direction, amount, reason in conn.execute(
            "SELECT direction, amount, reason FROM cash_movements WHERE day_id = ? ORDER BY seq",
            (day_id,),
        )
    ]
