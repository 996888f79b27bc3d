"""Staff on a demo-seeded file: sign-in, lockout, manager override, management, and the
actor every journal event records."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from helpers import FIXED_NOW, expected_event_hash

from pos_app.domain.errors import UserFacingError
from pos_app.domain.staff import FIRST_LOCK, MAX_FAILURES, Action, Role
from pos_app.services.catalog import CatalogService, ProductDraft
from pos_app.services.checkout import ScanAction, open_checkout
from pos_app.services.demo import DEMO_CASHIER_PIN, DEMO_MANAGER_PIN, mint_demo_code
from pos_app.services.staff import StaffService
from pos_app.services.stock import StockService
from pos_app.store import actor
from pos_app.store.database import write_transaction
from pos_app.store.journal import iter_events, verify_journal
from pos_app.store.projection import PAYMENT, PAYMENT_VOID, PRODUCT_UPSERT, STOCK_MOVEMENT
from pos_app.store.staff import STAFF_CHANGE

BULGOGI = "8808123000103"
MANAGER_PIN = "48159263"  # distinctive, so a byte search of the file cannot hit by chance


class FakeClock:
    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def staff(db: sqlite3.Connection, fake_clock: FakeClock) -> StaffService:
    return StaffService(db, fake_clock)


def by_role(staff: StaffService, role: Role) -> str:
    return next(m.staff_id for m in staff.members() if m.role is role)


def test_the_demo_has_an_owner_on_the_manager_pin_and_a_cashier(staff: StaffService) -> None:
    roles = sorted(m.role.value for m in staff.members())
    assert roles == ["cashier", "owner"]
    assert staff.sign_in(DEMO_MANAGER_PIN).role is Role.OWNER
    assert staff.sign_in(DEMO_CASHIER_PIN).role is Role.CASHIER
    assert staff.current() is not None and staff.current().role is Role.CASHIER
    staff.sign_out()
    assert staff.current() is None


def test_a_pin_is_stored_only_as_a_salted_hash(
    staff: StaffService, db: sqlite3.Connection, db_path: Path
) -> None:
    staff.sign_in(DEMO_MANAGER_PIN)
    member = staff.add("김매니저", Role.MANAGER, MANAGER_PIN)
    stored = db.execute("SELECT pin_hash FROM staff WHERE staff_id = ?", (member.staff_id,))
    pin_hash = stored.fetchone()[0]
    assert pin_hash.startswith("$argon2id$") and MANAGER_PIN not in pin_hash
    event = list(iter_events(db))[-1]
    assert event.type == STAFF_CHANGE
    assert "pin" not in str(event.body).lower()
    assert pin_hash not in event.body_json.decode()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = db_path.read_bytes() + b"".join(
        p.read_bytes() for p in db_path.parent.glob(db_path.name + "-*")
    )
    assert MANAGER_PIN.encode() not in raw
    assert MANAGER_PIN.encode("utf-16-le") not in raw
    assert staff.sign_in(MANAGER_PIN).staff_id == member.staff_id


def test_five_wrong_pins_lock_that_person_and_the_lock_opens_later(
    staff: StaffService, fake_clock: FakeClock
) -> None:
    cashier = by_role(staff, Role.CASHIER)
    for left in range(MAX_FAILURES - 1, 0, -1):
        with pytest.raises(UserFacingError) as caught:
            staff.sign_in("9999", cashier)
        assert caught.value.key == "staff.bad_pin" and caught.value.params["left"] == left
    with pytest.raises(UserFacingError) as caught:
        staff.sign_in("9999", cashier)
    assert caught.value.key == "staff.locked"
    assert caught.value.display().startswith("[E802]") and "5:00" in caught.value.display()
    # Locked: even the right PIN is refused, by name or typed alone.
    with pytest.raises(UserFacingError, match=r"staff\.locked"):
        staff.sign_in(DEMO_CASHIER_PIN, cashier)
    with pytest.raises(UserFacingError, match=r"staff\.locked"):
        staff.sign_in(DEMO_CASHIER_PIN)
    # Someone else is not locked.
    assert staff.sign_in(DEMO_MANAGER_PIN).role is Role.OWNER
    fake_clock.now += FIRST_LOCK - timedelta(seconds=1)
    assert staff.lock_remaining(cashier) == "0:01"
    with pytest.raises(UserFacingError, match=r"staff\.locked"):
        staff.sign_in(DEMO_CASHIER_PIN, cashier)
    fake_clock.now += timedelta(seconds=1)
    assert staff.lock_remaining(cashier) is None
    assert staff.sign_in(DEMO_CASHIER_PIN, cashier).staff_id == cashier
    # The right PIN cleared the count: four wrong ones do not lock again.
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(UserFacingError, match=r"staff\.bad_pin"):
            staff.sign_in("9999", cashier)


def test_pins_typed_without_a_name_lock_the_till_for_unnamed_sign_in(
    staff: StaffService, fake_clock: FakeClock
) -> None:
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(UserFacingError, match=r"staff\.bad_pin"):
            staff.sign_in("9876")
    with pytest.raises(UserFacingError, match=r"staff\.locked"):
        staff.sign_in("9876")
    with pytest.raises(UserFacingError, match=r"staff\.locked"):
        staff.sign_in(DEMO_MANAGER_PIN)
    # Picking a name still works: the person was not the one guessed at.
    assert staff.sign_in(DEMO_MANAGER_PIN, by_role(staff, Role.OWNER)).role is Role.OWNER
    fake_clock.now += FIRST_LOCK
    assert staff.sign_in(DEMO_CASHIER_PIN).role is Role.CASHIER


def test_a_manager_approves_one_action_at_a_cashiers_till(staff: StaffService) -> None:
    staff.sign_in(DEMO_MANAGER_PIN)
    manager = staff.add("김매니저", Role.MANAGER, MANAGER_PIN)
    cashier = staff.sign_in(DEMO_CASHIER_PIN)
    with pytest.raises(UserFacingError) as caught:
        staff.require(Action.REFUND)
    assert caught.value.code == "E803"
    # The cashier's own PIN does not approve a manager's action.
    with pytest.raises(UserFacingError) as caught:
        staff.approve(DEMO_CASHIER_PIN, Action.REFUND)
    assert caught.value.key == "staff.approver_not_allowed"
    with pytest.raises(UserFacingError, match=r"staff\.bad_pin"):
        staff.approve("1111", Action.VOID)
    approver = staff.approve(MANAGER_PIN, Action.REFUND)
    assert approver.staff_id == manager.staff_id
    # The approval does not sign the manager in: the cashier is still at the till.
    assert staff.current() == cashier
    # A manager may not manage staff; the owner's PIN may approve it.
    with pytest.raises(UserFacingError, match=r"staff\.approver_not_allowed"):
        staff.approve(MANAGER_PIN, Action.STAFF)
    assert staff.approve(DEMO_MANAGER_PIN, Action.STAFF).role is Role.OWNER
    # The callable shape the refunds service takes.
    assert staff.approver(MANAGER_PIN)("refund 18,900원") == manager.staff_id
    assert staff.approver(DEMO_CASHIER_PIN)("refund 18,900원") is None


def test_events_of_every_kind_record_who_did_them(
    staff: StaffService, db: sqlite3.Connection, fake_clock: FakeClock
) -> None:
    cashier = staff.sign_in(DEMO_CASHIER_PIN)
    checkout = open_checkout(db, fake_clock)
    assert checkout.handle_scan(BULGOGI).action is ScanAction.PRODUCT_ADDED
    from helpers import FIXED_NOW as issued

    outcome = checkout.handle_scan(mint_demo_code(int(issued.timestamp())))
    assert outcome.action is ScanAction.PAYMENT_RECORDED
    product = CatalogService(db, fake_clock).save(ProductDraft(name="두부", price=1_500))
    StockService(db, fake_clock).receive(product.product_id, 3, "입고")
    owner = staff.approve(DEMO_MANAGER_PIN, Action.VOID)
    with actor.approved(db, owner.staff_id):
        checkout.void_last_payment(DEMO_MANAGER_PIN, "고객 변심")
    staff.sign_out()
    CatalogService(db, fake_clock).save(ProductDraft(name="콩나물", price=1_000))

    events = list(iter_events(db))
    by_type = {}
    for event in events:
        by_type.setdefault(event.type, []).append(event)
    for kind in (PAYMENT, PRODUCT_UPSERT, STOCK_MOVEMENT):
        assert by_type[kind][-1 if kind != PRODUCT_UPSERT else -2].body["staff_id"] == (
            cashier.staff_id
        ), kind
    void = by_type[PAYMENT_VOID][-1]
    assert void.body["staff_id"] == cashier.staff_id
    assert void.body["approved_by"] == owner.staff_id
    # The approval covered that one action only; signed out, nobody is recorded.
    last = events[-1]
    assert last.type == PRODUCT_UPSERT
    assert "staff_id" not in last.body and "approved_by" not in last.body
    assert "approved_by" not in by_type[STOCK_MOVEMENT][-1].body
    assert verify_journal(db) is None
    # The stamped body is what was hashed: an independent canonical JSON agrees.
    for event in (void, by_type[PAYMENT][-1]):
        assert event.hash == expected_event_hash(
            seq=event.seq,
            event_id=event.event_id,
            type=event.type,
            occurred_at=event.occurred_at,
            body=dict(event.body),
            prev_hash=event.prev_hash,
        )


def test_a_void_approved_by_override_names_the_approver_without_a_pin(
    staff: StaffService, db: sqlite3.Connection, fake_clock: FakeClock
) -> None:
    staff.sign_in(DEMO_MANAGER_PIN)
    manager = staff.add("김매니저", Role.MANAGER, MANAGER_PIN)
    cashier = staff.sign_in(DEMO_CASHIER_PIN)
    checkout = open_checkout(db, fake_clock)
    checkout.handle_scan(BULGOGI)
    checkout.handle_scan(mint_demo_code(int(FIXED_NOW.timestamp())))
    # A cashier's id is no approval for a void.
    with pytest.raises(UserFacingError, match=r"void\.bad_pin"):
        checkout.void_last_payment("", "고객 변심", approver=cashier.staff_id)
    approver = staff.approve(MANAGER_PIN, Action.VOID)
    voided = checkout.void_last_payment("", "고객 변심", approver=approver.staff_id)
    assert voided.voided
    event = list(iter_events(db))[-1]
    assert event.type == PAYMENT_VOID
    assert event.body["approved_by"] == manager.staff_id
    assert event.body["staff_id"] == cashier.staff_id


def test_the_actor_is_per_connection(db: sqlite3.Connection, db_path: Path, staff) -> None:
    from pos_app.store.database import connect

    staff.sign_in(DEMO_CASHIER_PIN)
    other = connect(db_path)
    try:
        assert actor.current(other).staff_id is None
        with write_transaction(other):
            assert actor.stamp(other, {"a": 1}) == {"a": 1}
    finally:
        other.close()


def test_owners_manage_staff_and_the_changes_are_journalled(staff: StaffService) -> None:
    with pytest.raises(UserFacingError, match=r"staff\.not_signed_in"):
        staff.add("이캐셔", Role.CASHIER, "5555")
    staff.sign_in(DEMO_CASHIER_PIN)
    with pytest.raises(UserFacingError, match=r"staff\.not_allowed"):
        staff.add("이캐셔", Role.CASHIER, "5555")
    owner = staff.sign_in(DEMO_MANAGER_PIN)
    with pytest.raises(UserFacingError, match=r"staff\.pin_taken"):
        staff.add("이캐셔", Role.CASHIER, DEMO_CASHIER_PIN)
    with pytest.raises(UserFacingError, match=r"staff\.bad_new_pin"):
        staff.add("이캐셔", Role.CASHIER, "12")
    with pytest.raises(UserFacingError, match=r"staff\.bad_name"):
        staff.add("   ", Role.CASHIER, "5555")
    lee = staff.add("이캐셔", Role.CASHIER, "5555")
    assert staff.change_role(lee.staff_id, Role.MANAGER).role is Role.MANAGER
    staff.reset_pin(lee.staff_id, "6666")
    assert staff.sign_in("6666").staff_id == lee.staff_id
    staff.sign_in(DEMO_MANAGER_PIN)
    with pytest.raises(UserFacingError, match=r"staff\.last_owner"):
        staff.deactivate(owner.staff_id)
    with pytest.raises(UserFacingError, match=r"staff\.last_owner"):
        staff.change_role(owner.staff_id, Role.MANAGER)
    assert not staff.deactivate(lee.staff_id).active
    # The owner's new PIN is the one that approves a void (the staff service checks it).
    staff.reset_pin(owner.staff_id, "24682468")
    checkout = open_checkout(staff._conn, staff._clock)
    with pytest.raises(UserFacingError, match=r"staff\.bad_pin"):
        checkout.void_last_payment(DEMO_MANAGER_PIN, "test")
    with pytest.raises(UserFacingError, match=r"void\.nothing_to_void"):
        checkout.void_last_payment("24682468", "test")
    assert lee.staff_id not in {m.staff_id for m in staff.members()}
    with pytest.raises(UserFacingError, match=r"staff\.bad_pin"):
        staff.sign_in("6666")
    changes = [
        (e.body["change"], e.body["member_id"], e.body["staff_id"])
        for e in iter_events(staff._conn)
        if e.type == STAFF_CHANGE and e.body["member_id"] == lee.staff_id
    ]
    assert changes == [
        ("add", lee.staff_id, owner.staff_id),
        ("role", lee.staff_id, owner.staff_id),
        ("pin_reset", lee.staff_id, owner.staff_id),
        ("deactivate", lee.staff_id, owner.staff_id),
    ]
    assert staff.sign_in("24682468") == owner


def test_an_empty_till_has_no_one_to_sign_in(empty_db: sqlite3.Connection, clock) -> None:
    staff = StaffService(empty_db, clock)
    assert staff.ensure_owner() is None
    with pytest.raises(UserFacingError, match=r"staff\.no_staff"):
        staff.sign_in("1234")


def test_wrong_pins_at_a_void_count_toward_the_lockout(
    staff: StaffService, db: sqlite3.Connection, fake_clock: FakeClock
) -> None:
    """A void takes its PIN through the staff service, so guessing there locks like sign-in
    (the old shop-PIN path had no lock)."""
    staff.sign_in(DEMO_CASHIER_PIN)
    checkout = open_checkout(db, fake_clock)
    checkout.handle_scan(BULGOGI)
    paid = checkout.handle_scan(mint_demo_code(int(FIXED_NOW.timestamp()))).payment
    assert paid is not None
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(UserFacingError, match=r"staff\.bad_pin"):
            checkout.void_last_payment("9876", "고객 변심", paid.payment_id)
    with pytest.raises(UserFacingError, match=r"staff\.locked"):
        checkout.void_last_payment("9876", "고객 변심", paid.payment_id)
    # Locked: now even the owner's right PIN typed without a name waits, at a void and at
    # sign-in alike (one count for PINs typed without picking anyone).
    with pytest.raises(UserFacingError, match=r"staff\.locked"):
        checkout.void_last_payment(DEMO_MANAGER_PIN, "고객 변심", paid.payment_id)
    with pytest.raises(UserFacingError, match=r"staff\.locked"):
        staff.sign_in(DEMO_MANAGER_PIN)
    assert checkout.payment(paid.payment_id).voided is False  # type: ignore[union-attr]
    fake_clock.now += FIRST_LOCK
    voided = checkout.void_last_payment(DEMO_MANAGER_PIN, "고객 변심", paid.payment_id)
    assert voided.voided


def test_the_void_service_refuses_a_cashiers_pin_and_id(
    staff: StaffService, db: sqlite3.Connection, fake_clock: FakeClock
) -> None:
    """DOMAIN: voids need a manager. The signed-in cashier cannot approve their own void,
    by PIN or by passing their id: the service refuses with a code, whatever the screen."""
    cashier = staff.sign_in(DEMO_CASHIER_PIN)
    checkout = open_checkout(db, fake_clock)
    checkout.handle_scan(BULGOGI)
    checkout.handle_scan(mint_demo_code(int(FIXED_NOW.timestamp())))
    head = len(list(iter_events(db)))
    with pytest.raises(UserFacingError) as by_pin:
        checkout.void_last_payment(DEMO_CASHIER_PIN, "고객 변심")
    assert by_pin.value.key == "staff.approver_not_allowed" and by_pin.value.code == "E804"
    with pytest.raises(UserFacingError) as by_id:
        checkout.void_last_payment("", "고객 변심", approver=cashier.staff_id)
    assert by_id.value.code == "E302"
    with pytest.raises(UserFacingError) as legacy:
        checkout.void_last_payment("", "고객 변심", approver="manager")  # the old shop PIN's id
    assert legacy.value.code == "E302"
    assert len(list(iter_events(db))) == head  # nothing voided
