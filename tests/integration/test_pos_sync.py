"""The POS and the real central server, as processes on 127.0.0.1: exactly once, whatever fails.

Each scenario ends with the same check: what the POS believes was approved equals
what the server booked for this device, payment for payment and won for won.
Run against SQLite and against a private PostgreSQL cluster.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from doctor_files import probes
from pos_harness import MILK, Pos, open_pos, server_totals
from servers import ServerProcess

from pos_app.domain.clock import system_clock
from pos_app.services import doctor
from pos_app.services.enrolment import enrol_device
from pos_app.store import sync_state
from pos_app.store.journal import verify_journal
from pos_app.sync.client import SyncClient
from pos_app.sync.engine import default_client_factory
from pos_app.sync.errors import AuthRequired, JournalConflict

BULGOGI = "8808123000103"


def new_pos(server: ServerProcess, path: Path) -> Pos:
    code = server.cli("enrolment-code", server.seed["merchant_id"]).strip().splitlines()[-1]
    return open_pos(server.url, code, server.seed["merchant_id"], path)


def assert_totals_agree(server: ServerProcess, pos: Pos) -> None:
    events, count, total, cashback = server_totals(server.database_url, pos.device_id())
    head = pos.conn.execute("SELECT MAX(seq) FROM journal").fetchone()[0]
    assert events == head, "every local event is on the server exactly once"
    assert (count, total, cashback) == pos.local_totals()
    assert sync_state.pending_stats(pos.conn).count == 0


def fund_for(server: ServerProcess, pos: Pos, payments: int) -> None:
    """Enough balance for ``payments`` milk payments: offline, the server accepts a wallet's
    debt only up to the code's offline limit, and these tests are about draining."""
    server.cli("topup", pos.wallet_id, str(payments * 2_682))


def test_a_thousand_offline_payments_drain_exactly_once(server: ServerProcess, pos: Pos):
    fund_for(server, pos, 1_000)
    codes = [pos.code() for _ in range(1_000)]
    for code in codes:
        pos.pay(MILK, code=code)
    assert pos.service.unsynced() == (1_000, 1_000 * 2_682)
    rounds = pos.drain()
    assert rounds == 3  # 38 product events + 1,000 payments, 500 a batch
    assert pos.service.unsynced() == (0, 0)
    count, total, cashback = pos.local_totals()
    assert (count, total) == (1_000, 2_682_000)
    assert cashback == 30_000  # 10 % of each, capped at 30,000원 a month per wallet
    assert_totals_agree(server, pos)


def test_server_killed_mid_push_and_restarted(server: ServerProcess, pos: Pos):
    fund_for(server, pos, 600)
    for _ in range(600):
        pos.pay(MILK)
    engine = sa.create_engine(server.database_url)
    pushing = threading.Thread(target=lambda: _push_until_error(pos))
    pushing.start()
    try:
        with engine.connect() as db:
            # Kill as soon as the server has stored part of what was sent.
            for _ in range(10_000):
                stored = db.execute(sa.text("SELECT COUNT(*) FROM journal_events")).scalar_one()
                if stored:
                    break
        server.kill()
    finally:
        engine.dispose()
    pushing.join(60)
    server.restart()
    pos.drain()
    assert_totals_agree(server, pos)


def _push_until_error(pos: Pos) -> None:
    # Runs in its own thread: the engine opens that thread's own connection.
    try:
        while pos.engine.push_once().remaining:
            pass
    except Exception:
        pass
    finally:
        pos.engine.close()


def test_the_same_batch_pushed_twice_gets_the_same_answers(server: ServerProcess, pos: Pos):
    first = pos.pay(MILK)
    events = [event.to_wire() for event in sync_state.pending_events(pos.conn, 500)]
    token = pos.credentials.get_token(f"{server.url}#{pos.device_id()}")
    client = SyncClient(server.url, token=token)
    once = client.push(pos.device_id(), events)
    twice = client.push(pos.device_id(), events)
    client.close()
    assert [r["status"] for r in once.results] == ["applied"] * len(events)
    assert [r["status"] for r in twice.results] == ["duplicate"] * len(events)
    strip = [{k: v for k, v in r.items() if k != "status"} for r in once.results]
    assert strip == [{k: v for k, v in r.items() if k != "status"} for r in twice.results]
    approval = next(r for r in once.results if r["event_id"] == first.payment_id)["approval_no"]
    pos.drain()  # the engine, which has not stored these answers, gets duplicates too
    assert pos.service.payment(first.payment_id).approval_no == approval
    assert_totals_agree(server, pos)


