"""The business day at the counter: open with a float, cash in/out, close with a count.

Each write is one journal event (``day_open``, ``cash_movement``, ``day_close``) and its
projection, in one transaction. Closing never waits for the server: payments and
refunds it has not acknowledged stay queued and the slip lists them as pending.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from pos_app.domain.clock import business_date
from pos_app.domain.day_close import (
    MAX_CASH,
    CashDirection,
    DayRuleError,
    Settlement,
    check_amount,
    close_body,
    counted_total,
    settle,
)
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.services.journalled import JournalledService
from pos_app.store import business_day, cash_receipts, discount_facts, parked_sales
from pos_app.store.business_day import BusinessDay
from pos_app.store.database import write_transaction
from pos_app.store.projection import record

MAX_REASON = 200


def _rule_error(broken: DayRuleError) -> UserFacingError:
    if broken.code == "bad_count":
        return UserFacingError(ErrorKey.DAY_BAD_COUNT)
    return UserFacingError(ErrorKey.DAY_BAD_AMOUNT, max=f"{MAX_CASH:,}")


class DayState(StrEnum):
    OPEN = "open"
    NEVER_OPENED = "never_opened"  # a new till: no day yet
    CLOSED = "closed"  # the last day was closed and no new one opened


@dataclass(frozen=True)
class DayStatus:
    """Where the business day stands, for the checkout's warning and its question."""

    state: DayState
    day: BusinessDay | None  # the open day, or the last closed one

    @property
    def sale_opens_day(self) -> bool:
        """A sale now would start the next business day: ask for its float first."""
        return self.state is not DayState.OPEN


class DayCloseService(JournalledService):
    # ----- writes ---------------------------------------------------------------------

    def open_day(self, float_amount: int) -> BusinessDay:
        try:
            check_amount(float_amount, allow_zero=True)
        except DayRuleError as broken:
            raise _rule_error(broken) from broken
        return self._open(float_amount, counted=True, reuse_open=False)

    def open_for_sale(self, float_amount: int | None) -> BusinessDay:
        """The first sale with no day open opens the next one.

        ``float_amount`` is the float the cashier counted, or None when they chose not to
        count it (Esc): the day then opens with 0 and ``float_counted`` false in its event,
        so the slip's over/short later shows what the drawer really held. A day opened
        meanwhile (on the day-close screen) is simply the day the sale goes into.
        """
        if float_amount is not None:
            try:
                check_amount(float_amount, allow_zero=True)
            except DayRuleError as broken:
                raise _rule_error(broken) from broken
        return self._open(float_amount or 0, counted=float_amount is not None, reuse_open=True)

    def _open(self, float_amount: int, *, counted: bool, reuse_open: bool) -> BusinessDay:
        now = self._clock()
        body: dict[str, object] = {
            "business_date": business_date(now).isoformat(),
            "float": float_amount,
        }
        if not counted:
            body["float_counted"] = False  # only when not: counted opens hash as before
        with write_transaction(self._conn) as conn:
            already = business_day.open_day(conn)
            if already is not None:
                if reuse_open:
                    return already
                raise UserFacingError(ErrorKey.DAY_ALREADY_OPEN)
            event = record(conn, business_day.DAY_OPEN, body, occurred_at=now)
        self._on_recorded()
        day = business_day.day_by_id(self._conn, event.event_id)
        assert day is not None
        return day

    def cash_in(self, amount: int, reason: str) -> None:
        self._move(CashDirection.IN, amount, reason)

    def cash_out(self, amount: int, reason: str) -> None:
        self._move(CashDirection.OUT, amount, reason)

    def _move(self, direction: CashDirection, amount: int, reason: str) -> None:
        try:
            check_amount(amount, allow_zero=False)
        except DayRuleError as broken:
            raise _rule_error(broken) from broken
        reason = reason.strip()[:MAX_REASON]
        if not reason:
            raise UserFacingError(ErrorKey.DAY_REASON_REQUIRED)
        now = self._clock()
        with write_transaction(self._conn) as conn:
            day = business_day.open_day(conn)
            if day is None:
                raise UserFacingError(ErrorKey.DAY_NOT_OPEN)
            record(
                conn,
                business_day.CASH_MOVEMENT,
                {
                    "day_id": day.day_id,
                    "direction": direction.value,
                    "amount": amount,
                    "reason": reason,
                },
                occurred_at=now,
            )
        self._on_recorded()

    def close_day(
        self, *, counted: int | None = None, pieces: Mapping[int, int] | None = None
    ) -> Settlement:
        """Close the open day with the counted cash: a total, or pieces per denomination
        (then the total is their sum). Returns the settlement as closed."""
        try:
            if pieces is not None:
                counted = counted_total(pieces)
            elif counted is None:
                raise UserFacingError(ErrorKey.DAY_NOT_COUNTED)
            else:
                check_amount(counted, allow_zero=True)
        except DayRuleError as broken:
            raise _rule_error(broken) from broken
        now = self._clock()
        with write_transaction(self._conn) as conn:
            day = business_day.open_day(conn)
            if day is None:
                raise UserFacingError(ErrorKey.DAY_NOT_OPEN)
            # Summed inside the write transaction: no sale can slip in between the
            # figures and the close that records them.
            settlement = _settle(conn, day, counted)
            record(
                conn,
                business_day.DAY_CLOSE,
                close_body(day.day_id, settlement, pieces),
                occurred_at=now,
            )
        self._on_recorded()
        return settlement

    # ----- reads ----------------------------------------------------------------------

    def current_day(self) -> BusinessDay | None:
        return business_day.open_day(self._conn)

    def status(self) -> DayStatus:
        """Open, never opened, or closed (with the last closed day)."""
        day = business_day.open_day(self._conn)
        if day is not None:
            return DayStatus(DayState.OPEN, day)
        last = business_day.last_closed_day(self._conn)
        return DayStatus(DayState.NEVER_OPENED if last is None else DayState.CLOSED, last)

    def parked_left(self) -> tuple[int, int]:
        """(count, total) of parked sales (보류) still waiting: the close warns about them,
        as goods set aside for a customer who has not paid yet are no sale of the day."""
        return parked_sales.summary(self._conn)

    def last_closed(self) -> BusinessDay | None:
        return business_day.last_closed_day(self._conn)

    def settlement(self, day: BusinessDay | None = None) -> Settlement | None:
        """The open day's figures so far (or a given day's); None if no day is open."""
        day = day or business_day.open_day(self._conn)
        if day is None:
            return None
        return settlement_of(self._conn, day)


def _settle(conn: sqlite3.Connection, day: BusinessDay, counted: int | None) -> Settlement:
    after, up_to = business_day.seq_range(conn, day)
    return settle(
        float_amount=day.float_amount,
        sales=business_day.sale_facts(conn, after, up_to),
        voids=business_day.void_facts(conn, after, up_to),
        refunds=business_day.refunds_in(conn, after, up_to),
        moves=business_day.cash_moves(conn, day.day_id),
        counted_cash=counted,
        cash_receipts=cash_receipts.day_totals(conn, after, up_to),
        manual_discounts=discount_facts.manual_discount_total(conn, after, up_to),
    )


def settlement_of(conn: sqlite3.Connection, day: BusinessDay) -> Settlement:
    """A day's figures read on any connection (the print worker has its own)."""
    return _settle(conn, day, day.counted_cash)
