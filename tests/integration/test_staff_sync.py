"""Who did it, end to end: a cashier's sale and a manager-approved void reach the real
server with their staff_id and approved_by, and no PIN hash ever leaves the device."""

from __future__ import annotations

import json

import sqlalchemy as sa
from pos_harness import MILK, Pos
from servers import ServerProcess

from pos_app.domain.clock import system_clock
from pos_app.domain.staff import Action
from pos_app.services.demo import DEMO_CASHIER_PIN, DEMO_MANAGER_PIN
from pos_app.services.staff import StaffService


def stored_events(server: ServerProcess, device_id: str) -> list[tuple[str, dict]]:
    engine = sa.create_engine(server.database_url)
    try:
        with engine.connect() as db:
            rows = db.execute(
                sa.text("SELECT type, body FROM journal_events WHERE device_id = :d ORDER BY seq"),
                {"d": device_id},
            ).all()
    finally:
        engine.dispose()
    return [(row[0], json.loads(row[1])) for row in rows]


def test_the_actor_reaches_the_server_and_the_hash_stays_home(
    server: ServerProcess, pos: Pos
) -> None:
    staff = StaffService(pos.conn, system_clock)
    cashier = staff.sign_in(DEMO_CASHIER_PIN)
    paid = pos.pay(MILK)
    owner = staff.approve(DEMO_MANAGER_PIN, Action.VOID)
    pos.service.void_last_payment("", "고객 변심", paid.payment_id, approver=owner.staff_id)
    pos.drain()

    events = stored_events(server, pos.device_id())
    head = pos.conn.execute("SELECT MAX(seq) FROM journal").fetchone()[0]
    assert len(events) == head
    kinds = [kind for kind, _ in events]
    assert kinds.count("staff_change") == 2  # the demo's owner and cashier
    payment = next(body for kind, body in events if kind == "payment")
    void = next(body for kind, body in events if kind == "payment_void")
    assert payment["staff_id"] == cashier.staff_id
    assert (void["staff_id"], void["approved_by"]) == (cashier.staff_id, owner.staff_id)
    hashes = [row[0] for row in pos.conn.execute("SELECT pin_hash FROM staff")]
    text = json.dumps([body for _, body in events], ensure_ascii=False)
    assert hashes and not any(h in text for h in hashes) and "argon2" not in text
