"""Staff roles, what each may do, and the PIN lockout rule. Pure: no Qt, no SQL, no clock.

Roles are ranked owner > manager > cashier; an action names the least role that may do
it, so a higher role may always do what a lower one may.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Role(StrEnum):
    CASHIER = "cashier"
    MANAGER = "manager"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


_RANK = {Role.CASHIER: 0, Role.MANAGER: 1, Role.OWNER: 2}


class Action(StrEnum):
    CHECKOUT = "checkout"
    VOID = "void"
    REFUND = "refund"
    DAY_CLOSE = "day_close"
    CASH_MOVEMENT = "cash_movement"
    CATALOG = "catalog"
    STAFF = "staff"
    #: A manual price change or discount above the shop's threshold.
    PRICE_CHANGE = "price_change"


#: The least role for each action (DOMAIN.md: refunds and voids need a manager).
REQUIRED_ROLE: dict[Action, Role] = {
    Action.CHECKOUT: Role.CASHIER,
    Action.CASH_MOVEMENT: Role.CASHIER,
    Action.CATALOG: Role.CASHIER,
    Action.VOID: Role.MANAGER,
    Action.REFUND: Role.MANAGER,
    Action.DAY_CLOSE: Role.MANAGER,
    Action.STAFF: Role.OWNER,
    Action.PRICE_CHANGE: Role.MANAGER,
}


def may(role: Role, action: Action) -> bool:
    return role.at_least(REQUIRED_ROLE[action])


@dataclass(frozen=True)
class StaffMember:
    staff_id: str
    name: str
    role: Role
    active: bool


# Lockout: the 5th wrong PIN in a row locks the person for 5 minutes; every further wrong
# PIN after a lock has run out locks again for twice as long (capped), so guessing a 4-digit
# PIN by hand takes days, while a cashier who fumbles is back in minutes.
MAX_FAILURES = 5
FIRST_LOCK = timedelta(minutes=5)
LONGEST_LOCK = timedelta(hours=8)


@dataclass(frozen=True)
class PinState:
    """A person's wrong-PIN count (since the last right one) and the lock, if any."""

    failures: int = 0
    locked_until: datetime | None = None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def remaining(self, now: datetime) -> timedelta:
        if not self.is_locked(now):
            return timedelta(0)
        assert self.locked_until is not None
        return self.locked_until - now


def lock_length(failures: int) -> timedelta | None:
    """How long ``failures`` wrong PINs in a row lock for (None: not locked)."""
    if failures < MAX_FAILURES:
        return None
    doubled = FIRST_LOCK * (2 ** min(failures - MAX_FAILURES, 16))  # no overflow
    return min(doubled, LONGEST_LOCK)


def after_wrong_pin(state: PinState, now: datetime) -> PinState:
    failures = state.failures + 1
    length = lock_length(failures)
    return PinState(failures, now + length if length is not None else state.locked_until)


def after_right_pin() -> PinState:
    return PinState()


def remaining_text(remaining: timedelta) -> str:
    """`m:ss`, rounded up so a lock never shows 0:00 while it holds."""
    seconds = int(-(-remaining.total_seconds() // 1))
    return f"{seconds // 60}:{seconds % 60:02d}"
