"""The device journal on a real file: the hash chain, tamper evidence, and rebuilds."""

from __future__ import annotations

import itertools
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import (
    FIXED_NOW,
    GENESIS,
    drop_journal_triggers,
    dump_projections,
    expected_event_hash,
    plain_canonical_json,
    raw_connection,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.clock import Clock
from pos_app.domain.journal import JournalEvent
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.demo import DEMO_MANAGER_PIN, mint_demo_code
from pos_app.store.database import connect, write_transaction
from pos_app.store.journal import append_event, iter_events, journal_head, verify_journal
from pos_app.store.projection import PAYMENT, rebuild_projections

BULGOGI = "8808123000103"
MILK = "8808123000134"
TOBACCO = "8808123000356"
TTEOK = "CJ-TTEOK6"


def append_notes(conn: sqlite3.Connection, count: int) -> list[JournalEvent]:
    """Append ``count`` simple events in one transaction (bodies with Korean text)."""
    with write_transaction(conn):
        return [
            append_event(
                conn,
                "note",
                {"n": number, "text": f"메모 {number}", "ok": number % 2 == 0},
                occurred_at=FIXED_NOW + timedelta(seconds=number),
            )
            for number in range(1, count + 1)
        ]


def stored_body(conn: sqlite3.Connection, seq: int) -> dict:
    return json.loads(conn.execute("SELECT body FROM journal WHERE seq = ?", (seq,)).fetchone()[0])


def rehash_row(tamperer: sqlite3.Connection, seq: int, body: dict) -> None:
    """Replace a row's body and recompute its hash, as a careful tamperer would."""
    row = tamperer.execute(
        "SELECT event_id, type, occurred_at, prev_hash FROM journal WHERE seq = ?", (seq,)
    ).fetchone()
    new_hash = expected_event_hash(
        seq=seq, event_id=row[0], type=row[1], occurred_at=row[2], body=body, prev_hash=row[3]
    )
    tamperer.execute(
        "UPDATE journal SET body = ?, hash = ? WHERE seq = ?",
        (plain_canonical_json(body).decode(), new_hash, seq),
    )


# --- appending ----------------------------------------------------------------------------


def test_seqs_are_gapless_from_one(db: sqlite3.Connection) -> None:
    events = append_notes(db, 5)

    assert [event.seq for event in events] == [1, 2, 3, 4, 5]
    assert [row[0] for row in db.execute("SELECT seq FROM journal ORDER BY seq")] == [1, 2, 3, 4, 5]


def test_first_event_chains_to_64_zeros_and_each_names_its_predecessor(
    db: sqlite3.Connection,
) -> None:
    events = append_notes(db, 4)

    assert events[0].prev_hash == GENESIS == "0" * 64
    for previous, event in itertools.pairwise(events):
        assert event.prev_hash == previous.hash


def test_hash_is_sha256_of_canonical_json_without_hash(db: sqlite3.Connection) -> None:
    body = {"text": "청주 한빛마트", "amount": 18_900, "flag": True, "nested": {"b": 1, "a": 2}}
    with write_transaction(db):
        event = append_event(db, "note", body, occurred_at=FIXED_NOW, event_id="fixed-id")

    row = db.execute("SELECT * FROM journal WHERE seq = 1").fetchone()
    expected = expected_event_hash(
        seq=1,
        event_id="fixed-id",
        type="note",
        occurred_at="2026-11-24T15:30:00.000Z",
        body=body,
        prev_hash=GENESIS,
    )
    assert event.hash == row["hash"] == expected
    # The stored body is the canonical text itself: sorted keys, no spaces, raw UTF-8.
    assert row["body"] == plain_canonical_json(body).decode()
    assert row["occurred_at"] == "2026-11-24T15:30:00.000Z"


def test_every_stored_hash_recomputes_independently(db: sqlite3.Connection) -> None:
    append_notes(db, 6)

    prev = GENESIS
    for row in db.execute("SELECT * FROM journal ORDER BY seq"):
        assert row["prev_hash"] == prev
        assert row["hash"] == expected_event_hash(
            seq=row["seq"],
            event_id=row["event_id"],
            type=row["type"],
            occurred_at=row["occurred_at"],
            body=json.loads(row["body"]),
            prev_hash=row["prev_hash"],
        )
        prev = row["hash"]


def test_chain_continues_across_transactions_and_connections(db_path: Path) -> None:
    first = connect(db_path)
    append_notes(first, 2)
    first.close()

    second = connect(db_path)
    later = append_notes(second, 2)

    assert [event.seq for event in later] == [3, 4]
    assert (
        later[0].prev_hash == second.execute("SELECT hash FROM journal WHERE seq = 2").fetchone()[0]
    )
    assert journal_head(second) == (4, later[-1].hash)
    assert verify_journal(second) is None
    second.close()


def test_rolled_back_append_leaves_no_gap(db: sqlite3.Connection) -> None:
    with pytest.raises(ZeroDivisionError), write_transaction(db):
        append_event(db, "note", {"n": 1}, occurred_at=FIXED_NOW)
        _ = 1 / 0

    assert journal_head(db) == (0, GENESIS)
    assert append_notes(db, 1)[0].seq == 1


def test_empty_journal_head_and_verify(db: sqlite3.Connection) -> None:
    assert journal_head(db) == (0, GENESIS)
    assert verify_journal(db) is None


def test_intact_chain_verifies(db: sqlite3.Connection) -> None:
    events = append_notes(db, 10)

    assert verify_journal(db) is None
    assert list(iter_events(db)) == events
    assert [event.seq for event in iter_events(db, after_seq=7)] == [8, 9, 10]


def test_append_outside_a_transaction_is_refused(db: sqlite3.Connection) -> None:
    with pytest.raises(RuntimeError, match="write transaction"):
        append_event(db, "note", {"n": 1}, occurred_at=FIXED_NOW)

    assert journal_head(db) == (0, GENESIS)


# --- tamper evidence ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE journal SET body = '{\"n\":99}' WHERE seq = 2",
        "DELETE FROM journal WHERE seq = 2",
        "DELETE FROM journal",
    ],
)
def test_triggers_block_update_and_delete_from_the_app(
    db: sqlite3.Connection, statement: str
) -> None:
    events = append_notes(db, 3)

    # RAISE(ABORT) in a trigger is a constraint failure: sqlite3 maps it to IntegrityError.
    with pytest.raises(sqlite3.IntegrityError, match="append-only") as caught:
        db.execute(statement)

    assert caught.value.sqlite_errorname == "SQLITE_CONSTRAINT_TRIGGER"
    assert list(iter_events(db)) == events


