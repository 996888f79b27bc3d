"""The changes feed (server -> device): change rows, snapshots, cursors, long polls.

Every change is a row in ``changes`` holding the full new state of one thing
(a merchant's profile, a policy, the key set, an order, a listing's status), one
notice or one server-made stock movement (applied once by its id), so applying a
change twice or out of a snapshot's order does no harm. A cursor is
``"<database instance>.<change_id>"``: a cursor from another database (reset,
restored) gets a fresh snapshot rather than silently skipping changes.

PostgreSQL hands out ids at insert time but commits in any order, so a reader
could see change 11 before change 10 commits and then skip 10 for good. Change
writers therefore take a transaction-scoped advisory lock first: ids are
allocated and committed in one order. Changes are rare (admin actions), so the
lock costs nothing that matters.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection, Engine, func, or_, select, text
from starlette.concurrency import run_in_threadpool

from central_server.db import CHANGED_FLAG, read_transaction
from central_server.notify import changes_notifier
from central_server.online_state import listing_statuses, snapshot_orders
from central_server.schema import changes, merchants, server_meta
from central_server.state import (
    cashback_policy_json,
    current_cashback_policy,
    current_release,
    discount_policy,
    merchant_profile,
    merchant_row,
    notices_for,
    published_keys,
)
from pos_app.domain.change_kinds import ChangeKind
from pos_app.domain.clock import Clock

PAGE_SIZE: Final = 500
MAX_WAIT_SECONDS: Final = 30
#: How often a long poll re-reads the database, for changes other processes commit.
RECHECK_SECONDS: Final = 1.0
#: The same while a LISTEN connection forwards other processes' commits (PostgreSQL): the
#: re-read is then only a safety net, the notification wakes the poll within milliseconds.
LISTENED_RECHECK_SECONDS: Final = 10.0
#: ``pg_notify`` channel; the notification is delivered only when the change commits.
NOTIFY_CHANNEL: Final = "cjpay_changes"
_ADVISORY_LOCK_KEY: Final = 0x43_4A_50_43  # "CJPC"


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class ChangesPage:
    cursor: str
    changes: list[dict[str, Any]]


def record_change(
    conn: Connection,
    change_type: ChangeKind,
    data: Any,
    *,
    merchant_id: str | None,
    now: datetime,
) -> None:
    """Insert a change inside the caller's write transaction (``merchant_id`` None: for all)."""
    lock_changes(conn)
    conn.execute(
        changes.insert().values(
            merchant_id=merchant_id,
            type=change_type,
            data=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            created_at=now,
        )
    )
    if conn.dialect.name == "postgresql":
        # Other server processes' long polls (change_listener); PostgreSQL sends it on
        # commit only and folds repeats within one transaction into one.
        conn.execute(text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL})
    conn.info[CHANGED_FLAG] = True  # write_transaction wakes long polls after the commit


