"""Schema v11: a merchant file written before it, where cash and card
sales and refunds sat 'pending' for ever and filled the unsynced cap, upgrades to them being
final ('recorded'), with only Cheongju Pay money left as exposure; the upgrade gives exactly
what a rebuild from the journal gives."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from day_sales import record_sale, void
from helpers import (
    FIXED_NOW,
    add_cash_receipts_table,
    add_discount_columns,
    add_payment_parts,
    add_tax_columns,
    drop_cash_receipts_table,
    drop_discount_columns,
    drop_payment_parts,
    drop_tax_columns,
    dump_table,
    fixed_clock,
    owner_approval,
    raw_connection,
)

from pos_app.domain.refunds import RefundReason
from pos_app.services.refunds import RefundService
from pos_app.store import queries, sync_state
from pos_app.store.database import connect, write_transaction
from pos_app.store.migrations import LATEST_VERSION, migrate, schema_version
from pos_app.store.projection import rebuild_projections

TABLES = {
    "payments": "payment_id",
    "refunds": "refund_id",
    "unsynced_totals": "id",
}


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    return {
        table: [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")]
        for table, order in TABLES.items()
    }


def seq_of(conn: sqlite3.Connection, payment_id: str) -> int:
    return conn.execute("SELECT seq FROM payments WHERE payment_id = ?", (payment_id,)).fetchone()[
        0
    ]


def v10_file_as_the_old_code_left_it(path: Path) -> dict[str, str]:
    """A v10 file with cash, card and Cheongju Pay sales, a void, a cash refund and the
    server's answers, its rows left as the code before v11 left them: every payment and
    refund 'pending' until accepted or declined, a 'recorded' answer ignored."""
    conn = raw_connection(path)
    conn.row_factory = sqlite3.Row  # as connect() sets it
    assert migrate(conn, target=10) == 10
    add_tax_columns(conn)  # today's services write them; dropped again below
    add_cash_receipts_table(conn)
    add_payment_parts(conn)
    add_discount_columns(conn)
    at = FIXED_NOW - timedelta(hours=80)  # older than the 72-hour rule
    ids = {
        "cash": record_sale(conn, at, "cash", [(None, "한우 선물세트", 400_000, 1)]),
        "card": record_sale(conn, at, "card_terminal", [(None, "김장 세트", 99_000, 1)]),
        "cj_pending": record_sale(conn, at, "cheongju_pay", [(None, "우유", 2_682, 1)]),
        "cj_approved": record_sale(conn, at, "cheongju_pay", [(None, "두부", 1_800, 1)]),
        "cj_voided": record_sale(conn, at, "cheongju_pay", [(None, "계란", 6_900, 1)]),
    }
    void(conn, at, ids["cj_voided"])
    refund = RefundService(conn, fixed_clock(at)).refund(
        ids["cash"],
        reason=RefundReason.CHANGE_OF_MIND,
        approve=owner_approval(conn),
        quantities={1: 1},
    )
    answers = [
        (ids["cash"], "recorded", {}),
        (ids["cj_approved"], "accepted", {"approval_no": "A0000001", "cashback": 180}),
    ]
    with write_transaction(conn):
        sync_state.apply_results(
            conn,
            [
                {"seq": seq_of(conn, pid), "event_id": pid, "status": "applied", "outcome": o}
                | detail
                for pid, o, detail in answers
            ],
            received_at="2026-11-21T12:00:00.000Z",
        )
        # The old projection's defaults: nothing outside Cheongju Pay was ever final, and
        # a 'recorded' answer changed nothing.
        conn.execute("UPDATE payments SET status = 'pending' WHERE tender <> 'cheongju_pay'")
        conn.execute("UPDATE refunds SET status = 'pending'")
    # The old triggers counted cash and card as unsynced: the cap was used up.
    assert queries.unsynced_payments(conn) == (3, 400_000 + 99_000 + 2_682)
    assert conn.execute("SELECT status FROM refunds").fetchone()[0] == "pending"
    drop_discount_columns(conn)
    drop_tax_columns(conn)
    drop_cash_receipts_table(conn)
    drop_payment_parts(conn)
    conn.close()
    return ids | {"refund": refund.refund_id}


def test_v10_file_upgrades_to_cash_and_card_being_final(db_path: Path) -> None:
    ids = v10_file_as_the_old_code_left_it(db_path)

    conn = connect(db_path)
    try:
        assert schema_version(conn) == LATEST_VERSION >= 11
        status = dict(conn.execute("SELECT payment_id, status FROM payments").fetchall())
        assert status == {
            ids["cash"]: "recorded",
            ids["card"]: "recorded",
            ids["cj_pending"]: "pending",
            ids["cj_approved"]: "approved",
            ids["cj_voided"]: "pending",  # voided: no exposure, but never answered
        }
        assert conn.execute("SELECT status FROM refunds").fetchone()[0] == "recorded"
        # Only the unanswered, unvoided Cheongju Pay payment is exposure now.
        assert queries.unsynced_payments(conn) == (1, 2_682)
        assert queries.oldest_unsynced_payment_at(conn) is not None

        upgraded = dump(conn)
        with write_transaction(conn):
            rebuild_projections(conn)
        assert dump(conn) == upgraded
        assert dump_table(conn, "unsynced_totals") == [(1, 1, 2_682)]
    finally:
        conn.close()


def test_exposure_triggers_ignore_cash_even_if_a_row_says_pending(db_path: Path) -> None:
    """The cap's triggers name the tender too: a status bug can never make cash exposure."""
    conn = connect(db_path)
    try:
        cash = record_sale(conn, FIXED_NOW, "cash", [(None, "떡", 5_000, 1)])
        with write_transaction(conn):
            conn.execute("UPDATE payments SET status = 'pending' WHERE payment_id = ?", (cash,))
        assert queries.unsynced_payments(conn) == (0, 0)
        assert queries.oldest_unsynced_payment_at(conn) is None
    finally:
        conn.close()