def test_edited_body_is_reported_at_its_seq(db: sqlite3.Connection, db_path: Path) -> None:
    append_notes(db, 5)
    tamperer = drop_journal_triggers(db_path)

    tamperer.execute(
        "UPDATE journal SET body = ? WHERE seq = 3", ('{"n":3,"ok":false,"text":"x"}',)
    )

    assert verify_journal(db) == 3
    tamperer.close()


def test_edited_body_with_recomputed_hash_is_reported_at_the_next_seq(
    db: sqlite3.Connection, db_path: Path
) -> None:
    append_notes(db, 5)
    tamperer = drop_journal_triggers(db_path)

    rehash_row(tamperer, 3, {"n": 3, "ok": False, "text": "고친 메모"})

    assert verify_journal(db) == 4
    tamperer.close()


def test_deleted_middle_row_is_reported_at_its_seq(db: sqlite3.Connection, db_path: Path) -> None:
    append_notes(db, 5)
    tamperer = drop_journal_triggers(db_path)

    tamperer.execute("DELETE FROM journal WHERE seq = 2")

    assert verify_journal(db) == 2
    tamperer.close()


def test_row_forged_by_hand_at_the_end_is_detected(db: sqlite3.Connection) -> None:
    events = append_notes(db, 3)
    # No trigger stops an INSERT; the hash is what gives the forgery away.
    db.execute(
        "INSERT INTO journal (seq, event_id, type, occurred_at, body, prev_hash, hash)"
        " VALUES (4, 'forged', 'note', '2026-11-24T15:31:00.000Z', '{}', ?, ?)",
        (events[-1].hash, "f" * 64),
    )

    assert verify_journal(db) == 4


@pytest.mark.parametrize(
    "unreadable_body",
    ['{"n":2', "[1, 2]", "null", '{"n":9007199254740993}'],
    ids=["truncated", "not-an-object", "null", "beyond-i-json-integers"],
)
def test_body_edited_into_something_unreadable_is_reported_not_raised(
    db: sqlite3.Connection, db_path: Path, unreadable_body: str
) -> None:
    append_notes(db, 3)
    tamperer = drop_journal_triggers(db_path)

    tamperer.execute("UPDATE journal SET body = ? WHERE seq = 2", (unreadable_body,))

    assert verify_journal(db) == 2
    tamperer.close()


def _ring_and_pay(service: CheckoutService, barcodes: list[str], issued_at: int) -> None:
    for barcode in barcodes:
        service.handle_scan(barcode)
    service.handle_scan(mint_demo_code(issued_at))


def test_changed_amount_inside_a_payment_event_is_detected(
    demo_db: sqlite3.Connection, db_path: Path, clock: Clock
) -> None:
    service = open_checkout(demo_db, clock)
    _ring_and_pay(service, [BULGOGI, MILK], int(FIXED_NOW.timestamp()))
    payment = service.last_payment()
    assert payment is not None and verify_journal(demo_db) is None
    tamperer = drop_journal_triggers(db_path)

    body = stored_body(demo_db, payment.seq)
    body["total"] = 1_000
    tamperer.execute(
        "UPDATE journal SET body = ? WHERE seq = ?",
        (plain_canonical_json(body).decode(), payment.seq),
    )

    assert verify_journal(demo_db) == payment.seq
    tamperer.close()


