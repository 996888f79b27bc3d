"""Roles and the PIN lockout rule (pure, with explicit times)."""

from __future__ import annotations

from datetime import timedelta

from helpers import FIXED_NOW

from pos_app.domain.staff import (
    FIRST_LOCK,
    LONGEST_LOCK,
    MAX_FAILURES,
    Action,
    PinState,
    Role,
    after_right_pin,
    after_wrong_pin,
    lock_length,
    may,
    remaining_text,
)


def test_roles_are_ranked_and_managers_do_what_cashiers_cannot() -> None:
    assert may(Role.CASHIER, Action.CHECKOUT)
    for action in (Action.VOID, Action.REFUND, Action.DAY_CLOSE, Action.STAFF):
        assert not may(Role.CASHIER, action), action
    for action in (Action.VOID, Action.REFUND, Action.DAY_CLOSE, Action.CHECKOUT):
        assert may(Role.MANAGER, action), action
    assert not may(Role.MANAGER, Action.STAFF)
    assert all(may(Role.OWNER, action) for action in Action)


def test_the_fifth_wrong_pin_locks_for_five_minutes_then_it_opens() -> None:
    state = PinState()
    for _ in range(MAX_FAILURES - 1):
        state = after_wrong_pin(state, FIXED_NOW)
        assert not state.is_locked(FIXED_NOW)
    state = after_wrong_pin(state, FIXED_NOW)
    assert state.is_locked(FIXED_NOW)
    assert state.is_locked(FIXED_NOW + FIRST_LOCK - timedelta(seconds=1))
    assert remaining_text(state.remaining(FIXED_NOW + timedelta(seconds=1))) == "4:59"
    assert not state.is_locked(FIXED_NOW + FIRST_LOCK)
    assert timedelta(minutes=5) == FIRST_LOCK


def test_each_wrong_pin_after_a_lock_doubles_it_up_to_a_cap() -> None:
    assert lock_length(MAX_FAILURES - 1) is None
    assert lock_length(MAX_FAILURES) == FIRST_LOCK
    assert lock_length(MAX_FAILURES + 1) == 2 * FIRST_LOCK
    assert lock_length(MAX_FAILURES + 2) == 4 * FIRST_LOCK
    assert lock_length(10_000) == LONGEST_LOCK
    state = PinState(MAX_FAILURES, FIXED_NOW + FIRST_LOCK)
    later = FIXED_NOW + FIRST_LOCK  # the lock ran out; one more wrong PIN
    again = after_wrong_pin(state, later)
    assert again.locked_until == later + 2 * FIRST_LOCK


def test_a_right_pin_clears_the_count() -> None:
    assert after_right_pin() == PinState(0, None)


def test_remaining_time_rounds_up() -> None:
    assert remaining_text(timedelta(seconds=0.2)) == "0:01"
    assert remaining_text(timedelta(minutes=10)) == "10:00"
