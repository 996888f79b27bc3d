"""The print-job ledger: a retry after an error never prints a receipt twice by accident."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest
from day_sales import record_sale
from escpos.printer import Dummy
from helpers import FIXED_NOW

from pos_app.domain.clock import Clock
from pos_app.domain.errors import UserFacingError
from pos_app.domain.print_heads import HEAD_58_203
from pos_app.domain.printing import Connection, JobState, PrinterSettings
from pos_app.domain.receipt import ReceiptRow
from pos_app.printing.escpos_output import EscposOutput
from pos_app.printing.sample import SAMPLE_MERCHANT
from pos_app.services.printing import PrintService
from pos_app.store import print_jobs, settings
from pos_app.store.database import write_transaction

NETWORK = PrinterSettings(connection=Connection.NETWORK, network_host="192.0.2.10")


class FlakyDevices:
    """Hands out python-escpos Dummy printers; the first ``failures`` of them fail to write."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.opened: list[Dummy] = []

    def __call__(self, settings: PrinterSettings) -> Dummy:
        device = Dummy()
        if len(self.opened) < self.failures:

            def broken(data: bytes) -> None:
                raise OSError("printer offline")

            device._raw = broken  # type: ignore[method-assign]
        self.opened.append(device)
        return device

    def printed(self) -> list[bytes]:
        return [d.output for d in self.opened if d.output]


class Recorder:
    destination = "pdf"

    def __init__(self) -> None:
        self.pages: list[list[ReceiptRow]] = []

    def print_rows(self, rows: list[ReceiptRow], *, open_drawer: bool) -> None:
        self.pages.append(rows)


@pytest.fixture
def db(empty_db: sqlite3.Connection) -> sqlite3.Connection:
    """A file with the merchant's identity and nothing else (no demo seed needed)."""
    with write_transaction(empty_db):
        settings.save_merchant(empty_db, SAMPLE_MERCHANT)
    return empty_db


@pytest.fixture
def printing(db: sqlite3.Connection, clock: Clock) -> PrintService:
    return PrintService(db, clock)


@pytest.fixture
def sale(db: sqlite3.Connection) -> str:
    return record_sale(db, FIXED_NOW, "cheongju_pay", [(None, "막걸리", 1_800, 3)])


@pytest.fixture
def cash_sale(db: sqlite3.Connection) -> str:
    return record_sale(db, FIXED_NOW, "cash", [(None, "막걸리", 1_800, 3)])


def test_a_failed_print_retried_on_a_working_printer_prints_once(
    printing: PrintService, cash_sale: str, qapp
) -> None:
    sale = cash_sale  # the drawer opens for cash: the service decides it from the tender
    devices = FlakyDevices(failures=1)
    output = EscposOutput(NETWORK, device_factory=devices)

    with pytest.raises(UserFacingError) as refused:
        printing.print_receipt(sale, output)
    assert refused.value.code == "E872" and "192.0.2.10:9100" in refused.value.display()
    [failed] = printing.jobs(sale)
    assert failed.state is JobState.FAILED and failed.copy_no == 1

    job = printing.print_receipt(sale, output)
    assert job.job_id == failed.job_id and job.state is JobState.SENT and job.attempts == 2
    # The cashier presses print again (or the app retries): nothing more comes out.
    again = printing.print_receipt(sale, output)
    assert again.job_id == job.job_id
    assert len(devices.printed()) == 1 and len(devices.opened) == 2
    assert b"\x1bp\x00" in devices.printed()[0]  # the drawer opened once, with that copy
    assert [j.copy_no for j in printing.jobs(sale)] == [1]


def test_a_deliberate_reprint_is_a_new_copy_marked_on_the_paper(
    printing: PrintService, sale: str
) -> None:
    out = Recorder()
    first = printing.print_receipt(sale, out)
    second = printing.reprint(sale, out)
    third = printing.reprint(sale, out)

    assert [first.copy_no, second.copy_no, third.copy_no] == [1, 2, 3]
    assert {first.job_id, second.job_id, third.job_id} == {j.job_id for j in printing.jobs(sale)}
    marks = [page[0].left for page in out.pages]
    assert "재발행" not in marks[0] and "재발행" in marks[1] and "재발행" in marks[2]


def test_a_copy_left_mid_send_is_not_resent_blindly(
    printing: PrintService, sale: str, db: sqlite3.Connection
) -> None:
    """The app stopped while sending: the paper may be out. Print refuses; reprint decides."""
    with write_transaction(db):
        print_jobs.create_job(db, "stuck", sale, "escpos", FIXED_NOW)
    out = Recorder()
    with pytest.raises(UserFacingError) as refused:
        printing.print_receipt(sale, out)
    assert refused.value.code == "E873" and out.pages == []

    job = printing.reprint(sale, out)
    assert job.copy_no == 2 and job.state is JobState.SENT
    assert out.pages[0][0].left == "[재발행]"


