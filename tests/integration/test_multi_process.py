"""Several server processes on one PostgreSQL database, as a city would run them.

Two ``serve`` processes (one of them itself ``--workers 2``) share one database: the same
batch pushed to both at the same moment is stored once and both answers agree; a long poll
held by one process wakes within a second of a change committed elsewhere, by PostgreSQL
``LISTEN/NOTIFY`` (the periodic re-check is then 10 s away, so a quick wake is the
notification's), also after its listener's connection was cut.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from servers import ServerProcess, run_server
from sqlalchemy import Engine, create_engine, text

from central_server import admin
from central_server.change_listener import APPLICATION_NAME
from central_server.changes import LISTENED_RECHECK_SECONDS
from pos_app.domain.journal import GENESIS_HASH, format_timestamp, make_event
from pos_app.domain.payment_code import parse_payment_code

#: A notification arrives in milliseconds; 1 s leaves room for a loaded 2-core test machine
#: and is still far below the 10 s re-check, so a wake this quick came by notification.
WAKE_LIMIT_SECONDS = 1.0
#: Time for the long poll to reach its wait in the server before the change is committed.
#: Were it slower, the poll would return the change at once: the test would still pass, but
#: prove less; it cannot pass by the periodic re-check.
PARK_SECONDS = 1.5


@pytest.fixture
def two_servers(postgres_url: str, tmp_path: Path) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    with run_server(postgres_url, tmp_path / "a", workers=2) as first:
        second = ServerProcess(database_url=postgres_url, data_dir=tmp_path / "b")
        second.data_dir.mkdir(parents=True)
        second.seed = first.seed
        second.start()
        try:
            yield first, second
        finally:
            second.stop()


@pytest.fixture
def database(postgres_url: str) -> Iterator[Engine]:
    engine = create_engine(postgres_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _payments(server: ServerProcess, count: int, first_seq: int, prev_hash: str) -> list[Any]:
    """``count`` chained online payments of 1,000 won, each with its own fresh code."""
    events = []
    for seq in range(first_seq, first_seq + count):
        wallet = server.seed["wallet_ids"][0]
        minted = requests.post(f"{server.url}/v1/wallets/{wallet}/codes", timeout=10)
        assert minted.status_code == 201, minted.text
        code = parse_payment_code(minted.json()["text"])
        body = {
            "receipt_no": f"20261125-{seq:04d}",
            "business_date": "2026-11-25",
            "tender": "cheongju_pay",
            "lines": [
                {
                    "line_no": 1,
                    "product_id": "P001",
                    "name": "청주 사과 1kg",
                    "unit_price": 1_000,
                    "quantity": 1,
                    "amount": 1_000,
                    "excluded_from_discount": False,
                }
            ],
            "subtotal": 1_000,
            "eligible": 1_000,
            "discount": 0,
            "discount_rate_bp": 0,
            "total": 1_000,
            "cashback_preview": 100,
            "payment_code": {
                "text": code.text,
                "token_id": code.token_id_hex,
                "wallet_id": str(code.wallet_id),
                "key_id": code.key_id,
                "scanned_at": int(time.time()),
            },
            "offline": False,
        }
        event = make_event(
            seq=seq,
            event_id=str(uuid.uuid4()),
            type="payment",
            occurred_at=format_timestamp(datetime.now(UTC)),
            body=body,
            prev_hash=prev_hash,
        )
        events.append(event)
        prev_hash = event.hash
    return events


def _push_at_once(urls: list[str], batch: dict[str, Any], headers: dict[str, str]) -> list[Any]:
    """POST ``batch`` to every url from its own thread, released together."""
    start = threading.Barrier(len(urls))
    answers: list[Any] = [None] * len(urls)

    def push(index: int) -> None:
        start.wait()
        answers[index] = requests.post(urls[index], json=batch, headers=headers, timeout=60)

    threads = [threading.Thread(target=push, args=(i,)) for i in range(len(urls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_the_same_batch_pushed_to_two_processes_at_once_is_stored_once(
    two_servers: tuple[ServerProcess, ServerProcess], database: Engine
):
    first, second = two_servers
    device_id, headers = first.enrol_device()
    path = f"/v1/devices/{device_id}/journal"
    prev_hash, seq, approvals = GENESIS_HASH, 1, []
    for _round in range(4):  # the device's very first push included
        events = _payments(first, 5, seq, prev_hash)
        batch = {"events": [event.to_wire() for event in events]}
        answers = _push_at_once([first.url + path, second.url + path], batch, headers)
        assert [answer.status_code for answer in answers] == [200, 200], [
            answer.text for answer in answers
        ]
        results = [answer.json()["results"] for answer in answers]
        # One push holds the device's row lock to its commit: it applied every event, the
        # other waited and found every one stored, with the same outcome and number.
        statuses = sorted({r["status"] for r in results[0]} | {r["status"] for r in results[1]})
        assert statuses == ["applied", "duplicate"]
        for mine, theirs in zip(results[0], results[1], strict=True):
            assert {mine["status"], theirs["status"]} == {"applied", "duplicate"}
            assert mine["outcome"] == theirs["outcome"] == "accepted"
            assert mine["approval_no"] == theirs["approval_no"]
            approvals.append(mine["approval_no"])
        assert answers[0].json()["last_seq"] == answers[1].json()["last_seq"] == seq + 4
        prev_hash, seq = events[-1].hash, seq + 5

    with database.connect() as conn:
        stored = conn.execute(
            text("SELECT count(*), count(DISTINCT seq) FROM journal_events WHERE device_id = :d"),
            {"d": device_id},
        ).one()
        numbers = conn.execute(text("SELECT approval_no FROM payments")).scalars().all()
        last_seq = conn.execute(
            text("SELECT last_seq FROM devices WHERE device_id = :d"), {"d": device_id}
        ).scalar_one()
    assert tuple(stored) == (20, 20)
    assert len(numbers) == 20 and len(set(numbers)) == 20
    assert sorted(numbers) == sorted(approvals)
    assert last_seq == 20


def _listeners(database: Engine) -> list[int]:
    with database.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = :name"
                    " AND query LIKE 'LISTEN%'"
                ),
                {"name": APPLICATION_NAME},
            ).scalars()
        )


def _wait_for(condition: Any, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)  # polling a condition with a deadline


class _LongPoll:
    """A long poll on a thread, recording when its answer arrived."""

    def __init__(self, server: ServerProcess, device_id: str, headers: dict[str, str]) -> None:
        base = f"{server.url}/v1/devices/{device_id}/changes"
        cursor = requests.get(base, headers=headers, timeout=10).json()["cursor"]
        self.answer: Any = None
        self.answered_at = 0.0
        self._thread = threading.Thread(target=self._run, args=(base, cursor, headers), daemon=True)
        self._thread.start()

    def _run(self, base: str, cursor: str, headers: dict[str, str]) -> None:
        self.answer = requests.get(
            base, params={"after": cursor, "wait": 30}, headers=headers, timeout=60
        )
        self.answered_at = time.monotonic()

    def join(self) -> Any:
        self._thread.join(timeout=60)
        assert self.answer is not None and self.answer.status_code == 200, self.answer
        return self.answer.json()["changes"]


def test_a_long_poll_wakes_by_notification_when_another_process_commits(
    two_servers: tuple[ServerProcess, ServerProcess], database: Engine
):
    first, second = two_servers
    assert LISTENED_RECHECK_SECONDS >= 10 * WAKE_LIMIT_SECONDS
    device_id, headers = first.enrol_device()
    # One listener per server process: the two workers of the first, and the second.
    _wait_for(lambda: len(_listeners(database)) == 3, "three LISTEN connections")

    poll = _LongPoll(second, device_id, headers)
    time.sleep(PARK_SECONDS)
    # Committed by this test process: neither server wrote it, only NOTIFY can tell them.
    admin.post_notice(
        database, "정전 안내", "내일 09시 정전", merchant_id=first.seed["merchant_id"]
    )
    committed_at = time.monotonic()
    changes = poll.join()
    assert [change["type"] for change in changes] == ["notice"]
    assert poll.answered_at - committed_at < WAKE_LIMIT_SECONDS


def test_a_listener_that_lost_its_connection_reconnects_and_wakes_the_polls(
    two_servers: tuple[ServerProcess, ServerProcess], database: Engine
):
    first, second = two_servers
    device_id, headers = first.enrol_device()
    _wait_for(lambda: len(_listeners(database)) == 3, "three LISTEN connections")
    poll = _LongPoll(second, device_id, headers)
    time.sleep(PARK_SECONDS)
    with database.connect() as conn:
        cut = conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = :name"
            ),
            {"name": APPLICATION_NAME},
        ).all()
    assert len(cut) == 3
    # Committed while nobody listens: the notification is lost, the reconnect's wake-up
    # makes the poll re-read all the same, long before its 10 s re-check.
    admin.post_notice(
        database, "정전 안내", "내일 09시 정전", merchant_id=first.seed["merchant_id"]
    )
    committed_at = time.monotonic()
    changes = poll.join()
    assert [change["type"] for change in changes] == ["notice"]
    assert poll.answered_at - committed_at < LISTENED_RECHECK_SECONDS / 2
    _wait_for(lambda: len(_listeners(database)) == 3, "the listeners back")

    # And the new connections carry notifications again.
    poll = _LongPoll(first, device_id, headers)
    time.sleep(PARK_SECONDS)
    admin.post_notice(database, "복구", "정상 운영", merchant_id=first.seed["merchant_id"])
    committed_at = time.monotonic()
    assert [change["type"] for change in poll.join()] == ["notice"]
    assert poll.answered_at - committed_at < WAKE_LIMIT_SECONDS


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_every_worker_stops_with_its_supervisor(postgres_url: str, tmp_path: Path):
    """SIGTERM, the parent's end of stdin, or a SIGKILL of the supervisor itself: no worker
    goes on serving the port unsupervised."""
    with run_server(postgres_url, tmp_path / "a", workers=2) as server:
        process = server._process
        for ending in ("sigterm", "stdin", "sigkill"):
            if ending != "sigterm":
                server.start()
                process = server._process
            assert process is not None
            workers = _children(process.pid)
            assert len(workers) >= 2  # the two workers (and multiprocessing's tracker)
            if ending == "sigterm":
                server.stop()
            elif ending == "stdin":
                assert process.stdin is not None
                process.stdin.close()
                assert process.wait(timeout=30) == 0
            else:
                server.kill()
            _wait_for(lambda pids=workers: not any(map(_alive, pids)), f"workers after {ending}")
            with pytest.raises(requests.ConnectionError):
                requests.get(f"{server.url}/v1/health", timeout=2)


def test_every_worker_knows_the_admin_token(postgres_url: str, tmp_path: Path):
    """The token reaches the workers: each fresh connection (any worker may take it) with the
    token gets past the admin check to the route (an unknown listing: 404), none without it."""
    with run_server(postgres_url, tmp_path / "a", workers=2) as server:
        url = f"{server.url}/v1/admin/listings/L-NONE/review"
        body = {"decision": "publish"}
        bearer = {"Authorization": f"Bearer {server.admin_token}", "Connection": "close"}
        for _ in range(8):
            assert requests.post(url, json=body, headers=bearer, timeout=10).status_code == 404
            anonymous = requests.post(url, json=body, headers={"Connection": "close"}, timeout=10)
            assert anonymous.status_code == 401
