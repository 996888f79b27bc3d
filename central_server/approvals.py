"""Approval numbers (승인번호): ``"A"`` + 10 digits, unique for the life of the database.

Numbers come from one server-wide counter, allocated a block per push (as many
as the push has new payment events that pass the chain check: a refused push takes none)
*before* any per-event savepoint: a number
handed out inside a savepoint that is later rolled back could be handed out
again. Declines and duplicates leave gaps; approval numbers need to be unique,
not gapless. PostgreSQL uses a sequence (no lock shared by concurrent pushes);
SQLite, which has one writer at a time anyway, a row in ``counters``.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, func, select, update

from central_server.schema import approval_no_seq, counters

PREFIX: Final = "A"
DIGITS: Final = 10


def format_approval_no(number: int) -> str:
    return f"{PREFIX}{number:0{DIGITS}d}"


def allocate(conn: Connection, count: int) -> list[int]:
    """``count`` fresh numbers, in increasing order."""
    if count <= 0:
        return []
    if conn.dialect.name == "postgresql":
        series = func.generate_series(1, count).table_valued("n")
        rows = conn.execute(select(approval_no_seq.next_value()).select_from(series))
        return sorted(row[0] for row in rows)
    top = conn.execute(
        update(counters)
        .where(counters.c.name == "approval_no")
        .values(value=counters.c.value + count)
        .returning(counters.c.value)
    ).scalar_one()
    return list(range(top - count + 1, top + 1))


class ApprovalNumbers:
    """A push's block of approval numbers, allocated on first use."""

    def __init__(self, conn: Connection, expected: int) -> None:
        self._conn = conn
        self._expected = expected
        self._numbers: list[int] = []
        self._used = 0

    def reserve(self) -> None:
        """Allocate the block now (call outside any per-event savepoint)."""
        self._numbers = allocate(self._conn, self._expected)
        self._used = 0
        self._expected = 0

    @property
    def used(self) -> int:
        return self._used

    def rewind(self, used: int) -> None:
        """Hand out again the numbers given after ``used`` were: the rows that carried them
        were rolled back with their savepoint, and the block itself is still this push's."""
        self._used = min(used, self._used)

    def next(self) -> str:
        if self._used >= len(self._numbers):
            # Allocating here, inside an event's savepoint, could hand a number out twice.
            raise RuntimeError("more accepted payments than approval numbers reserved")
        self._used += 1
        return format_approval_no(self._numbers[self._used - 1])
