"""Printing receipts through the job ledger, so a retry never prints a copy twice.

The service decides WHICH copy to print (the first, a retry of a failed one, or a deliberate
재발행) and records each attempt; an output (ESC/POS, PDF, system printer: pos_app.printing)
puts the rows on paper. Printing is not a journal event: it moves no money or stock, and a
rebuilt projection must not depend on whether paper came out.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from typing import Protocol

from pos_app.domain.clock import Clock
from pos_app.domain.errors import UserFacingError
from pos_app.domain.printing import JobState, PrinterSettings, PrintJob
from pos_app.domain.receipt import ReceiptRow, build_receipt
from pos_app.store import print_jobs, queries, settings
from pos_app.store.database import write_transaction

log = logging.getLogger(__name__)


class ReceiptOutput(Protocol):
    """Where a receipt goes; raises on failure (a UserFacingError or any exception)."""

    destination: str  # escpos | system | pdf

    def print_rows(self, rows: list[ReceiptRow], *, open_drawer: bool) -> None: ...


class PrintService:
    def __init__(self, conn: sqlite3.Connection, clock: Clock) -> None:
        self._conn = conn
        self.clock = clock

    # ----- settings ---------------------------------------------------------------------

    def printer_settings(self) -> PrinterSettings:
        return print_jobs.load_printer_settings(self._conn)

    def save_printer_settings(self, value: PrinterSettings) -> None:
        with write_transaction(self._conn):
            print_jobs.save_printer_settings(self._conn, value)

    # ----- receipts ---------------------------------------------------------------------

    def receipt_rows(
        self, payment_id: str, *, reprint: bool = False, cash_tendered: int | None = None
    ) -> list[ReceiptRow]:
        payment = queries.payment_by_id(self._conn, payment_id)
        merchant = settings.load_merchant(self._conn)
        if payment is None or merchant is None:
            raise UserFacingError("print.unknown_payment")
        label = settings.get_value(self._conn, settings.DEVICE_LABEL, "POS-01")
        return build_receipt(merchant, payment, label, cash_tendered=cash_tendered, reprint=reprint)

    def jobs(self, payment_id: str) -> list[PrintJob]:
        return print_jobs.jobs_for(self._conn, payment_id)

    def print_receipt(
        self,
        payment_id: str,
        output: ReceiptOutput,
        *,
        open_drawer: bool = False,
        cash_tendered: int | None = None,
    ) -> PrintJob:
        """Print the receipt once: the first copy, or re-send a copy whose print failed.

        Pressing it again after a copy came out prints nothing (returns that copy's job); a
        copy left "queued" (the app stopped mid-send) may or may not be on paper, so it
        refuses (E873) and the cashier looks and chooses :meth:`reprint`.
        """
        rows = self.receipt_rows(payment_id, cash_tendered=cash_tendered)  # refuse early
        now = self.clock()
        with write_transaction(self._conn):
            latest = print_jobs.latest_job(self._conn, payment_id)
            if latest is not None and latest.state is JobState.SENT:
                return latest
            if latest is not None and latest.state is JobState.QUEUED:
                raise UserFacingError("print.uncertain")
            if latest is None:
                job_id = str(uuid.uuid4())
                print_jobs.create_job(self._conn, job_id, payment_id, output.destination, now)
            else:
                job_id = latest.job_id
                print_jobs.start_retry(self._conn, job_id, output.destination, now)
                if latest.reprint:
                    rows = self.receipt_rows(payment_id, reprint=True, cash_tendered=cash_tendered)
        return self._send(job_id, rows, output, open_drawer)

    def reprint(self, payment_id: str, output: ReceiptOutput) -> PrintJob:
        """A deliberate extra copy, marked "재발행" on the paper.

        If the last copy failed, nothing came out yet, so that copy is re-sent instead.
        """
        latest = print_jobs.latest_job(self._conn, payment_id)
        if latest is not None and latest.state is JobState.FAILED:
            return self.print_receipt(payment_id, output)
        rows = self.receipt_rows(payment_id, reprint=latest is not None)
        job_id = str(uuid.uuid4())
        with write_transaction(self._conn):
            print_jobs.create_job(self._conn, job_id, payment_id, output.destination, self.clock())
        return self._send(job_id, rows, output, open_drawer=False)

    def _send(
        self, job_id: str, rows: list[ReceiptRow], output: ReceiptOutput, open_drawer: bool
    ) -> PrintJob:
        # Outside any transaction: a slow printer must not hold the database's write lock.
        try:
            output.print_rows(rows, open_drawer=open_drawer)
        except Exception as exc:
            detail = exc.display() if isinstance(exc, UserFacingError) else str(exc) or repr(exc)
            log.warning("print job %s failed: %s", job_id, detail)
            with write_transaction(self._conn):
                print_jobs.finish(self._conn, job_id, JobState.FAILED, detail, self.clock())
            if isinstance(exc, UserFacingError):
                raise
            raise UserFacingError("print.device_failed", detail=detail) from exc
        with write_transaction(self._conn):
            print_jobs.finish(self._conn, job_id, JobState.SENT, None, self.clock())
        job = print_jobs.job_by_id(self._conn, job_id)
        assert job is not None
        return job