def test_an_edited_local_row_is_refused_and_its_seq_reported(server: ServerProcess, pos: Pos):
    pos.drain()
    victim = pos.pay(BULGOGI)
    pos.pay(MILK)
    tamperer = sqlite3.connect(pos.db_path)
    tamperer.execute("DROP TRIGGER journal_no_update")
    tamperer.execute(
        "UPDATE journal SET body = replace(body, '\"total\":17010', '\"total\":1701')"
        " WHERE seq = ?",
        (victim.seq,),
    )
    tamperer.commit()
    tamperer.close()
    with pytest.raises(JournalConflict) as conflict:
        pos.drain()
    assert conflict.value.conflict_seq == victim.seq
    assert conflict.value.code == "E403"
    assert verify_journal(pos.conn) == victim.seq
    _, count, _, _ = server_totals(server.database_url, pos.device_id())
    assert count == 0  # nothing after the edit was booked
    # The stop is kept in the file: the help desk's doctor sees it with the till closed.
    assert sync_state.journal_conflict_seq(pos.conn) == victim.seq
    [waiting] = [
        c for c in doctor.run_checks(pos.db_path, probes(system_clock())) if "전송" in c.label
    ]
    assert waiting.level is doctor.Level.FAIL
    assert f"기록 번호 {victim.seq}" in waiting.detail and "E403" in waiting.detail


def test_a_push_that_goes_through_clears_a_kept_journal_stop(server: ServerProcess, pos: Pos):
    with pos.conn:
        sync_state.mark_journal_conflict(pos.conn, 7)  # as left by an earlier refusal
    pos.pay(MILK)
    pos.drain()
    assert sync_state.journal_conflict_seq(pos.conn) is None


def test_a_code_used_on_another_till_is_declined_and_flagged(
    server: ServerProcess, pos: Pos, tmp_path: Path
):
    second_till = new_pos(server, tmp_path / "till-2.sqlite3")
    try:
        code = pos.code()
        first = pos.pay(MILK, code=code)
        copied = second_till.pay(MILK, code=code)  # offline, the second till cannot know
        pos.drain()
        second_till.drain()
        assert pos.service.payment(first.payment_id).status == "approved"
        declined = second_till.service.payment(copied.payment_id)
        assert (declined.status, declined.decline_code) == ("declined", "code_used")
        assert declined.decline_message  # Korean text for the cashier
        assert_totals_agree(server, pos)
        assert_totals_agree(server, second_till)
    finally:
        second_till.close()


def test_revoked_token_means_enrol_again_with_nothing_lost(server: ServerProcess, pos: Pos):
    pos.drain()
    server.cli("revoke-device", pos.device_id())
    waiting = [pos.pay(MILK) for _ in range(5)]
    with pytest.raises(AuthRequired):
        pos.drain()
    assert sync_state.pending_stats(pos.conn).count == 5
    device_before = pos.device_id()
    code = server.cli("enrolment-code", server.seed["merchant_id"]).strip().splitlines()[-1]

    enrol_device(
        pos.conn,
        pos.credentials,
        default_client_factory(),
        system_clock,
        server_url=server.url,
        merchant_id=server.seed["merchant_id"],
        enrolment_code=code,
        device_name="pos",
    )
    assert pos.device_id() == device_before  # the same device, its journal continues
    pos.drain()
    assert all(pos.service.payment(p.payment_id).status == "approved" for p in waiting)
    assert_totals_agree(server, pos)


def test_void_reverses_on_the_server_too(server: ServerProcess, pos: Pos):
    pos.pay(BULGOGI)
    pos.drain()
    voided = pos.service.void_last_payment("1234", "고객 요청")
    pos.drain()
    assert voided.voided
    assert_totals_agree(server, pos)