_TAMPERING = ("delete", "edit", "edit_and_rehash")


@settings(max_examples=60, deadline=None)  # file I/O: timing varies, correctness does not
@given(
    length=st.integers(min_value=1, max_value=30),
    data=st.data(),
    tampering=st.sampled_from(_TAMPERING),
)
def test_tampering_at_any_seq_is_reported_where_it_happened(
    tmp_path_factory: pytest.TempPathFactory, length: int, data: st.DataObject, tampering: str
) -> None:
    target = data.draw(st.integers(min_value=1, max_value=length), label="tampered seq")
    path = tmp_path_factory.mktemp("chain") / "pos.sqlite3"
    conn = connect(path)
    append_notes(conn, length)
    tamperer = drop_journal_triggers(path)

    if tampering == "delete":
        tamperer.execute("DELETE FROM journal WHERE seq = ?", (target,))
        # Cutting off the newest event leaves a shorter chain that is whole: only a
        # party that saw the tail (the server, PROTOCOL.md §3) can tell.
        expected = target if target < length else None
    elif tampering == "edit":
        tamperer.execute(
            "UPDATE journal SET body = ? WHERE seq = ?", ('{"n":-1,"ok":true,"text":""}', target)
        )
        expected = target
    else:
        rehash_row(tamperer, target, {"n": -1, "ok": True, "text": ""})
        expected = target + 1 if target < length else None

    try:
        assert verify_journal(conn) == expected
    finally:
        tamperer.close()
        conn.close()


# --- rebuilding the projected tables ------------------------------------------------------


def _realistic_session(conn: sqlite3.Connection, clock: Clock) -> CheckoutService:
    """Seeded products, three payments (one with an excluded item), the last one voided."""
    service = open_checkout(conn, clock)
    issued_at = int(FIXED_NOW.timestamp())
    _ring_and_pay(service, [BULGOGI, MILK, MILK], issued_at)
    _ring_and_pay(service, [TOBACCO, TTEOK, "2000000000015"], issued_at)
    _ring_and_pay(service, [MILK], issued_at)
    service.void_last_payment(DEMO_MANAGER_PIN, "고객 변심")
    return service


def test_rebuild_reproduces_every_projected_row(demo_db: sqlite3.Connection, clock: Clock) -> None:
    _realistic_session(demo_db, clock)
    before = dump_projections(demo_db)
    head = journal_head(demo_db)
    assert len(before["payments"]) == 3
    assert len(before["used_payment_codes"]) == 3
    assert len(before["payment_items"]) == 2 + 3 + 1  # two milk scans make one line
    voided = demo_db.execute("SELECT COUNT(*) FROM payments WHERE voided_seq IS NOT NULL")
    assert voided.fetchone()[0] == 1

    with write_transaction(demo_db):
        rebuild_projections(demo_db)

    assert dump_projections(demo_db) == before
    assert journal_head(demo_db) == head


def test_rebuild_repairs_damaged_projections(demo_db: sqlite3.Connection, clock: Clock) -> None:
    _realistic_session(demo_db, clock)
    before = dump_projections(demo_db)
    with write_transaction(demo_db):
        demo_db.execute("UPDATE products SET price = 1")
        demo_db.execute("DELETE FROM used_payment_codes")
        demo_db.execute("UPDATE payments SET voided_seq = NULL, total = 0")
    assert dump_projections(demo_db) != before

    with write_transaction(demo_db):
        rebuild_projections(demo_db)

    assert dump_projections(demo_db) == before


def test_payment_event_body_is_what_the_rows_were_projected_from(
    demo_db: sqlite3.Connection, clock: Clock
) -> None:
    _realistic_session(demo_db, clock)

    payments = [event for event in iter_events(demo_db) if event.type == PAYMENT]
    rows = {row["payment_id"]: row for row in demo_db.execute("SELECT * FROM payments")}
    assert sorted(rows) == sorted(event.event_id for event in payments)
    for event in payments:
        row = rows[event.event_id]
        assert row["seq"] == event.seq
        assert row["paid_at"] == event.occurred_at
        for field in ("receipt_no", "business_date", "subtotal", "discount", "total"):
            assert row[field] == event.body[field]


def test_tamperer_cannot_use_a_raw_connection_without_dropping_triggers(
    db: sqlite3.Connection, db_path: Path
) -> None:
    append_notes(db, 2)
    outsider = raw_connection(db_path)

    with pytest.raises(sqlite3.IntegrityError):
        outsider.execute("DELETE FROM journal WHERE seq = 1")

    outsider.close()
    assert verify_journal(db) is None
    assert journal_head(db)[0] == 2
