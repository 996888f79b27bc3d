"""Printing receipts and slips through the job ledger, so a retry never prints a copy twice.

The service decides WHICH copy to print (the first, a retry of a failed one, or a deliberate
재발행) and records each attempt; an output (ESC/POS, PDF, system printer: pos_app.printing)
puts the rows on paper. Printing is not a journal event: it moves no money or stock, and a
rebuilt projection must not depend on whether paper came out.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pos_app.domain.clock import Clock
from pos_app.domain.day_close_slip import build_day_close_slip
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.printing import JobState, PrinterSettings, PrintJob
from pos_app.domain.receipt import REPRINT_MARK, ReceiptRow, RowStyle, build_receipt
from pos_app.domain.records import PaymentRecord
from pos_app.domain.tenders import Tender
from pos_app.services.day_close import settlement_of
from pos_app.services.refunds import refund_receipt_rows
from pos_app.store import business_day, cash_receipts, print_jobs, queries, settings
from pos_app.store import refunds as refund_store
from pos_app.store.database import connect, database_file, write_transaction

log = logging.getLogger(__name__)


class ReceiptOutput(Protocol):
    """Where a receipt goes; raises on failure (a UserFacingError or any exception)."""

    destination: str  # escpos | system | pdf

    def print_rows(self, rows: list[ReceiptRow], *, open_drawer: bool) -> None: ...


@dataclass(frozen=True)
class PrintDocument:
    """One paper the ledger tracks: a sale receipt, a refund receipt or a day-close slip.

    ``document_id`` is the payment's, refund's or day's id (all UUIDs, so they never
    collide); ``rows`` builds the paper, marked "재발행" when it is a deliberate copy.
    ``opens_drawer``: the original of a cash sale or a cash refund kicks the drawer (the
    change or the money back is handed over with it), whichever attempt finally prints it;
    a deliberate copy never does.
    """

    document_id: str
    rows: Callable[[bool], list[ReceiptRow]]
    opens_drawer: bool = False


def _marked(rows: list[ReceiptRow], reprint: bool) -> list[ReceiptRow]:
    mark = ReceiptRow(f"[{REPRINT_MARK}]", style=RowStyle.TITLE)
    return [mark, *rows] if reprint else rows


class PrintService:
    def __init__(self, conn: sqlite3.Connection, clock: Clock) -> None:
        self._conn = conn
        self.clock = clock

    def on_own_connection(self) -> Callable[[], PrintService]:
        """How a print worker thread makes its own service: sqlite3 connections stay in
        the thread that opened them, and a slow printer must not hold the UI thread."""
        path, clock = database_file(self._conn), self.clock
        return lambda: PrintService(connect(path), clock)

    def close(self) -> None:
        self._conn.close()

    # ----- settings ---------------------------------------------------------------------

    def printer_settings(self) -> PrinterSettings:
        return print_jobs.load_printer_settings(self._conn)

    def save_printer_settings(self, value: PrinterSettings) -> None:
        with write_transaction(self._conn):
            print_jobs.save_printer_settings(self._conn, value)

    # ----- documents --------------------------------------------------------------------

    def sale_receipt(self, payment_id: str, *, cash_tendered: int | None = None) -> PrintDocument:
        payment = queries.payment_by_id(self._conn, payment_id)
        merchant = settings.load_merchant(self._conn)
        if payment is None or merchant is None:
            raise UserFacingError(ErrorKey.PRINT_UNKNOWN_PAYMENT)
        label = self._device_label()
        # Read when the document is made: a reprint after the relay answered shows it.
        cash_receipt = cash_receipts.issue_of(self._conn, payment_id)
        return PrintDocument(
            payment_id,
            lambda reprint: build_receipt(
                merchant,
                payment,
                label,
                cash_tendered=cash_tendered,
                reprint=reprint,
                cash_receipt=cash_receipt,
            ),
            opens_drawer=payment.tender == Tender.CASH,
        )

    def refund_receipt(self, refund_id: str) -> PrintDocument:
        refund = refund_store.refund_by_id(self._conn, refund_id)
        rows = refund_receipt_rows(self._conn, refund) if refund is not None else None
        if refund is None or rows is None:
            raise UserFacingError(ErrorKey.PRINT_UNKNOWN_DOCUMENT)
        return PrintDocument(
            refund_id,
            lambda reprint: _marked(rows, reprint),
            opens_drawer=refund.tender == Tender.CASH,
        )

    def day_close_slip(self, day_id: str) -> PrintDocument:
        """The slip of a day: as closed, or an interim one (중간정산) of the open day."""
        day = business_day.day_by_id(self._conn, day_id)
        merchant = settings.load_merchant(self._conn)
        if day is None or merchant is None:
            raise UserFacingError(ErrorKey.PRINT_UNKNOWN_DOCUMENT)
        body = day.close_body or {}
        rows = build_day_close_slip(
            merchant,
            settlement_of(self._conn, day),
            business_date=day.business_date,
            opened_at=day.opened_at,
            closed_at=day.closed_at,
            device_label=self._device_label(),
            pieces=body.get("denominations"),
        )
        # An interim slip is its own paper each time (the figures move); only the closed
        # day's slip is one document that a retry must not print twice.
        document_id = day_id if day.closed_at else f"{day_id}@{uuid.uuid4()}"
        return PrintDocument(document_id, lambda reprint: _marked(rows, reprint))

    def _device_label(self) -> str:
        return settings.device_label(self._conn)

    def jobs(self, document_id: str) -> list[PrintJob]:
        return print_jobs.jobs_for(self._conn, document_id)

    def payment(self, payment_id: str) -> PaymentRecord | None:
        """The payment as it is now (after the server's answers): whether its receipt
        still waits for one (``receipt_timing``)."""
        return queries.payment_by_id(self._conn, payment_id)

    def next_copy_is_reprint(self, document_id: str) -> bool:
        """Whether the next copy :meth:`reprint_document` prints is marked "재발행": not
        while no copy has come out (none yet, or the original failed and is re-sent)."""
        latest = print_jobs.latest_job(self._conn, document_id)
        if latest is None:
            return False
        return latest.reprint if latest.state is JobState.FAILED else True

    # ----- printing -------------------------------------------------------------------

    def print_once(self, document: PrintDocument, output: ReceiptOutput) -> PrintJob:
        """Print the document once: the first copy, or re-send a copy whose print failed.

        Pressing it again after a copy came out prints nothing (returns that copy's job); a
        copy left "queued" (the app stopped mid-send) may or may not be on paper, so it
        refuses (E873) and the cashier looks and chooses :meth:`reprint_document`. The job
        returned says what came out: ``copy_no`` 1 (``reprint`` False) is the original,
        unmarked, with the drawer kick when the document opens the drawer.
        """
        document_id = document.document_id
        now = self.clock()
        with write_transaction(self._conn):
            latest = print_jobs.latest_job(self._conn, document_id)
            if latest is not None and latest.state is JobState.SENT:
                return latest
            if latest is not None and latest.state is JobState.QUEUED:
                raise UserFacingError(ErrorKey.PRINT_UNCERTAIN)
            if latest is None:
                job_id = str(uuid.uuid4())
                print_jobs.create_job(self._conn, job_id, document_id, output.destination, now)
                reprint = False
            else:
                job_id = latest.job_id
                print_jobs.start_retry(self._conn, job_id, output.destination, now)
                reprint = latest.reprint
        open_drawer = document.opens_drawer and not reprint
        return self._send(job_id, document.rows(reprint), output, open_drawer)

    def reprint_document(self, document: PrintDocument, output: ReceiptOutput) -> PrintJob:
        """A deliberate extra copy, marked "재발행" on the paper, never opening the drawer.

        If the last copy failed, nothing came out yet, so that copy is re-sent instead (the
        original unmarked, with its drawer kick): the returned job's ``reprint`` says which.
        """
        latest = print_jobs.latest_job(self._conn, document.document_id)
        if latest is not None and latest.state is JobState.FAILED:
            return self.print_once(document, output)
        job_id = str(uuid.uuid4())
        with write_transaction(self._conn):
            print_jobs.create_job(
                self._conn, job_id, document.document_id, output.destination, self.clock()
            )
        return self._send(job_id, document.rows(latest is not None), output, open_drawer=False)

    # The sale receipt by payment id: what the counter prints after each sale.

    def print_receipt(
        self,
        payment_id: str,
        output: ReceiptOutput,
        *,
        cash_tendered: int | None = None,
    ) -> PrintJob:
        document = self.sale_receipt(payment_id, cash_tendered=cash_tendered)
        return self.print_once(document, output)

    def reprint(self, payment_id: str, output: ReceiptOutput) -> PrintJob:
        return self.reprint_document(self.sale_receipt(payment_id), output)

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
            raise UserFacingError(ErrorKey.PRINT_DEVICE_FAILED, detail=detail) from exc
        with write_transaction(self._conn):
            print_jobs.finish(self._conn, job_id, JobState.SENT, None, self.clock())
        job = print_jobs.job_by_id(self._conn, job_id)
        assert job is not None
        return job