def test_reprint_after_a_failure_resends_the_failed_copy(
    printing: PrintService, sale: str, qapp
) -> None:
    devices = FlakyDevices(failures=1)
    output = EscposOutput(NETWORK, device_factory=devices)
    with pytest.raises(UserFacingError):
        printing.print_receipt(sale, output)
    job = printing.reprint(sale, Recorder())
    assert job.copy_no == 1 and job.state is JobState.SENT  # nothing had come out yet


def test_unknown_payment_and_settings_round_trip(printing: PrintService) -> None:
    with pytest.raises(UserFacingError) as refused:
        printing.print_receipt("nope", Recorder())
    assert refused.value.code == "E874"
    assert printing.printer_settings() == PrinterSettings()
    serial = PrinterSettings(head=HEAD_58_203, connection=Connection.SERIAL, serial_port="COM3")
    printing.save_printer_settings(serial)
    assert printing.printer_settings() == serial
    with pytest.raises(UserFacingError) as bad:
        printing.save_printer_settings(replace(serial, serial_port=" "))
    assert bad.value.code == "E875"
    assert printing.printer_settings() == serial


def test_a_refund_receipt_is_its_own_paper_printed_once(
    printing: PrintService, cash_sale: str, db: sqlite3.Connection, clock: Clock, qapp
) -> None:
    sale = cash_sale  # a cash refund: its receipt opens the drawer to hand the money back
    from pos_app.domain.refunds import RefundReason
    from pos_app.domain.staff import Role
    from pos_app.services.refunds import RefundService
    from pos_app.services.staff import StaffService

    manager = StaffService(db, clock).seed("점장", Role.MANAGER, "4321")
    refund = RefundService(db, clock).refund(
        sale, reason=RefundReason.DEFECTIVE, approve=lambda _action: manager.staff_id, amount=1_800
    )
    devices = FlakyDevices(failures=1)
    output = EscposOutput(NETWORK, device_factory=devices)
    document = printing.refund_receipt(refund.refund_id)
    with pytest.raises(UserFacingError):
        printing.print_once(document, output)
    job = printing.print_once(document, output)
    again = printing.print_once(document, output)
    assert job.job_id == again.job_id and job.payment_id == refund.refund_id
    assert len(devices.printed()) == 1 and b"\x1bp\x00" in devices.printed()[0]
    assert printing.jobs(sale) == []  # the sale's own receipt is another paper

    out = Recorder()
    printing.reprint_document(document, out)
    assert out.pages[0][0].left == "[재발행]" and out.pages[0][2].left.startswith("** 환불")
    assert ("승인자", "점장") in [(row.left, row.right) for row in out.pages[0]]  # a name


def test_day_close_slips_by_day(printing: PrintService, db: sqlite3.Connection, clock) -> None:
    from pos_app.services.day_close import DayCloseService

    with pytest.raises(UserFacingError) as unknown:
        printing.day_close_slip("no-such-day")
    assert unknown.value.code == "E878"
    with pytest.raises(UserFacingError) as no_refund:
        printing.refund_receipt("no-such-refund")
    assert no_refund.value.code == "E878"

    days = DayCloseService(db, clock)
    day = days.open_day(30_000)
    interim = printing.day_close_slip(day.day_id)
    assert interim.document_id != day.day_id  # the figures move: each interim slip is new
    assert interim.rows(False)[1].left == "중간정산서 (영업 중)"
    days.close_day(counted=30_000)
    closed = printing.day_close_slip(day.day_id)
    assert closed.document_id == day.day_id and closed.rows(False)[1].left == "마감정산서"
    out = Recorder()
    assert printing.print_once(closed, out).copy_no == 1
    assert printing.print_once(closed, out).copy_no == 1 and len(out.pages) == 1


def test_a_reprint_after_a_failed_first_print_is_the_original_with_the_drawer(
    printing: PrintService, cash_sale: str, qapp
) -> None:
    """The preview's button after the first print failed: the service re-sends the original
    (unmarked, with the cash drawer's kick) and its job says so; the next press is a marked
    copy that leaves the drawer shut."""
    devices = FlakyDevices(failures=1)
    output = EscposOutput(NETWORK, device_factory=devices)
    document = printing.sale_receipt(cash_sale)
    assert document.opens_drawer
    with pytest.raises(UserFacingError):
        printing.print_once(document, output)
    assert not printing.next_copy_is_reprint(cash_sale)  # the preview shows no mark

    original = printing.reprint_document(document, output)
    assert (original.copy_no, original.reprint) == (1, False)
    [paper] = devices.printed()
    assert b"\x1bp\x00" in paper  # the change is handed over with the copy that printed

    assert printing.next_copy_is_reprint(cash_sale)
    copy = printing.reprint_document(document, output)
    assert (copy.copy_no, copy.reprint) == (2, True)
    marked = devices.printed()[1]
    assert b"\x1bp" not in marked  # a deliberate copy never opens the drawer
    assert [j.copy_no for j in printing.jobs(cash_sale)] == [1, 2]


def test_only_cash_documents_open_the_drawer(
    printing: PrintService, sale: str, cash_sale: str
) -> None:
    assert printing.sale_receipt(cash_sale).opens_drawer
    assert not printing.sale_receipt(sale).opens_drawer  # Cheongju Pay: no cash to hand over