def lock_changes(conn: Connection) -> None:
    """Take the change writers' lock now (PostgreSQL; it is held to the end of the transaction).

    ``record_change`` takes it anyway. A transaction that will record a change *and* lock
    rows others lock too (a wallet, an order) takes it first: every change writer then locks
    in the same order, advisory lock first, and two of them cannot deadlock.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})


def record_merchant_changes(conn: Connection, merchant_id: str, now: datetime) -> None:
    """A merchant was created or changed: its profile, discount and cashback terms."""
    row = merchant_row(conn, merchant_id)
    assert row is not None
    record_change(
        conn, ChangeKind.MERCHANT_PROFILE, merchant_profile(row), merchant_id=merchant_id, now=now
    )
    record_change(
        conn, ChangeKind.DISCOUNT_POLICY, discount_policy(row), merchant_id=merchant_id, now=now
    )
    policy = current_cashback_policy(conn)
    if policy is not None:
        # Stored with the raw extra rate; it is personalised (designated or not) when read.
        record_change(
            conn,
            ChangeKind.CASHBACK_POLICY,
            cashback_policy_json(policy, designated=True),
            merchant_id=merchant_id,
            now=now,
        )


def instance_id(conn: Connection) -> str:
    return conn.execute(
        select(server_meta.c.value).where(server_meta.c.key == "instance_id")
    ).scalar_one()


def _parse_cursor(after: str | None, instance: str) -> int | None:
    """The change id to continue after, or None for a snapshot."""
    if after is None or after in ("", "0"):
        return None
    owner, sep, number = after.partition(".")
    # ASCII digits only (str.isdigit also takes "²" and Arabic-Indic digits), and few enough
    # of them to fit the BIGINT change id.
    if not sep or not (number.isascii() and number.isdigit()) or len(number) > 18 or not owner:
        raise InvalidCursor(f"not a cursor of this server: {after!r}")
    if owner != instance:
        return None  # another database's cursor: start over from a snapshot
    return int(number)


def read_page(engine: Engine, merchant_id: str, after: str | None, now: datetime) -> ChangesPage:
    """A snapshot (no cursor) or the next page of this merchant's changes."""
    with read_transaction(engine) as conn:
        instance = instance_id(conn)
        after_id = _parse_cursor(after, instance)
        # The newest id first: anything committed after this read is delivered later,
        # so a snapshot can never hide a change (at worst a change arrives twice).
        newest = conn.execute(select(func.coalesce(func.max(changes.c.change_id), 0))).scalar_one()
        if after_id is None or after_id > newest:
            return ChangesPage(f"{instance}.{newest}", _snapshot(conn, merchant_id, now))
        designated = bool(
            conn.execute(
                select(merchants.c.designated).where(merchants.c.merchant_id == merchant_id)
            ).scalar_one()
        )
        rows = conn.execute(
            select(changes.c.change_id, changes.c.type, changes.c.data)
            .where(
                changes.c.change_id > after_id,
                changes.c.change_id <= newest,
                or_(changes.c.merchant_id.is_(None), changes.c.merchant_id == merchant_id),
            )
            .order_by(changes.c.change_id)
            .limit(PAGE_SIZE)
        ).all()
        page = [_personalised(row.type, json.loads(row.data), designated) for row in rows]
        # A full page continues after its last row; otherwise everything up to ``newest``
        # (other merchants' changes included) has been seen.
        last = rows[-1].change_id if len(rows) == PAGE_SIZE else newest
        return ChangesPage(f"{instance}.{last}", page)


def _personalised(change_type: str, data: Any, designated: bool) -> dict[str, Any]:
    if change_type == ChangeKind.CASHBACK_POLICY and data is not None and not designated:
        data = {**data, "extra_rate_bp": 0}
    return {"type": change_type, "data": data}


def _snapshot(conn: Connection, merchant_id: str, now: datetime) -> list[dict[str, Any]]:
    row = merchant_row(conn, merchant_id)
    assert row is not None
    designated = bool(row.designated)
    snapshot = [
        {"type": ChangeKind.MERCHANT_PROFILE, "data": merchant_profile(row)},
        {"type": ChangeKind.DISCOUNT_POLICY, "data": discount_policy(row)},
        {
            "type": ChangeKind.CASHBACK_POLICY,
            "data": cashback_policy_json(current_cashback_policy(conn), designated),
        },
        {
            "type": ChangeKind.ISSUER_KEYS,
            "data": {"keys": published_keys(conn, int(now.timestamp()))},
        },
        {"type": ChangeKind.APP_RELEASE, "data": current_release(conn)},
    ]
    snapshot.extend(
        {"type": ChangeKind.NOTICE, "data": notice} for notice in notices_for(conn, merchant_id)
    )
    snapshot.extend(
        {"type": ChangeKind.ORDER, "data": order}
        for order in snapshot_orders(conn, merchant_id, now)
    )
    snapshot.extend(
        {"type": ChangeKind.LISTING_STATUS, "data": status}
        for status in listing_statuses(conn, merchant_id)
    )
    return snapshot


async def wait_for_page(
    engine: Engine,
    merchant_id: str,
    after: str | None,
    wait_seconds: int,
    clock: Clock,
) -> ChangesPage:
    """The next page, holding the request up to ``wait_seconds`` while there is none.

    In-process commits wake the wait at once (``changes_notifier``), and so do other
    processes' through the PostgreSQL listener; without a connected listener they are
    found by re-reading about once a second.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_seconds
    while True:
        version = changes_notifier.version
        page = await run_in_threadpool(read_page, engine, merchant_id, after, clock())
        remaining = deadline - loop.time()
        if page.changes or after in (None, "", "0") or remaining <= 0:
            return page
        after = page.cursor
        recheck = LISTENED_RECHECK_SECONDS if changes_notifier.cross_process else RECHECK_SECONDS
        await changes_notifier.wait(version, min(remaining, recheck))
