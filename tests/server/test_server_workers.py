"""Serving from more than one process: the SQLite refusal, and PostgreSQL's change notifications.

The processes themselves are started in tests/integration/test_multi_process.py; here the
pieces run in-process against the test database.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from central_server import admin
from central_server.change_listener import ChangeListener
from central_server.changes import record_change
from central_server.cli import main
from central_server.db import create_db_engine
from central_server.migrate import MIGRATION_LOCK_KEY, current_revision, head_revision
from central_server.notify import ChangeNotifier
from pos_app.domain.change_kinds import ChangeKind


def test_more_than_one_worker_on_sqlite_is_refused_before_anything_happens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    database = tmp_path / "central.sqlite3"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = main(
        ["--database-url", f"sqlite:///{database}", "serve", "--port", str(port), "--workers", "2"]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "--workers > 1 needs PostgreSQL" in err and "Traceback" not in err
    assert not database.exists()  # not even migrated


def test_a_worker_count_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--workers", "0"])
    assert exited.value.code == 2


def _wait_for(condition: object, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)  # polling a condition with a deadline


def test_the_listener_hears_committed_changes_only(database_url: str):
    if not database_url.startswith("postgresql"):
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite serves from one process")
    notifier = ChangeNotifier()  # not the process-wide one that write_transaction wakes
    listener = ChangeListener(database_url, notifier)
    engine = create_db_engine(database_url)
    listener.start()
    try:
        assert listener.connected.wait(10)
        assert notifier.cross_process  # long polls may now re-check rarely
        connected_version = notifier.version  # includes the wake-up of the connect

        class Abandoned(Exception):
            pass

        with pytest.raises(Abandoned), engine.begin() as conn:
            record_change(
                conn, ChangeKind.NOTICE, {"notice_id": 0}, merchant_id=None, now=datetime.now(UTC)
            )
            raise Abandoned  # rolled back: PostgreSQL never sends its NOTIFY
        admin.post_notice(engine, "정전 안내", "내일 09시 정전")
        _wait_for(lambda: notifier.version > connected_version, "the committed change's NOTIFY")
        assert notifier.version == connected_version + 1
    finally:
        listener.stop()
        engine.dispose()
    assert not notifier.cross_process  # stopped: long polls fall back to the short re-check


def test_a_migration_waits_for_another_one_on_the_same_database(database_url: str):
    """Several machines' ``serve`` (or ``init-db``) at once on an empty database: one
    migrates, the others wait for its commit and then find the head, instead of creating
    the same tables at once and failing to start. Here the test holds the lock a migration
    takes, as a migration in progress would."""
    if not database_url.startswith("postgresql"):
        pytest.skip("one SQLite file is served by one process")
    base = database_url.rsplit("/", 1)[0]
    name = f"empty_{uuid.uuid4().hex[:12]}"
    server = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{base}/{name}"
    holder = create_engine(url, isolation_level="AUTOCOMMIT")
    run: subprocess.Popen[str] | None = None
    try:
        with holder.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            run = subprocess.Popen(
                [sys.executable, "-m", "central_server", "--database-url", url, "init-db"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            started = run

            def waiting() -> bool:
                if started.poll() is not None:
                    raise AssertionError(f"migrated without waiting: {started.communicate()}")
                return bool(
                    conn.execute(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE datname = :d"
                            " AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
                        ),
                        {"d": name},
                    ).scalar_one()
                )

            _wait_for(waiting, "init-db waiting for the migration lock", timeout=60)
            assert conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
        _out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        engine = create_db_engine(url)
        try:
            assert current_revision(engine) == head_revision()
        finally:
            engine.dispose()
    finally:
        if run is not None and run.poll() is None:
            run.kill()
            run.wait(timeout=30)
        holder.dispose()
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()
