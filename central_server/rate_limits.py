"""Rate limits: the enrolment lockout (in the database) and the push bucket (in memory).

Enrolment guesses: every refused ``POST /v1/devices`` counts against the merchant id asked
for and against the client's address (an IPv6 client by its /64, which one host usually
holds whole). ``max_failures`` refusals within ``window`` lock the key for ``lockout``: every
request for it is then answered 429 with Retry-After, the right code included, so a lockout
reveals nothing and a guess made during it is not a guess. The code itself is untouched: once
the lockout is over it enrols as before. The counts live in the ``rate_limits`` table and are
read with a row lock inside the enrolment's own transaction, so every server process sharing
the database counts the same guesses, one at a time.

Journal pushes: a token bucket per device, per server process (see :class:`PushLimiter`).
"""

from __future__ import annotations

import ipaddress
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import Connection, delete, or_, select, update

from central_server.db import per_dialect
from central_server.schema import rate_limits


@dataclass(frozen=True)
class Lockout:
    """``max_failures`` wrong guesses within ``window`` lock the key for ``lockout``."""

    max_failures: int
    window: timedelta
    lockout: timedelta


#: A merchant's enrolment: ten wrong codes a quarter hour is far beyond typing mistakes, and
#: caps a guesser at under 1,000 tries a day against 32**8 codes.
MERCHANT_LOCKOUT: Final = Lockout(10, timedelta(minutes=15), timedelta(minutes=15))
#: One client address, whatever merchant it names: a shop enrolling its tills may mistype,
#: a guesser spreads over merchants.
CLIENT_LOCKOUT: Final = Lockout(30, timedelta(minutes=15), timedelta(minutes=15))
#: Rows untouched this long (and not locked) are deleted when the next failure is recorded.
_KEEP: Final = timedelta(days=1)
_PURGE_BATCH: Final = 100


class Locked(Exception):
    """The key is locked out; ``retry_after`` whole seconds until it is not."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"locked for {retry_after} s")
        self.retry_after = retry_after


def client_key(host: str) -> str:
    """The address a guess is counted against: IPv6 by its /64, IPv4 as it is."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:100]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def enrolment_limits(merchant_id: str, client_host: str) -> list[tuple[str, Lockout]]:
    return [
        (f"enrol-merchant:{merchant_id}", MERCHANT_LOCKOUT),
        (f"enrol-client:{client_key(client_host)}", CLIENT_LOCKOUT),
    ]


_INSERT = per_dialect(
    lambda insert: insert(rate_limits).on_conflict_do_nothing(
        index_elements=[rate_limits.c.limit_key]
    )
)


_Row = tuple[int, datetime, datetime | None]  # failures, window_started_at, locked_until


def _locked_rows(conn: Connection, keys: Sequence[str]) -> dict[str, _Row]:
    """The keys' rows, locked until the transaction ends (always in key order: no deadlock
    between two processes locking the same pair)."""
    rows = conn.execute(
        select(
            rate_limits.c.limit_key,
            rate_limits.c.failures,
            rate_limits.c.window_started_at,
            rate_limits.c.locked_until,
        )
        .where(rate_limits.c.limit_key.in_(sorted(keys)))
        .order_by(rate_limits.c.limit_key)
        .with_for_update()
    )
    return {row.limit_key: (row.failures, row.window_started_at, row.locked_until) for row in rows}


def check_unlocked(conn: Connection, limits: Sequence[tuple[str, Lockout]], now: datetime) -> None:
    """Raise :class:`Locked` (the longest wait) if any key is locked out at ``now``."""
    rows = _locked_rows(conn, [key for key, _ in limits])
    waits = [
        (locked_until - now).total_seconds()
        for _, _, locked_until in rows.values()
        if locked_until is not None and locked_until > now
    ]
    if waits:
        raise Locked(max(1, math.ceil(max(waits))))


def record_failure(conn: Connection, limits: Sequence[tuple[str, Lockout]], now: datetime) -> None:
    """Count one wrong guess against every key; the one that reaches its limit is locked."""
    # Old rows go a few at a time; SKIP LOCKED: a row another enrolment holds is left for
    # later rather than waited for (two such waits could deadlock).
    stale = (
        select(rate_limits.c.limit_key)
        .where(
            rate_limits.c.window_started_at < now - _KEEP,
            or_(rate_limits.c.locked_until.is_(None), rate_limits.c.locked_until < now),
        )
        .limit(_PURGE_BATCH)
        .with_for_update(skip_locked=True)
    )
    conn.execute(delete(rate_limits).where(rate_limits.c.limit_key.in_(stale)))
    for key, _ in sorted(limits):
        conn.execute(
            _INSERT[conn.dialect.name],
            {"limit_key": key, "failures": 0, "window_started_at": now, "locked_until": None},
        )
    rows = _locked_rows(conn, [key for key, _ in limits])
    for key, policy in sorted(limits):
        failures, started, _ = rows[key]
        if started + policy.window <= now:
            failures, started = 0, now  # the window is over: count afresh
        failures += 1
        locked_until = None
        if failures >= policy.max_failures:
            locked_until, failures, started = now + policy.lockout, 0, now + policy.lockout
        values: dict[str, object] = {"failures": failures, "window_started_at": started}
        if locked_until is not None:
            values["locked_until"] = locked_until
        conn.execute(update(rate_limits).where(rate_limits.c.limit_key == key).values(**values))


@dataclass(frozen=True)
class PushRate:
    """A device may push ``burst`` batches at once, then ``per_second`` on average."""

    burst: int
    per_second: float


#: A till draining a backlog sends 500-event batches back to back, a few a second on a busy
#: server; forty at once and twenty a second leave it room and bound a hostile one.
DEFAULT_PUSH_RATE: Final = PushRate(burst=40, per_second=20.0)


class PushLimiter:
    """A token bucket per device id, in this process's memory.

    Not shared between server processes: a device whose pushes a proxy spreads over N
    processes gets at most N times the rate. That bound is known and small, and keeping it
    in memory costs a push no database round trip. Thread-safe (pushes run in a pool)."""

    def __init__(self, rate: PushRate) -> None:
        self._rate = rate
        self._buckets: dict[str, tuple[float, float]] = {}  # device -> (tokens, at seconds)
        self._lock = threading.Lock()

    def take(self, device_id: str, now_seconds: float) -> float:
        """Take one push; 0.0 if allowed, else the seconds until one would be."""
        rate = self._rate
        with self._lock:
            tokens, at = self._buckets.get(device_id, (float(rate.burst), now_seconds))
            # max(0, ...): a wall clock stepped back refills nothing rather than draining.
            tokens = min(float(rate.burst), tokens + max(0.0, now_seconds - at) * rate.per_second)
            if tokens < 1.0:
                self._buckets[device_id] = (tokens, now_seconds)
                return (1.0 - tokens) / rate.per_second
            self._buckets[device_id] = (tokens - 1.0, now_seconds)
            return 0.0
