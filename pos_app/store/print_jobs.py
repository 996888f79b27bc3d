"""The print-job ledger (one row per paper copy) and the printer settings."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from pos_app.domain.printing import JobState, PrinterSettings, PrintJob
from pos_app.store import settings

PRINTER = "printer_settings"

_COLUMNS = "job_id, payment_id, copy_no, destination, state, attempts, last_error"


def _job(row: tuple) -> PrintJob:
    return PrintJob(row[0], row[1], row[2], row[3], JobState(row[4]), row[5], row[6])


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def jobs_for(conn: sqlite3.Connection, payment_id: str) -> list[PrintJob]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM print_jobs WHERE payment_id = ? ORDER BY copy_no", (payment_id,)
    )
    return [_job(row) for row in rows]


def latest_job(conn: sqlite3.Connection, payment_id: str) -> PrintJob | None:
    jobs = jobs_for(conn, payment_id)
    return jobs[-1] if jobs else None


def job_by_id(conn: sqlite3.Connection, job_id: str) -> PrintJob | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM print_jobs WHERE job_id = ?", (job_id,)).fetchone()
    return _job(row) if row else None


def create_job(
    conn: sqlite3.Connection, job_id: str, payment_id: str, destination: str, now: datetime
) -> PrintJob:
    """A new copy, numbered after the last one, queued with its first attempt counted."""
    (last,) = conn.execute(
        "SELECT COALESCE(MAX(copy_no), 0) FROM print_jobs WHERE payment_id = ?", (payment_id,)
    ).fetchone()
    conn.execute(
        "INSERT INTO print_jobs (job_id, payment_id, copy_no, destination, state, attempts,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', 1, ?, ?)",
        (job_id, payment_id, last + 1, destination, _stamp(now), _stamp(now)),
    )
    job = job_by_id(conn, job_id)
    assert job is not None
    return job


def start_retry(conn: sqlite3.Connection, job_id: str, destination: str, now: datetime) -> None:
    conn.execute(
        "UPDATE print_jobs SET state = 'queued', attempts = attempts + 1, destination = ?,"
        " updated_at = ? WHERE job_id = ? AND state = 'failed'",
        (destination, _stamp(now), job_id),
    )


def finish(
    conn: sqlite3.Connection, job_id: str, state: JobState, error: str | None, now: datetime
) -> None:
    conn.execute(
        "UPDATE print_jobs SET state = ?, last_error = ?, updated_at = ? WHERE job_id = ?",
        (state.value, error, _stamp(now), job_id),
    )


def load_printer_settings(conn: sqlite3.Connection) -> PrinterSettings:
    return PrinterSettings.from_json(settings.get_value(conn, PRINTER))


def save_printer_settings(conn: sqlite3.Connection, value: PrinterSettings) -> None:
    settings.set_value(conn, PRINTER, value.validate().to_json())
