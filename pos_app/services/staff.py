"""Staff at the till: sign in with a PIN, sign out, manager override, staff management.

Who is signed in is the connection's actor (:mod:`pos_app.store.actor`), so every event
any service writes afterwards records them. A manager override approves one action and
answers the approver; it does not change who is signed in.

PINs are checked against Argon2id hashes only (services/pins.py). Wrong PINs count
against the person picked; a PIN typed without picking anyone counts against the till as a
whole ("anyone"), so typing PINs directly cannot be used to guess without a lock.

This is the only way a PIN approves anything: the void and refund services ask it
(``approve``/``approver``) and check the approver they are handed with
:func:`approving_member`, so every approval meets the lockout and the role rules.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from typing import Any

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.staff import (
    MAX_FAILURES,
    Action,
    PinState,
    Role,
    StaffMember,
    after_right_pin,
    after_wrong_pin,
    may,
    remaining_text,
)
from pos_app.services.journalled import JournalledService
from pos_app.services.pins import hash_pin, is_valid_pin, pin_matches
from pos_app.store import actor, settings
from pos_app.store import staff as staff_store
from pos_app.store.database import write_transaction
from pos_app.store.journal import append_event

#: Lockout state of PINs typed without picking a name (device state, in settings).
ANYONE_PIN_STATE = "anyone_pin_state"
MAX_NAME_LENGTH = 40

#: Asked with a description of the action; answers the approving staff id, or None
#: (the shape services/refunds.py takes).
Approver = Callable[[str], str | None]


def role_text(role: Role, language: str = "ko") -> str:
    names = {
        Role.OWNER: ("사장", "owner"),
        Role.MANAGER: ("매니저", "manager"),
        Role.CASHIER: ("캐셔", "cashier"),
    }
    ko, en = names[role]
    return en if language == "en" else ko


class StaffService(JournalledService):
    # ----- who is at the till ---------------------------------------------------------

    def members(self, *, include_inactive: bool = False) -> list[StaffMember]:
        return staff_store.list_staff(self._conn, include_inactive=include_inactive)

    def current(self) -> StaffMember | None:
        staff_id = actor.current(self._conn).staff_id
        return staff_store.member(self._conn, staff_id) if staff_id else None

    def sign_in(self, pin: str, staff_id: str | None = None) -> StaffMember:
        """Check the PIN (of ``staff_id``, or of anyone when None) and make them the actor."""
        found = self._check_pin(pin, staff_id)
        actor.set_staff(self._conn, found.staff_id)
        return found

    def sign_out(self) -> None:
        """Lock the till: events written now carry nobody until someone signs in."""
        actor.set_staff(self._conn, None)

    def lock_remaining(self, staff_id: str | None) -> str | None:
        """`m:ss` left on a lock (of a person, or of PINs typed for anyone); None if open."""
        state = self._state(staff_id)
        now = self._clock()
        return remaining_text(state.remaining(now)) if state.is_locked(now) else None

    # ----- roles and manager override ------------------------------------------------

    def may(self, action: Action) -> bool:
        who = self.current()
        return who is not None and may(who.role, action)

    def require(self, action: Action, language: str = "ko") -> StaffMember:
        """The signed-in person, if they may do ``action``; else E809/E803."""
        who = self.current()
        if who is None:
            raise UserFacingError(ErrorKey.STAFF_NOT_SIGNED_IN)
        if not may(who.role, action):
            raise UserFacingError(
                ErrorKey.STAFF_NOT_ALLOWED, name=who.name, role=role_text(who.role, language)
            )
        return who

    def approve(
        self, pin: str, action: Action, staff_id: str | None = None, language: str = "ko"
    ) -> StaffMember:
        """Manager override: the PIN's owner if their role may do ``action``.

        Wrong PINs count toward the lockout like at sign-in. The right PIN of someone
        whose role may not (a cashier's own PIN) is refused with E804.
        """
        found = self._check_pin(pin, staff_id)
        if not may(found.role, action):
            raise UserFacingError(
                ErrorKey.STAFF_APPROVER_NOT_ALLOWED,
                name=found.name,
                role=role_text(found.role, language),
            )
        return found

    def approver(self, pin: str, action: Action = Action.REFUND) -> Approver:
        """An ``Approver`` for services that take one (refunds): the PIN's manager or None."""

        def approve(_action_text: str) -> str | None:
            try:
                return self.approve(pin, action).staff_id
            except UserFacingError:
                return None

        return approve

    # ----- staff management (owners) ---------------------------------------------------

    def add(self, name: str, role: Role, pin: str) -> StaffMember:
        self.require(Action.STAFF)
        clean = _clean_name(name)
        new_hash = self._new_pin_hash(pin, None)
        member_id = str(uuid.uuid4())
        self._change(
            {"member_id": member_id, "name": clean, "role": role.value, "active": True},
            "add",
            new_hash,
        )
        added = staff_store.member(self._conn, member_id)
        assert added is not None
        return added

    def change_role(self, staff_id: str, role: Role) -> StaffMember:
        self.require(Action.STAFF)
        member = self._existing(staff_id)
        if member.role is Role.OWNER and role is not Role.OWNER:
            self._keep_an_owner()
        return self._update(member, "role", role=role)

    def deactivate(self, staff_id: str) -> StaffMember:
        self.require(Action.STAFF)
        member = self._existing(staff_id)
        if member.role is Role.OWNER:
            self._keep_an_owner()
        return self._update(member, "deactivate", active=False)

    def reset_pin(self, staff_id: str, pin: str) -> StaffMember:
        """A new PIN (and the lock lifted). The event names the change, never the PIN."""
        self.require(Action.STAFF)
        member = self._existing(staff_id)
        new_hash = self._new_pin_hash(pin, staff_id)
        with write_transaction(self._conn) as conn:
            staff_store.set_pin_hash(conn, staff_id, new_hash)
            self._append(conn, _body(member), "pin_reset", new_hash)
        self._on_recorded()
        return member

    def ensure_owner(self) -> StaffMember | None:
        """Journal an owner a schema migration made from the legacy shop PIN; the owner.

        Such rows (v6, v13) carry no staff_change yet: this journals each once, so the
        server and the journal know them like anyone else. Safe to repeat; the app calls
        it at start. None on a till with no owner (first-run setup seeds one).
        """
        for member_id in staff_store.unjournalled(self._conn):
            member = staff_store.member(self._conn, member_id)
            assert member is not None
            self._change(_body(member), "add", "")
        owners = [m for m in self.members() if m.role is Role.OWNER]
        return owners[0] if owners else None

    def seed(self, name: str, role: Role, pin: str) -> StaffMember:
        """Add someone without an owner signed in: the demo and first-run setup only."""
        new_hash = self._new_pin_hash(pin, None)
        body = {"member_id": str(uuid.uuid4()), "name": _clean_name(name), "role": role.value}
        self._change({**body, "active": True}, "add", new_hash)
        added = staff_store.member(self._conn, body["member_id"])
        assert added is not None
        return added

    # ----- inside -------------------------------------------------------------------

    def _existing(self, staff_id: str) -> StaffMember:
        member = staff_store.member(self._conn, staff_id)
        if member is None or not member.active:
            raise UserFacingError(ErrorKey.STAFF_UNKNOWN)
        return member

    def _keep_an_owner(self) -> None:
        if staff_store.count_active_owners(self._conn) <= 1:
            raise UserFacingError(ErrorKey.STAFF_LAST_OWNER)

    def _new_pin_hash(self, pin: str, staff_id: str | None) -> str:
        if not is_valid_pin(pin):
            raise UserFacingError(ErrorKey.STAFF_BAD_NEW_PIN)
        # Sign-in by PIN alone must name one person, so two people cannot share a PIN.
        for other_id, other_hash in staff_store.active_hashes(self._conn):
            if other_id != staff_id and pin_matches(pin, other_hash):
                raise UserFacingError(ErrorKey.STAFF_PIN_TAKEN)
        return hash_pin(pin)

    def _update(self, member: StaffMember, change: str, **fields: Any) -> StaffMember:
        body = {
            **_body(member),
            **{k: v.value if isinstance(v, Role) else v for k, v in fields.items()},
        }
        self._change(body, change, "")
        updated = staff_store.member(self._conn, member.staff_id)
        assert updated is not None
        return updated

    def _change(self, body: dict[str, Any], change: str, new_hash: str) -> None:
        with write_transaction(self._conn) as conn:
            self._append(conn, body, change, new_hash)
        self._on_recorded()

    def _append(
        self, conn: sqlite3.Connection, body: dict[str, Any], change: str, new_hash: str
    ) -> None:
        event = append_event(
            conn, staff_store.STAFF_CHANGE, {**body, "change": change}, occurred_at=self._clock()
        )
        staff_store.project_staff_change(conn, event, new_hash)

    def _state(self, staff_id: str | None) -> PinState:
        if staff_id is not None:
            return staff_store.pin_state(self._conn, staff_id)
        return staff_store.state_from_json(settings.get_value(self._conn, ANYONE_PIN_STATE))

    def _save_state(self, staff_id: str | None, state: PinState) -> None:
        with write_transaction(self._conn) as conn:
            if staff_id is not None:
                staff_store.save_pin_state(conn, staff_id, state)
            else:
                settings.set_value(conn, ANYONE_PIN_STATE, staff_store.state_to_json(state))

    def _check_pin(self, pin: str, staff_id: str | None) -> StaffMember:
        now = self._clock()
        if staff_id is not None:
            self._existing(staff_id)
        elif not staff_store.active_hashes(self._conn):
            raise UserFacingError(ErrorKey.STAFF_NO_STAFF)
        state = self._state(staff_id)
        if state.is_locked(now):
            raise UserFacingError(
                ErrorKey.STAFF_LOCKED, remaining=remaining_text(state.remaining(now))
            )
        found = self._match(pin, staff_id)
        if found is None:
            state = after_wrong_pin(state, now)
            self._save_state(staff_id, state)
            if state.is_locked(now):
                raise UserFacingError(
                    ErrorKey.STAFF_LOCKED, remaining=remaining_text(state.remaining(now))
                )
            raise UserFacingError(ErrorKey.STAFF_BAD_PIN, left=MAX_FAILURES - state.failures)
        # The person's own lock holds even when their PIN is typed without their name.
        own = staff_store.pin_state(self._conn, found.staff_id)
        if own.is_locked(now):
            raise UserFacingError(
                ErrorKey.STAFF_LOCKED, remaining=remaining_text(own.remaining(now))
            )
        if state.failures or own.failures:
            self._save_state(staff_id, after_right_pin())
            if staff_id is None and own.failures:
                self._save_state(found.staff_id, after_right_pin())
        return found

    def _match(self, pin: str, staff_id: str | None) -> StaffMember | None:
        if staff_id is not None:
            if pin_matches(pin, staff_store.pin_hash(self._conn, staff_id)):
                return staff_store.member(self._conn, staff_id)
            return None
        for candidate_id, candidate_hash in staff_store.active_hashes(self._conn):
            if pin_matches(pin, candidate_hash):
                return staff_store.member(self._conn, candidate_id)
        return None


def approving_member(
    conn: sqlite3.Connection, staff_id: str | None, action: Action
) -> StaffMember | None:
    """The active staff member ``staff_id`` if their role may approve ``action``; else None.

    Services that are handed an approver (a void, a refund) check it here themselves, so
    a cashier's id is refused whichever screen or caller passed it.
    """
    member = staff_store.member(conn, staff_id) if staff_id else None
    if member is None or not member.active or not may(member.role, action):
        return None
    return member


def _body(member: StaffMember) -> dict[str, Any]:
    return {
        "member_id": member.staff_id,
        "name": member.name,
        "role": member.role.value,
        "active": member.active,
    }


def _clean_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean or len(clean) > MAX_NAME_LENGTH:
        raise UserFacingError(ErrorKey.STAFF_BAD_NAME)
    return clean
